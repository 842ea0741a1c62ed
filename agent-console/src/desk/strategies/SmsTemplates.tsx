import { useState } from 'react';
import { useAppStore } from '../../store/provider.js';
import { useLang, useT } from '../../store/selectors.js';
import { Field } from '../Field.js';
import { toProblems } from '../problems.js';
import type { Json } from './flowModel.js';

const VARIABLES = ['debtor.firstName', 'creditor.businessName', 'creditor.callbackNumber', 'account.balance', 'account.minimumPayment', 'account.dueDate', 'account.nextDueDate', 'account.daysPastDue', 'account.last4', 'account.product', 'paymentLink', 'statementLink'];

interface Preview {
  text: string;
  length: number;
  debtor: string;
}

/** The strategy's SMS templates, each previewed on the sample debtor by the server's own renderer. */
export function SmsTemplates({ templates, errors, onChange }: { templates: Record<string, Json>; errors: Record<string, string>; onChange(t: Record<string, Json>): void }) {
  const t = useT();
  const lang = useLang();
  const request = useAppStore((s) => s.request);
  const [previews, setPreviews] = useState<Record<string, Preview | { error: string }>>({});
  const entries = Object.entries(templates);
  const rename = (from: string, to: string) => onChange(Object.fromEntries(entries.map(([k, v]) => (k === from ? [to, v] : [k, v]))));
  const preview = async (name: string, tpl: Json, as: 'es' | 'en') => {
    try {
      const p = await request<Preview>('POST', '/strategies/sms-preview', { template: tpl, lang: as });
      setPreviews((x) => ({ ...x, [`${name}.${as}`]: p }));
    } catch (e) {
      setPreviews((x) => ({ ...x, [`${name}.${as}`]: { error: Object.values(toProblems(e, lang, () => '')).join(' ') } }));
    }
  };
  return (
    <section className="card" aria-labelledby="st-sms-title">
      <h2 id="st-sms-title">{t('st_sms')}</h2>
      <p className="muted help">{t('sms_vars', { vars: VARIABLES.map((v) => `{{${v}}}`).join(' ') })}</p>
      {entries.length === 0 && <p className="muted">{t('sms_none')}</p>}
      {entries.map(([name, tpl], i) => (
        <div key={i} className="sms-template" role="group" aria-label={`${t('st_sms')} «${name}»`}>
          <Field id={`sms-${i}-name`} label={t('sms_name')} error={errors[`/smsTemplates/${name}`]}>
            {(f) => <input {...f} value={name} onChange={(e) => rename(name, e.target.value)} autoComplete="off" />}
          </Field>
          {(['es', 'en'] as const).map((l) => {
            const p = previews[`${name}.${l}`];
            return (
              <div key={l} className="sms-lang">
                <Field id={`sms-${i}-${l}`} label={t(l === 'es' ? 'sms_es' : 'sms_en')} error={errors[`/smsTemplates/${name}/${l}`]}>
                  {(f) => (
                    <textarea
                      {...f}
                      rows={3}
                      value={String(tpl[l] ?? '')}
                      onChange={(e) => {
                        const next = { ...tpl, [l]: e.target.value };
                        if (l === 'en' && !e.target.value) delete next.en;
                        onChange({ ...templates, [name]: next });
                      }}
                    />
                  )}
                </Field>
                <button type="button" onClick={() => void preview(name, tpl, l)} disabled={!String(tpl[l] ?? '').trim()} aria-label={`${t('sms_preview')}: «${name}» (${l === 'es' ? t('path_es') : t('path_en')})`}>
                  {t('sms_preview')}
                </button>
                {p && 'text' in p && (
                  <p className="sms-preview" role="status">
                    <span className="muted">{t('sms_preview_on', { name: p.debtor })}</span> {p.text} <span className="muted">({t('sms_chars', { n: p.length })})</span>
                  </p>
                )}
                {p && 'error' in p && (
                  <p className="field-error" role="alert">
                    {p.error}
                  </p>
                )}
              </div>
            );
          })}
          <button type="button" onClick={() => onChange(Object.fromEntries(entries.filter(([k]) => k !== name)))} aria-label={`${t('ed_remove')}: ${t('st_sms')} «${name}»`}>
            {t('ed_remove')}
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange({ ...templates, [`plantilla${entries.length + 1}`]: { es: '' } })}>
        {t('sms_add')}
      </button>
    </section>
  );
}
