// A refused form as its reader should see it: each reason next to the field it belongs to, in the UI
// language, without the JSON pointer the API puts first for programs ("/email en el cuerpo: …").
import { ApiError } from '../api/client.js';
import { problemText, translator, type Lang } from '../i18n/index.js';

export type FieldErrors = Record<string, string>;

const POINTER_PREFIX = /^\/\S*\s(?:en|in)\s[^:]*:\s*/;

/**
 * `fields`: the form's field names; an API error on one of them lands there (the key), anything else
 * under '' (the form's own message).
 */
export function toFieldErrors(e: unknown, fields: readonly string[], lang: Lang): FieldErrors {
  if (e instanceof ApiError && e.field) {
    const name = e.field.replace(/^\//, '').split('/')[0] ?? '';
    if (fields.includes(name)) {
      const t = translator(lang);
      const text = e.i18n ? e.i18n[lang].replace(POINTER_PREFIX, '') : e.code === 'CONFLICT' ? t('err_already_exists') : t('err_field_invalid');
      return { [name]: text };
    }
  }
  return { '': problemText(e, lang) };
}
