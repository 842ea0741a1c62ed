// Ecuador: LOSEP holidays with the 2016 transfer rules (Tue → previous Monday, Wed/Thu → that
// week's Friday, Sat → previous Friday, Sun → next Monday; 1 Jan and 25 Dec only move off
// weekends; Carnival and Good Friday never move). The government re-decrees transfers most years,
// so both the original date and the transferred one are kept: blocking both is the safe side.
import { easterOffset, HolidayList, plusDays, weekdayOf, type CivilDate, type Holiday } from './calendar.js';

function transferred(date: CivilDate, weekendOnly: boolean): CivilDate {
  const w = weekdayOf(date.y, date.m, date.d);
  if (w === 6) return plusDays(date, -1);
  if (w === 7) return plusDays(date, 1);
  if (weekendOnly) return date;
  if (w === 2) return plusDays(date, -1);
  if (w === 3 || w === 4) return plusDays(date, 5 - w);
  return date;
}

export function ecuadorHolidays(y: number): Holiday[] {
  const l = new HolidayList();
  const movable = (date: CivilDate, name: string, weekendOnly = false) => {
    l.add(date, name);
    const t = transferred(date, weekendOnly);
    if (t.d !== date.d || t.m !== date.m || t.y !== date.y) l.add(t, `${name} (traslado)`, 'observed');
  };
  movable({ y, m: 1, d: 1 }, 'Año Nuevo', true);
  l.add(easterOffset(y, -48), 'Carnaval');
  l.add(easterOffset(y, -47), 'Carnaval');
  l.add(easterOffset(y, -2), 'Viernes Santo');
  movable({ y, m: 5, d: 1 }, 'Día del Trabajo');
  movable({ y, m: 5, d: 24 }, 'Batalla de Pichincha');
  movable({ y, m: 8, d: 10 }, 'Primer Grito de Independencia');
  movable({ y, m: 10, d: 9 }, 'Independencia de Guayaquil');
  movable({ y, m: 11, d: 2 }, 'Día de los Difuntos');
  movable({ y, m: 11, d: 3 }, 'Independencia de Cuenca');
  movable({ y, m: 12, d: 25 }, 'Navidad', true);
  return l.items;
}
