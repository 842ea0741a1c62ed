// The supervisor's figures of the day per agent (calls, talk, wrap, idle, right-party contacts, promises), read
// from the agents report (GET /reports/agents) for today on the supervisor's clock, every minute.
import type { AgentsReport } from '@cobranza/contracts/api/reports';
import { zoneCity } from '@cobranza/domain/format/zone';
import { useAppStore } from '../../store/provider.js';
import { useLang, useNow } from '../../store/selectors.js';
import { localDate } from '../../desk/localDay.js';
import { userZone } from '../../desk/time.js';
import { useLoad } from '../../desk/useLoad.js';
import { AgentsTable } from '../reports/AgentsTable.js';
import { useReportText } from '../reports/text.js';
import { useSupervisorText } from './text.js';

export const AGENT_DAY_REFRESH_MS = 60_000;

export function AgentDayPanel() {
  const st = useSupervisorText();
  const rt = useReportText();
  const lang = useLang();
  const request = useAppStore((s) => s.request);
  const now = useNow(AGENT_DAY_REFRESH_MS);
  const today = localDate(new Date(now));
  const zone = userZone();
  const q = new URLSearchParams({ from: today, to: today, timeZone: zone }).toString();
  const day = useLoad(() => request<AgentsReport>('GET', `/reports/agents?${q}`), `${q}:${now}`);
  const d = day.data;
  return (
    <section className="card agents-day" aria-labelledby="agents-day-title" data-testid="agents-day">
      <h2 id="agents-day-title">{st('agents_day_title')}</h2>
      <p className="muted">{st('agents_day_since', { zone: zoneCity(zone, lang) })}</p>
      {day.error && (
        <p role="alert" className="error">
          {st('agents_day_failed')}: {day.error}
        </p>
      )}
      {!d && !day.error && <p className="muted">{st('agents_day_loading')}</p>}
      {d && d.rows.length === 0 && (
        <p className="muted" data-testid="agents-day-empty">
          {st('agents_day_empty')}
        </p>
      )}
      {d && d.rows.length > 0 && <AgentsTable report={d} lang={lang} rt={rt} withPause={false} />}
    </section>
  );
}
