import { useState } from 'react';
import type { MessageKey } from '../../i18n/index.js';
import { useT } from '../../store/selectors.js';
import { Field } from '../Field.js';
import { FlowStep } from './FlowStep.js';
import { blankNode, FLOW_KINDS, newStepId, nodesOf, removeNode, setNode, type FlowJson, type FlowKind, type Json } from './flowModel.js';

interface Props {
  /** The strategy's own flows by kind; a kind missing plays the default. */
  flows: Partial<Record<FlowKind, FlowJson>>;
  defaults: Partial<Record<FlowKind, FlowJson>>;
  errors: Record<string, string>;
  onChange(flows: Partial<Record<FlowKind, FlowJson>>): void;
}

/** The IVR flows of a strategy, one kind at a time: its steps in order, and the texts its steps play. */
export function FlowEditor({ flows, defaults, errors, onChange }: Props) {
  const t = useT();
  const [kind, setKind] = useState<FlowKind>('outbound');
  const flow = flows[kind];
  const set = (f: FlowJson | undefined) => {
    const next = { ...flows };
    if (f) next[kind] = f;
    else delete next[kind];
    onChange(next);
  };
  const own = flow !== undefined;
  const prompts = (flow?.prompts ?? {}) as Record<string, Record<string, string>>;
  const stepIds = flow ? nodesOf(flow).map(([id]) => id) : [];
  const kindErrors = (k: FlowKind) => Object.keys(errors).filter((p) => p.startsWith(`/ivrFlow/${k}`)).length;
  return (
    <section className="card" aria-labelledby="st-ivr-title">
      <h2 id="st-ivr-title">{t('st_ivr')}</h2>
      <div className="flow-head">
        <div role="tablist" aria-label={t('flow_kind')} className="flow-tabs">
          {FLOW_KINDS.map((k) => (
            <button key={k} type="button" role="tab" aria-selected={k === kind} className={k === kind ? 'primary' : undefined} onClick={() => setKind(k)}>
              {t(`flow_${k}` as MessageKey)}
              {kindErrors(k) > 0 && <span className="chip bad"> {kindErrors(k)}</span>}
            </button>
          ))}
        </div>
        <label className="check">
          <input type="checkbox" checked={own} onChange={(e) => set(e.target.checked ? structuredClone(defaults[kind] ?? { version: 1, kind, start: 'inicio', prompts: {}, nodes: { inicio: blankNode('hangup') } }) : undefined)} />
          {t('flow_own')}
        </label>
      </div>
      {errors[`/ivrFlow/${kind}`] && (
        <p className="field-error" role="alert">
          {errors[`/ivrFlow/${kind}`]}
        </p>
      )}
      {!flow ? (
        <p className="muted">{t('flow_default_note')}</p>
      ) : (
        <>
          <Field id={`flow-${kind}-start`} label={t('flow_start')} error={errors[`/ivrFlow/${kind}/start`]}>
            {(f) => (
              <select {...f} value={String(flow.start ?? '')} onChange={(e) => set({ ...flow, start: e.target.value })}>
                {!stepIds.includes(String(flow.start)) && <option value={String(flow.start ?? '')}>{String(flow.start ?? '')}</option>}
                {stepIds.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <h3>{t('flow_steps')}</h3>
          {nodesOf(flow).map(([id, node], i) => (
            <FlowStep
              key={i}
              kind={kind}
              n={i + 1}
              id={id}
              node={node}
              stepIds={stepIds}
              promptIds={Object.keys(prompts)}
              errors={errors}
              onChange={(n: Json, newId?: string) => set(setNode(flow, id, n, newId ?? id))}
              onRemove={() => set(removeNode(flow, id))}
            />
          ))}
          <button type="button" onClick={() => set({ ...flow, nodes: { ...(flow.nodes ?? {}), [newStepId(flow)]: blankNode('play') } })}>
            {t('flow_add_step')}
          </button>
          <h3>{t('flow_prompts')}</h3>
          {Object.entries(prompts).map(([pid, text], i) => (
            <div key={i} className="flow-prompt" role="group" aria-label={`${t('flow_part_prompt')} «${pid}»`}>
              <Field id={`flow-${kind}-prompt${i}-id`} label={t('flow_prompt_id')} error={errors[`/ivrFlow/${kind}/prompts/${pid}`]}>
                {(f) => <input {...f} value={pid} onChange={(e) => set({ ...flow, prompts: Object.fromEntries(Object.entries(prompts).map(([k, v]) => (k === pid ? [e.target.value, v] : [k, v]))) })} />}
              </Field>
              {(['es', 'en'] as const).map((lang) => (
                <Field key={lang} id={`flow-${kind}-prompt${i}-${lang}`} label={t(lang === 'es' ? 'flow_text_es' : 'flow_text_en')} error={errors[`/ivrFlow/${kind}/prompts/${pid}/${lang}`]}>
                  {(f) => <textarea {...f} rows={2} value={text[lang] ?? ''} onChange={(e) => set({ ...flow, prompts: { ...prompts, [pid]: { ...text, [lang]: e.target.value } } })} />}
                </Field>
              ))}
            </div>
          ))}
          <button type="button" onClick={() => set({ ...flow, prompts: { ...prompts, [`mensaje${Object.keys(prompts).length + 1}`]: { es: '' } } })}>
            {t('flow_add_prompt')}
          </button>
        </>
      )}
    </section>
  );
}
