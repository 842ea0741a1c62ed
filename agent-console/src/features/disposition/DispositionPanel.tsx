import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { DISPOSITION_OUTCOMES, REASON_CODES, type DispositionOutcome } from '@cobranza/contracts';
import { withDefaultRules, INSTALMENT_FREQUENCIES, type InstalmentFrequency } from '@cobranza/domain/negotiation/index';
import { formatDate, formatDateTime, formatDuration, formatMinor, productLabel, todayIn, wallTimeIn, zoneCity } from '@cobranza/domain/format/index';
import { label, problemText, uiLocale } from '../../i18n/index.js';
import { useAppStore } from '../../store/provider.js';
import { useCall, useLang, useNow, useT } from '../../store/selectors.js';
import { debtorLocale } from '../screen-pop/ScreenPop.js';
import { primaryAccount } from '../script/ScriptPanel.js';
import { buildDisposition, emptyForm, type DispositionForm } from './buildDisposition.js';

/** The outcomes reachable by Alt+1..6, in this order (shown in the help overlay). */
export const QUICK_OUTCOMES: DispositionOutcome[] = ['promise_to_pay', 'callback', 'refused', 'no_contact', 'wrong_number', 'third_party'];

export function DispositionPanel() {
  const t = useT();
  const lang = useLang();
  const call = useCall();
  const dispose = useAppStore((s) => s.dispose);
  const deadline = useAppStore((s) => s.wrapupDeadline);
  const quick = useAppStore((s) => s.ui.quickOutcome);
  const setQuick = useAppStore((s) => s.setQuickOutcome);
  const last = useAppStore((s) => s.lastDisposition);
  const now = useNow(500);
  const d = call.debtor;
  const account0 = d ? primaryAccount(d) : null;
  const [form, setForm] = useState<DispositionForm>(() => emptyForm(account0?.id ?? ''));
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const outcomeRef = useRef<HTMLSelectElement>(null);

  // A new debtor starts a new form.
  useEffect(() => {
    setForm(emptyForm(account0?.id ?? ''));
    setSubmitted(false);
    setServerError(null);
  }, [d?.id, call.pop?.callId]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (quick) {
      setForm((f) => ({ ...f, outcome: quick as DispositionOutcome }));
      setQuick(null);
      outcomeRef.current?.focus();
    }
  }, [quick, setQuick]);

  const rules = useMemo(() => withDefaultRules(d?.strategy?.negotiation ?? {}), [d]);
  const account = d?.accounts.find((a) => a.id === form.accountId) ?? account0;
  const locale = d ? debtorLocale(d, lang) : 'es-CO';
  const today = d ? todayIn(d.timeZone) : new Date().toISOString().slice(0, 10);
  const zone = d?.timeZone ?? 'America/Bogota';
  const built = useMemo(() => buildDisposition(form, account ?? null, rules, today, locale, zone), [form, account, rules, today, locale, zone]);

  if (!call.pop || !d) {
    return last ? (
      <section className="card disposition" aria-label={t('disposition')}>
        <p role="status" data-testid="disposition-saved">
          {t('saved')}: {label(last.outcome, lang)}
        </p>
      </section>
    ) : null;
  }

  const set = <K extends keyof DispositionForm>(k: K, v: DispositionForm[K]) => setForm((f) => ({ ...f, [k]: v }));
  const issuesFor = (field: string) => (submitted || field !== 'outcome' ? built.issues.filter((i) => i.field === field) : []);
  const show = (field: string) =>
    issuesFor(field)
      .filter((i) => submitted || i.message.es !== 'Obligatorio')
      .map((i) => (
        <span key={i.message.es} className="field-error" role="alert">
          {i.message[lang]}
        </span>
      ));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (!built.body) return;
    setSaving(true);
    setServerError(null);
    try {
      await dispose(built.body);
    } catch (err) {
      setServerError(problemText(err, lang));
    } finally {
      setSaving(false);
    }
  };
  const left = deadline ? Math.ceil((deadline - now) / 1000) : null;
  const fmt = (minor: number) => (account ? formatMinor(minor, account.currency, locale) : String(minor));

  return (
    <form className="card disposition" aria-label={t('disposition')} onSubmit={submit} noValidate id="disposition-form">
      <h2>{t('disposition')}</h2>
      {/* In preview mode the next debtor can pop before the agent has read the confirmation: keep it visible. */}
      {last && (
        <p role="status" data-testid="disposition-saved">
          {t('saved')}: {label(last.outcome, lang)}
        </p>
      )}
      {left !== null && (
        <p className={`countdown ${left <= 10 ? 'bad' : ''}`} data-testid="wrapup-countdown" role="timer">
          {left > 0 ? `${t('wrapup_left')}: ${formatDuration(left)}` : t('wrapup_over')}
        </p>
      )}
      {d.accounts.length > 1 && (
        <label>
          {t('accounts')}
          <select name="accountId" value={form.accountId} onChange={(e) => set('accountId', e.target.value)}>
            {d.accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {productLabel(a.product, locale)} #{a.externalId}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        {t('outcome')}
        <select ref={outcomeRef} name="outcome" value={form.outcome} onChange={(e) => set('outcome', e.target.value as DispositionOutcome)} aria-invalid={issuesFor('outcome').length > 0}>
          <option value="">{t('choose')}</option>
          {DISPOSITION_OUTCOMES.filter((o) => o !== 'skip').map((o) => (
            <option key={o} value={o}>
              {label(o, lang)}
            </option>
          ))}
        </select>
        {show('outcome')}
      </label>
      <label>
        {t('reason')}
        <select name="reason" value={form.reason} onChange={(e) => set('reason', e.target.value as DispositionForm['reason'])}>
          <option value="">—</option>
          {REASON_CODES.map((r) => (
            <option key={r} value={r}>
              {label(r, lang)}
            </option>
          ))}
        </select>
      </label>

      {form.outcome === 'promise_to_pay' && (
        <fieldset>
          <legend>{t('promise')}</legend>
          <label>
            {t('amount')} ({account?.currency})
            <input name="amount" inputMode="decimal" value={form.amount} onChange={(e) => set('amount', e.target.value.replace(',', '.'))} />
            {show('amount')}
          </label>
          <label>
            {t('date')}
            <input name="dueDate" type="date" min={today} value={form.dueDate} onChange={(e) => set('dueDate', e.target.value)} />
            {show('dueDate')}
          </label>
        </fieldset>
      )}

      {form.outcome === 'settlement' && (
        <fieldset>
          <legend>{t('settlement')}</legend>
          <p className="muted">{t('max_discount', { pct: rules.settlementMaxDiscountPct })}</p>
          <label>
            {t('discount_pct')}
            <input name="discountPct" inputMode="decimal" value={form.discountPct} onChange={(e) => set('discountPct', e.target.value.replace(',', '.'))} />
            {show('discountPct')}
          </label>
          <label>
            {t('pay_by')}
            <input name="dueDate" type="date" min={today} value={form.dueDate} onChange={(e) => set('dueDate', e.target.value)} />
            {show('dueDate')}
          </label>
          {built.settlement && (
            <p data-testid="settlement-pay">
              {t('to_pay')}: <strong>{fmt(built.settlement.payMinor)}</strong> (−{fmt(built.settlement.discountMinor)})
            </p>
          )}
        </fieldset>
      )}

      {form.outcome === 'payment_plan' && (
        <fieldset>
          <legend>{t('plan')}</legend>
          <p className="muted">{t('max_instalments', { n: rules.maxInstalments })}</p>
          <label>
            {t('instalments')}
            <input name="instalments" type="number" min={2} max={rules.maxInstalments} value={form.instalments} onChange={(e) => set('instalments', e.target.value)} />
            {show('instalments')}
          </label>
          <label>
            {t('frequency')}
            <select name="frequency" value={form.frequency} onChange={(e) => set('frequency', e.target.value as InstalmentFrequency)}>
              {INSTALMENT_FREQUENCIES.map((f) => (
                <option key={f} value={f}>
                  {t(`freq_${f}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('first_due')}
            <input name="firstDueDate" type="date" min={today} value={form.firstDueDate} onChange={(e) => set('firstDueDate', e.target.value)} />
            {show('firstDueDate')}
          </label>
          {built.plan && (
            <table className="schedule" aria-label={t('schedule')} data-testid="schedule">
              <thead>
                <tr>
                  <th>#</th>
                  <th>{t('date')}</th>
                  <th className="num">{t('amount')}</th>
                </tr>
              </thead>
              <tbody>
                {built.plan.instalments.map((i) => (
                  <tr key={i.n}>
                    <td>{i.n}</td>
                    <td>{formatDate(i.dueDate, locale, 'medium')}</td>
                    <td className="num">{fmt(i.amountMinor)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </fieldset>
      )}

      {form.outcome === 'callback' && (
        <label>
          {t('callback_at')} <span className="muted" data-testid="callback-zone">{t('debtor_time', { city: zoneCity(zone, lang) })}</span>
          <input name="callbackAt" type="datetime-local" min={wallTimeIn(new Date(now), zone)} value={form.callbackAt} onChange={(e) => set('callbackAt', e.target.value)} />
          {built.body?.callbackAt && (
            <span className="muted" data-testid="callback-your-time">
              = {formatDateTime(built.body.callbackAt, uiLocale(lang))} ({t('your_time')})
            </span>
          )}
          {show('callbackAt')}
        </label>
      )}

      {(form.outcome === 'wrong_number' || form.outcome === 'third_party') && (
        <p className="muted" data-testid="marks-phone">
          {t('marks_phone', { status: label(form.outcome === 'wrong_number' ? 'wrong_party' : 'third_party', lang) })}
        </p>
      )}

      <label>
        {t('notes')}
        <textarea name="notes" rows={3} maxLength={4000} value={form.notes} onChange={(e) => set('notes', e.target.value)} />
      </label>
      {serverError && (
        <p role="alert" className="error">
          {serverError}
        </p>
      )}
      <button type="submit" className="primary" disabled={saving} title="Alt+S">
        {t('save')}
      </button>
    </form>
  );
}
