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

/** A refused command or failed request as its reader should see it. */
export interface Problem {
  error?: string;
  code?: string;
  i18n?: { es: string; en: string };
}

// what the realtime layer itself reports (realtime/connect.ts); anything else from the server is technical
const PROBLEM_KEYS: Record<string, MessageKey> = {
  realtime_not_connected: 'err_realtime_not_connected',
  timeout: 'err_timeout',
  no_answer: 'err_timeout',
  SESSION_ENDED: 'err_session_ended',
  UNAUTHENTICATED: 'err_session_ended',
  FORBIDDEN: 'err_forbidden',
};

/**
 * The server's reason in the reader's language when it gave one, a known condition translated, otherwise a
 * plain sentence: never a raw code, an English server message or a JSON pointer.
 */
export function problemText(p: Problem | unknown, lang: Lang): string {
  const t = translator(lang);
  if (p && typeof p === 'object') {
    const x = p as Problem & { status?: number; name?: string };
    if (x.i18n) return x.i18n[lang];
    const key = (x.code && PROBLEM_KEYS[x.code]) || (x.error && PROBLEM_KEYS[x.error]);
    if (key) return t(key);
    // fetch() throws a TypeError when the server cannot be reached at all
    if (x.name === 'TypeError') return t('err_server_unreachable');
  }
  return t('err_refused');
}
