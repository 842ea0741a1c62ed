// The abandon settings a campaign is paced under: those of every jurisdiction its debtors live in
// (and its portfolio's country), combined as strictestAbandonSettings does. Pure: the caller loads the
// jurisdictions and the stored overrides.
import { DEFAULT_ABANDON, strictestOf } from './abandon.js';
import { resolveProfiles, type ProfileOverrides } from './profiles/resolve.js';
import type { AbandonSettings, ComplianceProfile, Jurisdiction } from './types.js';

export interface PopulationAbandon {
  settings: AbandonSettings;
  /** Profiles that set abandon rules (ids), for the log and the wallboard. */
  profileIds: string[];
  /** Jurisdictions with no profile: counted under the platform's safe default (DEFAULT_ABANDON). */
  unknown: string[];
}

/**
 * A jurisdiction without a profile of its own is not "no rules": it adds the platform's safe default.
 * With no jurisdiction at all (an empty campaign with no country), the safe default alone.
 */
export function abandonSettingsForPopulation(jurisdictions: Jurisdiction[], overrides: ProfileOverrides = {}): PopulationAbandon {
  const profiles: ComplianceProfile[] = [];
  const unknown: string[] = [];
  const seen = new Set<string>();
  for (const j of jurisdictions) {
    const key = `${j.country}|${j.region ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    try {
      profiles.push(...resolveProfiles(j, overrides));
    } catch {
      unknown.push(j.region ? `${j.country}-${j.region}` : j.country);
    }
  }
  const withAbandon = profiles.filter((p) => p.abandon !== undefined);
  // a jurisdiction with no abandon rule of its own is held to the safe default only when nothing else applies
  const all = withAbandon.map((p) => p.abandon!);
  if (unknown.length > 0 || all.length === 0) all.push({ ...DEFAULT_ABANDON });
  return { settings: strictestOf(all), profileIds: [...new Set(withAbandon.map((p) => p.id))], unknown };
}
