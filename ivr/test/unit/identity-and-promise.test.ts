import { describe, expect, it } from 'vitest';
import { maskDocument, matchSecondFactor, normaliseDocument, type IdentityCandidate } from '../../src/identity.js';
import { checkPromise, parseKeypadAmount, parseKeypadDate } from '../../src/promise-rules.js';

const lucia: IdentityCandidate = { debtorId: 'd1', birthDate: '1985-03-14', accountNumbers: ['TC-0099-8877', '55012'] };
const twin: IdentityCandidate = { debtorId: 'd2', birthDate: '1985-03-14', accountNumbers: ['X-1'] };

describe('identify', () => {
  it('matches a birth date typed as DDMMYYYY and the last 4 digits of any account', () => {
    expect(matchSecondFactor([lucia], ['birth_date', 'account_last4'], '14031985')?.debtorId).toBe('d1');
    expect(matchSecondFactor([lucia], ['birth_date', 'account_last4'], '8877')?.debtorId).toBe('d1');
    expect(matchSecondFactor([lucia], ['birth_date', 'account_last4'], '5012')?.debtorId).toBe('d1');
  });
  it('refuses wrong entries, factors the flow does not accept, and unknown birth dates', () => {
    expect(matchSecondFactor([lucia], ['birth_date', 'account_last4'], '15031985')).toBeNull();
    expect(matchSecondFactor([lucia], ['birth_date'], '8877')).toBeNull();
    expect(matchSecondFactor([lucia], ['account_last4'], '14031985')).toBeNull();
    expect(matchSecondFactor([{ ...lucia, birthDate: null }], ['birth_date'], '14031985')).toBeNull();
    expect(matchSecondFactor([], ['birth_date'], '14031985')).toBeNull();
  });
  it('never identifies when two people match (same id in two countries)', () => {
    expect(matchSecondFactor([lucia, twin], ['birth_date'], '14031985')).toBeNull();
  });
  it('normalises keypad ids and masks them for logs', () => {
    expect(normaliseDocument('0052345678#')).toBe('52345678');
    expect(maskDocument('52345678')).toBe('*****678');
  });
});

describe('promise by keypad', () => {
  const today = '2026-11-23';
  it('reads DDMM as the next such day and DDMMYYYY as given', () => {
    expect(parseKeypadDate('3011', today)).toEqual({ ok: true, date: '2026-11-30' });
    expect(parseKeypadDate('1001', today)).toEqual({ ok: true, date: '2027-01-10' });
    expect(parseKeypadDate('05122026', today)).toEqual({ ok: true, date: '2026-12-05' });
    expect(parseKeypadDate('3102', today)).toEqual({ ok: false, reason: 'not_a_date' });
    expect(parseKeypadDate('123', today)).toEqual({ ok: false, reason: 'format' });
  });
  it('reads amounts with * as the decimal mark', () => {
    expect(parseKeypadAmount('250000')).toBe('250000.00');
    expect(parseKeypadAmount('1500*5')).toBe('1500.50');
    expect(parseKeypadAmount('0099')).toBe('99.00');
    expect(parseKeypadAmount('')).toBeNull();
    expect(parseKeypadAmount('12*345')).toBeNull();
  });
  it('applies the strategy rules: minimum share, not above the balance, date window', () => {
    const acc = { balance: '1000000.00', currency: 'COP' };
    const rules = { minPromiseAmountPct: 20, maxPromiseDays: 15, settlementMaxDiscountPct: 0, maxInstalments: 0, minInstalmentAmount: 0 };
    expect(checkPromise({ amount: '200000.00', date: '2026-12-08' }, acc, rules, today)).toEqual({ ok: true });
    expect(checkPromise({ amount: '199999.00', date: '2026-12-01' }, acc, rules, today)).toMatchObject({ ok: false, code: 'amount_below_minimum' });
    expect(checkPromise({ amount: '1000001.00', date: '2026-12-01' }, acc, rules, today)).toMatchObject({ ok: false, code: 'amount_above_balance' });
    expect(checkPromise({ amount: '300000.00', date: '2026-12-09' }, acc, rules, today)).toMatchObject({ ok: false, code: 'date_too_far' });
    expect(checkPromise({ amount: '300000.00', date: '2026-11-22' }, acc, rules, today)).toMatchObject({ ok: false, code: 'date_in_past' });
  });
});
