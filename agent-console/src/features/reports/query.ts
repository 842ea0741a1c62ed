// The Reports screen's filters as the API's query string (GET /reports/{name}[.csv]), and the range checks
// made before asking (the API refuses the same, at the same field).
import { REPORT_MAX_DAYS, type ReportGroupBy, type ReportName } from '@cobranza/contracts/api/reports';
import { API_BASE } from '../../api/client.js';
import type { Lang } from '../../i18n/index.js';
import { daysFrom } from '../../desk/localDay.js';
import type { ReportText } from './text.js';

export interface ReportFilters {
  from: string;
  to: string;
  groupBy: ReportGroupBy | '';
  campaignId: string;
  portfolioId: string;
  segmentId: string;
  agentId: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The query string, without the filters left at "all". */
export function reportQuery(f: ReportFilters, timeZone: string): string {
  const q = new URLSearchParams({ from: f.from, to: f.to, timeZone });
  for (const k of ['groupBy', 'campaignId', 'portfolioId', 'segmentId', 'agentId'] as const) if (f[k]) q.set(k, f[k]);
  return q.toString();
}

/** Where the CSV of a report downloads from: the browser sends the session cookie with the link. */
export const csvHref = (name: ReportName, query: string, lang: Lang): string => `${API_BASE}/reports/${name}.csv?${query}&lang=${lang}`;

/** What is wrong with the range, at its field; null when it can be asked for. */
export function rangeErrors(f: Pick<ReportFilters, 'from' | 'to'>, rt: ReportText): { from?: string; to?: string } | null {
  const e: { from?: string; to?: string } = {};
  if (!DATE.test(f.from)) e.from = rt('err_date');
  if (!DATE.test(f.to)) e.to = rt('err_date');
  if (!e.from && !e.to) {
    const n = daysFrom(f.from, f.to) + 1;
    if (n < 1) e.to = rt('err_reversed');
    else if (n > REPORT_MAX_DAYS) e.to = rt('err_too_long', { n, max: REPORT_MAX_DAYS });
  }
  return e.from || e.to ? e : null;
}
