// Wall-clock times in a named zone (the debtor's), with Intl only: the console reads a callback time typed
// as the debtor's local time, shows the debtor's clock, and labels every such time with the debtor's city.

function zoneOffsetMs(zone: string, ms: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return asUtc - Math.floor(ms / 1000) * 1000;
}

const WALL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * The instant of a wall-clock reading "YYYY-MM-DDTHH:mm" (an <input type="datetime-local"> value) in a
 * zone; null when the text is not such a reading. A reading skipped by a clock change lands just after it.
 */
export function instantOfWallTime(local: string, zone: string): Date | null {
  const m = WALL.exec(local);
  if (!m) return null;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  if (Number.isNaN(wall)) return null;
  // the offset at the guess, then at the corrected instant (they differ only next to a clock change)
  const first = wall - zoneOffsetMs(zone, wall);
  return new Date(wall - zoneOffsetMs(zone, first));
}

/** "YYYY-MM-DDTHH:mm" of an instant in a zone: the value (or min) of a datetime-local read in that zone. */
export function wallTimeIn(instant: Date, zone: string): string {
  const local = new Date(instant.getTime() + zoneOffsetMs(zone, instant.getTime()));
  return local.toISOString().slice(0, 16);
}

// cities whose name people write differently from the zone id
const CITY: Record<string, { es: string; en: string }> = {
  'America/Bogota': { es: 'Bogotá', en: 'Bogotá' },
  'America/Mexico_City': { es: 'Ciudad de México', en: 'Mexico City' },
  'America/New_York': { es: 'Nueva York', en: 'New York' },
  'America/Sao_Paulo': { es: 'São Paulo', en: 'São Paulo' },
  'America/Panama': { es: 'Panamá', en: 'Panama' },
  'America/Bahia_Banderas': { es: 'Bahía de Banderas', en: 'Bahía de Banderas' },
  'America/Merida': { es: 'Mérida', en: 'Mérida' },
  'America/Cancun': { es: 'Cancún', en: 'Cancún' },
  'Europe/London': { es: 'Londres', en: 'London' },
  'Europe/Madrid': { es: 'Madrid', en: 'Madrid' },
};

/** The city that names a zone in a label: America/Bogota → "Bogotá", America/Argentina/Buenos_Aires → "Buenos Aires". */
export function zoneCity(zone: string, lang: 'es' | 'en'): string {
  const known = CITY[zone];
  if (known) return known[lang];
  return (zone.split('/').pop() ?? zone).replace(/_/g, ' ');
}

/** Weekday, date and time of an instant in a zone, for a person: "miércoles, 9 de diciembre, 07:00". */
export function formatWallTime(instant: Date, zone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant);
}

/** An instant as the debtor's clock reads it, labelled: "lunes, 7 de diciembre, 08:00 (hora del deudor, Bogotá)". */
export function debtorTimeLabel(instant: Date, zone: string, lang: 'es' | 'en'): string {
  const when = formatWallTime(instant, zone, lang === 'es' ? 'es-CO' : 'en-US');
  return `${when} (${lang === 'es' ? 'hora del deudor' : "debtor's time"}, ${zoneCity(zone, lang)})`;
}
