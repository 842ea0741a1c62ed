// The decision: compile every applicable rule for one request, evaluate at request.at, and when
// blocked search forward for the earliest instant every rule allows (nextAllowedAt).
import { ComplianceInputError } from './errors.js';
import { zoneOf, DAY } from './localtime.js';
import { maskPhone } from './mask.js';
import { validateProfile } from './profiles/resolve.js';
import { optOutCheckers, profileStaticCheckers } from './rules/base.js';
import { capCheckers } from './rules/caps.js';
import type { Checker } from './rules/common.js';
import { lockoutCheckers } from './rules/lockouts.js';
import { windowCheckers } from './rules/window.js';
import { CHANNELS, type ComplianceDecision, type ComplianceProfile, type ContactContext, type ContactRequest, type RuleHit } from './types.js';

/** Version of the definitions in COMPLIANCE.md this engine applies; stored with every decision. */
export const DEFINITIONS_VERSION = 'cobranza-compliance/1 (COMPLIANCE.md definitions: attempt, live answer, right-party contact, conversation, abandoned; day/week in debtor local time)';
export const ALLOW_RULE_ID = 'allow/all-rules-passed';

export interface EvaluateOptions {
  /** How far ahead nextAllowedAt is searched; beyond it the decision says null. Default 400 days. */
  horizonDays?: number;
}

function isDate(d: unknown): d is Date {
  return d instanceof Date && !Number.isNaN(d.getTime());
}

function validateInput(req: ContactRequest, ctx: ContactContext): void {
  if (!CHANNELS.includes(req.channel)) throw new ComplianceInputError('request.channel', `unknown channel ${JSON.stringify(req.channel)}`);
  if (!isDate(req.at)) throw new ComplianceInputError('request.at', 'expected a valid Date');
  if (!req.debtorId) throw new ComplianceInputError('request.debtorId', 'required');
  if (req.channel !== 'email' && !req.phone) throw new ComplianceInputError('request.phone', `required for channel "${req.channel}"`);
  if (req.phone && !/^\+[1-9]\d{6,14}$/.test(req.phone.e164)) throw new ComplianceInputError('request.phone.e164', `not an E.164 number: ${JSON.stringify(maskPhone(req.phone.e164))}`);
  if (!Array.isArray(ctx.timeZones) || ctx.timeZones.length === 0) throw new ComplianceInputError('context.timeZones', 'at least one candidate IANA zone is required');
  ctx.timeZones.forEach((z, i) => zoneOf(z, `context.timeZones[${i}]`));
  ctx.history.forEach((e, i) => {
    if (!isDate(e.at)) throw new ComplianceInputError(`context.history[${i}].at`, 'expected a valid Date');
    if (!CHANNELS.includes(e.channel)) throw new ComplianceInputError(`context.history[${i}].channel`, `unknown channel ${JSON.stringify(e.channel)}`);
  });
  ctx.optOuts.forEach((o, i) => {
    // An unreadable date must not make an opt-out lapse.
    if (o.at !== undefined && !isDate(o.at)) throw new ComplianceInputError(`context.optOuts[${i}].at`, 'expected a valid Date');
    if (o.channel !== 'all' && !CHANNELS.includes(o.channel)) throw new ComplianceInputError(`context.optOuts[${i}].channel`, `unknown channel ${JSON.stringify(o.channel)}`);
  });
}

export interface CompiledContact {
  checkers: Checker[];
  profiles: ComplianceProfile[];
  zones: string[];
}

export function compileContact(req: ContactRequest, ctx: ContactContext, profiles: ComplianceProfile[]): CompiledContact {
  validateInput(req, ctx);
  if (profiles.length === 0) throw new ComplianceInputError('profiles', 'at least one profile must apply (use resolveProfiles)');
  profiles.forEach(validateProfile);
  const zones = [...new Set(ctx.timeZones)];
  const checkers: Checker[] = [...optOutCheckers(req, ctx, profiles)];
  for (const p of profiles) {
    checkers.push(
      ...profileStaticCheckers(p, req, ctx),
      ...windowCheckers(p, zones, ctx.consentHours),
      ...lockoutCheckers(p, req, ctx.history, zones),
      ...capCheckers(p, req, ctx.history, zones),
    );
  }
  return { checkers, profiles, zones };
}

interface Hit {
  c: Checker;
  reason: RuleHit['reason'];
  until: number | null;
}

function hitsAt(checkers: Checker[], t: number): Hit[] {
  const out: Hit[] = [];
  for (const c of checkers) {
    const r = c.check(t);
    if (r) out.push({ c, reason: r.reason, until: r.until });
  }
  return out;
}

/**
 * Earliest instant ≥ from at which every rule allows, or null (a permanent block, or nothing
 * within the horizon). Sound because each rule's `until` is a lower bound of its next allowed
 * instant, so jumping to the latest `until` skips no allowed instant.
 */
export function searchNextAllowed(checkers: Checker[], from: number, horizonMs: number): number | null {
  const limit = from + horizonMs;
  let t = from;
  for (let i = 0; i < 10_000; i++) {
    const hits = hitsAt(checkers, t);
    if (hits.length === 0) return t;
    let next = t;
    for (const h of hits) {
      if (h.until === null) return null;
      if (h.until > next) next = h.until;
    }
    // A rule that does not move forward would loop forever; treat as a defect, not as "allowed".
    if (next <= t) throw new Error(`compliance rule ${hits[0]!.c.ruleId} reported no progress at ${new Date(t).toISOString()}`);
    if (next > limit) return null;
    t = next;
  }
  return null;
}

/** What a decision records about its request (the phone masked for text, in full for joins). */
function decisionRequest(req: ContactRequest): ComplianceDecision['request'] {
  const request: ComplianceDecision['request'] = {
    debtorId: req.debtorId,
    channel: req.channel,
    automated: req.automated,
    at: req.at,
  };
  if (req.accountId !== undefined) request.accountId = req.accountId;
  if (req.creditorId) request.creditorId = req.creditorId;
  if (req.campaignId !== undefined) request.campaignId = req.campaignId;
  if (req.phone) {
    request.phoneE164 = req.phone.e164;
    const masked = maskPhone(req.phone.e164);
    if (masked) request.phoneMasked = masked;
  }
  if (req.source !== undefined) request.source = req.source;
  return request;
}

export const NO_PROFILE_RULE_ID = 'config/no-jurisdiction-profile';

/**
 * The decision for a debtor whose jurisdiction resolves to no profile (unknown or malformed
 * country): blocked until someone fixes the data, never "no rules". Recorded like any other.
 */
export function unresolvedJurisdictionDecision(req: ContactRequest, ctx: ContactContext, problem: string): ComplianceDecision {
  const reason = {
    es: `Sin reglas de cumplimiento para la jurisdicción del deudor (${problem}); corrija el país del deudor o configure un perfil.`,
    en: `No compliance rules for the debtor's jurisdiction (${problem}); fix the debtor's country or configure a profile.`,
  };
  return {
    allowed: false,
    ruleId: NO_PROFILE_RULE_ID,
    decidingProfileId: null,
    profileIds: [],
    reason,
    nextAllowedAt: null,
    blockedBy: [{ ruleId: NO_PROFILE_RULE_ID, profileId: 'base', reason, until: null }],
    zones: [...new Set(ctx.timeZones)],
    definitionsVersion: DEFINITIONS_VERSION,
    request: decisionRequest(req),
  };
}

export function evaluateContact(req: ContactRequest, ctx: ContactContext, profiles: ComplianceProfile[], opts: EvaluateOptions = {}): ComplianceDecision {
  const { checkers, zones } = compileContact(req, ctx, profiles);
  const at = req.at.getTime();
  const hits = hitsAt(checkers, at);
  const request = decisionRequest(req);
  const base = { profileIds: profiles.map((p) => p.id), zones, definitionsVersion: DEFINITIONS_VERSION, request };
  if (hits.length === 0) {
    return {
      ...base,
      allowed: true,
      ruleId: ALLOW_RULE_ID,
      decidingProfileId: null,
      reason: { es: `Permitido: cumple ${base.profileIds.join(', ')}.`, en: `Allowed: complies with ${base.profileIds.join(', ')}.` },
      nextAllowedAt: req.at,
      blockedBy: [],
    };
  }
  // The deciding rule is the one that keeps the contact blocked longest (permanent blocks first),
  // so the reason explains the retry time; ties keep evaluation order.
  const rank = (h: Hit) => (h.until === null ? Infinity : h.until);
  const deciding = hits.reduce((best, h) => (rank(h) > rank(best) ? h : best));
  const next = hits.some((h) => h.until === null) ? null : searchNextAllowed(checkers, Math.max(...hits.map(rank)), (opts.horizonDays ?? 400) * DAY);
  const blockedBy: RuleHit[] = hits.map((h) => {
    const r: RuleHit = { ruleId: h.c.ruleId, profileId: h.c.profileId, reason: h.reason, until: h.until === null ? null : new Date(h.until) };
    if (h.c.zone !== undefined) r.zone = h.c.zone;
    return r;
  });
  return {
    ...base,
    allowed: false,
    ruleId: deciding.c.ruleId,
    decidingProfileId: deciding.c.profileId,
    reason: deciding.reason,
    nextAllowedAt: next === null ? null : new Date(next),
    blockedBy,
  };
}

/** nextAllowedAt for a request at its `at` (== request.at when allowed now). */
export function nextAllowedAt(req: ContactRequest, ctx: ContactContext, profiles: ComplianceProfile[], opts: EvaluateOptions = {}): Date | null {
  const { checkers } = compileContact(req, ctx, profiles);
  const n = searchNextAllowed(checkers, req.at.getTime(), (opts.horizonDays ?? 400) * DAY);
  return n === null ? null : new Date(n);
}
