import type { MessageKey } from '../../i18n/index.js';
import { useT } from '../../store/selectors.js';
import { Field } from '../Field.js';
import { FlowParts } from './FlowParts.js';
import { blankNode, EDGES, numberOrUndefined, VERBS, WITH_PARTS, withField, type Json } from './flowModel.js';

interface Props {
  kind: string;
  n: number;
  id: string;
  node: Json;
  stepIds: string[];
  promptIds: string[];
  errors: Record<string, string>;
  onChange(node: Json, newId?: string): void;
  onRemove(): void;
}

/** One step of a flow: its name, its action and that action's fields; every problem under its field. */
export function FlowStep({ kind, n, id, node, stepIds, promptIds, errors, onChange, onRemove }: Props) {
  const t = useT();
  const verb = String(node.verb ?? '');
  const pointer = `/ivrFlow/${kind}/nodes/${id.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  const base = `flow-${kind}-${n}`;
  const err = (k: string) => errors[`${pointer}/${k}`];
  const set = (k: string, v: unknown) => onChange(withField(node, k, v));
  const listId = `${base}-steps`;
  const title = `${t('flow_step', { n })} «${id}»`;
  const num = (k: string, label: MessageKey) => (
    <Field id={`${base}-${k}`} label={t(label)} error={err(k)}>
      {(f) => <input {...f} type="number" value={node[k] === undefined ? '' : String(node[k])} onChange={(e) => set(k, numberOrUndefined(e.target.value))} />}
    </Field>
  );
  const options = (node.options ?? {}) as Record<string, Json>;
  const setOptions = (o: Record<string, Json>) => set('options', o);
  return (
    <fieldset className="card flow-step" data-testid={`step-${kind}-${id}`}>
      <legend>{title}</legend>
      {errors[pointer] && (
        <p className="field-error" role="alert">
          {errors[pointer]}
        </p>
      )}
      <datalist id={listId}>
        {stepIds.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      <div className="flow-grid">
        <Field id={`${base}-id`} label={t('flow_step_id')}>
          {(f) => <input {...f} value={id} onChange={(e) => onChange(node, e.target.value)} />}
        </Field>
        <Field id={`${base}-verb`} label={t('flow_verb')} error={err('verb')}>
          {(f) => (
            <select {...f} value={verb} onChange={(e) => onChange(blankNode(e.target.value))}>
              {VERBS.map((v) => (
                <option key={v} value={v}>
                  {t(`verb_${v}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {(EDGES[verb] ?? []).map((e) => (
          <Field key={e} id={`${base}-${e}`} label={t(`edge_${e}` as MessageKey)} error={err(e)}>
            {(f) => <input {...f} list={listId} value={String(node[e] ?? '')} onChange={(ev) => set(e, ev.target.value)} autoComplete="off" />}
          </Field>
        ))}
        {verb === 'gather' && (
          <>
            <Field id={`${base}-into`} label={t('flow_into')} error={err('into')}>
              {(f) => <input {...f} value={String(node.into ?? '')} onChange={(e) => set('into', e.target.value)} />}
            </Field>
            {num('minDigits', 'flow_min_digits')}
            {num('maxDigits', 'flow_max_digits')}
          </>
        )}
        {verb === 'identify' && num('maxTries', 'flow_max_tries')}
        {verb === 'transfer' && num('priority', 'flow_priority')}
        {verb === 'sms' && (
          <Field id={`${base}-template`} label={t('flow_template')} error={err('template')}>
            {(f) => <input {...f} value={String(node.template ?? '')} onChange={(e) => set('template', e.target.value)} />}
          </Field>
        )}
        {verb === 'hangup' && (
          <Field id={`${base}-outcome`} label={t('flow_outcome')} error={err('outcome')}>
            {(f) => <input {...f} value={String(node.outcome ?? '')} onChange={(e) => set('outcome', e.target.value)} />}
          </Field>
        )}
        {verb === 'opt-out' && (
          <Field id={`${base}-channel`} label={t('flow_channel')} error={err('channel')}>
            {(f) => (
              <select {...f} value={String(node.channel ?? 'all')} onChange={(e) => set('channel', e.target.value)}>
                <option value="all">all</option>
                <option value="voice">voice</option>
                <option value="ivr">ivr</option>
              </select>
            )}
          </Field>
        )}
        {verb === 'say' && (
          <Field id={`${base}-value`} label={t('flow_value')} error={err('value')}>
            {(f) => <input {...f} value={String(node.value ?? '')} onChange={(e) => set('value', e.target.value)} />}
          </Field>
        )}
        <div className="flow-step-actions">
          <button type="button" onClick={onRemove} aria-label={`${t('ed_remove')}: ${title}`}>
            {t('ed_remove')}
          </button>
        </div>
      </div>
      {verb === 'identify' && (
        <fieldset className="inline-checks" aria-describedby={err('secondFactors') ? `${base}-sf-error` : undefined}>
          <legend>{t('flow_second_factors')}</legend>
          {(['birth_date', 'account_last4'] as const).map((sf) => {
            const list = Array.isArray(node.secondFactors) ? (node.secondFactors as string[]) : [];
            return (
              <label key={sf} className="check">
                <input type="checkbox" checked={list.includes(sf)} onChange={(e) => set('secondFactors', e.target.checked ? [...list, sf] : list.filter((x) => x !== sf))} />
                {t(`sf_${sf}`)}
              </label>
            );
          })}
          {err('secondFactors') && (
            <span id={`${base}-sf-error`} className="field-error" role="alert">
              {err('secondFactors')}
            </span>
          )}
        </fieldset>
      )}
      {verb === 'menu' && (
        <fieldset className="flow-options">
          <legend>{t('flow_options')}</legend>
          {errors[`${pointer}/options`] && (
            <p className="field-error" role="alert">
              {errors[`${pointer}/options`]}
            </p>
          )}
          {Object.entries(options).map(([key, o], i) => {
            const oid = `${base}-opt${i}`;
            const op = `${pointer}/options/${key}`;
            const rekey = (k: string) => setOptions(Object.fromEntries(Object.entries(options).map(([kk, oo]) => (kk === key ? [k, oo] : [kk, oo]))));
            return (
              <div key={i} className="flow-option" role="group" aria-label={t('flow_option', { k: key })}>
                <Field id={`${oid}-key`} label={t('flow_key')} error={errors[op]}>
                  {(f) => <input {...f} value={key} maxLength={1} onChange={(e) => rekey(e.target.value)} />}
                </Field>
                <Field id={`${oid}-next`} label={`${t('flow_option', { k: key })}: ${t('edge_next')}`} error={errors[`${op}/next`]}>
                  {(f) => <input {...f} list={listId} value={String(o.next ?? '')} onChange={(e) => setOptions({ ...options, [key]: { ...o, next: e.target.value } })} autoComplete="off" />}
                </Field>
                <Field id={`${oid}-label`} label={t('flow_label')} error={errors[`${op}/label`]}>
                  {(f) => <input {...f} value={String(o.label ?? '')} onChange={(e) => setOptions({ ...options, [key]: withField(o, 'label', e.target.value) })} />}
                </Field>
                <button type="button" className="flow-remove" onClick={() => setOptions(Object.fromEntries(Object.entries(options).filter(([k]) => k !== key)))} aria-label={`${t('ed_remove')}: ${t('flow_option', { k: key })}`}>
                  ✕
                </button>
              </div>
            );
          })}
          <button type="button" onClick={() => setOptions({ ...options, [nextKey(options)]: { next: '' } })}>
            {t('flow_add_option')}
          </button>
        </fieldset>
      )}
      {WITH_PARTS.has(verb) && (
        <FlowParts base={base} pointer={`${pointer}/prompts`} parts={(node.prompts ?? []) as Json[]} promptIds={promptIds} errors={errors} onChange={(p) => set('prompts', p.length || verb !== 'hangup' ? p : undefined)} />
      )}
    </fieldset>
  );
}

const nextKey = (o: Record<string, unknown>) => ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '*', '#'].find((k) => !(k in o)) ?? '#';
