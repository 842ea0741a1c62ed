// Values read with Asterisk's own sayings (number:, digits:, month and "de" sound files of the es/en sound
// packages). Asterisk has no money saying: an amount is composed of number: parts and currency words.
import type { Lang } from './flows/types.js';

/** A piece of audio: an Asterisk media URI, or words for the TTS (currency names, "con"). */
export type Part = { uri: string } | { words: string };

const CURRENCY_WORDS: Record<string, { es: [string, string]; en: [string, string]; minor: { es: string; en: string } }> = {
  COP: { es: ['peso', 'pesos'], en: ['peso', 'pesos'], minor: { es: 'centavos', en: 'cents' } },
  MXN: { es: ['peso', 'pesos'], en: ['peso', 'pesos'], minor: { es: 'centavos', en: 'cents' } },
  CLP: { es: ['peso', 'pesos'], en: ['peso', 'pesos'], minor: { es: 'centavos', en: 'cents' } },
  ARS: { es: ['peso', 'pesos'], en: ['peso', 'pesos'], minor: { es: 'centavos', en: 'cents' } },
  PEN: { es: ['sol', 'soles'], en: ['sol', 'soles'], minor: { es: 'céntimos', en: 'céntimos' } },
  USD: { es: ['dólar', 'dólares'], en: ['dollar', 'dollars'], minor: { es: 'centavos', en: 'cents' } },
  EUR: { es: ['euro', 'euros'], en: ['euro', 'euros'], minor: { es: 'céntimos', en: 'cents' } },
  GBP: { es: ['libra', 'libras'], en: ['pound', 'pounds'], minor: { es: 'peniques', en: 'pence' } },
};

export class SayingError extends Error {
  readonly code = 'IVR_SAY_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'SayingError';
  }
}

/** "123456.70" → [number:123456, pesos, con, number:70, centavos]. Exact: parsed from the decimal string. */
export function sayMoney(amount: string | number, currency: string, lang: Lang): Part[] {
  const s = typeof amount === 'number' ? amount.toFixed(2) : amount.trim();
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) throw new SayingError(`money: "${s}" is not a non-negative decimal amount`);
  const units = BigInt(m[1] as string);
  const cents = Number(((m[2] ?? '0') + '0').slice(0, 2));
  const words = CURRENCY_WORDS[currency] ?? { es: [currency, currency], en: [currency, currency], minor: { es: 'centavos', en: 'cents' } };
  const parts: Part[] = [{ uri: `number:${units}` }, { words: words[lang][units === 1n ? 0 : 1] }];
  if (cents > 0) parts.push({ words: lang === 'es' ? 'con' : 'and' }, { uri: `number:${cents}` }, { words: words.minor[lang] });
  return parts;
}

/** 'YYYY-MM-DD' → "15 de noviembre de 2026" / "November 15 2026" from the sound packages' month files. */
export function sayDate(date: string, lang: Lang): Part[] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new SayingError(`date: "${date}" is not YYYY-MM-DD`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) throw new SayingError(`date: "${date}" is not a calendar date`);
  const month = { uri: `sound:digits/mon-${mo - 1}` };
  if (lang === 'es') return [{ uri: `number:${d}` }, { uri: 'sound:digits/es-de' }, month, { uri: 'sound:digits/es-de' }, { uri: `number:${y}` }];
  return [month, { uri: `number:${d}` }, { uri: `number:${y}` }];
}

export function sayNumber(value: string | number): Part[] {
  const s = String(value).trim();
  if (!/^-?\d+$/.test(s)) throw new SayingError(`number: "${s}" is not a whole number`);
  return [{ uri: `number:${s}` }];
}

export function sayDigits(value: string | number): Part[] {
  const s = String(value).replace(/^\+/, '');
  if (!/^[0-9*#]+$/.test(s)) throw new SayingError(`digits: "${s}" has characters that are not keys`);
  return [{ uri: `digits:${s}` }];
}
