// Calendar dates (YYYY-MM-DD, as Postgres `date` gives them) handled without time zones, so a due
// date never shifts a day when formatted in another zone.

export class DateError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'DateError';
  }
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses YYYY-MM-DD into a UTC-midnight Date; throws naming the field on anything else. */
export function parseIsoDate(value: string, field = 'date'): Date {
  const m = ISO_DATE.exec(value);
  if (!m) throw new DateError(`${field}: "${value}" is not a date in YYYY-MM-DD form`, field);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (d.getUTCFullYear() !== Number(m[1]) || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) {
    throw new DateError(`${field}: "${value}" is not a real calendar date`, field);
  }
  return d;
}

export function toIsoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Whole days from a to b (b - a), both YYYY-MM-DD. */
export function daysBetween(a: string, b: string): number {
  return Math.round((parseIsoDate(b).getTime() - parseIsoDate(a).getTime()) / 86_400_000);
}

export function addDays(date: string, days: number): string {
  const d = parseIsoDate(date);
  d.setUTCDate(d.getUTCDate() + days);
  return toIsoDate(d);
}

/**
 * Adds months keeping the anchor day where the month has it, else the month's last day
 * (Jan 31 → Feb 28/29 → Mar 31 when the anchor is 31).
 */
export function addMonths(date: string, months: number, anchorDay?: number): string {
  const d = parseIsoDate(date);
  const day = anchorDay ?? d.getUTCDate();
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return toIsoDate(new Date(Date.UTC(y, m, Math.min(day, last))));
}

/** Formats a calendar date for a locale (es-CO → "15 de marzo de 2026"). */
export function formatDate(date: string, locale: string, style: 'long' | 'medium' | 'short' = 'long'): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: style, timeZone: 'UTC' }).format(parseIsoDate(date));
}

/** Formats an instant (ISO string) with date and time in the given zone. */
export function formatDateTime(instant: string | Date, locale: string, timeZone?: string): string {
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(d);
}

/** Today's calendar date in a time zone (the debtor's, for days past due). */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** mm:ss or h:mm:ss for a duration in seconds (time in state, wrap-up countdown). */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = String(m).padStart(h > 0 ? 2 : 1, '0');
  return h > 0 ? `${h}:${mm}:${String(sec).padStart(2, '0')}` : `${mm}:${String(sec).padStart(2, '0')}`;
}
