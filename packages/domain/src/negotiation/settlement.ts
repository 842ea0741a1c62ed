import { formatMinor, fromMinor, pctOfMinor, toMinor } from '../format/money.js';
import type { NegotiationRules } from './rules.js';
import type { NegotiationIssue, Validation } from './issues.js';
import { checkDueDate } from './promise.js';

export interface SettlementInput {
  balance: number | string;
  currency: string;
  discountPct: number; // 0–100
  payBy: string; // YYYY-MM-DD
  today: string;
  locale?: string;
}

export interface Settlement {
  balanceMinor: number;
  discountPct: number;
  discountMinor: number;
  payMinor: number;
  pay: number;
  discount: number;
  payBy: string;
}

/** A one-off payment for less than the balance; the discount may not exceed the strategy's cap. */
export function computeSettlement(input: SettlementInput, rules: NegotiationRules): Validation<Settlement> {
  const issues: NegotiationIssue[] = [];
  const balanceMinor = toMinor(input.balance, input.currency, 'balance');
  const pct = input.discountPct;
  if (rules.settlementMaxDiscountPct <= 0) {
    issues.push({
      field: 'discountPct',
      code: 'settlement_not_allowed',
      message: { es: 'La estrategia no permite acuerdos con descuento', en: 'The strategy does not allow settlements' },
    });
  } else if (!Number.isFinite(pct) || pct <= 0 || pct >= 100) {
    issues.push({
      field: 'discountPct',
      code: 'discount_out_of_range',
      message: { es: 'El descuento debe estar entre 0 y 100 %', en: 'The discount must be between 0 and 100%' },
    });
  } else if (pct > rules.settlementMaxDiscountPct) {
    issues.push({
      field: 'discountPct',
      code: 'discount_above_max',
      message: {
        es: `El descuento máximo es ${rules.settlementMaxDiscountPct} %`,
        en: `The maximum discount is ${rules.settlementMaxDiscountPct}%`,
      },
    });
  }
  checkDueDate(input.payBy, input.today, rules.maxPromiseDays, 'dueDate', issues);
  if (issues.length > 0) return { ok: false, issues };
  const discountMinor = pctOfMinor(balanceMinor, pct);
  const payMinor = balanceMinor - discountMinor;
  return {
    ok: true,
    value: {
      balanceMinor,
      discountPct: pct,
      discountMinor,
      payMinor,
      pay: fromMinor(payMinor, input.currency),
      discount: fromMinor(discountMinor, input.currency),
      payBy: input.payBy,
    },
  };
}

/** The settlement offer at the strategy's maximum discount, for the agent to propose. */
export function bestSettlementOffer(balance: number | string, currency: string, rules: NegotiationRules, locale = 'es'): string | null {
  if (rules.settlementMaxDiscountPct <= 0) return null;
  const b = toMinor(balance, currency, 'balance');
  return formatMinor(b - pctOfMinor(b, rules.settlementMaxDiscountPct), currency, locale);
}
