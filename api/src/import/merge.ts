// The set-based merge from the staging table into the collections tables, run inside the import's
// transaction: either all of the file's good rows land or none do.
//
// Why it is shaped like this (1M rows write ~4.5M rows: debtors, accounts, phones, documents): every
// row pays for each index and foreign key of its table, so the merge spends nothing else per row.
// - What already exists is found once, into two small temp tables (the file's debtors, the portfolio's
//   accounts named in the file); everything else is new and is inserted plainly, without ON CONFLICT's
//   speculative insertion. ON CONFLICT is kept only where an existing row may really be hit: phones of
//   debtors already known, documents of accounts already known.
// - New rows get time-ordered ids (see import-ids.ts), so the primary keys grow at their right edge
//   instead of at random pages; accounts' ids are made from their line, so documents need no join to
//   find their account.
// Imports hold an advisory lock, so nothing else inserts these keys meanwhile; if another writer ever
// did, a unique index fails the import whole.
import { sql } from 'kysely';
import type { Db } from '@cobranza/db';
import { type ImportIds, idExpr } from './import-ids.js';
import type { SegmentInputs } from './segments-sql.js';
import { STAGE_TABLE } from './stage.js';

/** The stage's columns as segmentation inputs (the debtor's region and risk come from the file too). */
export const STAGE_SEGMENT_INPUTS: SegmentInputs = {
  oldestDueDate: 's.oldest_due_date',
  balance: 's.balance',
  product: 's.product',
  region: 's.region',
  riskScore: 's.risk_score',
};

/** Rows a merge wrote (inserted or changed), per table. */
export interface MergeWrites {
  debtorsWritten: number;
  accountsWritten: number;
  phonesWritten: number;
  documentsWritten: number;
}

/** What an import reports: the rows written, and the rows rejected as repeats of an earlier line. */
export interface MergeCounts extends MergeWrites {
  duplicates: number;
  /** rows refused because their account belongs to another debtor (see refuseReassignments) */
  reassignRefused: number;
  /** accounts moved to another debtor, with the import's allowReassign */
  reassigned: number;
}

const masked = (col: string) => sql.raw(`case when length(${col}) > 3 then repeat('*', length(${col}) - 3) || right(${col}, 3) else repeat('*', length(${col})) end`);

/**
 * Staged rows naming an account of the portfolio that belongs to a different debtor (same external id,
 * another document). A creditor's file with recycled or mistyped account numbers would otherwise move
 * the account, its balance and its history to a stranger, who is then called about it. Unless `allow`,
 * such rows become rejects (on the document number, masked); returns how many rows were refused, or with
 * `allow` how many accounts will move.
 */
export async function refuseReassignments(tx: Db, portfolioId: string, allow: boolean): Promise<number> {
  const stage = sql.table(STAGE_TABLE);
  const moving = sql`
    s.rej_reason is null and a.portfolio_id = ${portfolioId}::uuid and a.external_id = s.external_id and d.id = a.debtor_id
    and (d.country, d.document_type, d.document_number) is distinct from (s.country, s.document_type, s.document_number)`;
  if (allow) {
    const r = await sql<{ n: number }>`select count(*)::int as n from ${stage} s, accounts a, debtors d where ${moving}`.execute(tx);
    return r.rows[0]?.n ?? 0;
  }
  const r = await sql`
    update ${stage} s set
      rej_column = 'document_number',
      rej_value = ${masked('s.document_number')},
      rej_reason = 'la cuenta ' || s.external_id || ' es de otro deudor (' || d.document_type || ' ' || ${masked('d.document_number')} ||
        '): no se reasigna sin allowReassign / account ' || s.external_id || ' belongs to another debtor (' || d.document_type || ' ' ||
        ${masked('d.document_number')} || '): not moved without allowReassign'
    from accounts a, debtors d where ${moving}`.execute(tx);
  return n(r);
}

const n = (r: { numAffectedRows?: bigint }) => Number(r.numAffectedRows ?? 0);

/**
 * Merges the staged rows (one batch of an import's file) into `portfolioId`. `segmentCase` is a CASE
 * expression over the stage (alias s) giving each new or changed account its segment, or null to leave
 * segments alone. `firstLoad`: the portfolio had no accounts when the import began, so no account of the
 * file can exist yet. `onStep` reports each statement as it starts (for progress and timings).
 * Duplicated external ids were already turned into rejects while reading, each good row carries its
 * debtor's first line in the file, and a debtor first seen in an earlier batch is found in the table
 * like any debtor the platform already knew (so its last line in the file still wins).
 */
export async function mergeStage(
  tx: Db,
  portfolioId: string,
  segmentCase: string | null,
  ids: ImportIds,
  firstLoad: boolean,
  onStep: (step: string) => void = () => {},
): Promise<MergeWrites> {
  const stage = sql.table(STAGE_TABLE);
  const good = sql`s.rej_reason is null`;

  onStep('analyze');
  // a temp table has no statistics until analysed; without them the planner guesses nested loops.
  // Only the join and filter keys: the array columns' statistics cost seconds and guide nothing.
  await sql`analyze ${stage} (line, debtor_line, document_number, external_id, rej_reason)`.execute(tx);

  onStep('resolve');
  await sql`drop table if exists import_debtors, import_accounts`.execute(tx);
  // The file's debtors: the line that names each (its first), the line whose data wins (its last), and the
  // id it already has. Ordered by that first line so new ids are inserted in increasing order.
  await sql`
    create temp table import_debtors on commit drop as
    select k.debtor_line, k.last_line, d.id as existing_id, coalesce(d.id, ${idExpr(ids.debtors, sql`k.debtor_line`)}) as id
    from (select debtor_line, max(line) as last_line from ${stage} s where ${good} group by debtor_line) k
    join ${stage} f on f.line = k.last_line -- in this batch, unlike the first line when an earlier batch had it
    left join debtors d on d.document_number = f.document_number and d.document_type = f.document_type and d.country = f.country
    order by k.debtor_line`.execute(tx);
  // the portfolio's accounts that the file names again (none on a first load: the file's accounts are
  // unique, so no earlier batch wrote one of these)
  await sql`
    create temp table import_accounts on commit drop as
    select s.line, a.id from ${stage} s join accounts a on a.portfolio_id = ${portfolioId}::uuid and a.external_id = s.external_id
    where ${good} and not ${firstLoad}`.execute(tx);
  await sql`analyze import_debtors`.execute(tx);
  await sql`analyze import_accounts`.execute(tx);

  onStep('debtors');
  const debtorCols = sql`country, document_type, document_number, first_name, last_name, birth_date, email, locale, region, time_zone, time_zone_candidates, risk_score`;
  const newDebtors = await sql`
    insert into debtors (id, ${debtorCols})
    select m.id, s.country, s.document_type, s.document_number, s.first_name, s.last_name, s.birth_date, s.email, s.locale,
           s.region, s.time_zone, s.time_zone_candidates, s.risk_score
    from import_debtors m join ${stage} s on s.line = m.last_line
    where m.existing_id is null`.execute(tx);
  // a debtor the platform knows takes the file's latest data (its last line in the file)
  const changedDebtors = await sql`
    update debtors t set
      first_name = s.first_name, last_name = s.last_name, birth_date = s.birth_date, email = s.email, locale = s.locale,
      region = s.region, time_zone = s.time_zone, time_zone_candidates = s.time_zone_candidates, risk_score = s.risk_score,
      updated_at = now()
    from import_debtors m join ${stage} s on s.line = m.last_line
    where t.id = m.existing_id
      and (t.first_name, t.last_name, t.birth_date, t.email, t.locale, t.region, t.time_zone, t.time_zone_candidates, t.risk_score)
      is distinct from (s.first_name, s.last_name, s.birth_date, s.email, s.locale, s.region, s.time_zone, s.time_zone_candidates, s.risk_score)`.execute(tx);

  onStep('accounts');
  const segment = segmentCase ? sql.raw(segmentCase) : sql`null::uuid`;
  const changed = await sql`
    update accounts t set
      debtor_id = x.debtor_id, product = x.product, currency = x.currency, principal = x.principal, balance = x.balance,
      minimum_payment = x.minimum_payment, opened_on = x.opened_on, oldest_due_date = x.oldest_due_date,
      next_due_date = x.next_due_date, status = x.status,
      segment_id = ${segmentCase ? sql`x.segment_id` : sql`t.segment_id`},
      segment_assigned_at = case when t.segment_id is distinct from ${segmentCase ? sql`x.segment_id` : sql`t.segment_id`}
                                 then now() else t.segment_assigned_at end,
      updated_at = now()
    from (
      select e.id, m.id as debtor_id, s.product, s.currency, s.principal, s.balance, s.minimum_payment, s.opened_on,
             s.oldest_due_date, s.next_due_date, s.status, ${segment} as segment_id
      from import_accounts e
      join ${stage} s on s.line = e.line
      join import_debtors m on m.debtor_line = s.debtor_line
    ) x
    where t.id = x.id
      and (t.debtor_id, t.product, t.currency, t.principal, t.balance, t.minimum_payment, t.opened_on, t.oldest_due_date,
           t.next_due_date, t.status${segmentCase ? sql`, t.segment_id` : sql``})
      is distinct from (x.debtor_id, x.product, x.currency, x.principal, x.balance, x.minimum_payment, x.opened_on,
           x.oldest_due_date, x.next_due_date, x.status${segmentCase ? sql`, x.segment_id` : sql``})`.execute(tx);
  // the stage is scanned in line order and probes the debtors' hash, so new ids arrive in increasing order
  const inserted = await sql`
    insert into accounts (id, portfolio_id, debtor_id, external_id, product, currency, principal, balance, minimum_payment,
                          opened_on, oldest_due_date, next_due_date, status, segment_id, segment_assigned_at)
    select ${idExpr(ids.accounts, sql`s.line`)}, ${portfolioId}::uuid, m.id, s.external_id, s.product, s.currency, s.principal,
           s.balance, s.minimum_payment, s.opened_on, s.oldest_due_date, s.next_due_date, s.status, ${segment}, now()
    from ${stage} s
    join import_debtors m on m.debtor_line = s.debtor_line
    where ${good} and not exists (select 1 from import_accounts e where e.line = s.line)`.execute(tx);

  onStep('phones');
  // The same number on several lines of one debtor is one phone (its last line's type and consent). Contact
  // outcomes (status, attempts, last result) belong to the platform: a re-import leaves them alone.
  const filePhones = (existing: boolean) => sql`
    select distinct on (m.debtor_line, p.e164) m.id as debtor_id, p.e164, p.type, p.consent
    from ${stage} s
    join import_debtors m on m.debtor_line = s.debtor_line
    cross join lateral unnest(s.phone_e164, s.phone_type, s.phone_consent) as p(e164, type, consent)
    where ${good} and m.existing_id is ${existing ? sql`not null` : sql`null`}
    order by m.debtor_line, p.e164, s.line desc`;
  const newPhones = await sql`
    insert into phones (id, debtor_id, e164, type, consent_automated, source)
    select ${idExpr(ids.phones, sql`nextval(${ids.sequence}::regclass)`)}, x.debtor_id, x.e164, x.type, x.consent, 'import'
    from (${filePhones(false)}) x`.execute(tx);
  const knownPhones = await sql`
    insert into phones as t (id, debtor_id, e164, type, consent_automated, source)
    select ${idExpr(ids.phones, sql`nextval(${ids.sequence}::regclass)`)}, x.debtor_id, x.e164, x.type, x.consent, 'import'
    from (${filePhones(true)}) x
    on conflict (debtor_id, e164) do update set type = excluded.type, consent_automated = excluded.consent_automated
    where (t.type, t.consent_automated) is distinct from (excluded.type, excluded.consent_automated)`.execute(tx);

  onStep('documents');
  // a line's documents are unique (the reader drops repeats), and an account is on one line only
  const newDocuments = await sql`
    insert into account_documents (id, account_id, kind, reference, name)
    select ${idExpr(ids.documents, sql`nextval(${ids.sequence}::regclass)`)}, ${idExpr(ids.accounts, sql`s.line`)}, x.kind, x.reference, x.name
    from ${stage} s
    cross join lateral unnest(s.doc_kind, s.doc_ref, s.doc_name) as x(kind, reference, name)
    where ${good} and cardinality(s.doc_kind) > 0 and not exists (select 1 from import_accounts e where e.line = s.line)`.execute(tx);
  const knownDocuments = await sql`
    insert into account_documents as t (id, account_id, kind, reference, name)
    select ${idExpr(ids.documents, sql`nextval(${ids.sequence}::regclass)`)}, e.id, x.kind, x.reference, x.name
    from import_accounts e
    join ${stage} s on s.line = e.line
    cross join lateral unnest(s.doc_kind, s.doc_ref, s.doc_name) as x(kind, reference, name)
    on conflict (account_id, kind, reference) do update set name = excluded.name
    where t.name is distinct from excluded.name`.execute(tx);

  return {
    debtorsWritten: n(newDebtors) + n(changedDebtors),
    accountsWritten: n(changed) + n(inserted),
    phonesWritten: n(newPhones) + n(knownPhones),
    documentsWritten: n(newDocuments) + n(knownDocuments),
  };
}
