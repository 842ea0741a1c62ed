import { daysBetween, formatDate, formatDateTime, formatMoney, maskNationalId, maskPhone, productLabel, todayIn, zoneCity } from '@cobranza/domain/format/index';
import type { DebtorRecord, HistoryItem } from '../../api/types.js';
import { label, uiLocale, type Lang } from '../../i18n/index.js';
import { historyText } from './historyText.js';
import { useAppStore } from '../../store/provider.js';
import { useAgent, useCall, useLang, useNow, useT } from '../../store/selectors.js';

/** Debtor locale for amounts and dates ("es-CO"), falling back to the UI language. */
export function debtorLocale(d: DebtorRecord, lang: Lang): string {
  const base = (d.locale || lang).split('-')[0] ?? lang;
  // a code that names no real country (the demo's XD, any user-assigned ISO 3166 code) would make Intl write
  // currency codes ("277.882,32 COP"): the UI language's locale then
  const real = /^[A-Z]{2}$/.test(d.country) && !/^(AA|Q[M-Z]|X[A-Z]|ZZ)$/.test(d.country);
  return real ? `${base}-${d.country}` : uiLocale(base === 'en' ? 'en' : 'es');
}

function shownId(d: DebtorRecord): string {
  // Agents receive it already masked by the API; mask again only if it came in clear.
  return d.documentNumber.includes('*') ? d.documentNumber : maskNationalId(d.documentNumber);
}

export function ScreenPop() {
  const t = useT();
  const lang = useLang();
  const call = useCall();
  const agent = useAgent();
  const dialPhone = useAppStore((s) => s.dialPhone);
  const d = call.debtor;
  if (!call.pop) {
    return (
      <section className="card screen-pop empty" aria-label={t('debtor')}>
        <p>{t('no_call')}</p>
      </section>
    );
  }
  if (!d) {
    return (
      <section className="card screen-pop" aria-label={t('debtor')} aria-busy={call.loading}>
        <p>{call.pop.e164Masked}</p>
        {call.error && <p role="alert" className="error">{call.error}</p>}
      </section>
    );
  }
  const locale = debtorLocale(d, lang);
  const today = todayIn(d.timeZone);
  const canDial = agent.state === 'talking' || agent.state === 'wrapping' || call.pop.via === 'preview';
  return (
    <section className="card screen-pop" aria-label={t('debtor')} data-testid="screen-pop" data-debtor-id={d.id} data-call-id={call.pop.callId}>
      <header>
        <h2 data-testid="debtor-name">
          {d.firstName} {d.lastName}
        </h2>
        <span className="muted">
          {t('national_id')}: {d.documentType} <span data-testid="debtor-id">{shownId(d)}</span>
        </span>
        <DebtorClock zone={d.timeZone} lang={lang} />
        {d.segment && (
          <span className="chip">
            {t('segment')}: {d.segment.name}
          </span>
        )}
      </header>

      <div className="accounts-wrap">
      <table className="accounts" aria-label={t('accounts')}>
        <thead>
          <tr>
            <th>{t('product')}</th>
            <th className="num">{t('balance')}</th>
            <th className="num">{t('days_past_due')}</th>
            <th>{t('due_date')}</th>
            <th className="num">{t('minimum_payment')}</th>
            <th>{t('segment')}</th>
            <th>{t('documents')}</th>
          </tr>
        </thead>
        <tbody>
          {d.accounts.map((a) => {
            const dpd = a.daysPastDue ?? (a.oldestDueDate ? Math.max(0, daysBetween(a.oldestDueDate, today)) : null);
            return (
              <tr key={a.id}>
                <td>
                  {productLabel(a.product, lang)} <span className="muted">#{a.externalId}</span>
                </td>
                <td className="num">{formatMoney(a.balance, a.currency, locale)}</td>
                <td className={`num ${dpd !== null && dpd > 90 ? 'bad' : ''}`}>{dpd ?? '—'}</td>
                <td>{a.oldestDueDate ? formatDate(a.oldestDueDate, locale, 'medium') : '—'}</td>
                <td className="num">{formatMoney(a.minimumPayment, a.currency, locale)}</td>
                <td>{a.segment?.name ?? '—'}</td>
                <td>
                  {a.documents.length === 0
                    ? '—'
                    : a.documents.map((doc) => (
                        <span key={doc.id} className="chip" title={doc.reference}>
                          {doc.name}
                        </span>
                      ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      </div>

      <div className="phones" aria-label={t('phones')}>
        <h3>{t('phones')}</h3>
        <ul>
          {d.phones.map((p) => (
            <li key={p.id}>
              <span>{p.e164Masked || maskPhone(p.e164)}</span> <span className="muted">{label(p.type, lang)}</span>{' '}
              {p.status !== 'valid' && <span className="chip bad">{label(p.status, lang)}</span>}
              <button type="button" onClick={() => void dialPhone(p.id)} disabled={!canDial || p.status === 'invalid' || p.status === 'wrong_party'}>
                {t('dial_this')}
              </button>
            </li>
          ))}
        </ul>
      </div>

      <History items={call.history} locale={locale} lang={lang} />
    </section>
  );
}

/** The debtor's local time, labelled with their city: when to call back, whether it is late for them. */
function DebtorClock({ zone, lang }: { zone: string; lang: Lang }) {
  const t = useT();
  const now = useNow(15_000);
  const time = new Intl.DateTimeFormat(uiLocale(lang), { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(now);
  return (
    <span className="chip" data-testid="debtor-clock">
      {t('debtor_clock')}: {time} ({zoneCity(zone, lang)})
    </span>
  );
}

const KIND_KEY = {
  call: 'hist_call',
  ivr: 'hist_ivr',
  sms: 'hist_sms',
  promise: 'hist_promise',
  payment: 'hist_payment',
  disposition: 'hist_disposition',
} as const;

function History({ items, locale, lang }: { items: HistoryItem[]; locale: string; lang: Lang }) {
  const t = useT();
  return (
    <div className="history">
      <h3>{t('history')}</h3>
      {items.length === 0 ? (
        <p className="muted">{t('no_history')}</p>
      ) : (
        <ol data-testid="history">
          {items.map((h) => {
            const status = typeof h.details.status === 'string' ? h.details.status : null;
            const outcome = typeof h.details.outcome === 'string' ? h.details.outcome : null;
            return (
              <li key={`${h.kind}-${h.id}`} className={`hist-${h.kind}`}>
                <time dateTime={h.at}>{formatDateTime(h.at, uiLocale(lang))}</time> <strong>{t(KIND_KEY[h.kind])}</strong> {historyText(h, lang, locale)}
                {h.kind === 'promise' && status && <span className={`chip promise-${status}`}>{t(`promise_${status}` as 'promise_kept')}</span>}
                {h.kind === 'disposition' && outcome && <span className="chip">{label(outcome, lang)}</span>}
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
