// A campaign's dial mode and pacing, for any status (the wallboard's controls need a running campaign's live
// figures): PATCH /campaigns/:id/settings, checked here against the same limits the API enforces, and the
// API's refusal shown at its field.
import { useState, type FormEvent } from 'react';
import { DIAL_MODES, type DialMode } from '@cobranza/contracts';
import { PACING_LIMITS, type Campaign, type PacingSettingsPatch } from '@cobranza/contracts/api/campaigns';
import { Field } from '../../desk/Field.js';
import { toFieldErrors, type FieldErrors } from '../../desk/fieldErrors.js';
import { useAppStore } from '../../store/provider.js';
import { useLang, useT } from '../../store/selectors.js';
import { useCampaignText } from './text.js';

const FIELDS = ['mode', 'abandonTarget', 'maxLinesPerAgent', 'minAgentsForPredictive', 'wrapUpSeconds', 'agentlessConcurrency'] as const;
type NumberField = Exclude<(typeof FIELDS)[number], 'mode'>;

export function PacingForm(props: { campaign: Campaign; onClose: () => void; onSaved: (c: Campaign) => void }) {
  const t = useT();
  const ct = useCampaignText();
  const lang = useLang();
  const request = useAppStore((s) => s.request);
  const s = props.campaign.settings;
  const [mode, setMode] = useState<DialMode>(s.mode);
  // the abandon target is edited in percent, as supervisors speak of it
  const [values, setValues] = useState<Record<NumberField, string>>({
    abandonTarget: String(+(s.abandonTarget * 100).toFixed(2)),
    maxLinesPerAgent: String(s.maxLinesPerAgent),
    minAgentsForPredictive: String(s.minAgentsForPredictive),
    wrapUpSeconds: String(s.wrapUpSeconds),
    agentlessConcurrency: String(s.agentlessConcurrency),
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);

  const scale = (f: NumberField) => (f === 'abandonTarget' ? 100 : 1);
  const rangeText = (f: NumberField) => ct('f_range', { min: PACING_LIMITS[f].minimum * scale(f), max: PACING_LIMITS[f].maximum * scale(f) });

  function check(): { patch: PacingSettingsPatch; errors: FieldErrors } {
    const errs: FieldErrors = {};
    const patch: PacingSettingsPatch = { mode };
    for (const f of FIELDS) {
      if (f === 'mode') continue;
      const raw = values[f].trim().replace(',', '.');
      const n = Number(raw) / scale(f);
      const integer = f !== 'abandonTarget' && f !== 'maxLinesPerAgent';
      if (raw === '' || !Number.isFinite(n) || n < PACING_LIMITS[f].minimum || n > PACING_LIMITS[f].maximum || (integer && !Number.isInteger(n))) errs[f] = rangeText(f);
      else patch[f] = n;
    }
    return { patch, errors: errs };
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const { patch, errors: errs } = check();
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setSaving(true);
    try {
      props.onSaved(await request<Campaign>('PATCH', `/campaigns/${props.campaign.id}/settings`, patch));
    } catch (err) {
      setErrors(toFieldErrors(err, FIELDS, lang));
    } finally {
      setSaving(false);
    }
  }

  const number = (f: NumberField, label: string, help?: string) => (
    <Field id={`pacing-${f}`} label={label} error={errors[f]} {...(help ? { help } : {})}>
      {(p) => <input {...p} inputMode="decimal" value={values[f]} onChange={(e) => setValues((v) => ({ ...v, [f]: e.target.value }))} />}
    </Field>
  );

  return (
    <form className="card pacing-form" aria-labelledby="pacing-form-title" data-testid="pacing-form" onSubmit={submit} noValidate onKeyDown={(e) => e.key === 'Escape' && props.onClose()}>
      <h3 id="pacing-form-title">{ct('pacing_title', { name: props.campaign.name })}</h3>
      <p className="muted">{ct('pacing_intro')}</p>
      <div className="pacing-fields">
        <Field id="pacing-mode" label={ct('field_mode')} error={errors.mode}>
          {(p) => (
            <select {...p} value={mode} onChange={(e) => setMode(e.target.value as DialMode)} autoFocus>
              {DIAL_MODES.map((m) => (
                <option key={m} value={m}>
                  {t(`mode_${m}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {number('abandonTarget', t('abandon_target'))}
        {number('maxLinesPerAgent', t('max_lines'))}
        {number('minAgentsForPredictive', ct('f_min_agents'), ct('f_min_agents_help'))}
        {number('wrapUpSeconds', ct('f_wrap_up'))}
        {mode === 'agentless' && number('agentlessConcurrency', ct('f_agentless'))}
      </div>
      {errors[''] && (
        <p role="alert" className="field-error">
          {errors['']}
        </p>
      )}
      <div className="actions">
        <button type="submit" disabled={saving}>
          {ct('pacing_save')}
        </button>
        <button type="button" onClick={props.onClose}>
          {ct('close_form')}
        </button>
      </div>
    </form>
  );
}
