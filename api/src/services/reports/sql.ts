// The pieces every report query shares: the filters and the grouping column over the roll-up tables
// (which all carry campaign_id, portfolio_id, segment_id and agent_id), and the names shown for a group.
import type { ReportGroup, ReportGroupBy } from '@cobranza/contracts/api';
import type { Db } from '@cobranza/db';
import { type RawBuilder, sql } from 'kysely';
import type { ReportFilters } from './range.js';

const COLUMN: Record<ReportGroupBy, string> = { campaign: 'campaign_id', portfolio: 'portfolio_id', segment: 'segment_id', agent: 'agent_id' };

/**
 * The calls roll-up a report reads: without the agent (4x fewer rows) unless it groups or filters by agent.
 * Returns the table and the filters it can take.
 */
export function callsTable(groupBy: ReportGroupBy | null, f: ReportFilters): { table: RawBuilder<unknown>; filters: ReadonlyArray<keyof ReportFilters> } {
  if (groupBy === 'agent' || f.agentId !== undefined) return { table: sql`report_calls_hourly`, filters: ['campaignId', 'portfolioId', 'segmentId', 'agentId'] };
  return { table: sql`report_calls_hourly_all_agents`, filters: ['campaignId', 'portfolioId', 'segmentId'] };
}

/** `alias.<column>` of the group, or null (one row for everything). */
export function groupKey(alias: string, groupBy: ReportGroupBy | null): RawBuilder<string | null> {
  return groupBy ? sql<string | null>`${sql.ref(`${alias}.${COLUMN[groupBy]}`)}` : sql<null>`null::uuid`;
}

/** `and alias.x = …` for each filter given; `only` limits them to the columns the table has. */
export function filterSql(alias: string, f: ReportFilters, only: ReadonlyArray<keyof ReportFilters> = ['campaignId', 'portfolioId', 'segmentId', 'agentId']): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [];
  const col: Record<keyof ReportFilters, string> = { campaignId: 'campaign_id', portfolioId: 'portfolio_id', segmentId: 'segment_id', agentId: 'agent_id' };
  for (const k of only) {
    const v = f[k];
    if (v !== undefined) parts.push(sql` and ${sql.ref(`${alias}.${col[k]}`)} = ${v}::uuid`);
  }
  return parts.length ? sql.join(parts, sql``) : sql``;
}

/** Names of the groups' keys (campaign, portfolio or segment name; agent's name). */
export async function groupLabels(db: Db, groupBy: ReportGroupBy | null, keys: Array<string | null>): Promise<Map<string, string>> {
  const ids = [...new Set(keys.filter((k): k is string => k !== null))];
  const out = new Map<string, string>();
  if (!groupBy || ids.length === 0) return out;
  const table = { campaign: 'campaigns', portfolio: 'portfolios', segment: 'segments', agent: 'users' } as const;
  const rows = await db.selectFrom(table[groupBy]).select(['id', 'name']).where('id', 'in', ids).execute();
  for (const r of rows) out.set(r.id, r.name);
  return out;
}

export function group(key: string | null, labels: Map<string, string>): ReportGroup {
  return { key, label: key === null ? null : (labels.get(key) ?? key) };
}

export const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);
export const int = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
/** numeric money sums come back as strings; the API speaks numbers rounded to cents. */
export const money = (v: unknown): number => Math.round(Number(v ?? 0) * 100) / 100;

/** Groups in a stable order: by label, the null group last. */
export function byLabel<T extends ReportGroup>(a: T, b: T): number {
  if (a.key === null) return b.key === null ? 0 : 1;
  if (b.key === null) return -1;
  return (a.label ?? '').localeCompare(b.label ?? '', 'es');
}
