// Report 3, and the supervisor's figures of the day: per agent, calls put through, right-party contacts,
// promises, and talk, wrap, idle and pause time (agent_state_intervals, written by the dialer).
import type { AgentsReport } from '@cobranza/contracts/api';
import type { Db } from '@cobranza/db';
import { sql } from 'kysely';
import { type ReportScope, rangeOf } from './range.js';
import { byLabel, filterSql, group, groupLabels, int, money } from './sql.js';

type Figures = Omit<AgentsReport['rows'][number], 'key' | 'label'>;

const empty = (): Figures => ({ calls: 0, rightPartyContacts: 0, promises: 0, promisedAmounts: [], talkSeconds: 0, wrapSeconds: 0, idleSeconds: 0, pauseSeconds: 0 });

export async function agentsReport(db: Db, s: ReportScope): Promise<AgentsReport> {
  const [calls, promises, time] = await Promise.all([
    sql<{ agent_id: string; calls: string; right_party: string }>`
      select r.agent_id, sum(r.agent_calls) as calls, sum(r.right_party) as right_party
      from report_calls_hourly r
      where r.bucket >= ${s.start} and r.bucket < ${s.end} and r.agent_id is not null ${filterSql('r', s.filters)}
      group by 1`.execute(db),
    sql<{ agent_id: string; currency: string; promises: string; amount: string }>`
      select r.agent_id, r.currency, sum(r.promises) as promises, sum(r.amount) as amount
      from report_promises_hourly r
      where r.bucket >= ${s.start} and r.bucket < ${s.end} and r.agent_id is not null ${filterSql('r', s.filters)}
      group by 1, 2`.execute(db),
    // time is the agent's, not a portfolio's or segment's: only the campaign and agent filters apply
    sql<{ agent_id: string; talk: number; wrap: number; idle: number; pause: number }>`
      select r.agent_id, sum(r.talk_seconds) as talk, sum(r.wrap_seconds) as wrap, sum(r.idle_seconds) as idle, sum(r.pause_seconds) as pause
      from report_agent_hourly r
      where r.bucket >= ${s.start} and r.bucket < ${s.end} ${filterSql('r', s.filters, ['campaignId', 'agentId'])}
      group by 1`.execute(db),
  ]);
  const rows = new Map<string, Figures>();
  const at = (id: string) => {
    let f = rows.get(id);
    if (!f) rows.set(id, (f = empty()));
    return f;
  };
  for (const r of calls.rows) Object.assign(at(r.agent_id), { calls: int(r.calls), rightPartyContacts: int(r.right_party) });
  for (const r of promises.rows) {
    const f = at(r.agent_id);
    f.promises += int(r.promises);
    f.promisedAmounts.push({ currency: r.currency, amount: money(r.amount) });
  }
  for (const r of time.rows) {
    Object.assign(at(r.agent_id), { talkSeconds: Math.round(Number(r.talk)), wrapSeconds: Math.round(Number(r.wrap)), idleSeconds: Math.round(Number(r.idle)), pauseSeconds: Math.round(Number(r.pause)) });
  }
  const labels = await groupLabels(db, 'agent', [...rows.keys()]);
  const out = [...rows].map(([id, f]) => ({ ...group(id, labels), ...f, promisedAmounts: f.promisedAmounts.sort((a, b) => a.currency.localeCompare(b.currency)) })).sort(byLabel);
  const totals = empty();
  const amounts = new Map<string, number>();
  for (const r of out) {
    for (const k of ['calls', 'rightPartyContacts', 'promises', 'talkSeconds', 'wrapSeconds', 'idleSeconds', 'pauseSeconds'] as const) totals[k] += r[k];
    for (const a of r.promisedAmounts) amounts.set(a.currency, money((amounts.get(a.currency) ?? 0) + a.amount));
  }
  totals.promisedAmounts = [...amounts].map(([currency, amount]) => ({ currency, amount })).sort((a, b) => a.currency.localeCompare(b.currency));
  return { ...rangeOf(s), groupBy: 'agent', rows: out, totals };
}
