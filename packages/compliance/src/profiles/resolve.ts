// Picks the profiles that apply to a debtor's jurisdiction, applies configuration patches and
// validates everything once, so a bad setting fails when loaded rather than at the 10,000th call.
import { ComplianceConfigError } from '../errors.js';
import { hasHolidayCalendar } from '../holidays/index.js';
import { parseSchedule } from '../schedule.js';
import { CHANNELS, type Channel, type ComplianceProfile, type Jurisdiction } from '../types.js';
import { DEFAULT_PROFILES, NEUTRAL } from './defaults.js';

export type ProfilePatch = Partial<Omit<ComplianceProfile, 'id' | 'scope'>>;

export interface ProfileOverrides {
  /** Replaces the built-in jurisdiction profiles (e.g. to add a country). */
  defaults?: Record<string, ComplianceProfile>;
  /** Field replacements of jurisdiction profiles by id ("UK", "US-MA"), e.g. a settled reading. */
  patches?: Record<string, ProfilePatch>;
  /** Creditor, campaign or house policies applied on top; the strictest applicable rule wins. */
  additional?: ComplianceProfile[];
}

/** Builds a profile that restricts only what is given (creditor / campaign policies). */
export function defineProfile(p: Pick<ComplianceProfile, 'id' | 'label' | 'scope'> & Partial<ComplianceProfile>): ComplianceProfile {
  return validateProfile({ ...NEUTRAL, ...p });
}

function normaliseCountry(c: string): string {
  const u = c.trim().toUpperCase();
  return u === 'GB' ? 'UK' : u;
}

/**
 * The country and region of a jurisdiction. A country given as "US-MA" (ISO 3166-2) is read as
 * country US, region MA, so the federal profile is never dropped; anything that is not two letters
 * (with an optional "-REGION") is an error, never "no rules".
 */
function parseJurisdiction(j: Jurisdiction, registry: Record<string, ComplianceProfile>): { country: string; region: string | undefined } {
  if (typeof j?.country !== 'string') throw new ComplianceConfigError('jurisdiction.country', `expected an ISO 3166-1 alpha-2 code, got ${JSON.stringify(j?.country)}`);
  const m = /^([A-Z]{2})(?:-([A-Z0-9]{1,3}))?$/.exec(j.country.trim().toUpperCase());
  if (!m) throw new ComplianceConfigError('jurisdiction.country', `expected an ISO 3166-1 alpha-2 code such as "CO" or "US" (or "US-MA"), got ${JSON.stringify(j.country)}`);
  let region = j.region?.trim().toUpperCase() || undefined;
  if (region !== undefined && !/^[A-Z0-9]{1,3}$/.test(region)) {
    // A region written out ("Risaralda", as portfolio files give it) matters only where a region has rules of its
    // own: there it must be a code, or the debtor's rules are unknown; elsewhere the country's rules are all.
    const country = normaliseCountry(m[1]!);
    const overlays = Object.keys(registry).filter((k) => k.startsWith(`${country}-`));
    if (overlays.length > 0) {
      throw new ComplianceConfigError('jurisdiction.region', `expected a subdivision code such as ${overlays.map((k) => `"${k.slice(country.length + 1)}"`).join(' or ')}, got ${JSON.stringify(j.region)}`);
    }
    region = undefined;
  }
  if (m[2] !== undefined) {
    if (region !== undefined && region !== m[2]) {
      throw new ComplianceConfigError('jurisdiction.region', `region "${region}" contradicts the region in country "${j.country}"`);
    }
    region = m[2];
  }
  return { country: normaliseCountry(m[1]!), region };
}

/**
 * The profiles that apply: the country's profile, the regional overlay when one exists
 * ("US-MA"), then `additional` profiles whose scope matches (jurisdiction scopes must match the
 * debtor's country/region; creditor and campaign scopes are the caller's choice and always kept).
 */
export function resolveProfiles(jurisdiction: Jurisdiction, overrides: ProfileOverrides = {}): ComplianceProfile[] {
  const registry = overrides.defaults ?? DEFAULT_PROFILES;
  const { country, region } = parseJurisdiction(jurisdiction, registry);
  const base = registry[country];
  // A regional overlay ("US-MA") is never a country's profile on its own.
  if (!base || base.scope.region !== undefined) {
    const known = Object.keys(registry).filter((k) => registry[k]!.scope.region === undefined);
    throw new ComplianceConfigError('jurisdiction.country', `no compliance profile for country "${jurisdiction.country}" (known: ${known.join(', ')}); add one through overrides.defaults`);
  }
  const ids = [country];
  if (region && registry[`${country}-${region}`]) ids.push(`${country}-${region}`);
  for (const id of Object.keys(overrides.patches ?? {})) {
    if (!registry[id]) throw new ComplianceConfigError(`overrides.patches.${id}`, 'no such profile');
  }
  const out = ids.map((id) => {
    const p = registry[id]!;
    const patched: ComplianceProfile = { ...p, ...(overrides.patches?.[id] ?? {}), id: p.id, scope: p.scope };
    // Regional holidays follow the debtor's region.
    if (patched.holidays && region) {
      patched.holidays = { ...patched.holidays, calendars: patched.holidays.calendars.map((c) => ({ ...c, region: c.region ?? region })) };
    }
    return validateProfile(patched);
  });
  for (const extra of overrides.additional ?? []) {
    const s = extra.scope;
    if (s.kind === 'jurisdiction') {
      if (s.country && normaliseCountry(s.country) !== country) continue;
      if (s.region && s.region.toUpperCase() !== region) continue;
    }
    out.push(validateProfile(extra));
  }
  return out;
}

function checkChannels(list: unknown, field: string): void {
  if (!Array.isArray(list) || list.length === 0) throw new ComplianceConfigError(field, 'expected a non-empty list of channels');
  for (const [i, c] of list.entries()) {
    if (!CHANNELS.includes(c as Channel)) throw new ComplianceConfigError(`${field}[${i}]`, `unknown channel ${JSON.stringify(c)} (use ${CHANNELS.join(', ')})`);
  }
}

function positive(v: unknown, field: string, integer = false): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))) {
    throw new ComplianceConfigError(field, `expected a positive ${integer ? 'integer' : 'number'}, got ${JSON.stringify(v)}`);
  }
}

const validated = new WeakSet<ComplianceProfile>();

/** Throws ComplianceConfigError naming the profile and field; returns the profile unchanged. */
export function validateProfile(p: ComplianceProfile): ComplianceProfile {
  if (validated.has(p)) return p;
  if (!p.id) throw new ComplianceConfigError('profile.id', 'required');
  const f = `profiles[${p.id}]`;
  if (p.schedule) parseSchedule(p.schedule, `${f}.schedule`);
  if (!Number.isInteger(p.weekStartsOn) || p.weekStartsOn < 1 || p.weekStartsOn > 7) throw new ComplianceConfigError(`${f}.weekStartsOn`, 'expected 1 (Monday) … 7 (Sunday)');
  for (const [i, c] of (p.holidays?.calendars ?? []).entries()) {
    if (!hasHolidayCalendar(c.country)) throw new ComplianceConfigError(`${f}.holidays.calendars[${i}].country`, `no holiday calendar for "${c.country}"`);
  }
  for (const [i, d] of (p.holidays?.extraDates ?? []).entries()) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new ComplianceConfigError(`${f}.holidays.extraDates[${i}]`, `expected YYYY-MM-DD, got ${JSON.stringify(d)}`);
  }
  const ids = new Set<string>();
  for (const [i, c] of p.caps.entries()) {
    const cf = `${f}.caps[${i}]`;
    if (!c.id || ids.has(c.id)) throw new ComplianceConfigError(`${cf}.id`, 'missing or duplicate id');
    ids.add(c.id);
    checkChannels(c.channels, `${cf}.channels`);
    positive(c.limit, `${cf}.limit`, true);
    if (c.window.kind === 'rolling') positive(c.window.days, `${cf}.window.days`);
    else if (c.window.kind === 'calendarDays') positive(c.window.days, `${cf}.window.days`, true);
    else if (!['day', 'week', 'month'].includes(c.window.kind)) throw new ComplianceConfigError(`${cf}.window.kind`, `unknown window ${JSON.stringify(c.window.kind)}`);
    if (c.minGapHours !== undefined) positive(c.minGapHours, `${cf}.minGapHours`);
  }
  (p.optOutMedia ?? []).forEach((g, j) => checkChannels(g, `${f}.optOutMedia[${j}]`));
  for (const [i, l] of p.lockouts.entries()) {
    const lf = `${f}.lockouts[${i}]`;
    if (!l.id || ids.has(l.id)) throw new ComplianceConfigError(`${lf}.id`, 'missing or duplicate id');
    ids.add(l.id);
    if (l.type === 'afterEvent') {
      checkChannels(l.triggerChannels, `${lf}.triggerChannels`);
      checkChannels(l.blocks, `${lf}.blocks`);
      if (l.duration.kind === 'hours') positive(l.duration.hours, `${lf}.duration.hours`);
      if (l.duration.kind === 'days') positive(l.duration.days, `${lf}.duration.days`);
      if (l.duration.kind === 'calendarDays') positive(l.duration.days, `${lf}.duration.days`, true);
    } else if (l.type === 'singleChannelPerPeriod') {
      l.channelGroups.forEach((g, j) => checkChannels(g, `${lf}.channelGroups[${j}]`));
    } else {
      throw new ComplianceConfigError(`${lf}.type`, `unknown lock-out type ${JSON.stringify((l as { type: unknown }).type)}`);
    }
  }
  if (p.abandon) {
    const a = p.abandon;
    if (!(a.maxRate >= 0 && a.maxRate < 1)) throw new ComplianceConfigError(`${f}.abandon.maxRate`, 'expected a fraction in [0, 1)');
    positive(a.windowHours, `${f}.abandon.windowHours`);
    positive(a.connectDeadlineMs, `${f}.abandon.connectDeadlineMs`);
    positive(a.minRingMs, `${f}.abandon.minRingMs`);
    if (!(a.noRedialHours >= 0)) throw new ComplianceConfigError(`${f}.abandon.noRedialHours`, 'expected ≥ 0');
    if (a.amdErrorEstimate !== undefined && !(a.amdErrorEstimate >= 0 && a.amdErrorEstimate < 1)) {
      throw new ComplianceConfigError(`${f}.abandon.amdErrorEstimate`, 'expected a fraction in [0, 1)');
    }
    // The lock-out is what the engine enforces; the abandon setting only informs the dialer. Keep them in step.
    const enforced = p.lockouts.some(
      (l) =>
        l.type === 'afterEvent' &&
        l.trigger === 'abandoned' &&
        l.blocks.includes('voice') &&
        (l.duration.kind === 'hours' ? l.duration.hours : l.duration.kind === 'days' ? l.duration.days * 24 : l.duration.kind === 'calendarDays' ? (l.duration.days - 1) * 24 : 0) >= a.noRedialHours,
    );
    if (a.noRedialHours > 0 && !enforced) {
      throw new ComplianceConfigError(`${f}.abandon.noRedialHours`, `${a.noRedialHours} h, but no lock-out with trigger "abandoned" blocks voice that long; patch the lock-out too`);
    }
  }
  if (p.automatedConsent) checkChannels(p.automatedConsent.channels, `${f}.automatedConsent.channels`);
  validated.add(p);
  return p;
}
