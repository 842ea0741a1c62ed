// What happens to a debtor (lead) and the phone after an attempt, from the strategy's retry_rules.
// Pure: the hopper applies the decision in one transaction. The one parser of retry rules: the dialer reads
// them with it, and the API checks a strategy with it before storing it (a rule the dialer cannot read would
// leave a "running" campaign that never dials).
import type { CallOutcome } from '@cobranza/contracts';

export interface OutcomeRule {
  /** Minutes before the next attempt (fractions allowed: 0.25 = 15 s). */
  retryMinutes: number;
  /** Maximum attempts ending with this outcome before the lead is exhausted. */
  maxAttempts?: number;
}

export interface RetryRules {
  busy: OutcomeRule;
  no_answer: OutcomeRule;
  machine: OutcomeRule;
  congestion: OutcomeRule;
  failed: OutcomeRule;
  abandoned: OutcomeRule;
  cancelled: OutcomeRule;
  /** After an invalid number, how soon the debtor's next phone is tried. */
  invalid_number: OutcomeRule;
  /** Attempts per lead, all outcomes counted. */
  maxAttempts: number;
}

export const DEFAULT_RETRY_RULES: RetryRules = {
  busy: { retryMinutes: 10 },
  no_answer: { retryMinutes: 240 },
  machine: { retryMinutes: 240 },
  congestion: { retryMinutes: 5 },
  failed: { retryMinutes: 30 },
  abandoned: { retryMinutes: 60 },
  cancelled: { retryMinutes: 1 },
  invalid_number: { retryMinutes: 0 },
  maxAttempts: 6,
};

export class RetryRulesError extends Error {
  readonly code = 'RETRY_RULES_INVALID';
  constructor(
    /** Dotted path inside retry_rules (`busy.retryMinutes`); empty for the whole object. */
    readonly field: string,
    /** The reason in English. */
    readonly reason: string,
    /** The same reason in Spanish, for the person who wrote the rule. */
    readonly reasonEs: string,
  ) {
    super(`strategies.retry_rules${field ? `.${field}` : ''}: ${reason}`);
  }
}

const RETRY_KEYS = ['busy', 'no_answer', 'machine', 'congestion', 'failed', 'abandoned', 'cancelled', 'invalid_number'] as const;

/** Validates a strategy's retry_rules jsonb, filling defaults. Throws with the offending field. */
export function parseRetryRules(raw: unknown): RetryRules {
  const out: RetryRules = structuredClone(DEFAULT_RETRY_RULES);
  if (raw === null || raw === undefined) return out;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new RetryRulesError('', 'must be an object', 'debe ser un objeto');
  const r = raw as Record<string, unknown>;
  for (const key of Object.keys(r)) {
    if (key === 'maxAttempts') continue;
    if (!(RETRY_KEYS as readonly string[]).includes(key)) throw new RetryRulesError(
        key,
        `unknown outcome (known: ${RETRY_KEYS.join(', ')}, maxAttempts)`,
        `resultado desconocido (válidos: ${RETRY_KEYS.join(', ')}, maxAttempts)`,
      );
  }
  if (r.maxAttempts !== undefined) {
    if (!Number.isInteger(r.maxAttempts) || (r.maxAttempts as number) < 1) throw new RetryRulesError('maxAttempts', 'must be an integer ≥ 1', 'debe ser un número entero ≥ 1');
    out.maxAttempts = r.maxAttempts as number;
  }
  for (const key of RETRY_KEYS) {
    const v = r[key];
    if (v === undefined) continue;
    if (typeof v !== 'object' || v === null) throw new RetryRulesError(key, 'must be an object like { "retryMinutes": 10 }', 'debe ser un objeto como { "retryMinutes": 10 }');
    const o = v as Record<string, unknown>;
    const rule: OutcomeRule = { ...out[key] };
    if (o.retryMinutes !== undefined) {
      if (typeof o.retryMinutes !== 'number' || !Number.isFinite(o.retryMinutes) || o.retryMinutes < 0)
        throw new RetryRulesError(`${key}.retryMinutes`, 'must be a number ≥ 0', 'debe ser un número ≥ 0');
      rule.retryMinutes = o.retryMinutes;
    }
    if (o.maxAttempts !== undefined) {
      if (!Number.isInteger(o.maxAttempts) || (o.maxAttempts as number) < 1) throw new RetryRulesError(`${key}.maxAttempts`, 'must be an integer ≥ 1', 'debe ser un número entero ≥ 1');
      rule.maxAttempts = o.maxAttempts as number;
    }
    out[key] = rule;
  }
  return out;
}

export interface LeadHistory {
  /** Attempts on the lead including the one that just ended. */
  attempts: number;
  /** Attempts that ended with this outcome including the one that just ended. */
  attemptsWithOutcome: number;
  /** Other phones of the debtor still worth calling after this attempt. */
  otherCallablePhones: number;
}

export interface RetryDecision {
  lead: { status: 'pending' | 'done' | 'exhausted'; nextAttemptAt: number | null };
  /** New status for the phone just dialed, when the outcome says something about it. */
  phoneStatus: 'invalid' | null;
}

export function decideRetry(outcome: CallOutcome, rules: RetryRules, h: LeadHistory, now: number): RetryDecision {
  if (outcome === 'connected' || outcome === 'ivr_completed') {
    // a person was reached: what happens next is the agent's disposition / the IVR's result
    return { lead: { status: 'done', nextAttemptAt: null }, phoneStatus: null };
  }
  const phoneStatus = outcome === 'invalid_number' ? 'invalid' : null;
  if (outcome === 'invalid_number' && h.otherCallablePhones === 0) {
    return { lead: { status: 'exhausted', nextAttemptAt: null }, phoneStatus };
  }
  const rule = rules[outcome];
  // a cancelled attempt never reached anyone: it does not spend the lead's budget
  const counted = outcome === 'cancelled' ? h.attempts - 1 : h.attempts;
  if (counted >= rules.maxAttempts || (rule.maxAttempts !== undefined && h.attemptsWithOutcome >= rule.maxAttempts)) {
    return { lead: { status: 'exhausted', nextAttemptAt: null }, phoneStatus };
  }
  return { lead: { status: 'pending', nextAttemptAt: now + Math.round(rule.retryMinutes * 60_000) }, phoneStatus };
}
