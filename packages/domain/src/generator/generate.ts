// Synthetic portfolios for demos, tests and benchmarks. Deterministic: the same options give the same
// bytes. Every good row passes the import's validation; `badRows` rows carry exactly one defect each,
// of varied kinds, and are listed so tests can check the import reports each one.
import { productLabel } from '../format/product.js';
import { normalizePhone } from '../phones.js';
import { csvField } from '../portfolio/csv.js';
import { curpCheckDigit } from '../portfolio/id-documents.js';
import { COUNTRY_DATA, type CountryData, DPD_BANDS, EMAIL_DOMAINS, FIRST_NAMES_F, FIRST_NAMES_M, PRODUCTS, type RegionData, SURNAMES } from './data.js';

export const GENERATOR_HEADER = [
  'document_type', 'document_number', 'first_name', 'last_name', 'birth_date', 'email', 'locale', 'region', 'country',
  'external_id', 'product', 'currency', 'principal', 'balance', 'minimum_payment', 'opened_on', 'oldest_due_date',
  'next_due_date', 'status', 'phone1', 'phone1_type', 'phone1_consent', 'phone2', 'phone2_type', 'phone2_consent',
  'phone3', 'phone3_type', 'phone3_consent', 'documents', 'risk_score',
] as const;
type HeaderColumn = (typeof GENERATOR_HEADER)[number];
const COL = Object.fromEntries(GENERATOR_HEADER.map((c, i) => [c, i])) as Record<HeaderColumn, number>;

export const BAD_ROW_KINDS = [
  'amount', // balance is not a number
  'negative_amount',
  'date', // an impossible calendar date
  'currency',
  'phone', // a number that is not valid in the country
  'document_number', // fails the document's pattern / check digit
  'missing_required', // empty first_name
  'minimum_above_balance',
  'status',
  'documents', // a supporting document without kind
  'field_count', // a truncated line
] as const;
export type BadRowKind = (typeof BAD_ROW_KINDS)[number];

export interface BadRow {
  /** physical line in the file (header = 1) */
  line: number;
  kind: BadRowKind;
  /** the column the import should blame */
  column: string;
}

export interface GeneratorOptions {
  rows: number;
  country?: 'CO' | 'MX' | 'PE';
  seed?: number | string;
  /** YYYY-MM-DD the days past due are relative to */
  today: string;
  badRows?: number;
  /** share of rows whose debtor also owns the previous row's account (two accounts, one debtor) */
  sharedDebtorRate?: number;
}

/** mulberry32: tiny, fast and good enough for test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seedNumber(seed: number | string | undefined): number {
  if (seed === undefined) return 42;
  if (typeof seed === 'number') return seed;
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  return h >>> 0;
}

const DAY = 86_400_000;
// days since 1970 -> 'YYYY-MM-DD' and 'DD/MM/YYYY', built once per day seen: formatting dates is most of a row's cost otherwise
const isoCache: string[] = [];
const latamCache: string[] = [];
// offset so birth dates before 1970 stay non-negative indexes (negative ones turn the array into a slow dictionary)
const OFFSET = 100_000;
function isoDay(day: number): string {
  let s = isoCache[day + OFFSET];
  if (s === undefined) {
    s = new Date(day * DAY).toISOString().slice(0, 10);
    isoCache[day + OFFSET] = s;
    latamCache[day + OFFSET] = `${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)}`;
  }
  return s;
}
function fileDate(day: number, dayFirst: boolean): string {
  const iso = isoDay(day);
  return dayFirst ? latamCache[day + OFFSET]! : iso;
}

function weighted<T>(items: T[], weight: (t: T) => number): (r: number) => T {
  const total = items.reduce((s, t) => s + weight(t), 0);
  const cum: number[] = [];
  let acc = 0;
  for (const t of items) cum.push((acc += weight(t) / total));
  return (r) => {
    for (let i = 0; i < cum.length; i++) if (r < cum[i]!) return items[i]!;
    return items[items.length - 1]!;
  };
}

const CURP_STATE: Record<string, string> = {
  'Ciudad de México': 'DF', 'Estado de México': 'MC', Jalisco: 'JC', 'Nuevo León': 'NL', Puebla: 'PL', Guanajuato: 'GT',
  Veracruz: 'VZ', 'Baja California': 'BC', Sonora: 'SR', Chihuahua: 'CH', Sinaloa: 'SL', 'Quintana Roo': 'QR', Yucatán: 'YN',
  Querétaro: 'QT', Coahuila: 'CL', Tamaulipas: 'TS',
};

function plainUpper(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase().replace(/[^A-Z]/g, '');
}
const VOWELS = 'AEIOU';
function firstInnerVowel(s: string): string {
  for (let i = 1; i < s.length; i++) if (VOWELS.includes(s[i]!)) return s[i]!;
  return 'X';
}
function firstInnerConsonant(s: string): string {
  for (let i = 1; i < s.length; i++) if (!VOWELS.includes(s[i]!)) return s[i]!;
  return 'X';
}

/** A CURP built the way RENAPO builds it (initials, birth date, sex, state, inner consonants) with a valid check digit. */
function makeCurp(first: string, last1: string, last2: string, birth: string, sex: 'H' | 'M', region: string, r: () => number): string {
  const f = plainUpper(first);
  const a = plainUpper(last1);
  const b = plainUpper(last2);
  const yymmdd = birth.slice(2, 4) + birth.slice(5, 7) + birth.slice(8, 10);
  const homoclave = birth < '2000' ? String(Math.floor(r() * 10)) : 'ABCDEFGHIJ'[Math.floor(r() * 10)]!;
  const first17 =
    a[0]! + firstInnerVowel(a) + b[0]! + f[0]! + yymmdd + sex + (CURP_STATE[region] ?? 'DF') + firstInnerConsonant(a) + firstInnerConsonant(b) + firstInnerConsonant(f) + homoclave;
  return first17 + curpCheckDigit(first17);
}

function makeRfc(first: string, last1: string, last2: string, birth: string, r: () => number): string {
  const a = plainUpper(last1);
  const alnum = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
  return a[0]! + firstInnerVowel(a) + plainUpper(last2)[0]! + plainUpper(first)[0]! + birth.slice(2, 4) + birth.slice(5, 7) + birth.slice(8, 10) +
    alnum[Math.floor(r() * alnum.length)]! + alnum[Math.floor(r() * alnum.length)]! + String(Math.floor(r() * 10));
}

function digits(r: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(Math.floor(r() * 10));
  return s;
}

interface Debtor {
  docType: string;
  docNumber: string;
  first: string;
  last: string;
  birth: string;
  birthDay: number;
  email: string;
  region: RegionData;
  phones: Array<[number: string, type: string, consent: string]>;
  risk: number;
}

/**
 * Yields the file line by line (header first, each with its trailing newline). `onBadRow` hears about
 * every defective row as it is written.
 */
export function* generatePortfolio(opts: GeneratorOptions, onBadRow?: (b: BadRow) => void): Generator<string> {
  const country: CountryData = COUNTRY_DATA[opts.country ?? 'CO'];
  const r = prng(seedNumber(opts.seed));
  const today = Math.floor(Date.parse(`${opts.today}T00:00:00Z`) / DAY);
  const sharedRate = opts.sharedDebtorRate ?? 0.12;
  const pickRegion = weighted(country.regions, (x) => x.weight);
  const pickProduct = weighted(PRODUCTS, (x) => x.weight);
  const pickBand = weighted(DPD_BANDS, (x) => x[2]);
  const pickDocType = weighted(country.documentTypes, (x) => x[1]);
  const usedDocs = new Set<string>();

  // bad rows at deterministic, spread-out positions
  const bad = new Map<number, BadRowKind>();
  const badCount = Math.min(opts.badRows ?? 0, opts.rows);
  for (let k = 0; k < badCount; k++) {
    let i = Math.floor(((k + 0.5) / badCount) * opts.rows);
    while (bad.has(i)) i = (i + 1) % opts.rows;
    bad.set(i, BAD_ROW_KINDS[k % BAD_ROW_KINDS.length]!);
  }

  const phone = (pref: Array<[string, number]> | undefined, fallback: () => string): string => {
    for (let attempt = 0; attempt < 20; attempt++) {
      let n: string;
      if (pref && pref.length) {
        const [p, len] = pref[Math.floor(r() * pref.length)]!;
        n = p + digits(r, len - p.length);
      } else n = fallback();
      // a few ranges inside an area are unassigned: draw again rather than emit an invalid number
      if (normalizePhone(n, country.code).ok) return n;
    }
    throw new Error(`generator: could not draw a valid ${country.code} number`);
  };
  const mobile = (region: RegionData) =>
    phone(region.mobile, () => {
      const p = country.mobilePrefixes[Math.floor(r() * country.mobilePrefixes.length)]!;
      return p + digits(r, country.mobileLength - p.length);
    });

  const newDebtor = (): Debtor => {
    const female = r() < 0.52;
    const names = female ? FIRST_NAMES_F : FIRST_NAMES_M;
    const n1 = names[Math.floor(r() * names.length)]!;
    const first = r() < 0.35 ? `${n1} ${names[Math.floor(r() * names.length)]!}` : n1;
    const s1 = SURNAMES[Math.floor(r() * SURNAMES.length)]!;
    const s2 = SURNAMES[Math.floor(r() * SURNAMES.length)]!;
    const birthDay = today - Math.floor((20 + r() * 55) * 365.25);
    const birth = isoDay(birthDay);
    const region = pickRegion(r());
    const docType = pickDocType(r())[0];
    let docNumber = '';
    do {
      switch (docType) {
        case 'CC':
          docNumber = String(10_000_000 + Math.floor(r() * 1_189_999_999));
          break;
        case 'CE':
          docNumber = country.code === 'PE' ? digits(r, 9) : String(100_000 + Math.floor(r() * 8_999_999)).slice(0, 7);
          break;
        case 'DNI':
          docNumber = digits(r, 8);
          break;
        case 'CURP':
          docNumber = makeCurp(first.split(' ')[0]!, s1, s2, birth, female ? 'M' : 'H', region.name, r);
          break;
        case 'RFC':
          docNumber = makeRfc(first.split(' ')[0]!, s1, s2, birth, r);
          break;
        default:
          docNumber = `PA${digits(r, 7)}`;
      }
    } while (usedDocs.has(`${docType}:${docNumber}`));
    usedDocs.add(`${docType}:${docNumber}`);
    const phones: Debtor['phones'] = [[mobile(region), 'mobile', r() < 0.7 ? 'si' : 'no']];
    if (region.landline && r() < 0.4) phones.push([phone(region.landline, () => ''), 'landline', 'no']);
    if (r() < 0.2) phones.push([mobile(region), 'mobile', r() < 0.5 ? 'si' : 'no']);
    const email =
      r() < 0.6
        ? `${plainUpper(n1).toLowerCase()}.${plainUpper(s1).toLowerCase()}${Math.floor(r() * 100)}@${EMAIL_DOMAINS[Math.floor(r() * EMAIL_DOMAINS.length)]!}`
        : '';
    return { docType, docNumber, first, last: `${s1} ${s2}`, birth, birthDay, email, region, phones, risk: r() };
  };

  yield `${GENERATOR_HEADER.join(',')}\n`;
  let debtor = newDebtor();
  for (let i = 0; i < opts.rows; i++) {
    if (i > 0 && r() >= sharedRate) debtor = newDebtor();
    const product = pickProduct(r());
    const [bmin, bmax] = pickBand(r());
    const dpd = bmin + Math.floor(r() * (bmax - bmin + 1));
    const scale = country.moneyScale;
    const principalN = Math.round((product.min + r() * (product.max - product.min)) * scale * 100) / 100;
    const balanceN = Math.round(principalN * (0.3 + r() * 0.9) * 100) / 100;
    const instalment = product.term ? principalN / product.term : balanceN * 0.08;
    const minimumN = Math.min(balanceN, Math.round(instalment * (1 + Math.floor(dpd / 30)) * 100) / 100);
    // preventive accounts fall due within the next three weeks; overdue ones have a monthly next due date
    const oldest = dpd === 0 ? today + 1 + Math.floor(r() * 20) : today - dpd;
    const next = dpd === 0 ? oldest : today + 1 + ((30 - (dpd % 30)) % 30);
    const opened = Math.min(today - 1, oldest - 30 - Math.floor(r() * 900));
    let status = 'active';
    if (dpd > 180 && r() < 0.6) status = 'written_off';
    else if (dpd > 360 && r() < 0.1) status = 'legal';
    else if (dpd > 0 && dpd <= 60 && r() < 0.03) status = 'promise';
    // risk 0-999.99, higher is riskier, rising with days past due
    const risk = Math.min(999.99, Math.round((debtor.risk * 400 + Math.min(dpd, 600)) * 100) / 100);
    const extId = `${product.code.slice(0, 3).toUpperCase()}-${String(i + 1).padStart(9, '0')}`;
    const docs =
      product.docs === 'statement'
        ? `statement:EXT-${isoDay(today).slice(0, 7).replace('-', '')}-${i + 1}`
        : product.docs === 'invoice'
          ? `invoice:FAC-${String(i + 1).padStart(8, '0')};contract:CT-${i + 1}`
          : `contract:CT-${i + 1}:Pagaré ${productLabel(product.code, 'es')}`;
    const dayFirst = r() < 0.1; // some creditors export dates day-first

    const f: string[] = new Array(GENERATOR_HEADER.length).fill('');
    f[COL.document_type] = debtor.docType;
    f[COL.document_number] = debtor.docNumber;
    f[COL.first_name] = debtor.first;
    f[COL.last_name] = debtor.last;
    f[COL.birth_date] = fileDate(debtor.birthDay, dayFirst);
    f[COL.email] = debtor.email;
    f[COL.locale] = country.locale;
    // the only generated field that can hold a comma ("Bogotá, D.C."); the rest are joined as they are
    f[COL.region] = csvField(debtor.region.spelled ?? debtor.region.name);
    f[COL.country] = country.code;
    f[COL.external_id] = extId;
    f[COL.product] = product.code;
    f[COL.currency] = country.currency;
    f[COL.principal] = principalN.toFixed(2);
    f[COL.balance] = balanceN.toFixed(2);
    f[COL.minimum_payment] = minimumN.toFixed(2);
    f[COL.opened_on] = fileDate(opened, dayFirst);
    f[COL.oldest_due_date] = fileDate(oldest, dayFirst);
    f[COL.next_due_date] = fileDate(next, dayFirst);
    f[COL.status] = status;
    for (let k = 0; k < debtor.phones.length; k++) {
      const p = debtor.phones[k]!;
      f[COL.phone1 + k * 3] = p[0];
      f[COL.phone1 + k * 3 + 1] = p[1];
      f[COL.phone1 + k * 3 + 2] = p[2];
    }
    f[COL.documents] = docs;
    f[COL.risk_score] = risk.toFixed(2);

    const kind = bad.get(i);
    let line: string;
    if (kind) {
      const column = corrupt(f, kind, country.code);
      onBadRow?.({ line: i + 2, kind, column });
      line = kind === 'field_count' ? f.slice(0, 12).join(',') : f.join(',');
    } else {
      line = f.join(',');
    }
    yield `${line}\n`;
  }
}

/** Breaks one field of a good row; returns the column the import should report. */
function corrupt(f: string[], kind: BadRowKind, country: string): string {
  switch (kind) {
    case 'amount':
      f[COL.balance] = `${f[COL.balance]}x`;
      return 'balance';
    case 'negative_amount':
      f[COL.principal] = `-${f[COL.principal]}`;
      return 'principal';
    case 'date':
      f[COL.oldest_due_date] = '2025-02-30';
      return 'oldest_due_date';
    case 'currency':
      f[COL.currency] = 'XYZ';
      return 'currency';
    case 'phone':
      f[COL.phone1] = country === 'PE' ? '812345' : '2001234';
      return 'phone1';
    case 'document_number':
      f[COL.document_number] = f[COL.document_type] === 'CURP' ? `${f[COL.document_number]!.slice(0, 17)}${(Number(f[COL.document_number]!.slice(17)) + 1) % 10}` : 'ABC12';
      return 'document_number';
    case 'missing_required':
      f[COL.first_name] = '';
      return 'first_name';
    case 'minimum_above_balance':
      f[COL.minimum_payment] = (Number(f[COL.balance]) + 1000).toFixed(2);
      return 'minimum_payment';
    case 'status':
      f[COL.status] = 'perdida';
      return 'status';
    case 'documents':
      f[COL.documents] = 'FAC-001';
      return 'documents';
    case 'field_count':
      return '*';
  }
}
