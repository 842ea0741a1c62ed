// Identifying a caller by keypad: national id, then a second factor. Pure: the lookup and the attempt
// limits are passed in, so the rules are tested without a database or Redis.
import type { SecondFactor } from './flows/types.js';

export interface IdentityCandidate {
  debtorId: string;
  /** YYYY-MM-DD or null when unknown (then birth date can never match). */
  birthDate: string | null;
  /** Account numbers (external ids) of the debtor. */
  accountNumbers: string[];
}

/** Keypad entry of an id: digits only (letters of some ids cannot be typed; the lookup ignores them too). */
export function normaliseDocument(input: string): string {
  return input.replace(/\D/g, '').replace(/^0+(?=\d)/, '');
}

/** The digits a caller types for the second factor, per factor. */
export function expectedEntries(c: IdentityCandidate, factor: SecondFactor): string[] {
  if (factor === 'birth_date') {
    if (!c.birthDate) return [];
    const [y, m, d] = c.birthDate.split('-');
    return [`${d}${m}${y}`];
  }
  return c.accountNumbers.map((n) => n.replace(/\D/g, '').slice(-4)).filter((s) => s.length === 4);
}

/**
 * The candidate whose second factor matches the entry, or null. An 8-digit entry is read as a birth date
 * (DDMMYYYY), a 4-digit one as the last digits of an account, each only if the flow accepts that factor.
 * Two candidates matching (same id in two countries) is a failure: ambiguity never identifies.
 */
export function matchSecondFactor(cands: IdentityCandidate[], factors: SecondFactor[], entry: string): IdentityCandidate | null {
  const factor: SecondFactor | null = entry.length === 8 ? 'birth_date' : entry.length === 4 ? 'account_last4' : null;
  if (!factor || !factors.includes(factor)) return null;
  const hits = cands.filter((c) => expectedEntries(c, factor).some((e) => timingSafeEqualStr(e, entry)));
  return hits.length === 1 ? (hits[0] as IdentityCandidate) : null;
}

function timingSafeEqualStr(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** For logs and the session path: the last 3 characters only. */
export function maskDocument(doc: string): string {
  return doc.length <= 3 ? '*'.repeat(doc.length) : `${'*'.repeat(doc.length - 3)}${doc.slice(-3)}`;
}

/** Attempt limits per caller number and per id, kept outside the call (Redis), so hanging up and calling back does not reset them. */
export interface AttemptLimiter {
  /** Seconds until the key may try again (its failures reached the limit), or 0 when it may try now. */
  blockedFor(key: string): Promise<number>;
  /** Counts one failed attempt; returns the failures in the current window. */
  fail(key: string): Promise<number>;
}

export const limiterKeys = {
  caller: (e164: string) => `caller:${e164}`,
  document: (doc: string) => `doc:${doc}`,
};
