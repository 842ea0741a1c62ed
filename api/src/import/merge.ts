// The set-based merge from the staging table into the collections tables, one statement per table,
// run inside the import's transaction: either all of the file's good rows land or none do.
import { sql } from 'kysely';
import type { Db } from '@cobranza/db';
import { STAGE_TABLE } from './stage.js';
import type { SegmentInputs } from './segments-sql.js';

/** The stage's columns as segmentation inputs (the debtor's region and risk come from the file too). */
export const STAGE_SEGMENT_INPUTS: SegmentInputs = {
  oldestDueDate: 's.oldest_due_date',
  balance: 's.balance',
  product: 's.product',
  region: 's.region',
  riskScore: 's.risk_score',
};

export interface MergeCounts {
  duplicates: number;
  debtorsWritten: number;
  accountsWritten: number;
  phonesWritten: number;
  documentsWritten: number;
}

const n = (r: { numAffectedRows?: bigint }) => Number(r.numAffectedRows ?? 0);

/**
 * Merges the staged rows of one import into `portfolioId`. `segmentCase` is a CASE expression over the
 * stage (alias s) giving each new or changed account its segment, or null to leave segments alone.
 * `onStep` reports each statement as it starts (for progress and timings).
 */
export async function mergeStage(tx: Db, portfolioId: string, segmentCase: string | null, onStep: (step: string) => void = () => {}): Promise<MergeCounts> {
  const stage = sql.table(STAGE_TABLE);

  onStep('analyze');
  // a temp table has no statistics until analysed; without them the planner guesses nested loops.
  // Only the join and filter keys: the array columns' statistics cost seconds and guide nothing.
  await sql`analyze ${stage} (country, document_type, document_number, external_id, rej_reason)`.execute(tx);

  onStep('duplicates');
  // the same account twice in one file: the first occurrence wins, later ones are rejected (row turned into a reject)
  const dups = await sql`
    update ${stage} s
    set rej_column = 'external_id', rej_value = s.external_id,
        rej_reason = 'external_id ' || s.external_id || ' already appears on line ' || f.first_line
    from (
      select external_id, min(line) as first_line from ${stage}
      where rej_reason is null group by external_id having count(*) > 1
    ) f
    where s.external_id = f.external_id and s.rej_reason is null and s.line > f.first_line`.execute(tx);

  onStep('debtors');
  // one debtor per (country, document type, number); when the file repeats a debtor its last line wins
  // (the last line is picked with a hash aggregate rather than DISTINCT ON: no sort of a million text keys)
  const debtors = await sql`
    insert into debtors as t (country, document_type, document_number, first_name, last_name, birth_date, email, locale,
                              region, time_zone, time_zone_candidates, risk_score)
    select s.country, s.document_type, s.document_number, s.first_name, s.last_name, s.birth_date, s.email, s.locale,
           s.region, s.time_zone, s.time_zone_candidates, s.risk_score
    from ${stage} s
    join (select max(line) as line from ${stage} where rej_reason is null group by country, document_type, document_number) k
      on k.line = s.line
    where s.rej_reason is null
    on conflict (country, document_type, document_number) do update set
      first_name = excluded.first_name, last_name = excluded.last_name, birth_date = excluded.birth_date,
      email = excluded.email, locale = excluded.locale, region = excluded.region, time_zone = excluded.time_zone,
      time_zone_candidates = excluded.time_zone_candidates, risk_score = excluded.risk_score, updated_at = now()
    where (t.first_name, t.last_name, t.birth_date, t.email, t.locale, t.region, t.time_zone, t.time_zone_candidates, t.risk_score)
      is distinct from (excluded.first_name, excluded.last_name, excluded.birth_date, excluded.email, excluded.locale,
                        excluded.region, excluded.time_zone, excluded.time_zone_candidates, excluded.risk_score)`.execute(tx);

  onStep('accounts');
  // Changed accounts are updated, then new ones inserted with an anti-join: cheaper than INSERT ... ON
  // CONFLICT (no speculative insertion per row). Imports hold an advisory lock, so nothing else inserts
  // these keys meanwhile; if another writer ever did, the unique index fails the import whole.
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
      select d.id as debtor_id, s.external_id, s.product, s.currency, s.principal, s.balance, s.minimum_payment, s.opened_on,
             s.oldest_due_date, s.next_due_date, s.status, ${segment} as segment_id
      from ${stage} s
      join debtors d on d.country = s.country and d.document_type = s.document_type and d.document_number = s.document_number
      where s.rej_reason is null
    ) x
    where t.portfolio_id = ${portfolioId}::uuid and t.external_id = x.external_id
      and (t.debtor_id, t.product, t.currency, t.principal, t.balance, t.minimum_payment, t.opened_on, t.oldest_due_date,
           t.next_due_date, t.status${segmentCase ? sql`, t.segment_id` : sql``})
      is distinct from (x.debtor_id, x.product, x.currency, x.principal, x.balance, x.minimum_payment, x.opened_on,
           x.oldest_due_date, x.next_due_date, x.status${segmentCase ? sql`, x.segment_id` : sql``})`.execute(tx);
  const inserted = await sql`
    insert into accounts (portfolio_id, debtor_id, external_id, product, currency, principal, balance, minimum_payment,
                          opened_on, oldest_due_date, next_due_date, status, segment_id, segment_assigned_at)
    select ${portfolioId}::uuid, d.id, s.external_id, s.product, s.currency, s.principal, s.balance, s.minimum_payment,
           s.opened_on, s.oldest_due_date, s.next_due_date, s.status, ${segment}, now()
    from ${stage} s
    join debtors d on d.country = s.country and d.document_type = s.document_type and d.document_number = s.document_number
    where s.rej_reason is null
      and not exists (select 1 from accounts t where t.portfolio_id = ${portfolioId}::uuid and t.external_id = s.external_id)`.execute(tx);

  onStep('phones');
  // contact outcomes (status, attempts, last result) belong to the platform: a re-import leaves them alone
  const phones = await sql`
    insert into phones as t (debtor_id, e164, type, consent_automated, source)
    select distinct on (d.id, p.e164) d.id, p.e164, p.type, p.consent, 'import'
    from ${stage} s
    join debtors d on d.country = s.country and d.document_type = s.document_type and d.document_number = s.document_number
    cross join lateral unnest(s.phone_e164, s.phone_type, s.phone_consent) as p(e164, type, consent)
    where s.rej_reason is null
    order by d.id, p.e164, s.line desc
    on conflict (debtor_id, e164) do update set type = excluded.type, consent_automated = excluded.consent_automated
    where (t.type, t.consent_automated) is distinct from (excluded.type, excluded.consent_automated)`.execute(tx);

  onStep('documents');
  // no DISTINCT: an account is on one line only (duplicates were rejected above) and a line's documents are unique
  const documents = await sql`
    insert into account_documents as t (account_id, kind, reference, name)
    select a.id, x.kind, x.reference, x.name
    from ${stage} s
    join accounts a on a.portfolio_id = ${portfolioId}::uuid and a.external_id = s.external_id
    cross join lateral unnest(s.doc_kind, s.doc_ref, s.doc_name) as x(kind, reference, name)
    where s.rej_reason is null and cardinality(s.doc_kind) > 0
    on conflict (account_id, kind, reference) do update set name = excluded.name
    where t.name is distinct from excluded.name`.execute(tx);

  return {
    duplicates: n(dups),
    debtorsWritten: n(debtors),
    accountsWritten: n(changed) + n(inserted),
    phonesWritten: n(phones),
    documentsWritten: n(documents),
  };
}
