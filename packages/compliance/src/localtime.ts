// Local-time arithmetic on instants (epoch ms) for one IANA zone. Built on the zone's offset
// function rather than on wall-clock constructors so DST gaps and overlaps are handled the same
// way everywhere: "the first instant of a local day" exists even when local midnight does not.
import { IANAZone } from 'luxon';
import { ComplianceInputError } from './errors.js';

const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const zoneCache = new Map<string, IANAZone>();

export function zoneOf(name: string, field = 'timeZone'): IANAZone {
  let z = zoneCache.get(name);
  if (z) return z;
  if (!IANAZone.isValidZone(name)) throw new ComplianceInputError(field, `unknown IANA time zone "${name}"`);
  z = IANAZone.create(name);
  zoneCache.set(name, z);
  return z;
}

/**
 * Offset of a zone at an instant, in minutes. Intl-based lookups cost microseconds each and the
 * search for nextAllowedAt makes many, so offsets are cached per zone and UTC hour: an hour whose
 * two ends agree has one offset throughout (no zone changes twice within an hour); an hour whose
 * ends differ has its transition located once by bisection.
 */
interface HourOffsets {
  start: number;
  end: number;
  /** First instant with the `end` offset when start !== end. */
  change: number;
}
const offsetCache = new Map<string, Map<number, HourOffsets>>();
const OFFSET_CACHE_MAX = 500_000;
let offsetCacheSize = 0;

export function offsetMinutes(zone: string, ms: number): number {
  let perZone = offsetCache.get(zone);
  if (!perZone) {
    perZone = new Map();
    offsetCache.set(zone, perZone);
  }
  const hour = Math.floor(ms / HOUR);
  let h = perZone.get(hour);
  if (!h) {
    const z = zoneOf(zone);
    const a = hour * HOUR;
    const b = a + HOUR;
    const start = z.offset(a);
    const end = z.offset(b);
    let change = b;
    if (start !== end) {
      let lo = a;
      let hi = b;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (z.offset(mid) === start) lo = mid;
        else hi = mid;
      }
      change = hi;
    }
    h = { start, end, change };
    if (offsetCacheSize >= OFFSET_CACHE_MAX) {
      offsetCache.clear();
      offsetCacheSize = 0;
      perZone = new Map();
      offsetCache.set(zone, perZone);
    }
    perZone.set(hour, h);
    offsetCacheSize++;
  }
  return ms < h.change ? h.start : h.end;
}

export interface LocalParts {
  y: number;
  m: number;
  d: number;
  /** 1 = Monday … 7 = Sunday */
  isoWeekday: number;
  msOfDay: number;
  /** YYYY-MM-DD */
  date: string;
}

export function isoDate(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function localParts(ms: number, zone: string): LocalParts {
  const wall = ms + offsetMinutes(zone, ms) * MINUTE;
  const dt = new Date(wall);
  const y = dt.getUTCFullYear();
  const m = dt.getUTCMonth() + 1;
  const d = dt.getUTCDate();
  const dow = dt.getUTCDay();
  const msOfDay = wall - Date.UTC(y, m - 1, d);
  return { y, m, d, isoWeekday: dow === 0 ? 7 : dow, msOfDay, date: isoDate(y, m, d) };
}

/** Civil-date arithmetic (no zone involved). */
export function addDaysToDate(y: number, m: number, d: number, days: number): { y: number; m: number; d: number } {
  const dt = new Date(Date.UTC(y, m - 1, d) + days * DAY);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

/**
 * Instant of a local wall-clock reading. `pick` chooses between the two instants of an
 * ambiguous reading (clocks going back). A reading that does not exist (clocks going forward)
 * resolves to the transition instant, the first instant whose local reading is later.
 */
export function instantOfLocal(
  zone: string,
  y: number,
  m: number,
  d: number,
  msOfDay: number,
  pick: 'earliest' | 'latest' = 'earliest',
): number {
  const wall = Date.UTC(y, m - 1, d) + msOfDay;
  const offsets = new Set<number>();
  // Offsets are within ±15 h and a zone changes at most once in 30 h, so the two ends of that
  // span see every offset a wall reading can have.
  for (const h of [-15, 15]) offsets.add(offsetMinutes(zone, wall + h * HOUR));
  let best: number | null = null;
  for (const o of offsets) {
    const x = wall - o * MINUTE;
    if (offsetMinutes(zone, x) === o && (best === null || (pick === 'earliest' ? x < best : x > best))) best = x;
  }
  if (best !== null) return best;
  // In a gap: the transition lies between the two candidate instants.
  const sorted = [...offsets].sort((a, b) => a - b);
  const before = sorted[0]!;
  let lo = wall - sorted[sorted.length - 1]! * MINUTE;
  let hi = wall - before * MINUTE;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetMinutes(zone, mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

export function startOfLocalDay(ms: number, zone: string): number {
  const p = localParts(ms, zone);
  return instantOfLocal(zone, p.y, p.m, p.d, 0);
}

export function startOfNextLocalDay(ms: number, zone: string): number {
  const p = localParts(ms, zone);
  const n = addDaysToDate(p.y, p.m, p.d, 1);
  return instantOfLocal(zone, n.y, n.m, n.d, 0);
}

/** The first instant of the local day `days` after the local day of ms (days = 1: startOfNextLocalDay). */
export function startOfLocalDayPlus(ms: number, zone: string, days: number): number {
  const p = localParts(ms, zone);
  const n = addDaysToDate(p.y, p.m, p.d, days);
  return instantOfLocal(zone, n.y, n.m, n.d, 0);
}

/** weekStartsOn: 1 = Monday … 7 = Sunday */
export function startOfLocalWeek(ms: number, zone: string, weekStartsOn: number): number {
  const p = localParts(ms, zone);
  const back = (p.isoWeekday - weekStartsOn + 7) % 7;
  const s = addDaysToDate(p.y, p.m, p.d, -back);
  return instantOfLocal(zone, s.y, s.m, s.d, 0);
}

export function startOfNextLocalWeek(ms: number, zone: string, weekStartsOn: number): number {
  const p = localParts(ms, zone);
  const back = (p.isoWeekday - weekStartsOn + 7) % 7;
  const s = addDaysToDate(p.y, p.m, p.d, 7 - back);
  return instantOfLocal(zone, s.y, s.m, s.d, 0);
}

export function startOfLocalMonth(ms: number, zone: string): number {
  const p = localParts(ms, zone);
  return instantOfLocal(zone, p.y, p.m, 1, 0);
}

export function startOfNextLocalMonth(ms: number, zone: string): number {
  const p = localParts(ms, zone);
  return p.m === 12 ? instantOfLocal(zone, p.y + 1, 1, 1, 0) : instantOfLocal(zone, p.y, p.m + 1, 1, 0);
}

/**
 * End of an "N days after" period. Across a DST change N days is ambiguous (N×24 h or N local
 * days); the strict reading is the longer one. Rolling windows use the same function (an event
 * stops counting at plusDaysStrict(event, N)) so a window and its "next allowed" agree exactly.
 */
export function plusDaysStrict(ms: number, days: number, zone: string): number {
  const p = localParts(ms, zone);
  const n = addDaysToDate(p.y, p.m, p.d, days);
  return Math.max(ms + days * DAY, instantOfLocal(zone, n.y, n.m, n.d, p.msOfDay, 'latest'));
}
