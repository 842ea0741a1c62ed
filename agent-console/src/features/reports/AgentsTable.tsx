// Per agent: calls, talk, wrap-up, idle, right-party contacts and promises. The Reports screen's table over a
// range, and the supervisor's "agents today" panel over today.
import type { AgentsReport } from '@cobranza/contracts/api/reports';
import type { Lang } from '../../i18n/index.js';
import { count, duration, groupName, money } from './format.js';
import type { ReportText } from './text.js';

export function AgentsTable({ report, lang, rt, withPause = true }: { report: AgentsReport; lang: Lang; rt: ReportText; withPause?: boolean }) {
  const amounts = (list: AgentsReport['totals']['promisedAmounts']) => list.map((a) => money(a.amount, a.currency, lang)).join(' · ');
  const cells = (f: AgentsReport['totals']) => (
    <>
      <td className="num">{count(f.calls, lang)}</td>
      <td className="num">{duration(f.talkSeconds)}</td>
      <td className="num">{duration(f.wrapSeconds)}</td>
      <td className="num">{duration(f.idleSeconds)}</td>
      {withPause && <td className="num">{duration(f.pauseSeconds)}</td>}
      <td className="num">{count(f.rightPartyContacts, lang)}</td>
      <td className="num">
        {count(f.promises, lang)}
        {f.promisedAmounts.length > 0 && <span className="muted"> · {amounts(f.promisedAmounts)}</span>}
      </td>
    </>
  );
  return (
    <table className="compact report-table">
      <thead>
        <tr>
          <th scope="col">{rt('agent')}</th>
          <th scope="col" className="num">{rt('calls')}</th>
          <th scope="col" className="num">{rt('talk')}</th>
          <th scope="col" className="num">{rt('wrap')}</th>
          <th scope="col" className="num">{rt('idle')}</th>
          {withPause && <th scope="col" className="num">{rt('pause')}</th>}
          <th scope="col" className="num">{rt('rpc')}</th>
          <th scope="col" className="num">{rt('promises')}</th>
        </tr>
      </thead>
      <tbody>
        {report.rows.map((r) => (
          <tr key={r.key ?? 'none'}>
            <th scope="row">{groupName(r, 'agent', rt)}</th>
            {cells(r)}
          </tr>
        ))}
      </tbody>
      {report.rows.length > 1 && (
        <tfoot>
          <tr>
            <th scope="row">{rt('total')}</th>
            {cells(report.totals)}
          </tr>
        </tfoot>
      )}
    </table>
  );
}
