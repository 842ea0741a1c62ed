import { useState } from 'react';
import { useAppStore } from '../../store/provider.js';
import { label } from '../../i18n/index.js';
import { useCall, useT } from '../../store/selectors.js';

export const SKIP_REASONS = ['recent_contact', 'dispute_in_progress', 'already_paid', 'wrong_data', 'other'] as const;
const SKIP_LABELS: Record<(typeof SKIP_REASONS)[number], { es: string; en: string }> = {
  recent_contact: { es: 'Contactado hace poco', en: 'Contacted recently' },
  dispute_in_progress: { es: 'Disputa en curso', en: 'Dispute in progress' },
  already_paid: { es: 'Ya pagó', en: 'Already paid' },
  wrong_data: { es: 'Datos incorrectos', en: 'Wrong data' },
  other: { es: 'Otro', en: 'Other' },
};

/** Preview mode: the next debtor is on screen before dialing; the agent dials or skips with a reason. */
export function PreviewPanel() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const call = useCall();
  const skip = useAppStore((s) => s.skipPreview);
  const dial = useAppStore((s) => s.dialPhone);
  const [reason, setReason] = useState<string>('');
  const [phoneId, setPhoneId] = useState<string>('');
  if (call.pop?.via !== 'preview' || call.status === 'bridged') return null;
  const phones = (call.debtor?.phones ?? []).filter((p) => p.status !== 'invalid' && p.status !== 'wrong_party');
  const chosen = phoneId || phones[0]?.id || '';
  return (
    <section className="card preview" aria-label={t('preview')} data-testid="preview">
      <h2>{t('next_debtor')}</h2>
      <label>
        {t('phones')}
        <select name="previewPhone" value={chosen} onChange={(e) => setPhoneId(e.target.value)}>
          {phones.map((p) => (
            <option key={p.id} value={p.id}>
              {p.e164Masked} · {label(p.type, lang)}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="primary" disabled={!chosen} onClick={() => void dial(chosen)}>
        {t('dial')}
      </button>
      <label>
        {t('skip_reason')}
        <select name="skipReason" value={reason} onChange={(e) => setReason(e.target.value)}>
          <option value="">{t('choose')}</option>
          {SKIP_REASONS.map((r) => (
            <option key={r} value={r}>
              {SKIP_LABELS[r][lang]}
            </option>
          ))}
        </select>
      </label>
      <button type="button" disabled={!reason} onClick={() => void skip(reason)}>
        {t('skip')}
      </button>
    </section>
  );
}
