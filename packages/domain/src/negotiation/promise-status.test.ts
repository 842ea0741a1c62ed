import { describe, expect, it } from 'vitest';
import { decidePromiseStatus } from './promise-status.js';

const promise = { amountMinor: 20_000_000, currency: 'COP', madeOn: '2026-11-01', dueDate: '2026-11-10' };

describe('decidePromiseStatus', () => {
  it('is kept when payments from the promise day to due date + grace reach the amount, even before the due date', () => {
    expect(decidePromiseStatus(promise, [{ amountMinor: 20_000_000, currency: 'COP', paidOn: '2026-11-05' }], '2026-11-06', 2).status).toBe('kept');
    // two partial payments, the second within the grace days
    const split = [
      { amountMinor: 12_000_000, currency: 'COP', paidOn: '2026-11-01' },
      { amountMinor: 8_000_000, currency: 'COP', paidOn: '2026-11-12' },
    ];
    expect(decidePromiseStatus(promise, split, '2026-11-20', 2)).toEqual({ status: 'kept', paidMinor: 20_000_000, lastDay: '2026-11-12' });
  });

  it('is broken only after due date + grace without the amount, and pending until then', () => {
    const short = [{ amountMinor: 19_999_999, currency: 'COP', paidOn: '2026-11-09' }];
    expect(decidePromiseStatus(promise, short, '2026-11-12', 2).status).toBe('pending');
    expect(decidePromiseStatus(promise, short, '2026-11-13', 2).status).toBe('broken');
    expect(decidePromiseStatus(promise, [], '2026-11-11', 0).status).toBe('broken');
  });

  it('ignores payments before the promise, after the grace days, or in another currency', () => {
    const outside = [
      { amountMinor: 20_000_000, currency: 'COP', paidOn: '2026-10-31' },
      { amountMinor: 20_000_000, currency: 'COP', paidOn: '2026-11-13' },
      { amountMinor: 20_000_000, currency: 'USD', paidOn: '2026-11-05' },
    ];
    expect(decidePromiseStatus(promise, outside, '2026-11-20', 2)).toMatchObject({ status: 'broken', paidMinor: 0 });
    expect(() => decidePromiseStatus(promise, [], '2026-11-20', -1)).toThrow(/graceDays/);
  });
});
