import { ComplianceConfigError } from '../errors.js';
import type { Holiday } from './calendar.js';
import { chileHolidays } from './cl.js';
import { colombiaHolidays } from './co.js';
import { ecuadorHolidays } from './ec.js';
import { mexicoHolidays } from './mx.js';
import { peruHolidays } from './pe.js';
import { ukHolidays } from './uk.js';
import { usHolidays } from './us.js';

export type { Holiday } from './calendar.js';
export { easterSunday } from './calendar.js';

type Generator = (year: number, region?: string) => Holiday[];

const GENERATORS: Record<string, Generator> = {
  CO: colombiaHolidays,
  MX: mexicoHolidays,
  PE: peruHolidays,
  CL: chileHolidays,
  EC: ecuadorHolidays,
  US: usHolidays,
  GB: ukHolidays,
  UK: ukHolidays,
};

export const HOLIDAY_COUNTRIES = Object.keys(GENERATORS);
/** The algorithms are written for the current laws; far-off years would silently be wrong. */
export const HOLIDAY_YEAR_RANGE = { from: 2000, to: 2100 } as const;

const cache = new Map<string, Map<string, Holiday>>();

function yearMap(country: string, region: string | undefined, year: number): Map<string, Holiday> {
  const c = country.toUpperCase();
  const key = `${c}|${region?.toUpperCase() ?? ''}|${year}`;
  let m = cache.get(key);
  if (m) return m;
  const gen = GENERATORS[c];
  if (!gen) throw new ComplianceConfigError('holidays.calendars.country', `no holiday calendar for country "${country}" (known: ${HOLIDAY_COUNTRIES.join(', ')})`);
  if (!Number.isInteger(year) || year < HOLIDAY_YEAR_RANGE.from || year > HOLIDAY_YEAR_RANGE.to) {
    throw new ComplianceConfigError('holidays.year', `year ${year} outside ${HOLIDAY_YEAR_RANGE.from}–${HOLIDAY_YEAR_RANGE.to}`);
  }
  m = new Map();
  for (const h of gen(year, region)) if (!m.has(h.date)) m.set(h.date, h);
  cache.set(key, m);
  return m;
}

/** Every day without contact in that calendar year, sorted by date. */
export function holidaysFor(country: string, year: number, region?: string): Holiday[] {
  return [...yearMap(country, region, year).values()].sort((a, b) => a.date.localeCompare(b.date));
}

/** The holiday on a local date (YYYY-MM-DD), or undefined. */
export function holidayOn(country: string, date: string, region?: string): Holiday | undefined {
  return yearMap(country, region, Number(date.slice(0, 4))).get(date);
}

export function hasHolidayCalendar(country: string): boolean {
  return country.toUpperCase() in GENERATORS;
}
