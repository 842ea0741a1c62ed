// Colombia: Ley 51 de 1983 ("Ley Emiliani") moves most holidays to the following Monday;
// Easter-based ones are counted from Easter Sunday (Ascension, Corpus Christi and Sacred Heart
// land on Mondays after the move).
import { easterOffset, HolidayList, nextMondayOnOrAfter, type Holiday } from './calendar.js';

export function colombiaHolidays(y: number): Holiday[] {
  const l = new HolidayList();
  l.add({ y, m: 1, d: 1 }, 'Año Nuevo');
  l.add(nextMondayOnOrAfter({ y, m: 1, d: 6 }), 'Día de los Reyes Magos');
  l.add(nextMondayOnOrAfter({ y, m: 3, d: 19 }), 'Día de San José');
  l.add(easterOffset(y, -3), 'Jueves Santo');
  l.add(easterOffset(y, -2), 'Viernes Santo');
  l.add({ y, m: 5, d: 1 }, 'Día del Trabajo');
  l.add(easterOffset(y, 43), 'Ascensión del Señor');
  l.add(easterOffset(y, 64), 'Corpus Christi');
  l.add(easterOffset(y, 71), 'Sagrado Corazón de Jesús');
  l.add(nextMondayOnOrAfter({ y, m: 6, d: 29 }), 'San Pedro y San Pablo');
  l.add({ y, m: 7, d: 20 }, 'Día de la Independencia');
  l.add({ y, m: 8, d: 7 }, 'Batalla de Boyacá');
  l.add(nextMondayOnOrAfter({ y, m: 8, d: 15 }), 'La Asunción de la Virgen');
  l.add(nextMondayOnOrAfter({ y, m: 10, d: 12 }), 'Día de la Raza');
  l.add(nextMondayOnOrAfter({ y, m: 11, d: 1 }), 'Todos los Santos');
  l.add(nextMondayOnOrAfter({ y, m: 11, d: 11 }), 'Independencia de Cartagena');
  l.add({ y, m: 12, d: 8 }, 'Día de la Inmaculada Concepción');
  l.add({ y, m: 12, d: 25 }, 'Navidad');
  return l.items;
}
