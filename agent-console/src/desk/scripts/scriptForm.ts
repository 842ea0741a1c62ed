// The script editor's form: the fields as the admin types them, the body the API takes, and which
// field an error belongs to (the API's pointer /body/branches/x, or the live check of each text).
import { REASON_CODES, type ReasonCode } from '@cobranza/contracts';
import type { Script, ScriptBody } from '@cobranza/contracts/api/catalog';
import { checkScriptText, scriptProblemText } from '@cobranza/domain/scripts/index';
import { ApiError } from '../../api/client.js';
import { problemText, translator, type Lang } from '../../i18n/index.js';

export const SECTIONS = ['opening', 'verification', 'body', 'closing'] as const;
export type Section = (typeof SECTIONS)[number];
/** A text field of the form: a section, or a reason's branch. */
export type TextField = Section | `branches.${ReasonCode}`;
export const BRANCH_FIELDS = REASON_CODES.map((r) => `branches.${r}` as const);

export interface Draft {
  code: string;
  name: string;
  locale: string;
  texts: Record<TextField, string>;
}

/** Reasons in both languages, so a switch of language re-reads the errors already on screen. */
export type Bilingual = { es: string; en: string };
export type FormKey = 'code' | 'name' | 'locale' | TextField | '';
export type FormErrors = Partial<Record<FormKey, Bilingual>>;
const both = (f: (lang: Lang) => string): Bilingual => ({ es: f('es'), en: f('en') });

const emptyTexts = (): Record<TextField, string> =>
  Object.fromEntries([...SECTIONS, ...BRANCH_FIELDS].map((f) => [f, ''])) as Record<TextField, string>;

export const emptyDraft = (): Draft => ({ code: '', name: '', locale: 'es-CO', texts: emptyTexts() });

export function draftOf(s: Script): Draft {
  const texts = emptyTexts();
  for (const k of SECTIONS) texts[k] = s.body[k] ?? '';
  for (const r of REASON_CODES) texts[`branches.${r}`] = s.body.branches?.[r] ?? '';
  return { code: s.code, name: s.name, locale: s.locale, texts };
}

/** The body the API stores; keys of the saved body this form does not edit are kept. An empty branch is left out. */
export function bodyOf(d: Draft, saved?: ScriptBody): ScriptBody {
  const branches: Partial<Record<ReasonCode, string>> = {};
  for (const r of REASON_CODES) {
    const text = d.texts[`branches.${r}`];
    if (text.trim()) branches[r] = text;
  }
  return { ...(saved ?? {}), opening: d.texts.opening, verification: d.texts.verification, body: d.texts.body, closing: d.texts.closing, branches };
}

/** Each text's own problem as it is typed (the same check the API makes on save), in the UI language. */
export function liveErrors(d: Draft): FormErrors {
  const out: FormErrors = {};
  for (const f of [...SECTIONS, ...BRANCH_FIELDS]) {
    const e = checkScriptText(d.texts[f], f);
    if (e) out[f] = scriptProblemText(e);
  }
  return out;
}

/** Empty required fields, before anything is sent. */
export function missing(d: Draft): FormErrors {
  const required = both((l) => translator(l)('scr_required'));
  const out: FormErrors = {};
  if (!d.code.trim()) out.code = required;
  if (!d.name.trim()) out.name = required;
  if (!d.texts.opening.trim()) out.opening = required;
  if (!d.texts.body.trim()) out.body = required;
  return out;
}

// the API puts the pointer first for programs ("/body/opening en el cuerpo: …"); people read the reason
const POINTER_PREFIX = /^\/\S*\s(?:en|in)\s[^:]*:\s*/;

/** `/body/branches/never_got_bill` → `branches.never_got_bill`; `/code` → `code`; anything else: the form's own message. */
export function fieldOfPointer(pointer: string): FormKey {
  const parts = pointer.split('/').filter(Boolean);
  if (parts.length === 1 && (parts[0] === 'code' || parts[0] === 'name' || parts[0] === 'locale')) return parts[0];
  if (parts[0] === 'body' && parts.length === 2 && (SECTIONS as readonly string[]).includes(parts[1]!)) return parts[1] as Section;
  if (parts[0] === 'body' && parts[1] === 'branches' && parts.length === 3 && (REASON_CODES as readonly string[]).includes(parts[2]!)) return `branches.${parts[2] as ReasonCode}`;
  return '';
}

/** A refused save, at the field it names, in the UI language. */
export function saveErrors(e: unknown): FormErrors {
  if (e instanceof ApiError && e.field) {
    const field = fieldOfPointer(e.field);
    if (field) {
      const i18n = e.i18n;
      const text = both((l) => (i18n ? i18n[l].replace(POINTER_PREFIX, '') : translator(l)(e.code === 'CONFLICT' ? 'err_already_exists' : 'err_field_invalid')));
      return { [field]: text };
    }
  }
  return { '': both((l) => problemText(e, l)) };
}
