// Reading a promise to pay from the keypad and checking it against the strategy's negotiation rules.
import {
  NegotiationRulesError,
  parseNegotiationRules,
  validatePromise,
  type NegotiationIssue,
  type NegotiationIssueCode,
  type NegotiationRules,
} from '@cobranza/domain/negotiation/index';

export type ParsedDate = { ok: true; date: string } | { ok: false; reason: 'format' | 'not_a_date' };

function isCalendarDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** DDMM (this year, or next year when that day has passed) or DDMMYYYY, relative to `today` (YYYY-MM-DD). */
export function parseKeypadDate(digits: string, today: string): ParsedDate {
  if (!/^\d{4}(\d{4})?$/.test(digits)) return { ok: false, reason: 'format' };
  const d = Number(digits.slice(0, 2));
  const m = Number(digits.slice(2, 4));
  let y = digits.length === 8 ? Number(digits.slice(4)) : Number(today.slice(0, 4));
  if (!isCalendarDate(y === 0 ? 2000 : y, m, d)) return { ok: false, reason: 'not_a_date' };
  if (digits.length === 4 && `${y}-${pad(m)}-${pad(d)}` < today) y += 1;
  if (!isCalendarDate(y, m, d)) return { ok: false, reason: 'not_a_date' };
  return { ok: true, date: `${y}-${pad(m)}-${pad(d)}` };
}

/** Whole units, optionally '*' then 1–2 decimals (the keypad has no decimal point): "150000*5" = 150000.50. */
export function parseKeypadAmount(digits: string): string | null {
  const m = /^(\d{1,13})(?:\*(\d{1,2}))?$/.exec(digits);
  if (!m) return null;
  const units = (m[1] as string).replace(/^0+(?=\d)/, '');
  const cents = ((m[2] ?? '') + '00').slice(0, 2);
  return `${units}.${cents}`;
}

/** The rules a strategy without (complete) negotiation rules gets: conservative, promise-only. */
export const DEFAULT_NEGOTIATION: NegotiationRules = {
  minPromiseAmountPct: 10,
  maxPromiseDays: 30,
  settlementMaxDiscountPct: 0,
  maxInstalments: 0,
  minInstalmentAmount: 0,
};

/** strategies.negotiation → rules; an incomplete or broken row falls back to the defaults (and says so). */
export function negotiationRulesOf(json: unknown, where: string, warn: (msg: string) => void = () => undefined): NegotiationRules {
  try {
    return parseNegotiationRules(json, where);
  } catch (e) {
    if (!(e instanceof NegotiationRulesError)) throw e;
    warn(`${e.message}; using the default IVR promise rules`);
    return DEFAULT_NEGOTIATION;
  }
}

export type PromiseCheck = { ok: true } | { ok: false; code: NegotiationIssueCode; message: { es: string; en: string } };

/** Same rules as an agent's promise (domain/negotiation): minimum share of the balance, not above it, date window. */
export function checkPromise(p: { amount: string; date: string }, account: { balance: string; currency: string }, rules: NegotiationRules, today: string, locale = 'es'): PromiseCheck {
  const v = validatePromise({ amount: p.amount, dueDate: p.date, balance: account.balance, currency: account.currency, today, locale }, rules);
  if (v.ok) return { ok: true };
  const first = v.issues[0] as NegotiationIssue;
  return { ok: false, code: first.code, message: first.message };
}
