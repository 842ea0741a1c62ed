import type { MenuNode } from '../flows/types.js';
import type { IvrSession } from '../session.js';

export const MENU_TIMEOUT_MS = 6000;

export async function runMenu(node: MenuNode, s: IvrSession, id: string): Promise<string> {
  const rounds = (node.retries ?? 2) + 1;
  for (let round = 0; round < rounds; round++) {
    const r = await s.gather(await s.render(node.prompts), { maxDigits: 1, terminator: '', firstDigitTimeoutMs: node.timeoutMs ?? MENU_TIMEOUT_MS });
    const option = r.digits ? node.options[r.digits] : undefined;
    if (option) {
      await s.step(id, r.digits, option.label ?? option.next);
      return option.next;
    }
    await s.step(id, r.digits || undefined, r.digits ? 'invalid' : 'no_input');
    if (r.digits) {
      s.buffer.clear();
      await s.play(node.invalidPrompts ? await s.render(node.invalidPrompts) : [await s.system('menu.invalid')]);
    }
  }
  s.setOutcome('no_input');
  return node.onFail;
}
