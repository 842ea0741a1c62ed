import { formatMinor, fromMinor, MoneyError, pctOfMinor, toMinor } from '../format/money.js';
import { DateError, addDays, daysBetween, parseIsoDate } from '../format/date.js';
import type { NegotiationRules } from './rules.js';
import type { NegotiationIssue, Validation } from './issues.js';

export interface PromiseInput {
  amount: number | string;
  dueDate: string; // YYYY-MM-DD
  balance: number | string;
  currency: string;
  today: string; // YYYY-MM-DD in the debtor's time zone
  locale?: string; // for amounts in messages
}

export interface ValidPromise {
  amountMinor: number;
  amount: number;
  dueDate: string;
  daysAhead: number;
  coversBalance: boolean;
}

/** Checks a promise to pay against the strategy: at least the minimum share of the balance, not
 * more than the balance, due today or later and no later than maxPromiseDays. */
export function validatePromise(input: PromiseInput, rules: NegotiationRules): Validation<ValidPromise> {
  const issues: NegotiationIssue[] = [];
  const locale = input.locale ?? 'es';
  const balance = toMinor(input.balance, input.currency, 'balance');
  let amount: number | null = null;
  try {
    amount = toMinor(input.amount, input.currency, 'amount');
  } catch (e) {
    if (!(e instanceof MoneyError)) throw e;
    issues.push({
      field: 'amount',
      code: 'amount_bad_precision',
      message: { es: `Monto inválido: ${String(input.amount)}`, en: `Invalid amount: ${String(input.amount)}` },
    });
  }
  if (amount !== null) {
    const min = Math.min(balance, pctOfMinor(balance, rules.minPromiseAmountPct));
    const fmt = (m: number) => formatMinor(m, input.currency, locale);
    if (amount <= 0) {
      issues.push({ field: 'amount', code: 'amount_not_positive', message: { es: 'El monto debe ser mayor que cero', en: 'The amount must be greater than zero' } });
    } else if (amount < min) {
      issues.push({
        field: 'amount',
        code: 'amount_below_minimum',
        message: {
          es: `El monto mínimo es ${fmt(min)} (${rules.minPromiseAmountPct} % del saldo)`,
          en: `The minimum amount is ${fmt(min)} (${rules.minPromiseAmountPct}% of the balance)`,
        },
      });
    } else if (amount > balance) {
      issues.push({
        field: 'amount',
        code: 'amount_above_balance',
        message: { es: `El monto supera el saldo (${fmt(balance)})`, en: `The amount exceeds the balance (${fmt(balance)})` },
      });
    }
  }
  const days = checkDueDate(input.dueDate, input.today, rules.maxPromiseDays, 'dueDate', issues);
  if (issues.length > 0 || amount === null || days === null) return { ok: false, issues };
  return {
    ok: true,
    value: {
      amountMinor: amount,
      amount: fromMinor(amount, input.currency),
      dueDate: input.dueDate,
      daysAhead: days,
      coversBalance: amount === balance,
    },
  };
}

/** Shared by promises and plans: a due date from today to today + maxDays. Returns days ahead. */
export function checkDueDate(
  date: string,
  today: string,
  maxDays: number,
  field: 'dueDate' | 'firstDueDate',
  issues: NegotiationIssue[],
): number | null {
  try {
    parseIsoDate(date, field);
  } catch (e) {
    if (!(e instanceof DateError)) throw e;
    issues.push({ field, code: 'date_invalid', message: { es: 'Fecha inválida', en: 'Invalid date' } });
    return null;
  }
  const days = daysBetween(today, date);
  if (days < 0) {
    issues.push({ field, code: 'date_in_past', message: { es: 'La fecha ya pasó', en: 'The date is in the past' } });
    return null;
  }
  if (days > maxDays) {
    const last = addDays(today, maxDays);
    issues.push({
      field,
      code: 'date_too_far',
      message: { es: `La fecha máxima es ${last} (${maxDays} días)`, en: `The latest date is ${last} (${maxDays} days)` },
    });
    return null;
  }
  return days;
}
