import { formatMinor, fromMinor, toMinor } from '../format/money.js';
import { addDays, addMonths, parseIsoDate } from '../format/date.js';
import type { NegotiationRules } from './rules.js';
import type { NegotiationIssue, Validation } from './issues.js';
import { checkDueDate } from './promise.js';

export type InstalmentFrequency = 'monthly' | 'biweekly' | 'weekly';
export const INSTALMENT_FREQUENCIES: readonly InstalmentFrequency[] = ['monthly', 'biweekly', 'weekly'];

export interface InstalmentPlanInput {
  total: number | string; // the balance, or a settled amount
  currency: string;
  count: number;
  firstDueDate: string;
  frequency: InstalmentFrequency;
  today: string;
  locale?: string;
}

export interface Instalment {
  n: number; // 1-based
  dueDate: string;
  amountMinor: number;
  amount: number;
}

export interface InstalmentPlan {
  totalMinor: number;
  frequency: InstalmentFrequency;
  instalments: Instalment[];
}

/**
 * Splits a total into `count` instalments with exact cents: every instalment gets the same whole
 * number of minor units and the leftover cents go one each to the first instalments, so the sum is
 * always the total and no two instalments differ by more than one cent.
 */
export function splitMinor(totalMinor: number, count: number): number[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer, got ${count}`);
  const base = Math.floor(totalMinor / count);
  const extra = totalMinor - base * count;
  return Array.from({ length: count }, (_, i) => base + (i < extra ? 1 : 0));
}

export function scheduleDates(first: string, count: number, frequency: InstalmentFrequency): string[] {
  const anchor = parseIsoDate(first, 'firstDueDate').getUTCDate();
  return Array.from({ length: count }, (_, i) => {
    if (frequency === 'monthly') return addMonths(first, i, anchor);
    return addDays(first, i * (frequency === 'weekly' ? 7 : 14));
  });
}

/** Validates a payment plan against the strategy and computes its schedule. */
export function computeInstalmentPlan(input: InstalmentPlanInput, rules: NegotiationRules): Validation<InstalmentPlan> {
  const issues: NegotiationIssue[] = [];
  const locale = input.locale ?? 'es';
  const totalMinor = toMinor(input.total, input.currency, 'total');
  const minMinor = toMinor(rules.minInstalmentAmount, input.currency, 'minInstalmentAmount');
  const { count } = input;
  if (rules.maxInstalments < 2) {
    issues.push({
      field: 'instalments',
      code: 'instalments_not_allowed',
      message: { es: 'La estrategia no permite planes de cuotas', en: 'The strategy does not allow instalment plans' },
    });
  } else if (!Number.isInteger(count) || count < 2) {
    issues.push({ field: 'instalments', code: 'instalments_too_few', message: { es: 'Un plan necesita al menos 2 cuotas', en: 'A plan needs at least 2 instalments' } });
  } else if (count > rules.maxInstalments) {
    issues.push({
      field: 'instalments',
      code: 'instalments_too_many',
      message: { es: `Máximo ${rules.maxInstalments} cuotas`, en: `At most ${rules.maxInstalments} instalments` },
    });
  } else if (Math.floor(totalMinor / count) < minMinor) {
    const most = Math.max(1, Math.floor(totalMinor / Math.max(1, minMinor)));
    const min = formatMinor(minMinor, input.currency, locale);
    issues.push({
      field: 'instalments',
      code: 'instalment_below_minimum',
      message: {
        es: `Cada cuota debe ser al menos ${min}: máximo ${most} cuotas para este saldo`,
        en: `Each instalment must be at least ${min}: at most ${most} instalments for this balance`,
      },
    });
  }
  checkDueDate(input.firstDueDate, input.today, rules.maxPromiseDays, 'firstDueDate', issues);
  if (issues.length > 0) return { ok: false, issues };
  const amounts = splitMinor(totalMinor, count);
  const dates = scheduleDates(input.firstDueDate, count, input.frequency);
  return {
    ok: true,
    value: {
      totalMinor,
      frequency: input.frequency,
      instalments: amounts.map((amountMinor, i) => ({
        n: i + 1,
        dueDate: dates[i] as string,
        amountMinor,
        amount: fromMinor(amountMinor, input.currency),
      })),
    },
  };
}
