// Press-to-talk: the call joins the dialer's agent routing with the debtor's context and priority. Once an
// agent has it, the channel belongs to the dialer's bridge and the session ends without hanging up.
import type { TransferNode } from '../flows/types.js';
import type { IvrSession } from '../session.js';

export async function runTransfer(node: TransferNode, s: IvrSession, id: string): Promise<string | null> {
  const { ctx } = s;
  await s.playAll([await s.system('transfer.connecting')]);
  const r = await s.deps.agents.routeToAgent({
    channelId: ctx.channelId,
    callAttemptId: ctx.callAttemptId,
    debtorId: ctx.debtor?.id ?? null,
    accountId: ctx.account?.id ?? null,
    campaignId: ctx.campaignId,
    priority: node.priority ?? 50,
    ivrSessionId: s.sessionId,
  });
  if (r.status !== 'no_agent') {
    s.handedOff = true;
    s.setOutcome('agent');
    await s.step(id, undefined, r.status === 'connected' ? `agent:${r.agentId}` : 'queued');
    return null;
  }
  s.setOutcome('no_agent');
  await s.step(id, undefined, 'no_agent');
  await s.play([await s.system('transfer.noAgent')]);
  return node.onNoAgent;
}
