import type { PlayNode } from '../flows/types.js';
import type { IvrSession } from '../session.js';

export async function runPlay(node: PlayNode, s: IvrSession, id: string): Promise<string> {
  if (node.each === 'accounts') {
    const accounts = s.ctx.debtor?.accounts ?? [];
    for (const account of accounts) await s.play(await s.render(node.prompts, account));
    await s.step(id, undefined, `accounts:${accounts.length}`);
    if (s.ctx.kind !== 'outbound' || s.ctx.identified) s.setOutcome('self_service');
  } else {
    await s.play(await s.render(node.prompts));
    await s.step(id);
  }
  return node.next;
}
