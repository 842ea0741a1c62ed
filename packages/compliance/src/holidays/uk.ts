// United Kingdom bank holidays (Banking and Financial Dealings Act 1971 and royal proclamations):
// England & Wales by default, Scotland (SCT) and Northern Ireland (NIR) by region. Weekend
// holidays are substituted by the next weekday not already a holiday.
import { easterOffset, HolidayList, nthWeekday, plusDays, toIso, weekdayOf, type CivilDate, type Holiday } from './calendar.js';

/** Substitutes weekend dates, in the given order, by the next free weekday. */
function withSubstitutes(l: HolidayList, dates: { date: CivilDate; name: string }[]): void {
  const taken = new Set(l.items.map((h) => h.date));
  for (const { date } of dates) if (weekdayOf(date.y, date.m, date.d) <= 5) taken.add(toIso(date));
  for (const { date, name } of dates) {
    l.add(date, name);
    if (weekdayOf(date.y, date.m, date.d) <= 5) continue;
    let sub = plusDays(date, 1);
    while (weekdayOf(sub.y, sub.m, sub.d) > 5 || taken.has(toIso(sub))) sub = plusDays(sub, 1);
    taken.add(toIso(sub));
    l.add(sub, `${name} (substitute day)`, 'observed');
  }
}

export function ukHolidays(y: number, region?: string): Holiday[] {
  const r = (region ?? 'ENG').toUpperCase();
  const scotland = r === 'SCT';
  const ni = r === 'NIR';
  const l = new HolidayList();
  l.add(easterOffset(y, -2), 'Good Friday');
  if (!scotland) l.add(easterOffset(y, 1), 'Easter Monday');
  l.add(nthWeekday(y, 5, 1, 1), 'Early May bank holiday');
  l.add(nthWeekday(y, 5, 1, -1), 'Spring bank holiday');
  l.add(scotland ? nthWeekday(y, 8, 1, 1) : nthWeekday(y, 8, 1, -1), 'Summer bank holiday');
  const subs: { date: CivilDate; name: string }[] = [{ date: { y, m: 1, d: 1 }, name: "New Year's Day" }];
  if (scotland) subs.push({ date: { y, m: 1, d: 2 }, name: '2nd January' });
  if (ni) subs.push({ date: { y, m: 3, d: 17 }, name: "St Patrick's Day" });
  if (ni) subs.push({ date: { y, m: 7, d: 12 }, name: 'Battle of the Boyne (Orangemen’s Day)' });
  if (scotland) subs.push({ date: { y, m: 11, d: 30 }, name: "St Andrew's Day" });
  withSubstitutes(l, subs);
  withSubstitutes(l, [
    { date: { y, m: 12, d: 25 }, name: 'Christmas Day' },
    { date: { y, m: 12, d: 26 }, name: 'Boxing Day' },
  ]);
  return l.items;
}
