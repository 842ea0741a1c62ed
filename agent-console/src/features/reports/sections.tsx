// The five reports of the Reports screen, each a card over the same query.
import type { AbandonReport, AgentsReport, ContactHoursReport, ContactsReport, PromisesReport, ReportGroupBy } from '@cobranza/contracts/api/reports';
import type { Lang } from '../../i18n/index.js';
import { RateVsCap, StackedBars } from '../wallboard/charts.js';
import { AgentsTable } from './AgentsTable.js';
import { count, duration, groupName, money, pct, windowName } from './format.js';
import { Heatmap } from './Heatmap.js';
import { ReportCard } from './ReportCard.js';
import type { ReportText } from './text.js';

interface Props {
  query: string | null;
  groupBy: ReportGroupBy | null;
  lang: Lang;
  rt: ReportText;
}

const groupHeader = (groupBy: ReportGroupBy | null, rt: ReportText) => (groupBy ? rt(`group_${groupBy}`) : rt('group_none'));

export function ContactsSection({ query, groupBy, lang, rt }: Props) {
  return (
    <ReportCard<ContactsReport> name="contacts" title={rt('contacts_title')} query={query} rt={rt} isEmpty={(r) => r.totals.attempts === 0} empty={rt('contacts_empty')}>
      {(r) => (
        <table className="compact report-table">
          <thead>
            <tr>
              <th scope="col">{groupHeader(groupBy, rt)}</th>
              <th scope="col" className="num">{rt('attempts')}</th>
              <th scope="col" className="num">{rt('contacts')}</th>
              <th scope="col" className="num">{rt('rpc')}</th>
              <th scope="col" className="num">{rt('contact_rate')}</th>
              <th scope="col" className="num">{rt('rpc_rate')}</th>
            </tr>
          </thead>
          <tbody>
            {r.rows.map((x) => (
              <tr key={x.key ?? 'none'}>
                <th scope="row">{groupName(x, r.groupBy, rt)}</th>
                <td className="num">{count(x.attempts, lang)}</td>
                <td className="num">{count(x.contacts, lang)}</td>
                <td className="num">{count(x.rightPartyContacts, lang)}</td>
                <td className="num">{pct(x.contactRate, lang)}</td>
                <td className="num">{pct(x.rightPartyRate, lang)}</td>
              </tr>
            ))}
          </tbody>
          {r.rows.length > 1 && (
            <tfoot>
              <tr>
                <th scope="row">{rt('total')}</th>
                <td className="num">{count(r.totals.attempts, lang)}</td>
                <td className="num">{count(r.totals.contacts, lang)}</td>
                <td className="num">{count(r.totals.rightPartyContacts, lang)}</td>
                <td className="num">{pct(r.totals.contactRate, lang)}</td>
                <td className="num">{pct(r.totals.rightPartyRate, lang)}</td>
              </tr>
            </tfoot>
          )}
        </table>
      )}
    </ReportCard>
  );
}

export function PromisesSection({ query, groupBy, lang, rt }: Props) {
  return (
    <ReportCard<PromisesReport> name="promises" title={rt('promises_title')} query={query} rt={rt} isEmpty={(r) => r.rows.length === 0} empty={rt('promises_empty')}>
      {(r) => (
        <table className="compact report-table">
          <thead>
            <tr>
              <th scope="col">{groupHeader(groupBy, rt)}</th>
              <th scope="col" className="num">{rt('promises')}</th>
              <th scope="col" className="num">{rt('promised')}</th>
              <th scope="col" className="num">{rt('kept')}</th>
              <th scope="col" className="num">{rt('broken')}</th>
              <th scope="col" className="num">{rt('pending')}</th>
              <th scope="col" className="num" title={rt('kept_rate_help')}>{rt('kept_rate')}</th>
              <th scope="col" className="num">{rt('payments_amount')}</th>
            </tr>
          </thead>
          <tbody>
            {r.rows.map((x) => (
              <tr key={`${x.key ?? 'none'}-${x.currency}`}>
                <th scope="row">{groupName(x, r.groupBy, rt)}</th>
                <td className="num">{count(x.promises, lang)}</td>
                <td className="num">{money(x.amount, x.currency, lang)}</td>
                <td className="num">{count(x.kept, lang)}</td>
                <td className="num">{count(x.broken, lang)}</td>
                <td className="num">{count(x.pending, lang)}</td>
                <td className="num">{pct(x.keptRate, lang)}</td>
                <td className="num">
                  {money(x.paymentsAmount, x.currency, lang)} <span className="muted">({count(x.payments, lang)})</span>
                </td>
              </tr>
            ))}
          </tbody>
          {r.rows.length > 1 &&
            r.totals.map((t) => (
              <tfoot key={t.currency}>
                <tr>
                  <th scope="row">
                    {rt('total')} {r.totals.length > 1 ? t.currency : ''}
                  </th>
                  <td className="num">{count(t.promises, lang)}</td>
                  <td className="num">{money(t.amount, t.currency, lang)}</td>
                  <td className="num">{count(t.kept, lang)}</td>
                  <td className="num">{count(t.broken, lang)}</td>
                  <td className="num">{count(t.pending, lang)}</td>
                  <td className="num">{pct(t.keptRate, lang)}</td>
                  <td className="num">
                    {money(t.paymentsAmount, t.currency, lang)} <span className="muted">({count(t.payments, lang)})</span>
                  </td>
                </tr>
              </tfoot>
            ))}
        </table>
      )}
    </ReportCard>
  );
}

export function AgentsSection({ query, lang, rt }: Props) {
  return (
    <ReportCard<AgentsReport> name="agents" title={rt('agents_title')} query={query} rt={rt} isEmpty={(r) => r.rows.length === 0} empty={rt('agents_empty')}>
      {(r) => (
        <>
          <AgentsTable report={r} lang={lang} rt={rt} />
          <StackedBars
            title={rt('agents_chart')}
            parts={[rt('talk'), rt('wrap'), rt('idle')]}
            format={duration}
            rows={r.rows.map((x) => ({ label: groupName(x, 'agent', rt), values: [x.talkSeconds, x.wrapSeconds, x.idleSeconds] }))}
          />
        </>
      )}
    </ReportCard>
  );
}

export function AbandonSection({ query, groupBy, lang, rt }: Props) {
  return (
    <ReportCard<AbandonReport>
      name="abandon"
      title={rt('abandon_title')}
      intro={rt('abandon_intro')}
      query={query}
      rt={rt}
      isEmpty={(r) => r.rows.every((x) => x.liveAnswers === 0)}
      empty={rt('abandon_empty')}
    >
      {(r) => (
        <>
          <table className="compact report-table">
            <thead>
              <tr>
                {groupBy && <th scope="col">{rt(`group_${groupBy}`)}</th>}
                <th scope="col">{rt('window')}</th>
                <th scope="col" className="num">{rt('live_answers')}</th>
                <th scope="col" className="num">{rt('abandoned')}</th>
                <th scope="col" className="num">{rt('abandon_rate')}</th>
                <th scope="col" className="num">{rt('cap')}</th>
              </tr>
            </thead>
            <tbody>
              {r.rows.map((x) => (
                <tr key={`${x.key ?? 'none'}-${x.country}`} data-testid={`abandon-${x.country}`}>
                  {groupBy && <th scope="row">{groupName(x, r.groupBy, rt)}</th>}
                  <td>{windowName(x, lang, rt)}</td>
                  <td className="num">{count(x.liveAnswers, lang)}</td>
                  <td className="num">{count(x.abandoned, lang)}</td>
                  <td className={`num${x.overCap ? ' bad' : ''}`}>
                    {pct(x.rate, lang)}
                    {x.overCap && (
                      <>
                        {' '}
                        <span className="chip bad">{rt('over_cap')}</span>
                      </>
                    )}
                  </td>
                  <td className="num">{pct(x.maxRate, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="abandon-charts">
            {r.rows
              .filter((x) => x.liveAnswers > 0)
              .map((x) => (
                <RateVsCap
                  key={`${x.key ?? 'none'}-${x.country}`}
                  title={`${rt('abandon_chart')}: ${windowName(x, lang, rt)}`}
                  cap={x.maxRate}
                  rows={[{ label: `${groupBy ? `${groupName(x, r.groupBy, rt)} · ` : ''}${windowName(x, lang, rt)}`, value: x.rate ?? 0 }]}
                  labelWidth={170}
                />
              ))}
          </div>
        </>
      )}
    </ReportCard>
  );
}

export function HoursSection({ query, rt }: Props) {
  return (
    <ReportCard<ContactHoursReport>
      name="contact-hours"
      title={rt('hours_title')}
      intro={rt('hours_intro')}
      query={query}
      rt={rt}
      wide
      isEmpty={(r) => r.rows.every((x) => x.contacts.every((n) => n === 0))}
      empty={rt('hours_empty')}
    >
      {(r) => <Heatmap report={r} rt={rt} />}
    </ReportCard>
  );
}
