import { LABELS } from '@cobranza/contracts';
import { MESSAGES, type Lang, type MessageKey } from './messages.js';

export { LANGS, type Lang, type MessageKey } from './messages.js';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(lang: Lang): Translate {
  const dict = MESSAGES[lang];
  return (key, params) => {
    let text = dict[key];
    if (params) for (const [k, v] of Object.entries(params)) text = text.replace(`{${k}}`, String(v));
    return text;
  };
}

/** A domain code (reason, outcome, pause reason) in the UI language; unknown codes show as is. */
export function label(code: string, lang: Lang): string {
  return LABELS[code]?.[lang] ?? code;
}

/** The locale for Intl when the UI language is chosen but the debtor's country decides formats. */
export function uiLocale(lang: Lang): string {
  return lang === 'es' ? 'es-CO' : 'en-US';
}
