import type { HangupNode } from '../flows/types.js';
import type { IvrSession } from '../session.js';

export async function runHangup(node: HangupNode, s: IvrSession, id: string): Promise<null> {
  if (node.prompts) await s.playAll(await s.render(node.prompts));
  if (node.outcome) s.setOutcome(node.outcome);
  await s.step(id, undefined, 'hangup');
  await s.end();
  return null;
}
