// Mexico: Ley Federal del Trabajo art. 74 rest days, plus the days banks close by the CNBV
// calendar (Holy Thursday/Friday, 2 Nov, 12 Dec), included as "bank": whether they bar
// collection contact is unsettled, and blocking them is the safe side.
import { easterOffset, HolidayList, nthWeekday, type Holiday } from './calendar.js';

export function mexicoHolidays(y: number): Holiday[] {
  const l = new HolidayList();
  l.add({ y, m: 1, d: 1 }, 'Año Nuevo');
  l.add(nthWeekday(y, 2, 1, 1), 'Día de la Constitución');
  l.add(nthWeekday(y, 3, 1, 3), 'Natalicio de Benito Juárez');
  l.add(easterOffset(y, -3), 'Jueves Santo', 'bank');
  l.add(easterOffset(y, -2), 'Viernes Santo', 'bank');
  l.add({ y, m: 5, d: 1 }, 'Día del Trabajo');
  l.add({ y, m: 9, d: 16 }, 'Día de la Independencia');
  // Presidential inauguration every six years (2024, 2030, …).
  if ((y - 2024) % 6 === 0 && y >= 2024) l.add({ y, m: 10, d: 1 }, 'Transmisión del Poder Ejecutivo Federal');
  l.add({ y, m: 11, d: 2 }, 'Día de Muertos', 'bank');
  l.add(nthWeekday(y, 11, 1, 3), 'Día de la Revolución');
  l.add({ y, m: 12, d: 12 }, 'Día de la Virgen de Guadalupe', 'bank');
  l.add({ y, m: 12, d: 25 }, 'Navidad');
  return l.items;
}
