// Money as integer minor units (cents), so sums, discounts and instalments are exact. The number of
// minor digits comes from Intl (ISO 4217): COP/MXN/USD 2, CLP/JPY 0, and so on.

const digitsCache = new Map<string, number>();

export class MoneyError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'MoneyError';
  }
}

// ISO 4217 minor units. Intl's (CLDR's) display digits differ for some currencies (COP shows 0), but
// balances and instalments are kept and shown to the unit the currency is accounted in.
const ZERO_DIGITS = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);
const THREE_DIGITS = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);
const FOUR_DIGITS = new Set(['CLF', 'UYW']);

/** ISO 4217 minor-unit digits for a currency code; throws on a code that is not a currency. */
export function minorDigits(currency: string): number {
  const code = currency.toUpperCase();
  const hit = digitsCache.get(code);
  if (hit !== undefined) return hit;
  if (!/^[A-Z]{3}$/.test(code)) throw new MoneyError(`currency "${currency}" is not an ISO 4217 code`, 'currency');
  try {
    new Intl.NumberFormat('en', { style: 'currency', currency: code });
  } catch {
    throw new MoneyError(`currency "${currency}" is not an ISO 4217 code`, 'currency');
  }
  const digits = ZERO_DIGITS.has(code) ? 0 : THREE_DIGITS.has(code) ? 3 : FOUR_DIGITS.has(code) ? 4 : 2;
  digitsCache.set(code, digits);
  return digits;
}

/**
 * Parses an amount (number, or a decimal string as Postgres numeric gives it) into minor units.
 * Rejects more decimals than the currency has, rather than silently rounding money.
 */
export function toMinor(amount: number | string, currency: string, field = 'amount'): number {
  const digits = minorDigits(currency);
  const text = typeof amount === 'number' ? numberToPlain(amount, field) : amount.trim();
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new MoneyError(`${field}: "${String(amount)}" is not a decimal amount`, field);
  const [, sign, whole = '0', fracRaw = ''] = m;
  const frac = fracRaw.replace(/0+$/, '');
  if (frac.length > digits) {
    throw new MoneyError(`${field}: ${text} has more than ${digits} decimal places for ${currency.toUpperCase()}`, field);
  }
  const minor = Number(whole) * 10 ** digits + Number(frac.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor)) throw new MoneyError(`${field}: ${text} is too large`, field);
  return sign ? -minor : minor;
}

function numberToPlain(n: number, field: string): string {
  if (!Number.isFinite(n)) throw new MoneyError(`${field}: ${n} is not a finite amount`, field);
  // toFixed(8) then trim keeps 0.1+0.2-style float noise out of the digit check.
  return n.toFixed(8).replace(/\.?0+$/, '');
}

/** Minor units back to a decimal number (for display and JSON); exact for safe integers. */
export function fromMinor(minor: number, currency: string): number {
  return minor / 10 ** minorDigits(currency);
}

/** Minor units to a decimal string with the currency's digits, e.g. 123456 COP → "1234.56". */
export function minorToDecimalString(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  if (digits === 0) return `${sign}${abs}`;
  const s = String(abs).padStart(digits + 1, '0');
  return `${sign}${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

/** Formats an amount in the account's currency for the given locale (es-CO, en-US, ...). */
export function formatMoney(amount: number | string, currency: string, locale: string): string {
  const minor = toMinor(amount, currency);
  return formatMinor(minor, currency, locale);
}

export function formatMinor(minor: number, currency: string, locale: string): string {
  const digits = minorDigits(currency);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: currency.toUpperCase(),
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(fromMinor(minor, currency));
}

/** Percentage of an amount in minor units, rounded half up to the minor unit. pct is 0–100. */
export function pctOfMinor(minor: number, pct: number): number {
  return Math.round((minor * pct) / 100);
}
