// A refused document (segment set, strategy) as its editor shows it: every problem at the field it names,
// in the UI language, never as the JSON pointer the API uses for programs.
import { ApiError } from '../api/client.js';
import { problemText, type Lang } from '../i18n/index.js';

/** Editor field key → message; '' is the form's own message. */
export type Problems = Record<string, string>;

const POINTER_PREFIX = /^\/\S*\s(?:en|in)\s[^:]*:\s*/;
// "Reglas de reintento: /retryRules/busy/retryMinutes: …": the pointer is for programs, the field shows where
const POINTER_INSIDE = /\/[A-Za-z][\w~/.-]*:\s*/g;
const forPeople = (text: string) => text.replace(POINTER_PREFIX, '').replace(POINTER_INSIDE, '');

/**
 * `locate` turns a pointer (/segments/2/rules/dpdMax) into the editor's field key, or null when the editor
 * has no such field (the message then goes to the form). Two problems at one field are both shown.
 */
export function toProblems(e: unknown, lang: Lang, locate: (pointer: string) => string | null): Problems {
  const out: Problems = {};
  const add = (key: string, text: string) => {
    out[key] = out[key] && out[key] !== text ? `${out[key]} · ${text}` : text;
  };
  if (e instanceof ApiError && e.problems?.length) {
    for (const p of e.problems) add(locate(p.field) ?? '', p.i18n[lang]);
    return out;
  }
  if (e instanceof ApiError && e.field) {
    const key = locate(e.field);
    if (key !== null) {
      add(key, e.i18n ? forPeople(e.i18n[lang]) : problemText(e, lang));
      return out;
    }
  }
  add('', forPeople(problemText(e, lang)));
  return out;
}
