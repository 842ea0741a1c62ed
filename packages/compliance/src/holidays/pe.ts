// Peru: national holidays (Decreto Legislativo 713 and later laws adding 7 Jun, 23 Jul, 6 Aug, 9 Dec).
import { easterOffset, HolidayList, type Holiday } from './calendar.js';

export function peruHolidays(y: number): Holiday[] {
  const l = new HolidayList();
  l.add({ y, m: 1, d: 1 }, 'Año Nuevo');
  l.add(easterOffset(y, -3), 'Jueves Santo');
  l.add(easterOffset(y, -2), 'Viernes Santo');
  l.add({ y, m: 5, d: 1 }, 'Día del Trabajo');
  if (y >= 2022) l.add({ y, m: 6, d: 7 }, 'Batalla de Arica y Día de la Bandera');
  l.add({ y, m: 6, d: 29 }, 'San Pedro y San Pablo');
  if (y >= 2023) l.add({ y, m: 7, d: 23 }, 'Día de la Fuerza Aérea del Perú');
  l.add({ y, m: 7, d: 28 }, 'Fiestas Patrias');
  l.add({ y, m: 7, d: 29 }, 'Fiestas Patrias');
  if (y >= 2022) l.add({ y, m: 8, d: 6 }, 'Batalla de Junín');
  l.add({ y, m: 8, d: 30 }, 'Santa Rosa de Lima');
  l.add({ y, m: 10, d: 8 }, 'Combate de Angamos');
  l.add({ y, m: 11, d: 1 }, 'Todos los Santos');
  l.add({ y, m: 12, d: 8 }, 'Inmaculada Concepción');
  if (y >= 2022) l.add({ y, m: 12, d: 9 }, 'Batalla de Ayacucho');
  l.add({ y, m: 12, d: 25 }, 'Navidad');
  return l.items;
}
