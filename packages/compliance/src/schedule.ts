// Weekly schedules: parsed once into minute ranges, checked against an instant's local time.
import { ComplianceConfigError } from './errors.js';
import { addDaysToDate, instantOfLocal, localParts, offsetMinutes } from './localtime.js';
import { WEEKDAYS, type TimeRange, type WeeklySchedule } from './types.js';

/** [fromMs, toMs) of the local day, per ISO weekday index 1..7 (index 0 unused). */
export type ParsedSchedule = Array<Array<[number, number]>>;

const CLOCK = /^(\d{2}):(\d{2})$/;

function parseClock(value: string, field: string): number {
  const m = CLOCK.exec(value);
  if (!m) throw new ComplianceConfigError(field, `expected "HH:MM", got ${JSON.stringify(value)}`);
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) throw new ComplianceConfigError(field, `"${value}" is not a time of day`);
  return (h * 60 + min) * 60_000;
}

export function parseSchedule(schedule: WeeklySchedule, field: string): ParsedSchedule {
  const out: ParsedSchedule = [[]];
  for (const [i, day] of WEEKDAYS.entries()) {
    const ranges: TimeRange[] = schedule[day] ?? [];
    const parsed: Array<[number, number]> = ranges.map((r, j) => {
      const from = parseClock(r.from, `${field}.${day}[${j}].from`);
      const to = parseClock(r.to, `${field}.${day}[${j}].to`);
      if (to <= from) throw new ComplianceConfigError(`${field}.${day}[${j}]`, `"to" (${r.to}) must be after "from" (${r.from})`);
      return [from, to];
    });
    parsed.sort((a, b) => a[0] - b[0]);
    out[i + 1] = parsed;
  }
  for (const key of Object.keys(schedule)) {
    if (!(WEEKDAYS as readonly string[]).includes(key)) throw new ComplianceConfigError(`${field}.${key}`, `unknown weekday (use ${WEEKDAYS.join(', ')})`);
  }
  return out;
}

export function inSchedule(s: ParsedSchedule, isoWeekday: number, msOfDay: number): boolean {
  return (s[isoWeekday] ?? []).some(([from, to]) => msOfDay >= from && msOfDay < to);
}

/** The instant a zone's offset changes within (a, b], if it does (at most one per local day). */
function offsetChangeBetween(zone: string, a: number, b: number): number | null {
  const oa = offsetMinutes(zone, a);
  if (offsetMinutes(zone, b) === oa) return null;
  let lo = a;
  let hi = b;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetMinutes(zone, mid) === oa) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * Earliest instant ≥ ms inside the schedule, on a local day for which `dayOpen(date)` is true,
 * searching `maxDays` local days ahead; null when there is none.
 *
 * On one local day the allowed instants of a range [from, to) start either where the local
 * reading reaches `from` (one or two occurrences, or the end of a DST gap) or where clocks
 * going back jump the reading into the range, so those are the only candidates besides ms.
 */
export function nextInSchedule(
  s: ParsedSchedule,
  ms: number,
  zone: string,
  dayOpen: (date: string) => boolean,
  maxDays = 400,
): number | null {
  const p0 = localParts(ms, zone);
  for (let i = 0; i <= maxDays; i++) {
    const d = addDaysToDate(p0.y, p0.m, p0.d, i);
    const p = i === 0 ? p0 : localParts(instantOfLocal(zone, d.y, d.m, d.d, 12 * 3_600_000), zone);
    if (!dayOpen(p.date)) continue;
    const ranges = s[p.isoWeekday] ?? [];
    if (ranges.length === 0) continue;
    const dayStart = instantOfLocal(zone, d.y, d.m, d.d, 0);
    const n = addDaysToDate(d.y, d.m, d.d, 1);
    const dayEnd = instantOfLocal(zone, n.y, n.m, n.d, 0);
    const jump = offsetChangeBetween(zone, dayStart, dayEnd - 1);
    const candidates: number[] = [ms];
    if (jump !== null) candidates.push(jump);
    for (const [from] of ranges) {
      candidates.push(instantOfLocal(zone, d.y, d.m, d.d, from, 'earliest'), instantOfLocal(zone, d.y, d.m, d.d, from, 'latest'));
    }
    candidates.sort((a, b) => a - b);
    for (const c of candidates) {
      if (c < ms) continue;
      const lp = localParts(c, zone);
      if (lp.date === p.date && inSchedule(s, lp.isoWeekday, lp.msOfDay)) return c;
    }
  }
  return null;
}
