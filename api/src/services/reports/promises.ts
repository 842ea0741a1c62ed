// Report 2: promises made in the range (count, amount, kept rate) and the payments dated in the range that
// count towards a promise, per group and currency. Promise statuses come from the daily kept/broken job
// (promise-status.ts); the roll-up moves a promise between columns the moment its status changes.
import type { PromisesReport } from '@cobranza/contracts/api';
import type { Db } from '@cobranza/db';
import { sql } from 'kysely';
import { type ReportScope, rangeOf } from './range.js';
import { byLabel, filterSql, group, groupKey, groupLabels, int, money, ratio } from './sql.js';

type Figures = Omit<PromisesReport['rows'][number], 'key' | 'label'>;

const empty = (currency: string): Figures => ({
  currency,
  promises: 0,
  amount: 0,
  kept: 0,
  broken: 0,
  pending: 0,
  cancelled: 0,
  keptAmount: 0,
  keptRate: null,
  payments: 0,
  paymentsAmount: 0,
});

export async function promisesReport(db: Db, s: ReportScope, graceDays: number): Promise<PromisesReport> {
  const made = await sql<{ key: string | null; currency: string; promises: string; amount: string; kept: string; broken: string; pending: string; cancelled: string; kept_amount: string }>`
    select ${groupKey('r', s.groupBy)} as key, r.currency, sum(r.promises) as promises, sum(r.amount) as amount, sum(r.kept) as kept,
      sum(r.broken) as broken, sum(r.pending) as pending, sum(r.cancelled) as cancelled, sum(r.kept_amount) as kept_amount
    from report_promises_hourly r
    where r.bucket >= ${s.start} and r.bucket < ${s.end} ${filterSql('r', s.filters)}
    group by 1, 2`.execute(db);
  // A payment answers the latest promise on its account in its currency made on or before the day it was paid
  // (report_payment_facts, written with the payment); it counts up to that promise's due date plus the grace
  // days, decidePromiseStatus's rule.
  const paid = await sql<{ key: string | null; currency: string; payments: string; amount: string }>`
    select ${groupKey('f', s.groupBy)} as key, f.currency, count(*) as payments, sum(f.amount) as amount
    from report_payment_facts f
    where f.paid_on >= ${s.from}::date and f.paid_on <= ${s.to}::date and f.paid_on <= f.due_date + ${graceDays}::int ${filterSql('f', s.filters)}
    group by 1, 2`.execute(db);
  const rows = new Map<string, { key: string | null; f: Figures }>();
  const at = (key: string | null, currency: string) => {
    const id = `${key ?? ''}|${currency}`;
    let r = rows.get(id);
    if (!r) rows.set(id, (r = { key, f: empty(currency) }));
    return r.f;
  };
  for (const r of made.rows) {
    const f = at(r.key, r.currency);
    Object.assign(f, { promises: int(r.promises), amount: money(r.amount), kept: int(r.kept), broken: int(r.broken), pending: int(r.pending), cancelled: int(r.cancelled), keptAmount: money(r.kept_amount) });
  }
  for (const r of paid.rows) Object.assign(at(r.key, r.currency), { payments: int(r.payments), paymentsAmount: money(r.amount) });
  const labels = await groupLabels(db, s.groupBy, [...rows.values()].map((r) => r.key));
  const out = [...rows.values()]
    .map(({ key, f }) => ({ ...group(key, labels), ...f, keptRate: ratio(f.kept, f.kept + f.broken) }))
    .sort((a, b) => byLabel(a, b) || a.currency.localeCompare(b.currency));
  const totals = new Map<string, Figures>();
  for (const r of out) {
    const t = totals.get(r.currency) ?? empty(r.currency);
    for (const k of ['promises', 'kept', 'broken', 'pending', 'cancelled', 'payments'] as const) t[k] += r[k];
    for (const k of ['amount', 'keptAmount', 'paymentsAmount'] as const) t[k] = money(t[k] + r[k]);
    totals.set(r.currency, t);
  }
  return {
    ...rangeOf(s),
    rows: out,
    totals: [...totals.values()].map((t) => ({ ...t, keptRate: ratio(t.kept, t.kept + t.broken) })).sort((a, b) => a.currency.localeCompare(b.currency)),
  };
}
