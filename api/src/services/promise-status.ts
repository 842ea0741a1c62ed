// Daily (and after each import): pending promises become kept or broken from the payments on their account.
import type { Db } from '@cobranza/db';
import { decidePromiseStatus, type PaymentSeen } from '@cobranza/domain/negotiation/index';
import { sql } from 'kysely';

export const DEFAULT_PROMISE_GRACE_DAYS = 2;

export interface PromiseStatusRun {
  checked: number;
  kept: number;
  broken: number;
}

/** numeric(16,2) as Postgres returns it → hundredths, exactly (no float arithmetic on money). */
function hundredths(value: string | number): number {
  const [whole = '0', frac = ''] = String(value).split('.');
  const sign = whole.startsWith('-') ? -1 : 1;
  return sign * (Math.abs(Number(whole)) * 100 + Number(frac.padEnd(2, '0').slice(0, 2)));
}

/**
 * Decides every pending promise as of `today` (YYYY-MM-DD) with `decidePromiseStatus`, in batches so a large
 * book does not load at once. Only 'pending' rows change, so running it twice the same day changes nothing.
 */
export async function updatePromiseStatuses(db: Db, today: string, opts: { graceDays?: number; batchSize?: number } = {}): Promise<PromiseStatusRun> {
  const graceDays = opts.graceDays ?? DEFAULT_PROMISE_GRACE_DAYS;
  const batchSize = opts.batchSize ?? 2000;
  const run: PromiseStatusRun = { checked: 0, kept: 0, broken: 0 };
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const promises = await db
      .selectFrom('promises as p')
      .innerJoin('debtors as d', 'd.id', 'p.debtor_id')
      .select([
        'p.id',
        'p.account_id',
        'p.amount',
        'p.currency',
        sql<string>`to_char(p.due_date, 'YYYY-MM-DD')`.as('due'),
        // the day the debtor made it, in their zone: a payment that same morning counts
        sql<string>`to_char(p.created_at at time zone coalesce(d.time_zone, 'UTC'), 'YYYY-MM-DD')`.as('made_on'),
      ])
      .where('p.status', '=', 'pending')
      .where('p.id', '>', after)
      .orderBy('p.id')
      .limit(batchSize)
      .execute();
    if (promises.length === 0) break;
    after = promises[promises.length - 1]!.id;
    const accountIds = [...new Set(promises.map((p) => p.account_id))];
    const earliest = promises.reduce((m, p) => (p.made_on < m ? p.made_on : m), promises[0]!.made_on);
    const payments = await db
      .selectFrom('payments')
      .select(['account_id', 'amount', 'currency', sql<string>`to_char(paid_on, 'YYYY-MM-DD')`.as('paid_on')])
      .where('account_id', 'in', accountIds)
      .where('paid_on', '>=', earliest)
      .execute();
    const byAccount = new Map<string, PaymentSeen[]>();
    for (const p of payments) {
      const list = byAccount.get(p.account_id) ?? [];
      list.push({ amountMinor: hundredths(p.amount), currency: p.currency, paidOn: p.paid_on });
      byAccount.set(p.account_id, list);
    }
    const kept: string[] = [];
    const broken: string[] = [];
    for (const p of promises) {
      const d = decidePromiseStatus(
        { amountMinor: hundredths(p.amount), currency: p.currency, madeOn: p.made_on, dueDate: p.due },
        byAccount.get(p.account_id) ?? [],
        today,
        graceDays,
      );
      if (d.status === 'kept') kept.push(p.id);
      else if (d.status === 'broken') broken.push(p.id);
    }
    // 'pending' in the WHERE: a promise cancelled meanwhile by someone else stays cancelled
    if (kept.length) await db.updateTable('promises').set({ status: 'kept' }).where('id', 'in', kept).where('status', '=', 'pending').execute();
    if (broken.length) await db.updateTable('promises').set({ status: 'broken' }).where('id', 'in', broken).where('status', '=', 'pending').execute();
    run.checked += promises.length;
    run.kept += kept.length;
    run.broken += broken.length;
    if (promises.length < batchSize) break;
  }
  return run;
}
