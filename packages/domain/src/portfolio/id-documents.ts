// National identity documents: which types each country issues, how they are written, and their check
// digits. A normalised number is the one key that keeps a debtor from being created twice, so
// "1.020.304.050" and "1020304050" must come out the same.
import type { DocumentType } from '@cobranza/contracts';

export type IdResult = { ok: true; number: string } | { ok: false; reason: string };

interface IdRule {
  /** what the number may look like after normalisation, for the error message */
  describe: string;
  normalize(raw: string): string;
  check(n: string): boolean;
}

const digitsOnly = (raw: string) => raw.replace(/[\s.\-]/g, '');
const upperAlnum = (raw: string) => raw.replace(/[\s.\-]/g, '').toUpperCase();
const re = (r: RegExp) => (n: string) => r.test(n);

/** Colombian NIT: DIAN's modulus-11 check digit over weighted digits (rightmost first). */
export function nitCheckDigit(body: string): number {
  const weights = [3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71];
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * weights[i]!;
  const r = sum % 11;
  return r > 1 ? 11 - r : r;
}

/** Chilean RUT: modulus 11 with weights 2..7, where 10 is written K. */
export function rutCheckDigit(body: string): string {
  let sum = 0;
  let w = 2;
  for (let i = body.length - 1; i >= 0; i--) {
    sum += Number(body[i]) * w;
    w = w === 7 ? 2 : w + 1;
  }
  const r = 11 - (sum % 11);
  return r === 11 ? '0' : r === 10 ? 'K' : String(r);
}

/** Peruvian RUC: modulus 11 over the first ten digits. */
export function rucCheckDigit(body: string): number {
  const weights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += Number(body[i]) * weights[i]!;
  const r = 11 - (sum % 11);
  return r === 10 ? 0 : r === 11 ? 1 : r;
}

const CURP_ALPHABET = '0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ';
/** Mexican CURP: the 18th character checks the first 17 (RENAPO's weighted sum). */
export function curpCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CURP_ALPHABET.indexOf(first17[i]!) * (18 - i);
  return String((10 - (sum % 10)) % 10);
}

const CURP_STATES = 'AS|BC|BS|CC|CL|CM|CS|CH|DF|DG|GT|GR|HG|JC|MC|MN|MS|NT|NL|OC|PL|QT|QR|SP|SL|SR|TC|TS|TL|VZ|YN|ZS|NE';
const CURP_RE = new RegExp(`^[A-Z][AEIOUX][A-Z]{2}\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])[HMX](?:${CURP_STATES})[B-DF-HJ-NP-TV-Z]{3}[A-Z\\d]\\d$`);

/** Ecuadorian cédula: province 01-24 (or 30), third digit < 6, modulus-10 check. */
function ecuadorCiValid(n: string): boolean {
  if (!/^\d{10}$/.test(n)) return false;
  const province = Number(n.slice(0, 2));
  if (!((province >= 1 && province <= 24) || province === 30) || Number(n[2]) >= 6) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = Number(n[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return (10 - (sum % 10)) % 10 === Number(n[9]);
}

const SPAIN_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

const PASSPORT: IdRule = { describe: '5 to 15 letters or digits', normalize: upperAlnum, check: re(/^[A-Z0-9]{5,15}$/) };

const RULES: Record<string, Partial<Record<DocumentType, IdRule>>> = {
  CO: {
    CC: { describe: '6 to 10 digits, not starting with 0', normalize: digitsOnly, check: re(/^[1-9]\d{5,9}$/) },
    CE: { describe: '6 or 7 digits', normalize: digitsOnly, check: re(/^\d{6,7}$/) },
    TI: { describe: '10 or 11 digits', normalize: digitsOnly, check: re(/^\d{10,11}$/) },
    NIT: {
      describe: '9 digits and a check digit (900123456-7)',
      normalize: (raw) => {
        const d = digitsOnly(raw);
        return d.length === 10 ? `${d.slice(0, 9)}-${d.slice(9)}` : d;
      },
      check: (n) => /^\d{9}-\d$/.test(n) && nitCheckDigit(n.slice(0, 9)) === Number(n.slice(10)),
    },
    PAS: PASSPORT,
  },
  MX: {
    CURP: { describe: '18 characters (AAAA000000HAAAAAA0) with a valid check digit', normalize: upperAlnum, check: (n) => CURP_RE.test(n) && curpCheckDigit(n.slice(0, 17)) === n[17] },
    RFC: { describe: '12 or 13 characters (AAAA000000XXX)', normalize: upperAlnum, check: re(/^[A-ZÑ&]{3,4}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[A-Z\d]{2}[A\d]$/) },
    INE: { describe: 'the 18-character clave de elector', normalize: upperAlnum, check: re(/^[A-Z]{6}\d{8}[HM]\d{3}$/) },
    PAS: PASSPORT,
  },
  PE: {
    DNI: { describe: '8 digits', normalize: digitsOnly, check: re(/^\d{8}$/) },
    CE: { describe: '9 digits', normalize: digitsOnly, check: re(/^\d{9}$/) },
    RUC: { describe: '11 digits starting 10, 15, 16, 17 or 20 with a valid check digit', normalize: digitsOnly, check: (n) => /^(?:10|15|16|17|20)\d{9}$/.test(n) && rucCheckDigit(n) === Number(n[10]) },
    PAS: PASSPORT,
  },
  CL: {
    RUT: {
      describe: 'digits and a check digit (12.345.678-5)',
      normalize: (raw) => {
        const c = raw.replace(/[\s.\-]/g, '').toUpperCase();
        return c.length >= 2 ? `${c.slice(0, -1)}-${c.slice(-1)}` : c;
      },
      check: (n) => /^\d{7,8}-[\dK]$/.test(n) && rutCheckDigit(n.slice(0, -2)) === n.slice(-1),
    },
    PAS: PASSPORT,
  },
  EC: {
    CI: { describe: '10 digits with a valid check digit', normalize: digitsOnly, check: ecuadorCiValid },
    RUC: { describe: '13 digits: a cédula followed by 001', normalize: digitsOnly, check: (n) => /^\d{10}001$/.test(n) && ecuadorCiValid(n.slice(0, 10)) },
    PAS: PASSPORT,
  },
  AR: {
    DNI: { describe: '7 or 8 digits', normalize: digitsOnly, check: re(/^\d{7,8}$/) },
    PAS: PASSPORT,
  },
  US: {
    // the SSA never issues area 000, 666 or 9xx (9xx are ITINs), group 00 or serial 0000
    SSN: { describe: '9 digits (123-45-6789), not area 000, 666 or 9xx, group 00 or serial 0000', normalize: digitsOnly, check: re(/^(?!000|666|9)\d{3}(?!00)\d{2}(?!0000)\d{4}$/) },
    PAS: PASSPORT,
  },
  ES: {
    DNI: { describe: '8 digits and the check letter (12345678Z)', normalize: upperAlnum, check: (n) => /^\d{8}[A-Z]$/.test(n) && SPAIN_LETTERS[Number(n.slice(0, 8)) % 23] === n[8] },
    PAS: PASSPORT,
  },
};

/** Document types a country issues, for messages and the generator. */
export function documentTypesFor(country: string): string[] {
  return Object.keys(RULES[country] ?? {});
}

export function validateIdDocument(country: string, type: string, raw: string): IdResult {
  const rules = RULES[country];
  if (!rules) return { ok: false, reason: `no document rules for country ${country}` };
  const rule = rules[type as DocumentType];
  if (!rule) return { ok: false, reason: `document type ${type} is not used in ${country} (expected ${documentTypesFor(country).join(', ')})` };
  const n = rule.normalize(raw);
  if (!rule.check(n)) return { ok: false, reason: `not a valid ${country} ${type}: expected ${rule.describe}` };
  return { ok: true, number: n };
}

/** Shows the last 3 characters only, for reports and logs. */
export function maskId(raw: string): string {
  if (raw.length <= 3) return '*'.repeat(raw.length);
  return '*'.repeat(raw.length - 3) + raw.slice(-3);
}
