import type { SayNode } from '../flows/types.js';
import type { IvrSession } from '../session.js';

export async function runSay(node: SayNode, s: IvrSession, id: string): Promise<string> {
  await s.play(await s.render([{ say: node.say, value: node.value }]));
  await s.step(id);
  return node.next;
}
