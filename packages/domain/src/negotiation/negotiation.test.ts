import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseNegotiationRules, withDefaultRules, type NegotiationRules } from './rules.js';
import { validatePromise } from './promise.js';
import { computeSettlement } from './settlement.js';
import { computeInstalmentPlan, splitMinor } from './instalments.js';

const rules: NegotiationRules = {
  minPromiseAmountPct: 20,
  maxPromiseDays: 30,
  settlementMaxDiscountPct: 35,
  maxInstalments: 6,
  minInstalmentAmount: 50000,
};
const today = '2026-11-23';

describe('negotiation rules', () => {
  it('reads rules and names the bad field', () => {
    expect(parseNegotiationRules({ ...rules }, 'strategy MORA_30.negotiation')).toEqual(rules);
    expect(() => parseNegotiationRules({ ...rules, maxInstalments: 2.5 }, 'strategy X.negotiation')).toThrow(
      'strategy X.negotiation.maxInstalments: 2.5 must be a whole number',
    );
    expect(() => parseNegotiationRules({ ...rules, minPromiseAmountPct: 120 })).toThrow(/minPromiseAmountPct: 120 is outside 0–100/);
    const { maxPromiseDays: _omit, ...partial } = rules;
    expect(() => parseNegotiationRules(partial)).toThrow(/negotiation.maxPromiseDays: required number/);
    expect(withDefaultRules({ maxInstalments: 12 })).toEqual({ minPromiseAmountPct: 0, maxPromiseDays: 30, settlementMaxDiscountPct: 0, maxInstalments: 12, minInstalmentAmount: 0 });
    expect(() => withDefaultRules({ maxPromiseDays: -1 }, 'strategy X')).toThrow('strategy X.maxPromiseDays: -1 is outside 0–3650');
  });
});

describe('promise to pay', () => {
  const base = { balance: '1500000.00', currency: 'COP', today, locale: 'es-CO' };
  it('accepts a promise between the minimum share and the balance within the window', () => {
    const r = validatePromise({ ...base, amount: 300000, dueDate: '2026-12-15' }, rules);
    expect(r).toEqual({ ok: true, value: { amountMinor: 30000000, amount: 300000, dueDate: '2026-12-15', daysAhead: 22, coversBalance: false } });
  });
  it('refuses less than the minimum percentage, telling the minimum', () => {
    const r = validatePromise({ ...base, amount: 299999.99, dueDate: '2026-12-01' }, rules);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues.map((i) => i.code)).toEqual(['amount_below_minimum']);
      expect(r.issues[0]?.message.es.replace(/\u00a0/g, ' ')).toContain('$ 300.000,00');
    }
  });
  it('refuses more than the balance, a past date and a date beyond maxPromiseDays', () => {
    const r1 = validatePromise({ ...base, amount: 1500000.01, dueDate: '2026-11-22' }, rules);
    expect(r1.ok ? [] : r1.issues.map((i) => `${i.field}:${i.code}`)).toEqual(['amount:amount_above_balance', 'dueDate:date_in_past']);
    const r2 = validatePromise({ ...base, amount: 1500000, dueDate: '2026-12-24' }, rules);
    expect(r2.ok ? [] : r2.issues.map((i) => i.code)).toEqual(['date_too_far']);
    const r3 = validatePromise({ ...base, amount: 1500000, dueDate: '2026-12-23' }, rules);
    expect(r3.ok && r3.value.coversBalance).toBe(true);
  });
  it('refuses zero, garbage and sub-cent amounts', () => {
    for (const amount of [0, '12,5', '10.001']) {
      const r = validatePromise({ ...base, amount, dueDate: '2026-12-01' }, rules);
      expect(r.ok).toBe(false);
    }
  });
});

describe('settlement', () => {
  it('computes the discounted payment up to the cap', () => {
    const r = computeSettlement({ balance: '1000000.01', currency: 'COP', discountPct: 35, payBy: '2026-12-01', today }, rules);
    expect(r.ok && r.value).toMatchObject({ discountMinor: 35000000, payMinor: 65000001, pay: 650000.01 });
    const over = computeSettlement({ balance: 1000, currency: 'USD', discountPct: 35.5, payBy: '2026-12-01', today }, rules);
    expect(over.ok ? [] : over.issues.map((i) => i.code)).toEqual(['discount_above_max']);
    const none = computeSettlement({ balance: 1000, currency: 'USD', discountPct: 10, payBy: '2026-12-01', today }, { ...rules, settlementMaxDiscountPct: 0 });
    expect(none.ok ? [] : none.issues.map((i) => i.code)).toEqual(['settlement_not_allowed']);
  });
});

describe('instalment plan', () => {
  it('splits with exact cents, first instalments carrying the leftover cent', () => {
    const r = computeInstalmentPlan({ total: '1000000.00', currency: 'COP', count: 3, firstDueDate: '2026-12-31', frequency: 'monthly', today }, { ...rules, maxPromiseDays: 45 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.instalments).toEqual([
      { n: 1, dueDate: '2026-12-31', amountMinor: 33333334, amount: 333333.34 },
      { n: 2, dueDate: '2027-01-31', amountMinor: 33333333, amount: 333333.33 },
      { n: 3, dueDate: '2027-02-28', amountMinor: 33333333, amount: 333333.33 },
    ]);
  });
  it('always sums to the total and never differs by more than one minor unit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 1, max: 120 }), (total, n) => {
        const parts = splitMinor(total, n);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
      }),
    );
  });
  it('enforces max instalments, minimum instalment and the first date window', () => {
    const input = { total: 200000, currency: 'COP', firstDueDate: '2026-12-01', frequency: 'biweekly' as const, today, locale: 'en-US' };
    const tooMany = computeInstalmentPlan({ ...input, count: 7 }, rules);
    expect(tooMany.ok ? [] : tooMany.issues.map((i) => i.code)).toEqual(['instalments_too_many']);
    const tooSmall = computeInstalmentPlan({ ...input, count: 5 }, rules);
    expect(tooSmall.ok ? '' : tooSmall.issues[0]?.message.en.replace(/\u00a0/g, ' ')).toMatch(/at least COP\s?50,000.00: at most 4 instalments/);
    const ok = computeInstalmentPlan({ ...input, count: 4 }, rules);
    expect(ok.ok && ok.value.instalments.map((i) => i.dueDate)).toEqual(['2026-12-01', '2026-12-15', '2026-12-29', '2027-01-12']);
    const late = computeInstalmentPlan({ ...input, count: 2, firstDueDate: '2027-01-01' }, rules);
    expect(late.ok ? [] : late.issues.map((i) => i.code)).toEqual(['date_too_far']);
  });
});
