// Phone numbers: normalisation to E.164, line type and the time zone a number points to.
//
// libphonenumber-js is the reference. Its parse() costs ~15 µs a number (it rebuilds its metadata wrapper
// and compiles regular expressions on every call), which alone would take longer than the whole import
// budget for a million rows. So numbers in the two plain shapes portfolio files use ("+57 300 123 4567"
// and the bare national number "3001234567") are checked against the library's own metadata with
// expressions compiled once; anything else (trunk prefixes, extensions, letters, other countries'
// codes) goes through the full parser. A property test holds the fast path to the library's answers.
import { Metadata, parsePhoneNumberFromString, type CountryCode, type MetadataJson } from 'libphonenumber-js/core';
import metadataJson from 'libphonenumber-js/metadata.max.json';
import type { PhoneType } from '@cobranza/contracts';
import { nanpZones } from './nanp-zones.js';
import { COUNTRIES } from './portfolio/regions.js';

const METADATA = metadataJson as unknown as MetadataJson;

export type PhoneResult =
  | {
      ok: true;
      e164: string;
      type: PhoneType;
      country: string;
      /** the zone the number points to, when its numbering plan says */
      zone: string | undefined;
      /** every zone the number may be in, `zone` first: several where an area code spans zones */
      zones: readonly string[];
    }
  | { ok: false; reason: string };

// The untyped half of libphonenumber-js's Metadata API (its .d.ts declares only a sliver of it).
interface TypeDef {
  pattern(): string;
  possibleLengths(): number[] | undefined;
}
interface Plan {
  callingCode(): string;
  nationalNumberPattern(): string;
  possibleLengths(): number[];
  nationalPrefixForParsing(): string | undefined;
  type(t: string): TypeDef | undefined;
}

interface CompiledType {
  re: RegExp;
  lengths: number[] | undefined;
}
interface FastPlan {
  callingCode: string;
  lengths: Set<number>;
  general: RegExp;
  prefixForParsing: RegExp | undefined;
  fixed: CompiledType | undefined;
  mobile: CompiledType | undefined;
  mobileSameAsFixed: boolean;
  others: Array<[string, CompiledType]>;
}

const NON_FIXED_TYPES = ['MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'];

const fastPlans = new Map<string, FastPlan | null>();

function compileType(plan: Plan, t: string): CompiledType | undefined {
  const def = plan.type(t);
  if (!def || !def.pattern()) return undefined;
  return { re: new RegExp(`^(?:${def.pattern()})$`), lengths: def.possibleLengths() };
}

/** A compiled plan for countries whose calling code is theirs alone (no NANP-style sharing). */
function fastPlan(country: string): FastPlan | null {
  let p = fastPlans.get(country);
  if (p !== undefined) return p;
  p = null;
  const meta = new Metadata(METADATA) as unknown as {
    selectNumberingPlan(c: string): void;
    numberingPlan: Plan;
    getCountryCodesForCallingCode(cc: string): string[] | undefined;
  };
  try {
    meta.selectNumberingPlan(country);
    const plan = meta.numberingPlan;
    const shared = (meta.getCountryCodesForCallingCode(plan.callingCode()) ?? []).length !== 1;
    const mobileDef = plan.type('MOBILE');
    if (!shared) {
      const npfp = plan.nationalPrefixForParsing();
      p = {
        callingCode: plan.callingCode(),
        lengths: new Set(plan.possibleLengths()),
        general: new RegExp(`^(?:${plan.nationalNumberPattern()})$`),
        prefixForParsing: npfp ? new RegExp(`^(?:${npfp})`) : undefined,
        fixed: compileType(plan, 'FIXED_LINE'),
        mobile: compileType(plan, 'MOBILE'),
        mobileSameAsFixed: !mobileDef || mobileDef.pattern() === '',
        others: NON_FIXED_TYPES.slice(1)
          .map((t) => [t, compileType(plan, t)] as [string, CompiledType | undefined])
          .filter((e): e is [string, CompiledType] => e[1] !== undefined),
      };
    }
  } catch {
    p = null; // unknown country: the slow path reports it
  }
  fastPlans.set(country, p);
  return p;
}

function matchesType(n: string, t: CompiledType | undefined): boolean {
  if (!t) return false;
  if (t.lengths && !t.lengths.includes(n.length)) return false;
  return t.re.test(n);
}

/** libphonenumber's number type for a national significant number, or undefined when not valid. */
function classify(plan: FastPlan, n: string): string | undefined {
  if (!plan.general.test(n)) return undefined;
  if (matchesType(n, plan.fixed)) {
    if (plan.mobileSameAsFixed || matchesType(n, plan.mobile)) return 'FIXED_LINE_OR_MOBILE';
    return 'FIXED_LINE';
  }
  if (matchesType(n, plan.mobile)) return 'MOBILE';
  for (const [t, c] of plan.others) if (matchesType(n, c)) return t;
  return undefined;
}

function toPhoneType(libType: string | undefined, declared: PhoneType | undefined): PhoneType {
  switch (libType) {
    case 'MOBILE':
      return 'mobile';
    case 'FIXED_LINE':
      return 'landline';
    case 'VOIP':
      return 'voip';
    default:
      // FIXED_LINE_OR_MOBILE (Mexico since 2019, among others): the file's word is all there is
      return declared ?? 'unknown';
  }
}

const PUNCTUATION = /[\s\-.()/]/g;
const DIGITS = /^\d+$/;

function fastNormalize(raw: string, country: string, declared: PhoneType | undefined): PhoneResult | undefined {
  const plan = fastPlan(country);
  if (!plan) return undefined;
  let s = raw.replace(PUNCTUATION, '');
  let national: string;
  if (s.startsWith('+')) {
    s = s.slice(1);
    if (!DIGITS.test(s) || !s.startsWith(plan.callingCode)) return undefined;
    national = s.slice(plan.callingCode.length);
  } else {
    if (!DIGITS.test(s)) return undefined;
    if (plan.prefixForParsing?.test(s)) return undefined; // a trunk prefix: the library knows how to strip it
    national = s;
  }
  if (!plan.lengths.has(national.length)) return undefined;
  const t = classify(plan, national);
  if (t === undefined) return undefined; // the slow path gives the reason
  const zones = zonesForNumber(country, national);
  return { ok: true, e164: `+${plan.callingCode}${national}`, type: toPhoneType(t, declared), country, zone: zones[0], zones };
}

/** The full libphonenumber-js parse: slower, handles every input shape and explains failures. */
export function normalizePhoneSlow(raw: string, country: string, declared?: PhoneType): PhoneResult {
  const text = raw.trim();
  if (!text) return { ok: false, reason: 'empty phone number' };
  const parsed = parsePhoneNumberFromString(text, { defaultCountry: country as CountryCode, extract: false }, METADATA);
  if (!parsed) return { ok: false, reason: `not a phone number for ${country}` };
  if (!parsed.isValid()) {
    return { ok: false, reason: parsed.isPossible() ? `not a valid ${parsed.country ?? country} number` : `wrong length for a ${parsed.country ?? country} number` };
  }
  const numberCountry = parsed.country ?? country;
  const zones = zonesForNumber(numberCountry, parsed.nationalNumber);
  return { ok: true, e164: parsed.number, type: toPhoneType(parsed.getType(), declared), country: numberCountry, zone: zones[0], zones };
}

/**
 * Normalises one number written the way the debtor's country writes it (or in international form).
 * `declared` is the type the file states; it is used only where the numbering plan cannot tell mobile
 * from landline.
 */
export function normalizePhone(raw: string, country: string, declared?: PhoneType): PhoneResult {
  return fastNormalize(raw, country, declared) ?? normalizePhoneSlow(raw, country, declared);
}

// Mexican numbers keep their geographic area code (mobiles included), so the first digits tell the zone.
// Only areas outside Central time are listed; the rest of Mexico is America/Mexico_City.
const MX_AREA_ZONES: Array<[string, string]> = [
  ...['664', '665', '686', '646', '661', '616', '658'].map((a) => [a, 'America/Tijuana'] as [string, string]),
  ...['612', '613', '615', '624', '667', '668', '669', '672', '673', '687', '694', '695', '696', '697', '698', '311', '319', '323', '324', '325', '327', '389']
    .map((a) => [a, 'America/Mazatlan'] as [string, string]),
  ...['662', '631', '632', '633', '634', '637', '638', '641', '642', '643', '644', '645', '647', '653'].map((a) => [a, 'America/Hermosillo'] as [string, string]),
  ...['614', '625', '626', '627', '628', '629', '635', '636', '639', '648', '649'].map((a) => [a, 'America/Chihuahua'] as [string, string]),
  ['656', 'America/Ciudad_Juarez'],
  ...['998', '983', '984', '987', '997'].map((a) => [a, 'America/Cancun'] as [string, string]),
  ...['999', '969', '985', '986', '988', '991', '981', '982', '996', '913'].map((a) => [a, 'America/Merida'] as [string, string]),
  ...['81', '844', '866', '871', '618', '842', '861', '862', '864', '869', '872', '873', '877', '878'].map((a) => [a, 'America/Monterrey'] as [string, string]),
  ...['868', '867', '899', '891', '894', '897'].map((a) => [a, 'America/Matamoros'] as [string, string]),
];

// NANP members whose area codes nanp-zones.ts maps (libphonenumber names each by its own country code).
const NANP_MAPPED = new Set(['US', 'CA', 'PR', 'VI', 'GU', 'MP', 'AS']);

/**
 * Every zone a national number may point to, the likeliest first; empty where the numbering plan says
 * nothing (a US toll-free number, a country we have no zone for).
 */
export function zonesForNumber(country: string, nationalNumber: string): readonly string[] {
  if (NANP_MAPPED.has(country)) return nanpZones(nationalNumber);
  const zone = zoneForNumber(country, nationalNumber);
  return zone ? [zone] : [];
}

/** The zone a national number points to, where its numbering plan carries that information. */
export function zoneForNumber(country: string, nationalNumber: string): string | undefined {
  if (NANP_MAPPED.has(country)) return nanpZones(nationalNumber)[0];
  if (country === 'MX') {
    for (const [area, zone] of MX_AREA_ZONES) if (nationalNumber.startsWith(area)) return zone;
    return 'America/Mexico_City';
  }
  if (country === 'CL' && nationalNumber.startsWith('61')) return 'America/Punta_Arenas';
  return COUNTRIES[country]?.defaultZone;
}

export interface DebtorZones {
  /** the zone used by default: the address's when known, else the phones' */
  timeZone: string;
  /** every zone the debtor may be in, when address and phones disagree; empty when they agree */
  candidates: string[];
}

/**
 * The debtor's time zone from the address zone and the zones of their phones. When they disagree all
 * of them are kept as candidates, and contact is allowed only in the hours they share. The address may
 * give several zones itself (a US state that spans two), the main one first.
 */
export function debtorZones(address: string | readonly string[] | undefined, phoneZones: ReadonlyArray<string | undefined>, fallback: string): DebtorZones {
  const addressZones = (typeof address === 'string' ? [address] : (address ?? [])).filter((z) => z !== '');
  const zones = new Set<string>(addressZones);
  for (const z of phoneZones) if (z) zones.add(z);
  const timeZone = addressZones[0] ?? phoneZones.find((z): z is string => !!z) ?? fallback;
  return { timeZone, candidates: zones.size > 1 ? [...zones] : [] };
}

/** Keeps the last 4 digits so an operator can tell numbers apart without exposing them. */
export function maskPhoneText(raw: string): string {
  const chars = [...raw];
  let digitsSeen = 0;
  const totalDigits = chars.filter((c) => c >= '0' && c <= '9').length;
  return chars
    .map((c) => {
      if (c >= '0' && c <= '9') {
        digitsSeen++;
        return digitsSeen > totalDigits - 4 ? c : '*';
      }
      return c;
    })
    .join('');
}
