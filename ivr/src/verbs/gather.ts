import type { GatherNode } from '../flows/types.js';
import type { IvrSession } from '../session.js';

export async function runGather(node: GatherNode, s: IvrSession, id: string): Promise<string> {
  const opts = {
    maxDigits: node.maxDigits,
    ...(node.minDigits !== undefined && { minDigits: node.minDigits }),
    ...(node.terminator !== undefined && { terminator: node.terminator }),
    ...(node.firstDigitTimeoutMs !== undefined && { firstDigitTimeoutMs: node.firstDigitTimeoutMs }),
    ...(node.interDigitTimeoutMs !== undefined && { interDigitTimeoutMs: node.interDigitTimeoutMs }),
    ...(node.overallTimeoutMs !== undefined && { overallTimeoutMs: node.overallTimeoutMs }),
  };
  const r = await s.gather(await s.render(node.prompts), opts);
  const enough = r.digits.length >= Math.max(1, node.minDigits ?? 1);
  await s.step(id, `${r.digits.length} digits`, r.end);
  if (!enough) return node.onTimeout ?? node.next;
  s.ctx.vars[node.into] = r.digits;
  return node.next;
}
