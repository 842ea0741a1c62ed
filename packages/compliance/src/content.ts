// Messages a third party may hear or read (answering machine, abandon / safe message, SMS on a
// shared phone) must not reveal the debt: business name, a person and a callback number only.
import type { Bilingual } from './types.js';

export interface ContentViolation {
  kind: 'debt-word' | 'amount' | 'debt-variable' | 'missing-identification';
  /** The offending text, or the missing element. */
  match: string;
  index: number;
  message: Bilingual;
}

export interface ContentCheck {
  ok: boolean;
  violations: ContentViolation[];
}

export interface ContentOptions {
  /** The message may be heard or read by someone other than the debtor. */
  thirdPartyAudible: boolean;
  /** Terms allowed despite the word list, e.g. a business name containing "Crédito". */
  allowedTerms?: string[];
  /** Require the business name and a callback number (placeholders or literal digits). Default true for third-party messages. */
  requireIdentification?: boolean;
}

// Accent-insensitive stems, matched at word starts.
const DEBT_WORDS = [
  'deuda', 'deudor', 'adeud', 'mora', 'moros', 'cobr', 'saldo', 'pago', 'pagar', 'pague', 'vencid', 'obligacion', 'credito', 'acreedor',
  'embargo', 'demanda', 'juicio', 'centrales de riesgo', 'datacredito', 'buro de credito', 'reporte negativo', 'cuota', 'prestamo', 'atraso', 'impago',
  'debt', 'owe', 'owing', 'overdue', 'past due', 'balance', 'payment', 'pay ', 'collection', 'collector', 'arrears', 'delinquen', 'default', 'loan',
  'credit', 'lawsuit', 'repossess', 'instal',
];

const DEBT_VARIABLES = /\{\{\s*(amount|balance|saldo|monto|minimumPayment|pagoMinimo|dueDate|fechaVencimiento|daysPastDue|diasMora|accountNumber|product|producto|debt\w*|deuda\w*)\s*\}\}/gi;

const AMOUNT = /(?:[$€£¥]|S\/\.?|US\$|\b(?:COP|MXN|PEN|CLP|USD|GBP|EUR|UF)\b)\s?\d|\d[\d.,]*\s?(?:pesos|soles|d[oó]lares|dollars|pounds|libras|euros|COP|MXN|PEN|CLP|USD|GBP|EUR)\b/gi;

function fold(s: string): string {
  // Same length as the input so indexes still point into the original text.
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

function foldKeepLength(s: string): string {
  return [...s].map((ch) => fold(ch)[0] ?? ch).join('');
}

/** Checks a message template (with {{placeholders}}) or a rendered text. */
export function checkMessageContent(text: string, opts: ContentOptions): ContentCheck {
  const violations: ContentViolation[] = [];
  if (!opts.thirdPartyAudible) return { ok: true, violations };
  let folded = foldKeepLength(text);
  for (const term of opts.allowedTerms ?? []) {
    const t = foldKeepLength(term);
    if (t) folded = folded.split(t).join(' '.repeat(t.length));
  }
  for (const m of text.matchAll(DEBT_VARIABLES)) {
    violations.push({ kind: 'debt-variable', match: m[0], index: m.index, message: { es: `La variable ${m[0]} revela la deuda a un tercero.`, en: `Variable ${m[0]} reveals the debt to a third party.` } });
  }
  for (const w of DEBT_WORDS) {
    const re = new RegExp(`(^|[^a-z0-9])(${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})`, 'g');
    for (const m of folded.matchAll(re)) {
      const index = m.index + m[1]!.length;
      // Skip words inside {{placeholders}}; those are judged by DEBT_VARIABLES.
      const open = text.lastIndexOf('{{', index);
      if (open !== -1 && text.indexOf('}}', open) > index) continue;
      const original = text.slice(index, index + m[2]!.length).trim();
      violations.push({ kind: 'debt-word', match: original, index, message: { es: `"${original}" revela la deuda a un tercero.`, en: `"${original}" reveals the debt to a third party.` } });
    }
  }
  for (const m of text.matchAll(AMOUNT)) {
    violations.push({ kind: 'amount', match: m[0], index: m.index, message: { es: `El importe "${m[0]}" no puede aparecer.`, en: `Amount "${m[0]}" must not appear.` } });
  }
  if (opts.requireIdentification ?? true) {
    if (!/\{\{\s*(businessName|empresa|nombreEmpresa)\s*\}\}/i.test(text) && !(opts.allowedTerms ?? []).some((t) => t && text.includes(t))) {
      violations.push({ kind: 'missing-identification', match: 'businessName', index: -1, message: { es: 'Falta el nombre de la empresa ({{businessName}}).', en: 'Business name missing ({{businessName}}).' } });
    }
    if (!/\{\{\s*(callbackNumber|telefonoRetorno|numeroDevolucion)\s*\}\}/i.test(text) && !/\+?\d[\d\s-]{6,}\d/.test(text)) {
      violations.push({ kind: 'missing-identification', match: 'callbackNumber', index: -1, message: { es: 'Falta un número de devolución de llamada ({{callbackNumber}}).', en: 'Callback number missing ({{callbackNumber}}).' } });
    }
  }
  violations.sort((a, b) => a.index - b.index);
  return { ok: violations.length === 0, violations };
}
