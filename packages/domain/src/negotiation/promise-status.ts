// Whether a promise to pay was kept: decided from the payments on its account, nothing else.
import { addDays, parseIsoDate } from '../format/date.js';

export type PromiseStatus = 'pending' | 'kept' | 'broken';

export interface PromiseToCheck {
  /** Promised amount in minor units of its currency (cents for COP/MXN/PEN as stored). */
  amountMinor: number;
  currency: string;
  /** Day the promise was made, YYYY-MM-DD in the debtor's time zone. */
  madeOn: string;
  dueDate: string;
}

export interface PaymentSeen {
  amountMinor: number;
  currency: string;
  /** YYYY-MM-DD */
  paidOn: string;
}

export interface PromiseDecision {
  status: PromiseStatus;
  /** What the counted payments add up to, minor units. */
  paidMinor: number;
  /** Last day a payment still counts: due date + grace days. */
  lastDay: string;
}

/**
 * Kept once the payments in the account's currency dated from the day the promise was made up to the due date
 * plus `graceDays` add up to the promised amount (early is fine: it is decided as soon as that happens).
 * Broken once `today` is past that last day without the amount; pending until then. Payments made
 * before the promise do not count: they were already known when it was made.
 */
export function decidePromiseStatus(promise: PromiseToCheck, payments: readonly PaymentSeen[], today: string, graceDays: number): PromiseDecision {
  if (!Number.isInteger(graceDays) || graceDays < 0) throw new RangeError(`graceDays: expected a whole number ≥ 0, got ${graceDays}`);
  parseIsoDate(today, 'today');
  parseIsoDate(promise.madeOn, 'madeOn');
  const lastDay = addDays(promise.dueDate, graceDays);
  let paidMinor = 0;
  for (const p of payments) {
    // ISO dates compare correctly as strings
    if (p.currency.toUpperCase() !== promise.currency.toUpperCase() || p.paidOn < promise.madeOn || p.paidOn > lastDay) continue;
    paidMinor += p.amountMinor;
  }
  if (paidMinor >= promise.amountMinor) return { status: 'kept', paidMinor, lastDay };
  return { status: today > lastDay ? 'broken' : 'pending', paidMinor, lastDay };
}
