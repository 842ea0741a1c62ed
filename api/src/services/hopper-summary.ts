// The campaign's queue as a supervisor reads it: due now, due later, held by compliance (per rule, with the
// ledger's reason and the earliest next-allowed instant in the debtor's zone), in progress, done, exhausted.
// A lead the gate held back is `pending` with last_outcome `blocked:<rule>` and next_attempt_at at the next
// allowed instant (or `blocked` when waiting will not help): see dialer/src/hopper/hopper.ts block(). A
// reservation past its reserved_until is due again (the hopper takes it back), not in progress.
import type { HopperBlock, HopperSummary } from '@cobranza/contracts/api';
import type { Db } from '@cobranza/db';
import { sql } from 'kysely';

const BLOCKED_PREFIX = 'blocked:';

const empty = (at: Date): HopperSummary => ({
  total: 0,
  dueNow: 0,
  dueLater: 0,
  nextRetryAt: null,
  inProgress: 0,
  blocked: [],
  blockedTotal: 0,
  done: 0,
  exhausted: 0,
  at: at.toISOString(),
});

const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());

/** The hopper of each campaign asked for (every one appears, with zeros when it has no leads). */
export async function hopperSummaries(db: Db, campaignIds: readonly string[], now: Date): Promise<Map<string, HopperSummary>> {
  const out = new Map(campaignIds.map((id) => [id, empty(now)]));
  if (!campaignIds.length) return out;
  const ids = sql`(${sql.join(campaignIds.map((id) => sql`${id}::uuid`))})`;
  const held = sql`(l.status = 'pending' and l.next_attempt_at > ${now} and l.last_outcome like ${`${BLOCKED_PREFIX}%`}) or l.status = 'blocked'`;
  const { rows: counts } = await sql<{
    campaign_id: string;
    total: number;
    due_now: number;
    due_later: number;
    next_retry: Date | null;
    in_progress: number;
    done: number;
    exhausted: number;
  }>`
    select l.campaign_id, count(*)::int as total,
      count(*) filter (where (l.status = 'pending' and l.next_attempt_at <= ${now}) or (l.status = 'reserved' and l.reserved_until < ${now}))::int as due_now,
      count(*) filter (where l.status = 'pending' and l.next_attempt_at > ${now} and coalesce(l.last_outcome, '') not like ${`${BLOCKED_PREFIX}%`})::int as due_later,
      min(l.next_attempt_at) filter (where l.status = 'pending' and l.next_attempt_at > ${now} and coalesce(l.last_outcome, '') not like ${`${BLOCKED_PREFIX}%`}) as next_retry,
      count(*) filter (where l.status = 'in_call' or (l.status = 'reserved' and l.reserved_until >= ${now}))::int as in_progress,
      count(*) filter (where l.status = 'done')::int as done,
      count(*) filter (where l.status = 'exhausted')::int as exhausted
    from campaign_leads l
    where l.campaign_id in ${ids}
    group by l.campaign_id`.execute(db);
  // per rule: how many, the earliest lead (its debtor's zone) and the ledger's words for the rule on that debtor
  const { rows: blocks } = await sql<{
    campaign_id: string;
    rule: string;
    leads: number;
    next_at: Date | null;
    zone: string | null;
    zones: string[];
    debtor_id: string;
    reason: { es?: unknown; en?: unknown } | null;
  }>`
    with held as (
      select l.campaign_id, substr(l.last_outcome, ${BLOCKED_PREFIX.length + 1}) as rule, l.status, l.next_attempt_at, l.debtor_id, dz.time_zone
      from campaign_leads l join debtors dz on dz.id = l.debtor_id
      where l.campaign_id in ${ids} and (${held})
    ), grouped as (
      select campaign_id, rule, count(*)::int as leads,
        min(next_attempt_at) filter (where status = 'pending') as next_at,
        (array_agg(debtor_id order by (status = 'pending') desc, next_attempt_at))[1] as debtor_id,
        array_agg(distinct time_zone order by time_zone) as zones
      from held group by campaign_id, rule
    )
    select g.*, d.time_zone as zone, cd.details -> 'reason' as reason
    from grouped g
    join debtors d on d.id = g.debtor_id
    left join lateral (
      select details from compliance_decisions c
      where c.debtor_id = g.debtor_id and c.rule = g.rule and not c.allowed
      order by c.at desc limit 1
    ) cd on true
    order by g.campaign_id, g.leads desc, g.rule`.execute(db);
  for (const c of counts) {
    out.set(c.campaign_id, {
      ...empty(now),
      total: c.total,
      dueNow: c.due_now,
      dueLater: c.due_later,
      nextRetryAt: iso(c.next_retry),
      inProgress: c.in_progress,
      done: c.done,
      exhausted: c.exhausted,
    });
  }
  for (const b of blocks) {
    const s = out.get(b.campaign_id)!;
    const reason = b.reason && typeof b.reason.es === 'string' && typeof b.reason.en === 'string' ? { es: b.reason.es, en: b.reason.en } : null;
    const block: HopperBlock = { rule: b.rule, leads: b.leads, reason, nextAllowedAt: iso(b.next_at), zone: b.next_at ? b.zone : null, zones: b.zones };
    s.blocked.push(block);
    s.blockedTotal += b.leads;
  }
  return out;
}
