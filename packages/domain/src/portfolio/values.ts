// Field-level parsing for portfolio files: amounts, dates, currencies, flags. Each parser returns the
// normalised value or an error string that says what was expected.

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** numeric(16,2) holds up to 10^14; anything near that in a consumer portfolio is a typo. */
export const MAX_AMOUNT = 1_000_000_000_000;

const AMOUNT_RE = /^(\d{1,13})(?:[.,](\d{1,2}))?$/;

/** A non-negative amount with at most two decimals, "." or "," as decimal mark, as an exact string. */
export function parseAmount(raw: string): Parsed<string> {
  const m = AMOUNT_RE.exec(raw);
  if (!m) {
    if (/^-/.test(raw)) return { ok: false, reason: 'amount must not be negative' };
    return { ok: false, reason: 'not an amount: expected digits with up to 2 decimals, no thousands separators (1234567.89)' };
  }
  const whole = m[1]!.replace(/^0+(?=\d)/, '');
  const value = m[2] ? `${whole}.${m[2]}` : whole;
  if (Number(value) > MAX_AMOUNT) return { ok: false, reason: `amount above the sanity limit of ${MAX_AMOUNT}` };
  return { ok: true, value };
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LATAM_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** ISO 8601 (2026-11-23) or day first as written in Latin America (23/11/2026); returns YYYY-MM-DD. */
export function parseDate(raw: string): Parsed<string> {
  let y: number, mo: number, d: number;
  let m = ISO_DATE.exec(raw);
  if (m) {
    y = Number(m[1]);
    mo = Number(m[2]);
    d = Number(m[3]);
  } else if ((m = LATAM_DATE.exec(raw))) {
    d = Number(m[1]);
    mo = Number(m[2]);
    y = Number(m[3]);
  } else {
    return { ok: false, reason: 'not a date: expected YYYY-MM-DD or DD/MM/YYYY' };
  }
  if (mo < 1 || mo > 12) return { ok: false, reason: `no month ${mo}` };
  const dim = mo === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[mo - 1]!;
  if (d < 1 || d > dim) return { ok: false, reason: `no day ${d} in ${y}-${String(mo).padStart(2, '0')}` };
  if (y < 1900 || y > 2100) return { ok: false, reason: `year ${y} is out of range (1900-2100)` };
  return { ok: true, value: `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
}

let currencies: Set<string> | undefined;
/** ISO 4217 codes the runtime's Intl knows: the same set that can format the amount later. */
export function isKnownCurrency(code: string): boolean {
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return currencies.has(code);
}

const TRUE = new Set(['1', 'true', 'yes', 'si', 'sí', 'y', 's', 'x']);
const FALSE = new Set(['0', 'false', 'no', 'n', '']);
export function parseFlag(raw: string): Parsed<boolean> {
  const v = raw.trim().toLowerCase();
  if (TRUE.has(v)) return { ok: true, value: true };
  if (FALSE.has(v)) return { ok: true, value: false };
  return { ok: false, reason: 'expected yes/no (si, no, true, false, 1, 0)' };
}

export function parseRiskScore(raw: string): Parsed<string> {
  if (!/^\d{1,3}(?:[.,]\d{1,2})?$/.test(raw)) return { ok: false, reason: 'risk score must be a number from 0 to 999.99' };
  return { ok: true, value: raw.replace(',', '.') };
}

const EMAIL_RE = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;
export function parseEmail(raw: string): Parsed<string> {
  return EMAIL_RE.test(raw) && raw.length <= 254 ? { ok: true, value: raw.toLowerCase() } : { ok: false, reason: 'not an email address' };
}

export function parseLocale(raw: string): Parsed<string> {
  try {
    const [canonical] = Intl.getCanonicalLocales(raw.replace('_', '-'));
    return canonical ? { ok: true, value: canonical } : { ok: false, reason: 'not a locale (es-CO)' };
  } catch {
    return { ok: false, reason: 'not a locale: expected a language tag such as es-CO' };
  }
}

/** Days between two YYYY-MM-DD dates (b - a), in whole calendar days. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}
