// Chile: national holidays with the Ley 19.668 Monday moves (29 Jun, 12 Oct), the Ley 20.299
// Friday moves (31 Oct), the conditional 2 Jan / 17 Sep / 20 Sep days, the solstice-based Día
// de los Pueblos Indígenas (Ley 21.357) and the two regional days.
import { localParts } from '../localtime.js';
import { easterOffset, HolidayList, plusDays, weekdayOf, type CivilDate, type Holiday } from './calendar.js';
import { juneSolsticeMs } from './solstice.js';

/** Tue/Wed/Thu move back to that week's Monday, Friday forward to the next Monday. */
function ley19668(date: CivilDate): CivilDate {
  const w = weekdayOf(date.y, date.m, date.d);
  if (w >= 2 && w <= 4) return plusDays(date, 1 - w);
  if (w === 5) return plusDays(date, 3);
  return date;
}

export function chileHolidays(y: number, region?: string): Holiday[] {
  const l = new HolidayList();
  l.add({ y, m: 1, d: 1 }, 'Año Nuevo');
  if (weekdayOf(y, 1, 2) === 1) l.add({ y, m: 1, d: 2 }, 'Feriado adicional de Año Nuevo');
  l.add(easterOffset(y, -2), 'Viernes Santo');
  l.add(easterOffset(y, -1), 'Sábado Santo');
  l.add({ y, m: 5, d: 1 }, 'Día Nacional del Trabajo');
  l.add({ y, m: 5, d: 21 }, 'Día de las Glorias Navales');
  if (y >= 2021) {
    const p = localParts(juneSolsticeMs(y), 'America/Santiago');
    l.add({ y: p.y, m: p.m, d: p.d }, 'Día Nacional de los Pueblos Indígenas');
  }
  l.add(ley19668({ y, m: 6, d: 29 }), 'San Pedro y San Pablo');
  l.add({ y, m: 7, d: 16 }, 'Día de la Virgen del Carmen');
  l.add({ y, m: 8, d: 15 }, 'Asunción de la Virgen');
  if (weekdayOf(y, 9, 17) === 1) l.add({ y, m: 9, d: 17 }, 'Fiestas Patrias (feriado adicional)');
  l.add({ y, m: 9, d: 18 }, 'Independencia Nacional');
  l.add({ y, m: 9, d: 19 }, 'Día de las Glorias del Ejército');
  if (weekdayOf(y, 9, 20) === 5) l.add({ y, m: 9, d: 20 }, 'Fiestas Patrias (feriado adicional)');
  l.add(ley19668({ y, m: 10, d: 12 }), 'Encuentro de Dos Mundos');
  const oct31 = weekdayOf(y, 10, 31);
  const reformation = oct31 === 2 ? { y, m: 10, d: 27 } : oct31 === 3 ? { y, m: 11, d: 2 } : { y, m: 10, d: 31 };
  l.add(reformation, 'Día de las Iglesias Evangélicas y Protestantes');
  l.add({ y, m: 11, d: 1 }, 'Día de Todos los Santos');
  l.add({ y, m: 12, d: 8 }, 'Inmaculada Concepción');
  l.add({ y, m: 12, d: 25 }, 'Navidad');
  const r = region?.toUpperCase();
  if (r === 'AP') l.add({ y, m: 6, d: 7 }, 'Asalto y Toma del Morro de Arica');
  // Legally only the communes of Chillán and Chillán Viejo; the whole region is the safe side.
  if (r === 'NB') l.add({ y, m: 8, d: 20 }, 'Nacimiento del Prócer de la Independencia');
  return l.items;
}
