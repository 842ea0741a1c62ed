// A report's query checked and turned into instants: the range counts whole days of a time zone (the
// operation's DAILY_TIME_ZONE unless the caller names one), and a bad range is refused at its field.
import { REPORT_MAX_DAYS, type ReportGroupBy, type ReportQuery } from '@cobranza/contracts/api';
import { DateTime } from 'luxon';
import { badInput } from '../../errors.js';

export interface ReportFilters {
  campaignId?: string | undefined;
  portfolioId?: string | undefined;
  segmentId?: string | undefined;
  agentId?: string | undefined;
}

export interface ReportScope {
  from: string;
  to: string;
  timeZone: string;
  groupBy: ReportGroupBy | null;
  /** from 00:00 in timeZone */
  start: Date;
  /** the day after to, 00:00 in timeZone (excluded) */
  end: Date;
  /** every day of the range, with the instant it ends */
  days: Array<{ date: string; end: Date }>;
  filters: ReportFilters;
  now: Date;
}

function day(value: string, field: string, zone: string): DateTime {
  const d = DateTime.fromISO(value, { zone });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !d.isValid)
    throw badInput(field, `must be a date YYYY-MM-DD (got ${JSON.stringify(value)})`, 'querystring', {
      i18n: { es: `debe ser una fecha AAAA-MM-DD (llegó ${JSON.stringify(value)})`, en: `must be a date YYYY-MM-DD (got ${JSON.stringify(value)})` },
    });
  return d.startOf('day');
}

export function reportScope(q: ReportQuery, defaultZone: string, now: Date): ReportScope {
  const timeZone = q.timeZone ?? defaultZone;
  if (!DateTime.now().setZone(timeZone).isValid)
    throw badInput('/timeZone', `must be an IANA time zone such as America/Bogota (got ${JSON.stringify(timeZone)})`, 'querystring', {
      i18n: { es: `debe ser una zona horaria IANA como America/Bogota (llegó ${JSON.stringify(timeZone)})`, en: `must be an IANA time zone such as America/Bogota (got ${JSON.stringify(timeZone)})` },
    });
  const from = day(q.from, '/from', timeZone);
  const to = day(q.to, '/to', timeZone);
  if (to < from)
    throw badInput('/to', `must be on or after from (${q.from})`, 'querystring', {
      i18n: { es: `debe ser igual o posterior a la fecha inicial (${q.from})`, en: `must be on or after from (${q.from})` },
      issue: 'range_reversed',
    });
  const count = Math.round(to.diff(from, 'days').days) + 1;
  if (count > REPORT_MAX_DAYS)
    throw badInput('/to', `the range covers ${count} days; at most ${REPORT_MAX_DAYS}`, 'querystring', {
      i18n: { es: `el rango abarca ${count} días; el máximo es ${REPORT_MAX_DAYS}`, en: `the range covers ${count} days; at most ${REPORT_MAX_DAYS}` },
      issue: 'range_too_long',
    });
  const days: ReportScope['days'] = [];
  for (let d = from; d <= to; d = d.plus({ days: 1 })) days.push({ date: d.toISODate()!, end: d.plus({ days: 1 }).toJSDate() });
  return {
    from: q.from,
    to: q.to,
    timeZone,
    groupBy: q.groupBy ?? null,
    start: from.toJSDate(),
    end: to.plus({ days: 1 }).toJSDate(),
    days,
    filters: { campaignId: q.campaignId, portfolioId: q.portfolioId, segmentId: q.segmentId, agentId: q.agentId },
    now,
  };
}

export function rangeOf(s: ReportScope) {
  return { from: s.from, to: s.to, timeZone: s.timeZone, groupBy: s.groupBy, start: s.start.toISOString(), end: s.end.toISOString(), generatedAt: s.now.toISOString() };
}
