// Contacts by hour of the debtor's own day, one row per segment: a table whose cells darken with the count,
// so it reads as a heatmap and stays a table for a screen reader (each cell says segment, hour and figures).
import type { ContactHoursReport } from '@cobranza/contracts/api/reports';
import { groupName } from './format.js';
import type { ReportText } from './text.js';

const HOURS = Array.from({ length: 24 }, (_, h) => h);

export function Heatmap({ report, rt }: { report: ContactHoursReport; rt: ReportText }) {
  const max = Math.max(1, ...report.rows.flatMap((r) => r.contacts));
  return (
    <div className="heatmap-wrap">
      <table className="heatmap" data-testid="contact-hours-heatmap">
        <thead>
          <tr>
            <th scope="col">{rt('segment')}</th>
            {HOURS.map((h) => (
              <th scope="col" key={h} className="hour">
                {String(h).padStart(2, '0')}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.rows.map((r) => {
            const name = groupName(r, 'segment', rt);
            return (
              <tr key={r.key ?? 'none'}>
                <th scope="row">{name}</th>
                {HOURS.map((h) => {
                  const n = r.contacts[h] ?? 0;
                  const level = n === 0 ? 0 : Math.ceil((n / max) * 5);
                  return (
                    <td key={h} className={`heat heat-${level}`} title={rt('hours_cell', { segment: name, h: String(h).padStart(2, '0'), n, a: r.attempts[h] ?? 0 })}>
                      {n > 0 ? n : ''}
                      <span className="sr-only">{rt('hours_cell', { segment: name, h: String(h).padStart(2, '0'), n, a: r.attempts[h] ?? 0 })}</span>
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
