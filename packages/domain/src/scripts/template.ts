import { REASON_CODES, type ReasonCode } from '@cobranza/contracts';

/** A segment's call script as stored in scripts.body. Text sections use {{variable}} placeholders. */
export interface ScriptTemplate {
  opening: string;
  verification: string;
  body: string;
  closing: string;
  branches: Partial<Record<ReasonCode, string>>;
}

export const SCRIPT_SECTIONS = ['opening', 'verification', 'body', 'closing'] as const;
export type ScriptSection = (typeof SCRIPT_SECTIONS)[number];

/** The variables a script may use. Anything else is an error naming the variable. */
export const SCRIPT_VARIABLES = [
  'nombre',
  'apellido',
  'nombre_completo',
  'saldo',
  'moneda',
  'fecha_vencimiento',
  'dias_mora',
  'pago_minimo',
  'producto',
  'acreedor',
  'agente',
  'fecha_hoy',
] as const;
export type ScriptVariable = (typeof SCRIPT_VARIABLES)[number];

/** What is wrong, with what the message names, so it can be said in each language (problem.ts). */
export type ScriptProblem =
  | { kind: 'unknown_variable'; name: string; at: number }
  | { kind: 'unclosed'; at: number }
  | { kind: 'not_a_name'; text: string; at: number }
  | { kind: 'required' }
  | { kind: 'not_object' }
  | { kind: 'branches_not_object' }
  | { kind: 'not_a_reason'; key: string };

export class ScriptError extends Error {
  constructor(
    message: string,
    /** Where: "opening", "branches.already_paid", ... */
    readonly field: string,
    readonly variable?: string,
    readonly problem?: ScriptProblem,
  ) {
    super(message);
    this.name = 'ScriptError';
  }
}

export type Token = { kind: 'text'; text: string } | { kind: 'var'; name: string; at: number };

/**
 * Splits a section into text and {{variable}} tokens; an unclosed or empty placeholder is an error.
 * `label`: how the message names the place (default `field`; parseScriptTemplate prefixes its `where`).
 */
export function tokenize(text: string, field: string, label = field): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    if (open < 0) {
      tokens.push({ kind: 'text', text: text.slice(i) });
      break;
    }
    if (open > i) tokens.push({ kind: 'text', text: text.slice(i, open) });
    const close = text.indexOf('}}', open + 2);
    if (close < 0) throw new ScriptError(`${label}: "{{" at character ${open + 1} is never closed with "}}"`, field, undefined, { kind: 'unclosed', at: open + 1 });
    const name = text.slice(open + 2, close).trim();
    if (!/^[a-z_][a-z0-9_]*$/i.test(name)) {
      const inner = text.slice(open + 2, close);
      throw new ScriptError(`${label}: "{{${inner}}}" at character ${open + 1} is not a variable name`, field, name, { kind: 'not_a_name', text: inner, at: open + 1 });
    }
    tokens.push({ kind: 'var', name, at: open + 1 });
    i = close + 2;
  }
  return tokens;
}

function checkVariables(text: string, field: string, where: string): void {
  for (const t of tokenize(text, field, `${where}.${field}`)) {
    if (t.kind === 'var' && !(SCRIPT_VARIABLES as readonly string[]).includes(t.name)) {
      throw new ScriptError(
        `${where}.${field}: unknown variable {{${t.name}}} at character ${t.at} (known: ${SCRIPT_VARIABLES.join(', ')})`,
        field,
        t.name,
        { kind: 'unknown_variable', name: t.name, at: t.at },
      );
    }
  }
}

/** One section's problem, or null: the script editor checks each field as it is typed. */
export function checkScriptText(text: string, field: string): ScriptError | null {
  try {
    checkVariables(text, field, 'script');
    return null;
  } catch (e) {
    if (e instanceof ScriptError) return e;
    throw e;
  }
}

/**
 * Reads a script body from untrusted JSON (a scripts row, an admin's upload) and checks every
 * placeholder, so a typo is caught when the script is saved, not in front of a debtor.
 */
export function parseScriptTemplate(json: unknown, where = 'script'): ScriptTemplate {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ScriptError(`${where}: expected an object with opening, verification, body, closing, branches`, where, undefined, { kind: 'not_object' });
  }
  const src = json as Record<string, unknown>;
  const out: ScriptTemplate = { opening: '', verification: '', body: '', closing: '', branches: {} };
  for (const s of SCRIPT_SECTIONS) {
    // The API makes verification and closing optional; opening and body are what an agent must say.
    const v = src[s] ?? (s === 'verification' || s === 'closing' ? '' : undefined);
    if (typeof v !== 'string') throw new ScriptError(`${where}.${s}: required text`, s, undefined, { kind: 'required' });
    checkVariables(v, s, where);
    out[s] = v;
  }
  const branches = src.branches ?? {};
  if (typeof branches !== 'object' || branches === null || Array.isArray(branches)) {
    throw new ScriptError(`${where}.branches: expected an object keyed by reason code`, 'branches', undefined, { kind: 'branches_not_object' });
  }
  for (const [k, v] of Object.entries(branches as Record<string, unknown>)) {
    const field = `branches.${k}`;
    if (!(REASON_CODES as readonly string[]).includes(k)) {
      throw new ScriptError(`${where}.${field}: "${k}" is not a reason code (${REASON_CODES.join(', ')})`, field, undefined, { kind: 'not_a_reason', key: k });
    }
    if (typeof v !== 'string') throw new ScriptError(`${where}.${field}: required text`, field, undefined, { kind: 'required' });
    checkVariables(v, field, where);
    out.branches[k as ReasonCode] = v;
  }
  return out;
}
