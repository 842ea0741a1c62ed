import { useEffect, useMemo, useState } from 'react';
import type { Script, Strategy } from '@cobranza/contracts/api';
import { useAppStore } from '../../store/provider.js';
import { useLang, useT } from '../../store/selectors.js';
import { toProblems, type Problems } from '../problems.js';
import { useLoad } from '../useLoad.js';
import { FlowEditor } from './FlowEditor.js';
import { FLOW_KINDS, nodesOf, type FlowJson, type FlowKind, type Json } from './flowModel.js';
import { describePointer } from './paths.js';
import { PromptRecordings } from './PromptRecordings.js';
import { RulesSections } from './RulesSections.js';
import { SmsTemplates } from './SmsTemplates.js';
import '../editors.css';

const NEW = '';

/** Moves the focus to the field a listed problem is shown at (its control names the message in aria-describedby). */
function goToProblem(text: string): void {
  const shown = [...document.querySelectorAll<HTMLElement>('.editor-page form .field-error')].find((el) => el.textContent === text);
  if (!shown) return;
  const control = shown.id ? document.querySelector<HTMLElement>(`[aria-describedby~="${shown.id}"]`) : null;
  (control ?? shown).scrollIntoView({ block: 'center' });
  control?.focus();
}
const blank = (): Json => ({ code: '', name: '', channels: ['voice'], dialMode: 'progressive', amdMode: 'off', scriptId: null, negotiation: {}, retryRules: {}, smsTemplates: {}, ivrFlow: null });
const toBody = (s: Strategy): Json => ({
  code: s.code,
  name: s.name,
  channels: s.channels,
  dialMode: s.dialMode,
  amdMode: s.amdMode,
  scriptId: s.scriptId,
  negotiation: s.negotiation,
  retryRules: s.retryRules,
  smsTemplates: s.smsTemplates,
  ivrFlow: s.ivrFlow ?? null,
});

/**
 * Admins: a strategy's general settings, negotiation and retry rules, IVR flows, SMS templates and prompt
 * recordings. Saved whole; a refusal puts every problem at its field and lists them in words at the top.
 */
export function StrategiesScreen() {
  const t = useT();
  const request = useAppStore((s) => s.request);
  const loaded = useLoad(
    () =>
      Promise.all([
        request<{ items: Strategy[] }>('GET', '/strategies'),
        request<{ items: Script[] }>('GET', '/scripts'),
        request<Partial<Record<FlowKind, FlowJson>>>('GET', '/strategies/default-flows'),
      ]).then(([s, sc, d]) => ({ strategies: s.items, scripts: sc.items, defaults: d })),
    'strategies',
  );
  if (loaded.error) return <p role="alert" className="error">{loaded.error}</p>;
  if (!loaded.data) return <p className="muted">{t('ed_loading')}</p>;
  return <StrategyEditor {...loaded.data} onSaved={loaded.reload} />;
}

function StrategyEditor({ strategies, scripts, defaults, onSaved }: { strategies: Strategy[]; scripts: Script[]; defaults: Partial<Record<FlowKind, FlowJson>>; onSaved(): void }) {
  const t = useT();
  const lang = useLang();
  const request = useAppStore((s) => s.request);
  const [picked, setPicked] = useState<string>(strategies[0]?.id ?? NEW);
  const current = strategies.find((s) => s.id === picked) ?? null;
  const [body, setBody] = useState<Json>(() => (current ? toBody(current) : blank()));
  const [errors, setErrors] = useState<Problems>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => {
    // a strategy just created is picked before the list that has it arrives: keep the form until then
    if (!current && picked !== NEW) return;
    setBody(current ? toBody(current) : blank());
    setErrors({});
    // a new list after a save: the picked strategy's stored form
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [picked, strategies]);

  const flows = (body.ivrFlow ?? {}) as Partial<Record<FlowKind, FlowJson>>;
  const stepNumber = useMemo(() => {
    const index = new Map<string, number>();
    for (const k of FLOW_KINDS) nodesOf(flows[k] ?? {}).forEach(([id], i) => index.set(`${k}/${id}`, i + 1));
    return (kind: string, id: string) => index.get(`${kind}/${id}`) ?? null;
  }, [flows]);
  const edit = (b: Json) => {
    setBody(b);
    setDone(null);
  };

  const save = async () => {
    setBusy(true);
    setDone(null);
    const own = Object.keys(flows).length ? flows : null;
    const payload = { ...body, ivrFlow: own, ...(body.scriptId ? {} : { scriptId: null }) };
    try {
      const saved = current ? await request<Strategy>('PATCH', `/strategies/${current.id}`, payload) : await request<Strategy>('POST', '/strategies', payload);
      setErrors({});
      setDone(t('st_saved'));
      setPicked(saved.id);
      onSaved();
    } catch (e) {
      setErrors(toProblems(e, lang, (p) => p));
    } finally {
      setBusy(false);
    }
  };

  const listed = Object.entries(errors).filter(([k]) => k !== '');
  return (
    <div className="desk-page editor-page strategies-screen">
      <h1>{t('nav_strategies')}</h1>
      <div className="editor-bar top">
        <label className="inline">
          {t('st_pick')}
          <select name="strategy" value={picked} onChange={(e) => (setPicked(e.target.value), setDone(null))}>
            {strategies.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
            <option value={NEW}>{t('st_new')}</option>
          </select>
        </label>
        <button type="button" onClick={() => (setPicked(NEW), setBody(blank()), setDone(null))}>
          {t('st_new')}
        </button>
      </div>
      {strategies.length === 0 && <p className="muted">{t('st_none')}</p>}
      <form onSubmit={(e) => (e.preventDefault(), void save())} aria-label={t('nav_strategies')} noValidate>
        {(listed.length > 0 || errors['']) && (
          <div className="card problems" role="alert" data-testid="strategy-problems">
            <p className="error">{t('st_problems')}</p>
            <ul>
              {errors[''] && <li>{errors['']}</li>}
              {listed.map(([pointer, text]) => (
                <li key={pointer}>
                  <a href="#" onClick={(e) => (e.preventDefault(), goToProblem(text))}>
                    <strong>{describePointer(pointer, t, stepNumber)}</strong>
                  </a>
                  : {text}
                </li>
              ))}
            </ul>
          </div>
        )}
        <RulesSections body={body} scripts={scripts} errors={errors} onChange={edit} />
        <FlowEditor flows={flows} defaults={defaults} errors={errors} onChange={(f) => edit({ ...body, ivrFlow: Object.keys(f).length ? f : null })} />
        <SmsTemplates templates={(body.smsTemplates ?? {}) as Record<string, Json>} errors={errors} onChange={(s) => edit({ ...body, smsTemplates: s })} />
        <PromptRecordings strategyId={current?.id ?? null} version={current?.updatedAt ?? ''} />
        <div className="editor-bar">
          <span className="spacer" />
          {done && (
            <span role="status" className="ok-note">
              {done}
            </span>
          )}
          <button type="submit" className="primary" disabled={busy}>
            {t('st_save')}
          </button>
        </div>
      </form>
    </div>
  );
}
