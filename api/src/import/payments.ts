// The payments import: a creditor's daily file of payments received (external_id, amount, paid_on, ...).
// Rows are validated in Node (@cobranza/domain/payments), matched to the portfolio's accounts a CSV batch
// at a time, staged, then deduplicated and inserted set-based in one transaction: all good rows land or
// none. Rejects use the portfolio import's `imports` / `import_rejects` tables, so GET /imports/:id and
// /imports/:id/rejects.csv work for a payments import too.
//
// Balances are NOT reduced here. Nothing else in the platform changes accounts.balance on a payment
// (dispositions and the IVR only record promises); the balance is the creditor's figure from the portfolio
// file, which the next portfolio import overwrites with its own (already net of these payments).
// Subtracting here would double-count every payment the creditor has already applied.
import { sql } from 'kysely';
import { audit } from '../audit.js';
import type { Db } from '@cobranza/db';
import { createPaymentValidator, mapPaymentHeader, type PaymentAccount, type PaymentRow, resolvePayment, type ResolvedPayment } from '@cobranza/domain/payments/index';
import { COUNTRIES, CsvSyntaxError, HeaderError, readCsv, type RowError } from '@cobranza/domain/portfolio/index';
import { type PromiseStatusRun, updatePromiseStatuses } from '../services/promise-status.js';
import { markImportFailed, openImportRecord } from './import-record.js';
import { firstRejects, type ImportReject, ImportError, todayIn } from './service.js';

/** Serialises payment imports: the existence checks and the insert of two imports must not interleave. */
const PAYMENT_IMPORT_LOCK = 4242101;

export interface PaymentImportOptions {
  portfolioId: string;
  filename: string;
  source: AsyncIterable<Uint8Array | string>;
  createdBy?: string | null;
  /** YYYY-MM-DD: a payment dated after it is refused; default today in the portfolio's country */
  today?: string;
  /** grace days of the promise check run after the import; default of promise-status.ts */
  promiseGraceDays?: number;
  /** rows read so far, after each batch (the console's progress bar) */
  onRows?: (rows: number) => void;
}

export interface PaymentImportReport {
  importId: string;
  status: 'completed';
  totalRows: number;
  /** rows that passed every check: inserted now, or recorded by an earlier import of the same payments */
  accepted: number;
  rejected: number;
  inserted: number;
  alreadyRecorded: number;
  /** the first 100 rejects, by line */
  rejects: ImportReject[];
  warnings: string[];
  /** promise statuses decided after the payments landed; null when that step failed (see warnings) */
  promises: PromiseStatusRun | null;
}

const STAGE = `
create temp table payment_stage (
  line integer primary key,
  account_id uuid not null,
  amount numeric(16,2) not null,
  currency text not null,
  paid_on date not null,
  reference text
) on commit drop;
-- rejects wait here and go to import_rejects in line order at the end, so the rejects.csv download reads
-- like the file (the duplicate checks find theirs only after the whole file)
create temp table payment_rejects (
  seq serial primary key,
  line integer not null,
  "column" text not null,
  value text,
  reason text not null
) on commit drop`;

async function stageRejects(db: Db, errors: RowError[]): Promise<void> {
  if (errors.length === 0) return;
  // one statement per batch whatever its size: arrays, not one parameter per value
  await sql`
    insert into payment_rejects (line, "column", value, reason)
    select r.line, r.col, r.value, r.reason
    from unnest(${errors.map((e) => e.line)}::int[], ${errors.map((e) => e.column)}::text[], ${errors.map((e) => e.value)}::text[], ${errors.map((e) => e.reason)}::text[])
      as r(line, col, value, reason)`.execute(db);
}

async function stagePayments(db: Db, payments: ResolvedPayment[]): Promise<void> {
  if (payments.length === 0) return;
  await sql`
    insert into payment_stage (line, account_id, amount, currency, paid_on, reference)
    select * from unnest(${payments.map((p) => p.line)}::int[], ${payments.map((p) => p.accountId)}::uuid[], ${payments.map((p) => p.amount)}::numeric[],
      ${payments.map((p) => p.currency)}::text[], ${payments.map((p) => p.paidOn)}::date[], ${payments.map((p) => p.reference)}::text[])`.execute(db);
}

async function accountsByExternalId(db: Db, portfolioId: string, externalIds: string[]): Promise<Map<string, PaymentAccount>> {
  if (externalIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('accounts')
    .select(['id', 'external_id', 'currency'])
    .where('portfolio_id', '=', portfolioId)
    .where('external_id', '=', sql<string>`any(${externalIds}::text[])`)
    .execute();
  return new Map(rows.map((r) => [r.external_id, { id: r.id, currency: r.currency }]));
}

/**
 * Same key twice in one file: the first line wins, later ones are rejected with its line number. The key
 * is the one re-imports are deduplicated on: (account, reference), or (account, date, amount) without one.
 */
const REJECT_FILE_DUPLICATES = sql`
  with ranked as (
    select line, first_value(line) over (
      partition by account_id, reference, case when reference is null then paid_on end, case when reference is null then amount end
      order by line) as first_line
    from payment_stage
  ), dropped as (
    delete from payment_stage s using ranked r where s.line = r.line and r.line <> r.first_line
    returning s.line, s.reference, s.amount, to_char(s.paid_on, 'YYYY-MM-DD') as paid_on, r.first_line
  )
  insert into payment_rejects (line, "column", value, reason)
  select line,
    case when reference is null then '*' else 'reference' end,
    coalesce(reference, amount::text || ' ' || paid_on),
    case when reference is null
      then 'same account, amount and date as line ' || first_line || ' and no reference to tell them apart: imported once'
      else 'reference ' || reference || ' appears twice for this account: imported from line ' || first_line end
  from dropped`;

/** The bank reference is unique per account: reused with other figures it is a conflict, not a new payment. */
const REJECT_REFERENCE_CONFLICTS = sql`
  with dropped as (
    delete from payment_stage s using payments p
    where p.account_id = s.account_id and p.reference = s.reference
      and (p.amount, p.paid_on, p.currency) is distinct from (s.amount, s.paid_on, s.currency)
    returning s.line, s.reference, p.amount, p.currency, to_char(p.paid_on, 'YYYY-MM-DD') as paid_on
  )
  insert into payment_rejects (line, "column", value, reason)
  select line, 'reference', reference,
    'reference ' || reference || ' is already recorded on this account as a payment of ' || amount || ' ' || currency || ' on ' || paid_on
  from dropped`;

export async function importPayments(db: Db, opts: PaymentImportOptions): Promise<PaymentImportReport> {
  const portfolio = await db.selectFrom('portfolios').select(['id', 'country']).where('id', '=', opts.portfolioId).executeTakeFirst();
  if (!portfolio) throw new ImportError('PORTFOLIO_NOT_FOUND', `portfolio ${opts.portfolioId} not found`);
  const today = opts.today ?? todayIn(COUNTRIES[portfolio.country]?.defaultZone ?? 'UTC');

  // committed on its own, before the transaction: a failed import stays on record with its error; its
  // run lock lives on one connection, so the whole import runs on that one
  return db.connection().execute(async (conn) => {
    const record = await openImportRecord(conn, { portfolioId: portfolio.id, filename: opts.filename, createdBy: opts.createdBy ?? null, kind: 'payments' });
    try {
      return await importPaymentsAs(conn, opts, portfolio.id, today, record.importId);
    } finally {
      await record.release();
    }
  });
}

async function importPaymentsAs(db: Db, opts: PaymentImportOptions, portfolioId: string, today: string, importId: string): Promise<PaymentImportReport> {

  const warnings: string[] = [];
  let totalRows = 0;
  let rejectedRows = 0;
  let accepted = 0;
  let inserted = 0;
  try {
    await db.transaction().execute(async (trx) => {
      // one statement at a time: the embedded PGlite driver runs a single statement per query
      for (const statement of STAGE.split(';\n')) await sql.raw(statement).execute(trx);
      let validate: ReturnType<typeof createPaymentValidator> | undefined;
      for await (const batch of readCsv(opts.source)) {
        const rows: PaymentRow[] = [];
        const rejects: RowError[] = [];
        for (const rec of batch) {
          if (!validate) {
            validate = createPaymentValidator(rec.fields, { today });
            if (mapPaymentHeader(rec.fields).has('channel')) {
              warnings.push('the channel column was read but not stored: the payments table has no column for it');
            }
            continue;
          }
          totalRows++;
          const r = validate(rec.line, rec.fields);
          if (r.ok) rows.push(r.row);
          else {
            rejectedRows++;
            rejects.push(...r.errors);
          }
        }
        const accounts = await accountsByExternalId(trx, portfolioId, [...new Set(rows.map((r) => r.externalId))]);
        const staged: ResolvedPayment[] = [];
        for (const row of rows) {
          const r = resolvePayment(row, accounts.get(row.externalId));
          if (r.ok) staged.push(r.payment);
          else {
            rejectedRows++;
            rejects.push(...r.errors);
          }
        }
        await stagePayments(trx, staged);
        await stageRejects(trx, rejects);
        opts.onRows?.(totalRows);
      }
      if (!validate) throw new ImportError('BAD_FILE', 'the file is empty: expected a header line and rows');

      await sql`select pg_advisory_xact_lock(${PAYMENT_IMPORT_LOCK})`.execute(trx);
      rejectedRows += Number((await REJECT_FILE_DUPLICATES.execute(trx)).numAffectedRows ?? 0);
      rejectedRows += Number((await REJECT_REFERENCE_CONFLICTS.execute(trx)).numAffectedRows ?? 0);
      accepted = totalRows - rejectedRows;
      // NOT EXISTS: the payments table's only unique key is (account_id, reference), and a null reference
      // never conflicts; ON CONFLICT still covers a reference recorded by anything but a payment import
      const ins = await sql`
        insert into payments (account_id, amount, currency, paid_on, reference, source)
        select s.account_id, s.amount, s.currency, s.paid_on, s.reference, 'import'
        from payment_stage s
        where not exists (
          select 1 from payments p
          where p.account_id = s.account_id and p.paid_on = s.paid_on and p.amount = s.amount and p.reference is not distinct from s.reference)
        order by s.line
        on conflict (account_id, reference) do nothing`.execute(trx);
      inserted = Number(ins.numAffectedRows ?? 0);
      await sql`
        insert into import_rejects (import_id, line, "column", value, reason)
        select ${importId}::uuid, line, "column", value, reason from payment_rejects order by line, seq`.execute(trx);

      await audit(trx, { userId: opts.createdBy ?? null, action: 'payment_import.create', entity: 'import', entityId: importId, details: { portfolioId, filename: opts.filename, totalRows, accepted, rejected: rejectedRows } });
      await trx
        .updateTable('imports')
        .set({ status: 'completed', total_rows: totalRows, accepted, rejected: rejectedRows, finished_at: new Date() })
        .where('id', '=', importId)
        .execute();
    });
  } catch (e) {
    const bad = e instanceof CsvSyntaxError || e instanceof HeaderError;
    const message = e instanceof Error ? e.message : String(e);
    await markImportFailed(db, importId, totalRows, message);
    if (bad) throw new ImportError('BAD_FILE', message);
    if (e instanceof ImportError) throw e;
    throw new ImportError('IMPORT_FAILED', `payments import ${importId} failed, nothing was imported: ${message}`);
  }

  // after the commit: the payments are in even if this fails, and the daily job decides them again
  let promises: PromiseStatusRun | null = null;
  try {
    promises = await updatePromiseStatuses(db, today, opts.promiseGraceDays !== undefined ? { graceDays: opts.promiseGraceDays } : {});
  } catch (e) {
    warnings.push(`promise statuses not updated: ${e instanceof Error ? e.message : String(e)}`);
  }

  return {
    importId,
    status: 'completed',
    totalRows,
    accepted,
    rejected: rejectedRows,
    inserted,
    alreadyRecorded: accepted - inserted,
    rejects: await firstRejects(db, importId),
    warnings,
    promises,
  };
}
