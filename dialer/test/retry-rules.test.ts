import { describe, expect, it } from 'vitest';
import { decideRetry, parseRetryRules } from '@cobranza/domain/retry/rules';
import { orderPhones, type PhoneCandidate } from '../src/hopper/phones.js';

const NOW = Date.UTC(2026, 10, 23, 15);
const rules = parseRetryRules({ busy: { retryMinutes: 5, maxAttempts: 3 }, no_answer: { retryMinutes: 120 }, maxAttempts: 4 });

describe('retry rules per outcome', () => {
  const table: Array<{ name: string; outcome: Parameters<typeof decideRetry>[0]; attempts: number; withOutcome: number; otherPhones: number; status: string; inMin: number | null; phone: string | null }> = [
    { name: 'busy retried in minutes', outcome: 'busy', attempts: 1, withOutcome: 1, otherPhones: 0, status: 'pending', inMin: 5, phone: null },
    { name: 'no answer retried in hours', outcome: 'no_answer', attempts: 1, withOutcome: 1, otherPhones: 0, status: 'pending', inMin: 120, phone: null },
    { name: 'busy cap per outcome', outcome: 'busy', attempts: 3, withOutcome: 3, otherPhones: 0, status: 'exhausted', inMin: null, phone: null },
    { name: 'lead max attempts', outcome: 'no_answer', attempts: 4, withOutcome: 2, otherPhones: 1, status: 'exhausted', inMin: null, phone: null },
    { name: 'connected is done', outcome: 'connected', attempts: 1, withOutcome: 1, otherPhones: 0, status: 'done', inMin: null, phone: null },
    { name: 'invalid number marks the phone, tries the next one now', outcome: 'invalid_number', attempts: 1, withOutcome: 1, otherPhones: 1, status: 'pending', inMin: 0, phone: 'invalid' },
    { name: 'invalid number with no other phone exhausts', outcome: 'invalid_number', attempts: 1, withOutcome: 1, otherPhones: 0, status: 'exhausted', inMin: null, phone: 'invalid' },
    { name: 'default machine rule', outcome: 'machine', attempts: 1, withOutcome: 1, otherPhones: 0, status: 'pending', inMin: 240, phone: null },
    { name: 'cancelled does not spend the budget', outcome: 'cancelled', attempts: 4, withOutcome: 1, otherPhones: 0, status: 'pending', inMin: 1, phone: null },
  ];
  for (const row of table) {
    it(row.name, () => {
      const d = decideRetry(row.outcome, rules, { attempts: row.attempts, attemptsWithOutcome: row.withOutcome, otherCallablePhones: row.otherPhones }, NOW);
      expect(d.lead.status).toBe(row.status);
      expect(d.lead.nextAttemptAt).toBe(row.inMin === null ? null : NOW + row.inMin * 60_000);
      expect(d.phoneStatus).toBe(row.phone);
    });
  }

  it('says which field of retry_rules is wrong', () => {
    expect(() => parseRetryRules({ busy: { retryMinutes: -1 } })).toThrow('strategies.retry_rules.busy.retryMinutes: must be a number ≥ 0');
    expect(() => parseRetryRules({ bussy: {} })).toThrow(/retry_rules.bussy: unknown outcome/);
    expect(() => parseRetryRules({ maxAttempts: 0 })).toThrow(/maxAttempts: must be an integer/);
  });
});

describe('phone order', () => {
  const p = (id: string, status: string, priority: number, attempts = 0, lastResult: string | null = null): PhoneCandidate => ({
    id,
    e164: '+57300000000' + id.length,
    status,
    priority,
    attempts,
    lastResult,
    type: 'mobile',
    consentAutomated: true,
  });
  const table: Array<{ name: string; phones: PhoneCandidate[]; want: string[] }> = [
    { name: 'valid before unknown, invalid and wrong party dropped', phones: [p('u', 'unknown', 1), p('i', 'invalid', 1), p('w', 'wrong_party', 1), p('v', 'valid', 2)], want: ['v', 'u'] },
    { name: 'priority among equals', phones: [p('b', 'valid', 2), p('a', 'valid', 1), p('z', 'valid', 0)], want: ['a', 'b', 'z'] },
    { name: 'a phone that keeps failing yields to the next', phones: [p('a', 'valid', 1, 2, 'no_answer'), p('b', 'valid', 2, 1, 'busy')], want: ['b', 'a'] },
    { name: 'attempts that reached someone are not failures', phones: [p('a', 'valid', 1, 3, 'connected'), p('b', 'valid', 2, 0)], want: ['a', 'b'] },
  ];
  for (const row of table) it(row.name, () => expect(orderPhones(row.phones).map((x) => x.id)).toEqual(row.want));
});
