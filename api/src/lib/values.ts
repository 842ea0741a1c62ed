// Conversions between database values (node-postgres and PGlite differ slightly) and API values.

/** numeric comes back as a string (exact); the API speaks numbers. */
export const num = (v: string | number | bigint | null | undefined): number => (v === null || v === undefined ? 0 : Number(v));
export const numOrNull = (v: string | number | bigint | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));

/** A date column: 'YYYY-MM-DD' from node-postgres (parser set in @cobranza/db), a Date at UTC midnight from PGlite. */
export function isoDate(v: string | Date | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.slice(0, 10);
  return v.toISOString().slice(0, 10);
}

export const isoDateTime = (v: Date | string | null | undefined): string | null =>
  v === null || v === undefined ? null : (v instanceof Date ? v : new Date(v)).toISOString();

/** Today's date (YYYY-MM-DD) in an IANA time zone. */
export function todayIn(timeZone: string, now = new Date()): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

/** Whole days from a to b (YYYY-MM-DD), b - a. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** National ids are shown to agents with only the last 3 characters. */
export function maskDocument(doc: string): string {
  if (doc.length <= 3) return '*'.repeat(doc.length);
  return '*'.repeat(doc.length - 3) + doc.slice(-3);
}

export function maskPhone(e164: string): string {
  const digits = e164.replace(/\D/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  return `+${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
}

/** Rounds money to cents the way people write it. */
export const cents = (n: number): number => Math.round(n * 100) / 100;
