import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

// Masking personal data for screens and logs: enough to confirm identity with the debtor
// ("ending in 4567"), not enough to copy the whole number.

/** National id: keeps the last 4 characters, e.g. "1020304050" → "******4050". Short ids keep 1. */
export function maskNationalId(id: string): string {
  const clean = id.replace(/[\s.-]/g, '');
  if (clean.length === 0) return '';
  const keep = clean.length > 6 ? 4 : 1;
  return '*'.repeat(clean.length - keep) + clean.slice(-keep);
}

/**
 * Phone in E.164: keeps the country calling code and the last 4 digits,
 * "+573001234567" → "+57 *** *** 4567". Unparseable input keeps only the last 2 digits.
 */
export function maskPhone(e164: string): string {
  const digits = e164.replace(/[^\d]/g, '');
  if (digits.length < 5) return '*'.repeat(digits.length);
  const parsed = parsePhoneNumberFromString(e164.startsWith('+') ? e164 : `+${digits}`);
  if (!parsed) return '*'.repeat(digits.length - 2) + digits.slice(-2);
  const cc = parsed.countryCallingCode;
  const rest = digits.slice(cc.length);
  const tail = rest.slice(-4);
  const hidden = '*'.repeat(Math.max(0, rest.length - 4)).replace(/(.{3})(?=.)/g, '$1 ');
  return `+${cc} ${hidden ? `${hidden} ` : ''}${tail}`;
}
