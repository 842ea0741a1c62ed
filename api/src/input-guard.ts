// Input no schema can refuse cleanly, checked before validation on every route: a NUL character (Postgres
// cannot store one in text, and answered 500) and JSON nested deeper than any real document (a script body
// nested 5,000 deep overflowed the stack further on). Each answers 400 with the field and the place.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badInput, escapePointer } from './errors.js';

/** Deeper than any document of the API (a script body, a strategy's rules) by far. */
export const MAX_DEPTH = 32;

export type InputProblem = { pointer: string; problem: 'nul' | 'depth' };

// parsed JSON, query strings and forms only: an upload's stream or buffer is the import's or the prompt library's to read
const isPlain = (v: unknown): v is object => {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as object | null;
  // the query-string parser's objects inherit from a prototype-less prototype of their own
  return Array.isArray(v) || proto === Object.prototype || proto === null || Object.getPrototypeOf(proto) === null;
};

/** The first NUL character or too-deep nesting in a parsed value, walked without recursion. */
export function findInputProblem(value: unknown, maxDepth = MAX_DEPTH): InputProblem | null {
  const stack: Array<{ v: unknown; path: string; depth: number }> = [{ v: value, path: '', depth: 0 }];
  while (stack.length) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return { pointer: path || '/', problem: 'nul' };
    } else if (isPlain(v)) {
      if (depth >= maxDepth) return { pointer: path || '/', problem: 'depth' };
      for (const [k, child] of Object.entries(v)) {
        if (k.includes('\u0000')) return { pointer: `${path}/${escapePointer(k)}`, problem: 'nul' };
        stack.push({ v: child, path: `${path}/${escapePointer(k)}`, depth: depth + 1 });
      }
    }
  }
  return null;
}

const PARTS = [
  ['body', (r: FastifyRequest) => r.body],
  ['querystring', (r: FastifyRequest) => r.query],
  ['params', (r: FastifyRequest) => r.params],
] as const;

export function installInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    for (const [part, get] of PARTS) {
      const found = findInputProblem(get(req));
      if (!found) continue;
      if (found.problem === 'nul') {
        throw badInput(found.pointer, 'must not contain a NUL character (\\u0000)', part, {
          i18n: { es: `El campo ${found.pointer} contiene un carácter nulo (\\u0000), que no se admite.`, en: `Field ${found.pointer} contains a NUL character (\\u0000), which is not allowed.` },
          issue: 'nul_character',
        });
      }
      throw badInput(found.pointer, `is nested deeper than ${MAX_DEPTH} levels`, part, {
        i18n: { es: `El campo ${found.pointer} tiene más de ${MAX_DEPTH} niveles de anidamiento.`, en: `Field ${found.pointer} is nested deeper than ${MAX_DEPTH} levels.` },
        issue: 'too_deep',
      });
    }
  });
}
