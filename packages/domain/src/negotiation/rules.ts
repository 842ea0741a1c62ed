// A strategy's negotiation rules (strategies.negotiation in the database). Percentages are 0–100.

export interface NegotiationRules {
  /** The smallest promise accepted, as a percentage of the balance (e.g. 20 = 20 %). */
  minPromiseAmountPct: number;
  /** How far ahead a promise (or the first instalment) may fall, in days from today. */
  maxPromiseDays: number;
  /** Largest discount a settlement may offer, as a percentage of the balance; 0 = no settlements. */
  settlementMaxDiscountPct: number;
  /** Most instalments a payment plan may have; 0 or 1 = no plans. */
  maxInstalments: number;
  /** Smallest instalment, in the account's currency (major units, e.g. 50000 COP). */
  minInstalmentAmount: number;
}

export class NegotiationRulesError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'NegotiationRulesError';
  }
}

const LIMITS: Record<keyof NegotiationRules, { min: number; max: number; integer: boolean }> = {
  minPromiseAmountPct: { min: 0, max: 100, integer: false },
  maxPromiseDays: { min: 0, max: 3650, integer: true },
  settlementMaxDiscountPct: { min: 0, max: 100, integer: false },
  maxInstalments: { min: 0, max: 120, integer: true },
  minInstalmentAmount: { min: 0, max: Number.MAX_SAFE_INTEGER, integer: false },
};

/**
 * Reads rules from untrusted JSON (the strategy row). Every field is required; `where` names the
 * source in the error ("strategy MORA_30.negotiation").
 */
export function parseNegotiationRules(json: unknown, where = 'negotiation'): NegotiationRules {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new NegotiationRulesError(`${where}: expected an object with the negotiation rules`, where);
  }
  const src = json as Record<string, unknown>;
  const out = {} as NegotiationRules;
  for (const key of Object.keys(LIMITS) as (keyof NegotiationRules)[]) {
    const v = src[key];
    const lim = LIMITS[key];
    const field = `${where}.${key}`;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new NegotiationRulesError(`${field}: required number, got ${JSON.stringify(v)}`, field);
    if (v < lim.min || v > lim.max) throw new NegotiationRulesError(`${field}: ${v} is outside ${lim.min}–${lim.max}`, field);
    if (lim.integer && !Number.isInteger(v)) throw new NegotiationRulesError(`${field}: ${v} must be a whole number`, field);
    out[key] = v;
  }
  const unknown = Object.keys(src).filter((k) => !(k in LIMITS));
  if (unknown.length > 0) throw new NegotiationRulesError(`${where}.${unknown[0]}: unknown rule`, `${where}.${unknown[0]}`);
  return out;
}

/**
 * What applies where a strategy leaves a rule out (the API schema makes every rule optional):
 * promises only, up to 30 days, any amount above zero, no settlements and no plans.
 */
export const DEFAULT_NEGOTIATION_RULES: NegotiationRules = {
  minPromiseAmountPct: 0,
  maxPromiseDays: 30,
  settlementMaxDiscountPct: 0,
  maxInstalments: 1,
  minInstalmentAmount: 0,
};

/** Rules from a strategy whose fields may be missing: each missing one takes the default. */
export function withDefaultRules(partial: Partial<NegotiationRules> | null | undefined, where = 'negotiation'): NegotiationRules {
  const merged: Record<string, unknown> = { ...DEFAULT_NEGOTIATION_RULES };
  for (const [k, v] of Object.entries(partial ?? {})) if (v !== undefined) merged[k] = v;
  return parseNegotiationRules(merged, where);
}
