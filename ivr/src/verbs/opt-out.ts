// Keypad opt-out: recorded before anything else is said, so it holds even if the caller hangs up now. The
// compliance gate reads opt_outs on every later decision, whatever the campaign or channel, and widens an
// 'ivr' opt-out to every automated call (and to every call where voice and IVR are one medium, as in CO).
import type { OptOutNode } from '../flows/types.js';
import type { IvrSession } from '../session.js';

export async function runOptOut(node: OptOutNode, s: IvrSession, id: string): Promise<string> {
  const { ctx } = s;
  await s.deps.store.recordOptOut({ debtorId: ctx.debtor?.id ?? null, e164: ctx.debtor ? null : ctx.remoteNumber, channel: node.channel ?? 'all', source: 'ivr_keypad' });
  s.setOutcome('opt_out');
  await s.step(id, undefined, `opt_out:${node.channel ?? 'all'}`);
  s.deps.log.info('ivr: opt-out recorded', { sessionId: s.sessionId, debtorId: ctx.debtor?.id ?? null, channel: node.channel ?? 'all' });
  await s.playAll([await s.system('optout.done')]);
  return node.next;
}
