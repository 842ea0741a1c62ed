// The callbacks agents booked (a disposition with outcome `callback` and its `callback_at`) that are due by an
// instant and not yet honoured. A callback counts as honoured once any later disposition is recorded for the
// same debtor: someone spoke to (or tried) the debtor after it was booked, and wrapped that call up.
import type { ReasonCode } from '@cobranza/contracts';
import type { CallbackDue, CallbacksDue } from '@cobranza/contracts/api';
import type { Db } from '@cobranza/db';
import { sql } from 'kysely';
import { addDays, todayIn } from '../lib/values.js';
import { instantOfWallTime } from '@cobranza/domain/format/zone';

/** The first instant of the day after `now`'s date in `zone`: "due today" ends there. */
export function endOfDayIn(zone: string, now: Date): Date {
  return instantOfWallTime(`${addDays(todayIn(zone, now), 1)}T00:00`, zone) ?? new Date(now.getTime() + 86_400_000);
}

export async function callbacksDue(db: Db, q: { until: Date; now: Date; campaignId?: string; limit: number }): Promise<CallbacksDue> {
  const base = db
    .selectFrom('dispositions as d')
    .leftJoin('call_attempts as ca', 'ca.id', 'd.call_attempt_id')
    .where('d.outcome', '=', 'callback')
    .where('d.callback_at', '<=', q.until)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('dispositions as later')
            .select(sql`1`.as('one'))
            .whereRef('later.debtor_id', '=', 'd.debtor_id')
            .whereRef('later.created_at', '>', 'd.created_at'),
        ),
      ),
    )
    .$if(q.campaignId !== undefined, (b) => b.where('ca.campaign_id', '=', q.campaignId!));

  const [counts, rows] = await Promise.all([
    base
      .select([
        sql<number>`count(*)::int`.as('total'),
        sql<number>`count(*) filter (where d.callback_at < ${q.now})::int`.as('overdue'),
      ])
      .executeTakeFirstOrThrow(),
    base
      .innerJoin('debtors as deb', 'deb.id', 'd.debtor_id')
      .leftJoin('accounts as a', 'a.id', 'd.account_id')
      .leftJoin('users as u', 'u.id', 'd.agent_id')
      .leftJoin('campaigns as c', 'c.id', 'ca.campaign_id')
      .select([
        'd.id',
        'd.callback_at',
        'd.created_at',
        'd.reason',
        'd.notes',
        'deb.id as debtor_id',
        'deb.first_name',
        'deb.last_name',
        'deb.time_zone',
        'a.id as account_id',
        'a.external_id',
        'u.id as agent_id',
        'u.name as agent_name',
        'c.id as campaign_id',
        'c.name as campaign_name',
      ])
      .orderBy('d.callback_at')
      .orderBy('d.id')
      .limit(q.limit)
      .execute(),
  ]);

  const items: CallbackDue[] = rows.map((r) => {
    const at = new Date(r.callback_at!);
    return {
      id: r.id,
      callbackAt: at.toISOString(),
      overdue: at.getTime() < q.now.getTime(),
      debtor: { id: r.debtor_id, name: `${r.first_name} ${r.last_name}`, timeZone: r.time_zone },
      account: r.account_id && r.external_id ? { id: r.account_id, externalId: r.external_id } : null,
      agent: r.agent_id && r.agent_name ? { id: r.agent_id, name: r.agent_name } : null,
      campaign: r.campaign_id && r.campaign_name ? { id: r.campaign_id, name: r.campaign_name } : null,
      reason: (r.reason as ReasonCode | null) ?? null,
      notes: r.notes,
      bookedAt: new Date(r.created_at).toISOString(),
    };
  });
  return { items, total: Number(counts.total), overdue: Number(counts.overdue), until: q.until.toISOString(), at: q.now.toISOString() };
}
