// How report figures read: rates as percentages, money in its currency, seconds as h:mm:ss, a row's group
// by name (or what it stands for when it has none), a jurisdiction's window by its length and country.
import type { AbandonRow, ReportGroup, ReportGroupBy } from '@cobranza/contracts/api/reports';
import { formatDuration } from '@cobranza/domain/format/index';
import { uiLocale, type Lang } from '../../i18n/index.js';
import type { ReportText } from './text.js';

export const pct = (v: number | null, lang: Lang): string =>
  v === null ? '—' : new Intl.NumberFormat(uiLocale(lang), { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v);

export const money = (amount: number, currency: string, lang: Lang): string => new Intl.NumberFormat(uiLocale(lang), { style: 'currency', currency }).format(amount);

export const count = (n: number, lang: Lang): string => new Intl.NumberFormat(uiLocale(lang)).format(n);

export const duration = (seconds: number): string => formatDuration(seconds);

/** The row's name; a row with no campaign/segment/agent says so; without grouping, "All". */
export function groupName(g: ReportGroup, groupBy: ReportGroupBy | null, rt: ReportText): string {
  if (g.label) return g.label;
  return groupBy ? rt(`none_${groupBy}`) : rt('all_rows');
}

// short names regulators and collectors use; other countries by Intl's own name
const COUNTRY: Record<string, { es: string; en: string }> = {
  US: { es: 'EE. UU.', en: 'US' },
  GB: { es: 'Reino Unido', en: 'UK' },
};

export function countryName(code: string, lang: Lang): string {
  const known = COUNTRY[code];
  if (known) return known[lang];
  try {
    return new Intl.DisplayNames([uiLocale(lang)], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** "30 días móviles (EE. UU.)", "24 horas móviles (Reino Unido)": the window the regulator counts over. */
export function windowName(r: Pick<AbandonRow, 'windowHours' | 'country'>, lang: Lang, rt: ReportText): string {
  const length = r.windowHours >= 48 && r.windowHours % 24 === 0 ? rt('window_days', { n: r.windowHours / 24 }) : rt('window_hours', { n: r.windowHours });
  return `${length} (${countryName(r.country, lang)})`;
}
