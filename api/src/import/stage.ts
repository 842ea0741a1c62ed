// The staging table an import streams into before the set-based merge, and the two ways of filling it:
// COPY (Postgres, the fast path) and batched INSERTs (the embedded PGlite, which has no COPY FROM STDIN).
// Good rows and rejects share the table: a reject is a row with only line and rej_* set.
import { once } from 'node:events';
import { sql } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from '@cobranza/db';
import type { ImportRow, RowError } from '@cobranza/domain/portfolio/index';

export const STAGE_TABLE = 'import_stage';

// Temporary: private to the import's session, never WAL-logged, and gone if the process dies.
export const CREATE_STAGE = `
create temp table ${STAGE_TABLE} (
  line integer not null,
  -- the first line of this debtor in the file: names the debtor within the import (its id is made from it)
  debtor_line integer,
  country text, document_type text, document_number text, first_name text, last_name text, birth_date date,
  email text, locale text, region text, time_zone text, time_zone_candidates text[], risk_score numeric(5,2),
  external_id text, product text, currency text, principal numeric(16,2), balance numeric(16,2),
  minimum_payment numeric(16,2), opened_on date, oldest_due_date date, next_due_date date, status text,
  phone_e164 text[], phone_type text[], phone_consent boolean[],
  doc_kind text[], doc_ref text[], doc_name text[],
  rej_column text, rej_value text, rej_reason text
) on commit drop`;

const STAGE_COLUMNS = [
  'line', 'debtor_line', 'country', 'document_type', 'document_number', 'first_name', 'last_name', 'birth_date', 'email', 'locale', 'region',
  'time_zone', 'time_zone_candidates', 'risk_score', 'external_id', 'product', 'currency', 'principal', 'balance',
  'minimum_payment', 'opened_on', 'oldest_due_date', 'next_due_date', 'status', 'phone_e164', 'phone_type', 'phone_consent',
  'doc_kind', 'doc_ref', 'doc_name', 'rej_column', 'rej_value', 'rej_reason',
] as const;

/** A validated row as the COPY writer takes it (pre-rendered, possibly by a worker) or the INSERT writer does. */
export type StagedRow = { line: number; copy: string } | ImportRow;

export interface StageWriter {
  /** a good row; `debtorLine` is the first line of the same debtor in the file */
  account(row: StagedRow, debtorLine: number): Promise<void> | void;
  reject(e: RowError): Promise<void> | void;
  /** flushes everything written so far into the table */
  finish(): Promise<void>;
  /** abandons the load (the transaction is rolled back by the caller) */
  abort(err: Error): void;
}

// --- COPY text format --------------------------------------------------------------------------

const NEEDS_ESCAPE = /[\\\t\n\r]/;
function esc(v: string | null): string {
  if (v === null) return '\\N';
  if (!NEEDS_ESCAPE.test(v)) return v;
  return v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}
/** A text[] literal whose elements are known to be plain tokens (E.164, enum values, zone names). */
const plainArray = (xs: string[]) => `{${xs.join(',')}}`;
/** A text[] literal of arbitrary strings: each element quoted, then the whole escaped for COPY. */
const quotedArray = (xs: string[]) => esc(`{${xs.map((x) => `"${x.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`);

/** A good row's COPY text after its line and debtor_line columns (rendered where the row is validated). */
export function copyRest(r: ImportRow): string {
  const d = r.debtor;
  const a = r.account;
  return (
    `${d.country}\t${esc(d.documentType)}\t${esc(d.documentNumber)}\t${esc(d.firstName)}\t${esc(d.lastName)}\t${esc(d.birthDate)}\t` +
    `${esc(d.email)}\t${esc(d.locale)}\t${esc(d.region)}\t${d.timeZone}\t${plainArray(d.timeZoneCandidates)}\t${esc(d.riskScore)}\t` +
    `${esc(a.externalId)}\t${esc(a.product)}\t${a.currency}\t${a.principal}\t${a.balance}\t${a.minimumPayment}\t${esc(a.openedOn)}\t` +
    `${esc(a.oldestDueDate)}\t${esc(a.nextDueDate)}\t${a.status}\t` +
    `${plainArray(r.phones.map((p) => p.e164))}\t${plainArray(r.phones.map((p) => p.type))}\t${plainArray(r.phones.map((p) => (p.consent ? 't' : 'f')))}\t` +
    `${plainArray(r.documents.map((x) => x.kind))}\t${quotedArray(r.documents.map((x) => x.reference))}\t${quotedArray(r.documents.map((x) => x.name))}\t` +
    `\\N\t\\N\t\\N\n`
  );
}

export function copyRejectLine(e: RowError): string {
  let s = `${e.line}`;
  for (let i = 1; i < STAGE_COLUMNS.length - 3; i++) s += '\t\\N';
  return `${s}\t${esc(e.column)}\t${esc(e.value)}\t${esc(e.reason)}\n`;
}

/** Streams rows into the stage with COPY, in ~256 KB writes that respect back-pressure. */
export function copyStageWriter(client: pg.ClientBase): StageWriter {
  // a deep buffer so validation runs ahead while Postgres parses; with the 16 KB default every write
  // waits for the socket and Node and Postgres take turns instead of working at the same time
  const stream = client.query(copyFrom(`copy ${STAGE_TABLE} (${STAGE_COLUMNS.join(', ')}) from stdin`, { highWaterMark: 8 << 20 }));
  let failure: Error | undefined;
  stream.on('error', (e: Error) => {
    failure = e;
  });
  let buf = '';
  const flush = async () => {
    if (failure) throw failure;
    const chunk = buf;
    buf = '';
    if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), once(stream, 'error')]);
    if (failure) throw failure;
  };
  return {
    account(row, debtorLine) {
      buf += `${row.line}\t${debtorLine}\t${'copy' in row ? row.copy : copyRest(row)}`;
      if (buf.length >= 1 << 18) return flush();
    },
    reject(e) {
      buf += copyRejectLine(e);
      if (buf.length >= 1 << 18) return flush();
    },
    async finish() {
      if (failure) throw failure;
      const done = Promise.race([once(stream, 'finish'), once(stream, 'error').then(([e]) => Promise.reject(e as Error))]);
      stream.end(buf);
      buf = '';
      await done;
    },
    abort(err) {
      stream.destroy(err);
    },
  };
}

/** Batched multi-row INSERTs, for databases without COPY FROM STDIN (PGlite). */
export function insertStageWriter(db: Db, batchSize = 500): StageWriter {
  let rows: unknown[][] = [];
  const flush = async () => {
    if (!rows.length) return;
    const batch = rows;
    rows = [];
    const values = sql.join(batch.map((r) => sql`(${sql.join(r)})`));
    await sql`insert into ${sql.table(STAGE_TABLE)} (${sql.join(STAGE_COLUMNS.map((c) => sql.ref(c)))}) values ${values}`.execute(db);
  };
  const push = (r: unknown[]) => {
    rows.push(r);
    if (rows.length >= batchSize) return flush();
  };
  const nulls = (n: number) => new Array<null>(n).fill(null);
  return {
    account(staged, debtorLine) {
      if ('copy' in staged) throw new Error('the INSERT stage writer takes rows, not COPY text');
      const r = staged;
      const d = r.debtor;
      const a = r.account;
      return push([
        r.line, debtorLine, d.country, d.documentType, d.documentNumber, d.firstName, d.lastName, d.birthDate, d.email, d.locale, d.region, d.timeZone,
        sql`${plainArray(d.timeZoneCandidates)}::text[]`, d.riskScore, a.externalId, a.product, a.currency, a.principal, a.balance,
        a.minimumPayment, a.openedOn, a.oldestDueDate, a.nextDueDate, a.status,
        sql`${plainArray(r.phones.map((p) => p.e164))}::text[]`, sql`${plainArray(r.phones.map((p) => p.type))}::text[]`,
        sql`${plainArray(r.phones.map((p) => (p.consent ? 't' : 'f')))}::boolean[]`,
        sql`${plainArray(r.documents.map((x) => x.kind))}::text[]`,
        sql`${`{${r.documents.map((x) => `"${x.reference.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`}::text[]`,
        sql`${`{${r.documents.map((x) => `"${x.name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`}::text[]`,
        null, null, null,
      ]);
    },
    reject(e) {
      return push([e.line, ...nulls(STAGE_COLUMNS.length - 4), e.column, e.value, e.reason]);
    },
    finish: flush,
    abort() {
      rows = [];
    },
  };
}
