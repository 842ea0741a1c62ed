// Report 4: the abandon rate the way each regulator counts it, over the window of the debtors' jurisdiction
// (its compliance profile's abandon settings: 30 days rolling for the US, 24 h for the UK), ending at the
// end of the range's last day, and the same window ending on each day of the range.
import { type AbandonSettings, DEFAULT_ABANDON, DEFAULT_PROFILES, abandonRate, abandonSettingsForPopulation } from '@cobranza/compliance';
import type { AbandonPoint, AbandonReport } from '@cobranza/contracts/api';
import type { Db } from '@cobranza/db';
import { sql } from 'kysely';
import { type ReportScope, rangeOf } from './range.js';
import { byLabel, callsTable, filterSql, group, groupKey, groupLabels, int } from './sql.js';

const HOUR = 3_600_000;

export interface JurisdictionAbandon {
  profileId: string | null;
  settings: AbandonSettings;
}

/** The abandon settings of a country's compliance profile (strictest), resolved as the dialer's pacing resolves a campaign's. */
export function abandonSettingsFor(country: string): JurisdictionAbandon {
  // an unknown country (or none) gets the platform's safe default, as in pacing
  const r = abandonSettingsForPopulation(country ? [{ country }] : []);
  return { profileId: r.profileIds[0] ?? null, settings: r.settings };
}

/** Longest window any profile counts over: how far before the range the figures are read. */
function longestWindowHours(): number {
  return Math.max(DEFAULT_ABANDON.windowHours, ...Object.values(DEFAULT_PROFILES).map((p) => p.abandon?.windowHours ?? 0));
}

export async function abandonReport(db: Db, s: ReportScope): Promise<AbandonReport> {
  // the window of today ends with the current hour: the roll-up counts whole hours
  const nowHourEnd = new Date(Math.ceil(s.now.getTime() / HOUR) * HOUR);
  const lastEnd = new Date(Math.min(s.end.getTime(), nowHourEnd.getTime()));
  const readFrom = new Date(s.start.getTime() - longestWindowHours() * HOUR);
  const calls = callsTable(s.groupBy, s.filters);
  const { rows } = await sql<{ key: string | null; country: string; bucket: Date; live: string; abandoned: string }>`
    select ${groupKey('r', s.groupBy)} as key, r.country, r.bucket, sum(r.contacts) as live, sum(r.abandoned) as abandoned
    from ${calls.table} r
    where r.bucket >= ${readFrom} and r.bucket < ${lastEnd} and r.contacts > 0 ${filterSql('r', s.filters, calls.filters)}
    group by 1, 2, 3
    order by 3`.execute(db);
  // per group and country: the hours in order, with running sums, so each window is two look-ups
  const series = new Map<string, { key: string | null; country: string; at: number[]; live: number[]; ab: number[] }>();
  for (const r of rows) {
    const id = `${r.key ?? ''}|${r.country}`;
    let x = series.get(id);
    if (!x) series.set(id, (x = { key: r.key, country: r.country, at: [], live: [0], ab: [0] }));
    x.at.push(new Date(r.bucket).getTime());
    x.live.push(x.live[x.live.length - 1]! + int(r.live));
    x.ab.push(x.ab[x.ab.length - 1]! + int(r.abandoned));
  }
  /** index of the first hour at or after t */
  const lowerBound = (at: number[], t: number) => {
    let lo = 0;
    let hi = at.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (at[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const labels = await groupLabels(db, s.groupBy, [...series.values()].map((x) => x.key));
  const out: AbandonReport['rows'] = [];
  for (const x of series.values()) {
    const j = abandonSettingsFor(x.country);
    const windowMs = j.settings.windowHours * HOUR;
    const windowAt = (end: number) => {
      const a = lowerBound(x.at, end - windowMs);
      const b = lowerBound(x.at, end);
      const liveAnswers = x.live[b]! - x.live[a]!;
      const abandoned = x.ab[b]! - x.ab[a]!;
      return { liveAnswers, abandoned, rate: liveAnswers > 0 ? abandonRate({ liveAnswers, abandoned }, 0, j.settings.countAmdFalsePositives).rate : null };
    };
    const points: AbandonPoint[] = s.days
      // days not begun yet have no window to show
      .filter((d) => d.end.getTime() - 86_400_000 < lastEnd.getTime())
      .map((d) => ({ date: d.date, ...windowAt(Math.min(d.end.getTime(), lastEnd.getTime())) }));
    const last = windowAt(lastEnd.getTime());
    // a country with no live answer inside its window has nothing to report
    if (last.liveAnswers === 0 && points.every((p) => p.liveAnswers === 0)) continue;
    out.push({
      ...group(x.key, labels),
      country: x.country,
      profileId: j.profileId,
      windowHours: j.settings.windowHours,
      maxRate: j.settings.maxRate,
      windowStart: new Date(lastEnd.getTime() - windowMs).toISOString(),
      windowEnd: lastEnd.toISOString(),
      ...last,
      overCap: last.rate !== null && last.rate > j.settings.maxRate,
      series: points,
    });
  }
  out.sort((a, b) => byLabel(a, b) || a.country.localeCompare(b.country));
  return { ...rangeOf(s), rows: out };
}
