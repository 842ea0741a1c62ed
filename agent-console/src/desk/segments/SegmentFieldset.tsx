import type { Strategy } from '@cobranza/contracts/api';
import type { MessageKey } from '../../i18n/index.js';
import { useT } from '../../store/selectors.js';
import { Field } from '../Field.js';
import { isCatchAllForm, type SegmentForm } from './draft.js';

const RULES: { key: keyof SegmentForm; label: MessageKey; help?: MessageKey; wide?: boolean }[] = [
  { key: 'dpdMin', label: 'seg_dpd_min' },
  { key: 'dpdMax', label: 'seg_dpd_max', help: 'seg_dpd_help' },
  { key: 'balanceMin', label: 'seg_balance_min' },
  { key: 'balanceMax', label: 'seg_balance_max' },
  { key: 'riskMin', label: 'seg_risk_min' },
  { key: 'riskMax', label: 'seg_risk_max' },
  { key: 'products', label: 'seg_products', help: 'seg_list_help', wide: true },
  { key: 'regions', label: 'seg_regions', help: 'seg_list_help', wide: true },
];

interface Props {
  index: number;
  count: number;
  form: SegmentForm;
  strategies: Strategy[];
  /** field key (`2.dpdMax`, or `2` for the segment) → message */
  errors: Record<string, string>;
  accounts: string | null;
  onChange(field: keyof SegmentForm, value: string): void;
  onMove(delta: -1 | 1): void;
  onRemove(): void;
}

/** One segment: its name, strategy and rules; the fields' errors under each, its account count in the title. */
export function SegmentFieldset({ index, count, form, strategies, errors, accounts, onChange, onMove, onRemove }: Props) {
  const t = useT();
  const id = (k: string) => `seg-${form.key}-${k}`;
  const err = (k: string) => errors[`${index}.${k}`];
  const own = errors[`${index}`];
  const title = `${t('seg_segment', { n: index + 1 })}${form.name ? `: ${form.name}` : ''}`;
  return (
    <fieldset className="card segment" aria-describedby={own ? `${id('self')}-error` : undefined} data-testid={`segment-${index}`}>
      <legend>
        {title}
        {isCatchAllForm(form) && <span className="chip">{t('seg_catch_all')}</span>}
        {accounts !== null && (
          <span className="chip count" data-testid={`segment-count-${index}`}>
            {accounts}
          </span>
        )}
      </legend>
      {own && (
        <p id={`${id('self')}-error`} className="field-error" role="alert">
          {own}
        </p>
      )}
      <div className="segment-grid">
        <Field id={id('name')} label={t('seg_name')} error={err('name')}>
          {(p) => <input {...p} value={form.name} onChange={(e) => onChange('name', e.target.value)} autoComplete="off" />}
        </Field>
        <Field id={id('code')} label={t('seg_code')} error={err('code')}>
          {(p) => <input {...p} value={form.code} onChange={(e) => onChange('code', e.target.value)} autoComplete="off" />}
        </Field>
        <Field id={id('strategy')} label={t('seg_strategy')} error={err('strategyId')}>
          {(p) => (
            <select {...p} value={form.strategyId} onChange={(e) => onChange('strategyId', e.target.value)}>
              <option value="">{t('seg_no_strategy')}</option>
              {strategies.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="segment-actions">
          <button type="button" onClick={() => onMove(-1)} disabled={index === 0} aria-label={`${t('ed_move_up')}: ${title}`}>
            ↑
          </button>
          <button type="button" onClick={() => onMove(1)} disabled={index === count - 1} aria-label={`${t('ed_move_down')}: ${title}`}>
            ↓
          </button>
          <button type="button" onClick={onRemove} aria-label={`${t('ed_remove')}: ${title}`}>
            {t('ed_remove')}
          </button>
        </div>
        {RULES.map((r) => (
          <div key={r.key} className={r.wide ? 'wide' : undefined}>
            <Field id={id(r.key)} label={t(r.label)} error={err(r.key)} {...(r.help ? { help: t(r.help) } : {})}>
              {(p) => <input {...p} inputMode={r.wide ? 'text' : 'decimal'} value={form[r.key] ?? ''} onChange={(e) => onChange(r.key, e.target.value)} autoComplete="off" />}
            </Field>
          </div>
        ))}
      </div>
    </fieldset>
  );
}
