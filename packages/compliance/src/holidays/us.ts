// United States: federal holidays (5 U.S.C. 6103) with the Saturday → Friday / Sunday → Monday
// observance; both the date and the observed day are listed. State days for the overlay states.
import { HolidayList, nthWeekday, plusDays, weekdayOf, type CivilDate, type Holiday } from './calendar.js';

export function usHolidays(y: number, region?: string): Holiday[] {
  const l = new HolidayList();
  const fixed = (date: CivilDate, name: string) => {
    l.add(date, name);
    const w = weekdayOf(date.y, date.m, date.d);
    if (w === 6) l.add(plusDays(date, -1), `${name} (observed)`, 'observed');
    if (w === 7) l.add(plusDays(date, 1), `${name} (observed)`, 'observed');
  };
  fixed({ y, m: 1, d: 1 }, "New Year's Day");
  l.add(nthWeekday(y, 1, 1, 3), 'Birthday of Martin Luther King, Jr.');
  l.add(nthWeekday(y, 2, 1, 3), "Washington's Birthday");
  l.add(nthWeekday(y, 5, 1, -1), 'Memorial Day');
  fixed({ y, m: 6, d: 19 }, 'Juneteenth National Independence Day');
  fixed({ y, m: 7, d: 4 }, 'Independence Day');
  l.add(nthWeekday(y, 9, 1, 1), 'Labor Day');
  l.add(nthWeekday(y, 10, 1, 2), 'Columbus Day');
  fixed({ y, m: 11, d: 11 }, 'Veterans Day');
  l.add(nthWeekday(y, 11, 4, 4), 'Thanksgiving Day');
  fixed({ y, m: 12, d: 25 }, 'Christmas Day');
  const r = region?.toUpperCase();
  if (r === 'MA') l.add(nthWeekday(y, 4, 1, 3), "Patriots' Day");
  return l.items;
}
