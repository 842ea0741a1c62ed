import { AMD_MODES, CHANNELS, DIAL_MODES } from '@cobranza/contracts';
import type { Script } from '@cobranza/contracts/api';
import type { MessageKey } from '../../i18n/index.js';
import { useT } from '../../store/selectors.js';
import { Field } from '../Field.js';
import { numberOrUndefined, withField, type Json } from './flowModel.js';

export const RETRY_OUTCOMES = ['busy', 'no_answer', 'machine', 'congestion', 'failed', 'abandoned', 'cancelled', 'invalid_number'] as const;
const NEGOTIATION = ['minPromiseAmountPct', 'maxPromiseDays', 'settlementMaxDiscountPct', 'maxInstalments', 'minInstalmentAmount'] as const;

interface Props {
  body: Json;
  scripts: Script[];
  errors: Record<string, string>;
  onChange(body: Json): void;
}

const numText = (v: unknown) => (v === undefined || v === null ? '' : String(v));

/** Name, dial and AMD modes, script and channels; what an agent may offer; when a number is tried again. */
export function RulesSections({ body, scripts, errors, onChange }: Props) {
  const t = useT();
  const set = (k: string, v: unknown) => onChange(withField(body, k, v));
  const negotiation = (body.negotiation ?? {}) as Json;
  const retry = (body.retryRules ?? {}) as Record<string, Json | number>;
  const channels = (body.channels ?? ['voice']) as string[];
  const setRetry = (outcome: string, k: string, v: number | undefined) => {
    const rule = withField((retry[outcome] as Json | undefined) ?? {}, k, v);
    const next = { ...retry, [outcome]: rule };
    if (Object.keys(rule).length === 0) delete next[outcome];
    set('retryRules', next);
  };
  return (
    <>
      <section className="card" aria-labelledby="st-general-title">
        <h2 id="st-general-title">{t('st_general')}</h2>
        <div className="form-grid strategy-general">
          <Field id="st-name" label={t('st_name')} error={errors['/name']}>
            {(f) => <input {...f} value={String(body.name ?? '')} onChange={(e) => set('name', e.target.value)} autoComplete="off" />}
          </Field>
          <Field id="st-code" label={t('st_code')} error={errors['/code']}>
            {(f) => <input {...f} value={String(body.code ?? '')} onChange={(e) => set('code', e.target.value)} autoComplete="off" />}
          </Field>
          <Field id="st-dial-mode" label={t('st_dial_mode')} error={errors['/dialMode']}>
            {(f) => (
              <select {...f} value={String(body.dialMode ?? 'progressive')} onChange={(e) => set('dialMode', e.target.value)}>
                {DIAL_MODES.map((m) => (
                  <option key={m} value={m}>
                    {t(`dial_${m}` as MessageKey)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="st-amd" label={t('st_amd')} error={errors['/amdMode']}>
            {(f) => (
              <select {...f} value={String(body.amdMode ?? 'off')} onChange={(e) => set('amdMode', e.target.value)}>
                {AMD_MODES.map((m) => (
                  <option key={m} value={m}>
                    {t(`amd_${m}` as MessageKey)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="st-script" label={t('st_script')} error={errors['/scriptId']}>
            {(f) => (
              <select {...f} value={String(body.scriptId ?? '')} onChange={(e) => set('scriptId', e.target.value || null)}>
                <option value="">{t('st_no_script')}</option>
                {scripts.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name} ({s.locale})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <fieldset className="inline-checks" aria-describedby={errors['/channels'] ? 'st-channels-error' : undefined}>
            <legend>{t('st_channels')}</legend>
            {CHANNELS.map((c) => (
              <label key={c} className="check">
                <input type="checkbox" checked={channels.includes(c)} onChange={(e) => set('channels', e.target.checked ? [...channels, c] : channels.filter((x) => x !== c))} />
                {t(`ch_${c}` as MessageKey)}
              </label>
            ))}
            {errors['/channels'] && (
              <span id="st-channels-error" className="field-error" role="alert">
                {errors['/channels']}
              </span>
            )}
          </fieldset>
        </div>
      </section>
      <section className="card" aria-labelledby="st-neg-title">
        <h2 id="st-neg-title">{t('st_negotiation')}</h2>
        <div className="form-grid">
          {NEGOTIATION.map((k) => (
            <Field key={k} id={`st-neg-${k}`} label={t(`neg_${k}` as MessageKey)} error={errors[`/negotiation/${k}`]}>
              {(f) => <input {...f} type="number" value={numText(negotiation[k])} onChange={(e) => set('negotiation', withField(negotiation, k, numberOrUndefined(e.target.value)))} />}
            </Field>
          ))}
        </div>
      </section>
      <section className="card" aria-labelledby="st-retry-title">
        <h2 id="st-retry-title">{t('st_retry')}</h2>
        {errors['/retryRules'] && (
          <p className="field-error" role="alert">
            {errors['/retryRules']}
          </p>
        )}
        <table className="retry-table">
          <thead>
            <tr>
              <th scope="col">{t('retry_outcome')}</th>
              <th scope="col">{t('retry_minutes')}</th>
              <th scope="col">{t('retry_max')}</th>
            </tr>
          </thead>
          <tbody>
            {RETRY_OUTCOMES.map((o) => {
              const rule = (retry[o] ?? {}) as Json;
              return (
                <tr key={o}>
                  <th scope="row">{t(`out_${o}` as MessageKey)}</th>
                  {(['retryMinutes', 'maxAttempts'] as const).map((k) => {
                    const err = errors[`/retryRules/${o}/${k}`] ?? (k === 'retryMinutes' ? errors[`/retryRules/${o}`] : undefined);
                    const id = `st-retry-${o}-${k}`;
                    return (
                      <td key={k}>
                        <input
                          id={id}
                          type="number"
                          aria-label={`${t(`out_${o}` as MessageKey)}: ${t(k === 'retryMinutes' ? 'retry_minutes' : 'retry_max')}`}
                          aria-invalid={!!err}
                          aria-describedby={err ? `${id}-error` : undefined}
                          value={numText(rule[k])}
                          onChange={(e) => setRetry(o, k, numberOrUndefined(e.target.value))}
                        />
                        {err && (
                          <span id={`${id}-error`} className="field-error" role="alert">
                            {err}
                          </span>
                        )}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
        <Field id="st-retry-total" label={t('retry_total')} error={errors['/retryRules/maxAttempts']}>
          {(f) => <input {...f} type="number" value={numText(retry.maxAttempts)} onChange={(e) => set('retryRules', withField(retry, 'maxAttempts', numberOrUndefined(e.target.value)))} />}
        </Field>
      </section>
    </>
  );
}
