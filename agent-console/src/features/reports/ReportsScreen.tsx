// Supervisors' and admins' Reports (/reportes): a range of days on the viewer's clock (this week by default),
// grouped and filtered by campaign, portfolio, segment or agent; each report a table (and a chart where a
// shape helps), with its CSV from the API.
import { useState } from 'react';
import { REPORT_GROUP_BYS, type AgentsReport, type ReportGroupBy } from '@cobranza/contracts/api/reports';
import type { Campaign } from '../../api/types.js';
import { zoneCity } from '@cobranza/domain/format/zone';
import { useAppStore } from '../../store/provider.js';
import { useLang, useNow } from '../../store/selectors.js';
import { localDate, mondayOf } from '../../desk/localDay.js';
import { userZone } from '../../desk/time.js';
import { useLoad } from '../../desk/useLoad.js';
import { rangeErrors, reportQuery, type ReportFilters } from './query.js';
import { AbandonSection, AgentsSection, ContactsSection, HoursSection, PromisesSection } from './sections.js';
import { useReportText } from './text.js';

interface Named {
  id: string;
  name: string;
}

const items = <T,>(r: T[] | { items: T[] }): T[] => (Array.isArray(r) ? r : r.items);

export function ReportsScreen() {
  const rt = useReportText();
  const lang = useLang();
  const request = useAppStore((s) => s.request);
  const now = new Date(useNow(60_000));
  const today = localDate(now);
  const zone = userZone();
  const [f, setF] = useState<ReportFilters>(() => ({ from: mondayOf(now), to: today, groupBy: '', campaignId: '', portfolioId: '', segmentId: '', agentId: '' }));
  const set = (k: keyof ReportFilters) => (v: string) => setF((x) => ({ ...x, [k]: v }));
  const errors = rangeErrors(f, rt);
  const query = errors ? null : reportQuery(f, zone);

  const campaigns = useLoad(() => request<Campaign[] | { items: Campaign[] }>('GET', '/campaigns').then(items), 'campaigns');
  const portfolios = useLoad(() => request<{ items: Named[] }>('GET', '/portfolios').then(items), 'portfolios');
  const segments = useLoad(() => request<{ items: Named[] }>('GET', '/segments').then(items), 'segments');
  // the agents who worked in the range (supervisors do not read the user list; the report names them)
  const rangeOnly = errors ? null : new URLSearchParams({ from: f.from, to: f.to, timeZone: zone }).toString();
  const agents = useLoad(
    () => (rangeOnly ? request<AgentsReport>('GET', `/reports/agents?${rangeOnly}`).then((r) => r.rows.filter((x) => x.key).map((x) => ({ id: x.key!, name: x.label ?? '' }))) : Promise.resolve([])),
    `agents?${rangeOnly}`,
  );

  const select = (k: 'campaignId' | 'portfolioId' | 'segmentId' | 'agentId', label: string, all: string, options: Named[] | null) => (
    <label>
      {label}
      <select name={k} value={f[k]} onChange={(e) => set(k)(e.target.value)}>
        <option value="">{all}</option>
        {(options ?? []).map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
        {/* a chosen agent stays listed when the range no longer has them */}
        {f[k] && !(options ?? []).some((o) => o.id === f[k]) && <option value={f[k]}>{f[k].slice(0, 8)}</option>}
      </select>
    </label>
  );

  const props = { query, groupBy: (f.groupBy || null) as ReportGroupBy | null, lang, rt };
  return (
    <div className="desk-page reports-screen" data-testid="reports-screen">
      <header className="screen-head">
        <h1>{rt('title')}</h1>
        <span className="muted">{rt('intro')}</span>
      </header>
      <form className="card filters" role="search" aria-label={rt('title')} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label>
            {rt('from')}
            <input type="date" name="from" value={f.from} max={today} onChange={(e) => set('from')(e.target.value)} aria-invalid={!!errors?.from} aria-describedby={errors?.from ? 'from-error' : undefined} />
          </label>
          {errors?.from && (
            <span id="from-error" className="field-error" role="alert">
              {errors.from}
            </span>
          )}
        </div>
        <div className="field">
          <label>
            {rt('to')}
            <input type="date" name="to" value={f.to} onChange={(e) => set('to')(e.target.value)} aria-invalid={!!errors?.to} aria-describedby={errors?.to ? 'to-error' : undefined} />
          </label>
          {errors?.to && (
            <span id="to-error" className="field-error" role="alert">
              {errors.to}
            </span>
          )}
        </div>
        <div className="quick-range">
          <button type="button" onClick={() => setF((x) => ({ ...x, from: today, to: today }))}>
            {rt('today')}
          </button>
          <button type="button" onClick={() => setF((x) => ({ ...x, from: mondayOf(now), to: today }))}>
            {rt('this_week')}
          </button>
        </div>
        <label>
          {rt('group_by')}
          <select name="groupBy" value={f.groupBy} onChange={(e) => set('groupBy')(e.target.value)}>
            <option value="">{rt('group_none')}</option>
            {REPORT_GROUP_BYS.map((g) => (
              <option key={g} value={g}>
                {rt(`group_${g}`)}
              </option>
            ))}
          </select>
        </label>
        {select('campaignId', rt('filter_campaign'), rt('all_campaigns'), campaigns.data)}
        {select('portfolioId', rt('filter_portfolio'), rt('all_portfolios'), portfolios.data)}
        {select('segmentId', rt('filter_segment'), rt('all_segments'), segments.data)}
        {select('agentId', rt('filter_agent'), rt('all_agents'), agents.data)}
        <p className="muted zone-note">{rt('days_in_zone', { zone: zoneCity(zone, lang) })}</p>
      </form>
      <div className="reports-grid">
        <ContactsSection {...props} />
        <PromisesSection {...props} />
        <AgentsSection {...props} />
        <AbandonSection {...props} />
        <HoursSection {...props} />
      </div>
    </div>
  );
}
