// One report on the Reports screen: its title, the CSV download, and its table or the reason it is empty.
import type { ReactNode } from 'react';
import type { ReportName } from '@cobranza/contracts/api/reports';
import { useAppStore } from '../../store/provider.js';
import { useLang } from '../../store/selectors.js';
import { useLoad } from '../../desk/useLoad.js';
import { csvHref } from './query.js';
import type { ReportText } from './text.js';

export function ReportCard<T>({
  name,
  title,
  query,
  rt,
  isEmpty,
  empty,
  wide,
  intro,
  children,
}: {
  name: ReportName;
  title: string;
  /** null: the range is wrong, nothing is asked (the filter says why at its field). */
  query: string | null;
  rt: ReportText;
  isEmpty: (r: T) => boolean;
  empty: string;
  wide?: boolean;
  intro?: string;
  children: (r: T) => ReactNode;
}) {
  const lang = useLang();
  const request = useAppStore((s) => s.request);
  const id = `report-${name}-title`;
  const report = useLoad<T | null>(() => (query === null ? Promise.resolve(null) : request<T>('GET', `/reports/${name}?${query}`)), `${name}?${query}`);
  const r = report.data;
  return (
    <section className={`card report${wide ? ' wide' : ''}`} aria-labelledby={id} data-testid={`report-${name}`}>
      <div className="report-head">
        <h2 id={id}>{title}</h2>
        <span className="spacer" />
        {query !== null && (
          <a className="button" href={csvHref(name, query, lang)} download aria-label={rt('csv_of', { name: title })}>
            {rt('csv')}
          </a>
        )}
      </div>
      {intro && <p className="muted">{intro}</p>}
      {report.error ? (
        <p role="alert" className="error">
          {rt('load_failed')}: {report.error}
        </p>
      ) : report.loading && !r ? (
        <p className="muted">{rt('loading')}</p>
      ) : r && isEmpty(r) ? (
        <p className="muted empty" data-testid={`report-${name}-empty`}>
          {empty}
        </p>
      ) : r ? (
        <div aria-busy={report.loading}>{children(r)}</div>
      ) : null}
    </section>
  );
}
