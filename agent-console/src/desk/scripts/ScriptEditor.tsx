import { useLayoutEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Script } from '@cobranza/contracts/api/catalog';
import { todayIn } from '@cobranza/domain/format/index';
import { scriptVariables, type ScriptVariable } from '@cobranza/domain/scripts/index';
import { label } from '../../i18n/index.js';
import { ScriptView } from '../../features/script/ScriptPanel.js';
import { useAppStore } from '../../store/provider.js';
import { useLang, useT, useUser } from '../../store/selectors.js';
import { Field } from '../Field.js';
import { bodyOf, BRANCH_FIELDS, draftOf, emptyDraft, liveErrors, missing, saveErrors, SECTIONS, type Draft, type FormErrors, type FormKey, type TextField } from './scriptForm.js';
import { sampleDebtor, sampleFor } from './sampleDebtor.js';
import { VariablePalette } from './VariablePalette.js';

const fieldId = (f: TextField) => `scr-${f.replace('.', '-')}`;
const sameDraft = (a: Draft, b: Draft) => JSON.stringify(a) === JSON.stringify(b);

/** One script: its texts with the variable palette, and the agent's view of it on a sample debtor as it is typed. */
export function ScriptEditor({ script, onSaved }: { script: Script | null; onSaved(s: Script, created: boolean): void }) {
  const t = useT();
  const lang = useLang();
  const user = useUser();
  const request = useAppStore((s) => s.request);
  const initial = useMemo(() => (script ? draftOf(script) : emptyDraft()), [script]);
  const [draft, setDraft] = useState<Draft>(initial);
  const [errors, setErrors] = useState<FormErrors>({});
  const [busy, setBusy] = useState(false);
  const [target, setTarget] = useState<TextField>('opening');
  const areas = useRef(new Map<TextField, HTMLTextAreaElement>());
  const palette = useRef<HTMLDivElement>(null);
  const caret = useRef<{ field: TextField; at: number } | null>(null);

  // after an insertion the cursor goes back to the field, just after the variable
  useLayoutEffect(() => {
    const c = caret.current;
    if (!c) return;
    caret.current = null;
    const el = areas.current.get(c.field);
    el?.focus();
    el?.setSelectionRange(c.at, c.at);
  });

  const live = useMemo(() => liveErrors(draft), [draft]);
  const sample = sampleFor(draft.locale);
  const today = todayIn(sample.timeZone);
  const debtor = useMemo(() => sampleDebtor(bodyOf(draft, script?.body), { code: draft.code, name: draft.name, locale: draft.locale, version: script?.version ?? 0 }, today), [draft, script, today]);
  const values = useMemo(() => {
    const a = debtor.accounts[0]!;
    return scriptVariables({
      debtor: { firstName: debtor.firstName, lastName: debtor.lastName },
      account: { balance: a.balance, currency: a.currency, minimumPayment: a.minimumPayment, dueDate: a.oldestDueDate, product: a.product },
      creditorName: a.creditorName,
      agentName: user?.name,
      today,
      locale: `${debtor.locale}-${debtor.country}`,
    });
  }, [debtor, user, today]);

  const clear = (k: FormKey) =>
    setErrors(({ [k]: _gone, '': _form, ...rest }) => rest);
  const setMeta = (k: 'code' | 'name' | 'locale', v: string) => {
    setDraft((d) => ({ ...d, [k]: v }));
    clear(k);
  };
  const setText = (f: TextField, v: string) => {
    setDraft((d) => ({ ...d, texts: { ...d.texts, [f]: v } }));
    clear(f);
  };
  const insert = (v: ScriptVariable) => {
    const el = areas.current.get(target);
    const text = draft.texts[target];
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? start;
    const token = `{{${v}}}`;
    setText(target, text.slice(0, start) + token + text.slice(end));
    caret.current = { field: target, at: start + token.length };
  };
  const toPalette = (e: KeyboardEvent) => {
    if (e.altKey && (e.key === 'v' || e.key === 'V')) {
      e.preventDefault();
      palette.current?.querySelector('button')?.focus();
    }
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const empty = missing(draft);
    if (Object.keys(empty).length) return setErrors(empty);
    setBusy(true);
    try {
      const payload = { code: draft.code.trim(), name: draft.name.trim(), locale: draft.locale.trim(), body: bodyOf(draft, script?.body) };
      const saved = script ? await request<Script>('PATCH', `/scripts/${script.id}`, payload) : await request<Script>('POST', '/scripts', payload);
      setErrors({});
      onSaved(saved, !script);
    } catch (err) {
      setErrors(saveErrors(err));
    } finally {
      setBusy(false);
    }
  };

  const fieldName = (f: TextField) => (f.startsWith('branches.') ? label(f.slice('branches.'.length), lang) : t(f as (typeof SECTIONS)[number]));
  const errorOf = (f: FormKey) => (errors[f] ?? (f ? live[f as TextField] : undefined))?.[lang];
  const textArea = (f: TextField, rows: number, help?: string) => (
    <Field key={f} id={fieldId(f)} label={fieldName(f)} error={errorOf(f)} {...(help ? { help } : {})}>
      {(p) => (
        <textarea
          {...p}
          rows={rows}
          value={draft.texts[f]}
          ref={(el) => {
            if (el) areas.current.set(f, el);
            else areas.current.delete(f);
          }}
          onFocus={() => setTarget(f)}
          onKeyDown={toPalette}
          onChange={(e) => setText(f, e.target.value)}
        />
      )}
    </Field>
  );
  const dirty = !sameDraft(draft, initial);
  const hasText = !!(draft.texts.opening.trim() || draft.texts.body.trim());
  const liveCount = Object.keys(live).length;

  return (
    <div className="script-editor">
      <form className="card" onSubmit={(e) => void save(e)} aria-labelledby="script-form-title" noValidate>
        <h2 id="script-form-title">
          {script ? script.name : t('scr_new_title')} {dirty && <span className="chip warn">{t('scr_unsaved')}</span>}
        </h2>
        <div className="script-meta">
          <Field id="scr-code" label={t('scr_code')} error={errorOf('code')} help={t('scr_code_help')}>
            {(p) => <input {...p} value={draft.code} onChange={(e) => setMeta('code', e.target.value)} autoComplete="off" />}
          </Field>
          <Field id="scr-name" label={t('scr_name')} error={errorOf('name')}>
            {(p) => <input {...p} value={draft.name} onChange={(e) => setMeta('name', e.target.value)} autoComplete="off" />}
          </Field>
          <Field id="scr-locale" label={t('scr_locale')} error={errorOf('locale')} help={t('scr_locale_help')}>
            {(p) => <input {...p} value={draft.locale} onChange={(e) => setMeta('locale', e.target.value)} autoComplete="off" list="scr-locales" />}
          </Field>
          <datalist id="scr-locales">
            {['es-CO', 'es-MX', 'es-PE', 'en-US'].map((l) => (
              <option key={l} value={l} />
            ))}
          </datalist>
        </div>
        <fieldset>
          <legend>{t('scr_sections')}</legend>
          {textArea('opening', 2, t('scr_opening_help'))}
          {textArea('verification', 2)}
          {textArea('body', 3, t('scr_body_help'))}
          {textArea('closing', 2)}
        </fieldset>
        <fieldset className="branches-editor">
          <legend>{t('scr_branches')}</legend>
          <p className="muted help">{t('scr_branches_help')}</p>
          <div className="branch-grid">{BRANCH_FIELDS.map((f) => textArea(f, 2))}</div>
        </fieldset>
        {errors[''] && (
          <p role="alert" className="error">
            {errorOf('')}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('scr_saving') : t('scr_save')}
          </button>
        </div>
      </form>
      <aside className="script-aside">
        <VariablePalette ref={palette} target={fieldName(target)} values={values} onInsert={insert} />
        <section className="card preview" aria-labelledby="preview-title" data-testid="script-preview">
          <h2 id="preview-title">{t('scr_preview')}</h2>
          <p className="muted">{t('scr_preview_who', { name: `${sample.firstName} ${sample.lastName}`, country: sample.countryName[lang] })}</p>
          {liveCount > 0 ? (
            <p role="alert" className="error">
              {t('scr_fix_first')}
            </p>
          ) : !hasText ? (
            <p className="muted">{t('scr_preview_empty')}</p>
          ) : (
            <ScriptView debtor={debtor} agentName={user?.name} label={t('scr_preview')} testId="script-preview-view" openReason={target.startsWith('branches.') ? target.slice('branches.'.length) : undefined} />
          )}
        </section>
      </aside>
    </div>
  );
}
