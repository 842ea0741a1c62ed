// The callbacks agents booked that fall due before the supervisor's midnight, overdue ones first: who waits for
// a call, at what time on the debtor's own clock, who promised it. Read again every 30 s.
import type { CallbackDue, CallbacksDue } from '@cobranza/contracts/api/callbacks';
import { zoneCity } from '@cobranza/domain/format/zone';
import { label, uiLocale, type Lang } from '../../i18n/index.js';
import { useAppStore } from '../../store/provider.js';
import { useLang, useNow } from '../../store/selectors.js';
import { endOfLocalDay } from '../../desk/localDay.js';
import { useLoad } from '../../desk/useLoad.js';
import { spanText, useSupervisorText, type SupervisorText } from './text.js';

export const CALLBACKS_REFRESH_MS = 30_000;

/** The callback's time on the debtor's clock, with the date when it is not the debtor's today. */
export function debtorClock(at: Date, zone: string, now: Date, lang: Lang): string {
  const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  const sameDay = day(at) === day(now);
  return new Intl.DateTimeFormat(uiLocale(lang), {
    timeZone: zone,
    ...(sameDay ? {} : { weekday: 'short', day: 'numeric', month: 'short' }),
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}

function dueText(at: number, now: number, st: SupervisorText): string {
  if (Math.abs(at - now) < 60_000) return st('due_now');
  return at < now ? st('overdue_by', { d: spanText(now - at) }) : st('due_in', { d: spanText(at - now) });
}

export function CallbacksPanel() {
  const st = useSupervisorText();
  const lang = useLang();
  const request = useAppStore((s) => s.request);
  const now = useNow(CALLBACKS_REFRESH_MS);
  // "today" ends at the supervisor's midnight; each tick of the clock reads the list again
  const until = endOfLocalDay(new Date(now)).toISOString();
  const due = useLoad(() => request<CallbacksDue>('GET', `/callbacks/due?until=${encodeURIComponent(until)}`), String(now));
  const d = due.data;
  return (
    <section className="card callbacks" aria-labelledby="callbacks-title" data-testid="callbacks-due">
      <h2 id="callbacks-title">
        {st('callbacks_title')}{' '}
        {d && (
          <span className="muted" data-testid="callbacks-counts">
            ({st('callbacks_counts', { total: d.total, overdue: d.overdue })})
          </span>
        )}
      </h2>
      {due.error && (
        <p role="alert" className="error">
          {st('callbacks_failed')}: {due.error}
        </p>
      )}
      {!d && !due.error && <p className="muted">{st('callbacks_loading')}</p>}
      {d && d.items.length === 0 && (
        <p className="muted" data-testid="callbacks-empty">
          {st('callbacks_empty')}
        </p>
      )}
      {d && d.items.length > 0 && (
        <>
          <table className="compact">
            <thead>
              <tr>
                <th scope="col">{st('col_when')}</th>
                <th scope="col">{st('col_debtor')}</th>
                <th scope="col">{st('col_agent')}</th>
                <th scope="col">{st('col_campaign')}</th>
              </tr>
            </thead>
            <tbody>
              {d.items.map((c) => (
                <CallbackRow key={c.id} c={c} now={now} lang={lang} st={st} />
              ))}
            </tbody>
          </table>
          {d.total > d.items.length && <p className="muted">{st('callbacks_more', { shown: d.items.length, total: d.total })}</p>}
        </>
      )}
    </section>
  );
}

function CallbackRow({ c, now, lang, st }: { c: CallbackDue; now: number; lang: Lang; st: SupervisorText }) {
  const at = new Date(c.callbackAt);
  const overdue = at.getTime() < now;
  return (
    <tr className={overdue ? 'overdue' : undefined} data-testid={`callback-${c.id}`}>
      <td className="nowrap">
        <time dateTime={c.callbackAt}>{debtorClock(at, c.debtor.timeZone, new Date(now), lang)}</time> <span className="muted">({zoneCity(c.debtor.timeZone, lang)})</span>
        <br />
        <span className={overdue ? 'chip bad' : 'muted'}>{dueText(at.getTime(), now, st)}</span>
      </td>
      <td>
        {c.debtor.name}
        {c.account && <span className="muted"> · {c.account.externalId}</span>}
        {(c.reason || c.notes) && (
          <>
            <br />
            <span className="muted">{[c.reason ? label(c.reason, lang) : null, c.notes].filter(Boolean).join(' — ')}</span>
          </>
        )}
      </td>
      <td>{c.agent?.name ?? <span className="muted">{st('no_agent')}</span>}</td>
      <td>{c.campaign?.name ?? <span className="muted">{st('no_campaign')}</span>}</td>
    </tr>
  );
}
