// Civil-date helpers shared by the holiday calendars. Dates are plain {y,m,d}; no time zones.
import { addDaysToDate, isoDate } from '../localtime.js';

export interface Holiday {
  /** YYYY-MM-DD, the day no contact is made */
  date: string;
  name: string;
  /** public = statutory rest day; observed = the day a moved/substituted holiday is kept; bank = banks closed by regulator's calendar */
  kind: 'public' | 'observed' | 'bank';
}

export interface CivilDate {
  y: number;
  m: number;
  d: number;
}

/** ISO weekday, 1 = Monday … 7 = Sunday. */
export function weekdayOf(y: number, m: number, d: number): number {
  const w = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return w === 0 ? 7 : w;
}

export function plusDays(date: CivilDate, days: number): CivilDate {
  return addDaysToDate(date.y, date.m, date.d, days);
}

export function toIso(date: CivilDate): string {
  return isoDate(date.y, date.m, date.d);
}

/** Gregorian Easter Sunday (anonymous Gregorian computus). */
export function easterSunday(y: number): CivilDate {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { y, m: month, d: day };
}

export function easterOffset(y: number, days: number): CivilDate {
  return plusDays(easterSunday(y), days);
}

/** n-th (1-based) given ISO weekday of a month; n = -1 for the last one. */
export function nthWeekday(y: number, m: number, isoWeekday: number, n: number): CivilDate {
  if (n > 0) {
    const first = weekdayOf(y, m, 1);
    return { y, m, d: 1 + ((isoWeekday - first + 7) % 7) + (n - 1) * 7 };
  }
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const last = weekdayOf(y, m, lastDay);
  return { y, m, d: lastDay - ((last - isoWeekday + 7) % 7) };
}

/** The same day if it is a Monday, otherwise the following Monday (Colombia's Ley Emiliani). */
export function nextMondayOnOrAfter(date: CivilDate): CivilDate {
  const w = weekdayOf(date.y, date.m, date.d);
  return plusDays(date, (8 - w) % 7);
}

export class HolidayList {
  readonly items: Holiday[] = [];
  add(date: CivilDate, name: string, kind: Holiday['kind'] = 'public'): this {
    this.items.push({ date: toIso(date), name, kind });
    return this;
  }
}
