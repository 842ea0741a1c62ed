// The portfolio import: stream the CSV, validate each row in Node, stage good rows and rejects (COPY on
// Postgres), then merge set-based in one transaction and recompute the portfolio's segments. The
// `imports` row is written first and on its own, so a failed import is still on record with its error.
import { Kysely, type KyselyPlugin, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DB, Db } from '@cobranza/db';
import { COUNTRIES, CsvSyntaxError, HeaderError, type RowError } from '@cobranza/domain/portfolio/index';
import { SegmentSetError } from '@cobranza/domain/segmentation/index';
import { CREATE_ID_SEQUENCE, importIds } from './import-ids.js';
import { markImportFailed, openImportRecord } from './import-record.js';
import { mergeStage, type MergeCounts, refuseReassignments, STAGE_SEGMENT_INPUTS } from './merge.js';
import { audit } from '../audit.js';
import { loadSegments, recomputeSegments, segmentCaseSql } from './segments-sql.js';
import { validatedChunks } from './read-rows.js';
import { copyStageWriter, CREATE_STAGE, insertStageWriter, STAGE_TABLE, type StagedRow, type StageWriter } from './stage.js';
import { updatePromiseStatuses } from '../services/promise-status.js';

/** Where the import runs: a Postgres URL (a dedicated connection, COPY) or any Kysely handle (INSERT batches). */
export type ImportDatabase = { url: string } | { db: Db };

export interface ImportProgress {
  phase: 'reading' | 'merging' | 'segmenting' | 'done';
  rows: number;
  step?: string;
}

export interface ImportOptions {
  portfolioId: string;
  filename: string;
  source: AsyncIterable<Uint8Array | string>;
  createdBy?: string | null;
  /** YYYY-MM-DD for days past due and date sanity checks; defaults to today in the portfolio's country */
  today?: string;
  onProgress?: (p: ImportProgress) => void;
  /**
   * Worker threads validating a big file (COPY path only). Default 1, inline: on the 2-core machine the
   * import was measured on, two workers validated 200k rows in 6.8 s against 5.5 s inline (the workers
   * compete with Postgres and with each other for the cores). `IMPORT_WORKERS` sets it for a bigger host.
   */
  workers?: number;
  /** bytes of file a worker validates at a time (default 1 MiB) */
  chunkBytes?: number;
  /**
   * Rows staged and merged at a time while the next ones are read (default 250,000: on 1M rows, batches
   * of 250k took 130 s, of 50k 158 s, one batch 171 s; each batch pays its own lookups of known rows).
   */
  batchRows?: number;
  /**
   * Let the file move existing accounts to another debtor (same external id, another document). Off by
   * default: those rows are rejected. When on, the moves are counted and written to the audit log.
   */
  allowReassign?: boolean;
  /** Grace days of the promise check run after the import (payments can arrive by import); default of promise-status.ts. */
  promiseGraceDays?: number;
}

export interface ImportReject {
  line: number;
  column: string;
  value: string | null;
  reason: string;
}

export interface ImportReport {
  importId: string;
  status: 'completed' | 'failed';
  totalRows: number;
  accepted: number;
  rejected: number;
  /** the first 100 rejects, by line */
  rejects: ImportReject[];
  error?: string;
  warnings: string[];
  merge?: MergeCounts & { segmentsMoved: number };
  /** wall time per phase, ms: reading (parse + validate + stage), each merge step, segmenting */
  timings: Record<string, number>;
}

export class ImportError extends Error {
  constructor(
    readonly code: 'PORTFOLIO_NOT_FOUND' | 'BAD_FILE' | 'IMPORT_FAILED',
    message: string,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}

function defaultWorkers(): number {
  const raw = process.env.IMPORT_WORKERS ?? '1';
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new ImportError('IMPORT_FAILED', `IMPORT_WORKERS must be a whole number from 1 to 64, got "${raw}"`);
  return n;
}

export function todayIn(zone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** A Kysely bound to one pg client, so the COPY and the statements around it share a session (and its temp table). */
function kyselyOnClient(client: pg.ClientBase): Db {
  const pool = {
    connect: async () => ({ query: client.query.bind(client), release: () => {} }),
    end: async () => {},
  };
  // the pool shape is what PostgresDialect calls; pg's own types for it are wider than needed
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool: pool as unknown as pg.Pool }) });
}

export async function importPortfolio(target: ImportDatabase, opts: ImportOptions): Promise<ImportReport> {
  if ('url' in target) {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    // the stage of a big file is hundreds of MB: with the default 8 MB of temp buffers every page of it is
    // written out and read back; set before the session first touches a temp table, which it has not
    await client.query(`set temp_buffers = '1GB'`);
    const db = kyselyOnClient(client);
    try {
      return await runImport(db, () => copyStageWriter(client), true, opts);
    } finally {
      await client.end().catch(() => {});
    }
  }
  // The INSERT path is the embedded database's (PGlite), which runs each statement on this thread, in
  // WASM: the event loop serves nothing while a statement runs, and every other query waits for the
  // connection the import holds. So here the file goes in small batches and chunks, and the import
  // steps back into the event loop after each statement, so /health and the sockets are answered
  // between them (a 200k-row file: see test/import/embedded-import-health.test.ts).
  return target.db.connection().execute((conn) => {
    const db = conn.withPlugin(yieldAfterEachStatement);
    return runImport(db, () => insertStageWriter(db, EMBEDDED.insertRows), false, {
      batchRows: EMBEDDED.batchRows,
      chunkBytes: EMBEDDED.chunkBytes,
      ...opts,
    });
  });
}

/** Sizes for the embedded path, each statement and each validated chunk taking tens of milliseconds. */
const EMBEDDED = { batchRows: 500, chunkBytes: 64 << 10, insertRows: 100 };

const yieldAfterEachStatement: KyselyPlugin = {
  transformQuery: (args) => args.node,
  transformResult: async (args) => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    return args.result;
  },
};

async function runImport(db: Db, makeWriter: () => StageWriter, copy: boolean, opts: ImportOptions): Promise<ImportReport> {
  const portfolio = await db.selectFrom('portfolios').select(['id', 'country', 'currency']).where('id', '=', opts.portfolioId).executeTakeFirst();
  if (!portfolio) throw new ImportError('PORTFOLIO_NOT_FOUND', `portfolio ${opts.portfolioId} not found`);
  const country = COUNTRIES[portfolio.country];
  const today = opts.today ?? todayIn(country?.defaultZone ?? 'UTC');

  const record = await openImportRecord(db, { portfolioId: portfolio.id, filename: opts.filename, createdBy: opts.createdBy ?? null });
  try {
    return await importInto(db, makeWriter, copy, opts, portfolio, today, record.importId);
  } finally {
    await record.release();
  }
}

async function importInto(
  db: Db,
  makeWriter: () => StageWriter,
  copy: boolean,
  opts: ImportOptions,
  portfolio: { id: string; country: string; currency: string },
  today: string,
  importId: string,
): Promise<ImportReport> {

  const timings: Record<string, number> = {};
  const warnings: string[] = [];
  let totalRows = 0;
  let acceptedLines = 0;
  let rejectedLines = 0;
  const progress = (p: ImportProgress) => opts.onProgress?.(p);
  const batchRows = opts.batchRows ?? 250_000;
  let writer: StageWriter | undefined;

  let merging: Promise<void> = Promise.resolve();

  try {
    await sql`begin`.execute(db);
    await sql.raw(CREATE_STAGE).execute(db);
    await sql.raw(CREATE_ID_SEQUENCE).execute(db);
    // generous memory for the merge's sorts and hash joins; local to this transaction
    await sql`set local work_mem = '256MB'`.execute(db);

    let segmentCase: string | null = null;
    const segments = await loadSegments(db);
    if (segments.length === 0) warnings.push('no active segments: accounts were imported without a segment');
    else {
      try {
        segmentCase = segmentCaseSql(segments, today, STAGE_SEGMENT_INPUTS);
      } catch (e) {
        if (!(e instanceof SegmentSetError)) throw e;
        warnings.push(`segments not assigned: ${e.message}`);
      }
    }
    // one import merges at a time: concurrent merges would contend (and could deadlock) on shared debtors
    await sql`select pg_advisory_xact_lock(4242100)`.execute(db);
    const before = await sql<{ any: boolean }>`select exists (select 1 from accounts where portfolio_id = ${portfolio.id}::uuid) as any`.execute(db);
    const firstLoad = !before.rows[0]?.any;
    const ids = importIds();
    const counts: MergeCounts = { duplicates: 0, reassignRefused: 0, reassigned: 0, debtorsWritten: 0, accountsWritten: 0, phonesWritten: 0, documentsWritten: 0 };
    const add = (k: string, ms: number) => {
      timings[k] = (timings[k] ?? 0) + ms;
    };

    // The file goes in batches: while Postgres merges one, this thread validates the next, so reading the
    // file costs (almost) no time of its own. One batch is merged at a time, on this one connection.
    const mergeBatch = async (rows: Array<[StagedRow, number]>, rejects: RowError[]) => {
      let t0 = performance.now();
      await sql`truncate ${sql.table(STAGE_TABLE)}`.execute(db);
      writer = makeWriter();
      for (const [row, debtorLine] of rows) {
        const w = writer.account(row, debtorLine);
        if (w) await w;
      }
      for (const e of rejects) {
        const w = writer.reject(e);
        if (w) await w;
      }
      await writer.finish();
      add('stage', performance.now() - t0);
      // (a first load has no accounts to move)
      const moves = firstLoad ? 0 : await refuseReassignments(db, portfolio.id, opts.allowReassign === true);
      if (opts.allowReassign) counts.reassigned += moves;
      else counts.reassignRefused += moves;
      let step = '';
      t0 = performance.now();
      const c = await mergeStage(db, portfolio.id, segmentCase, ids, firstLoad, (s) => {
        const now = performance.now();
        if (step) add(`merge.${step}`, now - t0);
        step = s;
        t0 = now;
        progress({ phase: 'merging', rows: totalRows, step: s });
      });
      add(`merge.${step}`, performance.now() - t0);
      for (const k of ['debtorsWritten', 'accountsWritten', 'phonesWritten', 'documentsWritten'] as const) counts[k] += c[k];
      if (rejects.length || (moves && !opts.allowReassign)) {
        await sql`
          insert into import_rejects (import_id, line, "column", value, reason)
          select ${importId}::uuid, line, rej_column, rej_value, rej_reason from ${sql.table(STAGE_TABLE)} where rej_reason is not null order by line`.execute(db);
      }
    };
    let batch: Array<[StagedRow, number]> = [];
    let batchRejects: RowError[] = [];
    const flush = async () => {
      if (!batch.length && !batchRejects.length) return;
      const rows = batch;
      const rejects = batchRejects;
      batch = [];
      batchRejects = [];
      await merging; // the previous batch is merged (or its failure is thrown here)
      merging = mergeBatch(rows, rejects);
      merging.catch(() => {}); // awaited at the next flush or at the end; this only marks it observed
    };

    let t = performance.now();
    let validating = 0;
    // Repeats inside the file are settled here, in line order, rather than by statements over the whole
    // stage: a debtor on several lines is named by its first line; an account twice is rejected after
    // its first occurrence.
    const debtorFirstLine = new Map<string, number>();
    const accountFirstLine = new Map<string, number>();
    const chunks = validatedChunks(opts.source, {
      ctx: { defaultCountry: portfolio.country, defaultCurrency: portfolio.currency, today },
      mode: copy ? 'copy' : 'rows',
      workers: copy ? (opts.workers ?? defaultWorkers()) : 1,
      ...(opts.chunkBytes ? { chunkBytes: opts.chunkBytes } : {}),
    });
    let t1 = performance.now();
    let windows1252From: number | undefined;
    for await (const chunk of chunks) {
      if (chunk.windows1252 && windows1252From === undefined) windows1252From = chunk.windows1252.fromLine;
      totalRows += chunk.total;
      rejectedLines += chunk.rejectedLines;
      for (const e of chunk.rejects) batchRejects.push(e);
      for (const g of chunk.good) {
        const first = accountFirstLine.get(g.externalId);
        if (first !== undefined) {
          counts.duplicates++;
          batchRejects.push({ line: g.line, column: 'external_id', value: g.externalId, reason: `external_id ${g.externalId} already appears on line ${first}` });
          continue;
        }
        accountFirstLine.set(g.externalId, g.line);
        acceptedLines++;
        let debtorLine = debtorFirstLine.get(g.debtorKey);
        if (debtorLine === undefined) debtorFirstLine.set(g.debtorKey, (debtorLine = g.line));
        batch.push([g.copy !== undefined ? { line: g.line, copy: g.copy } : g.row!, debtorLine]);
        if (batch.length >= batchRows) {
          validating += performance.now() - t1;
          await flush();
          t1 = performance.now();
        }
      }
      progress({ phase: 'reading', rows: totalRows });
    }
    validating += performance.now() - t1;
    if (windows1252From !== undefined) {
      warnings.push(
        `the file is not UTF-8: it was read as Windows-1252 (Latin-1, as Excel saves "CSV") from line ${windows1252From}, ` +
          'so accents such as ñ and á came through; check a few names, and save as "CSV UTF-8" next time',
      );
    }
    await flush();
    await merging;
    timings.reading = validating;
    timings.pipeline = performance.now() - t;

    // accounts of this portfolio that were not in the file have aged since the last run too (on a first
    // load there are none: every account got its segment as it was inserted)
    progress({ phase: 'segmenting', rows: totalRows });
    t = performance.now();
    const seg = segmentCase && !firstLoad ? await recomputeSegments(db, { portfolioId: portfolio.id, today }) : { moved: 0 };
    timings.segmenting = performance.now() - t;

    const accepted = acceptedLines - counts.reassignRefused;
    const rejected = rejectedLines + counts.duplicates + counts.reassignRefused;
    if (counts.reassignRefused) {
      warnings.push(
        `${counts.reassignRefused} row(s) refused: their account belongs to another debtor (same external_id, another document); ` +
          'see the rejects, and import again with allowReassign only if the accounts really changed hands',
      );
    }
    if (counts.reassigned) {
      await audit(db, { userId: opts.createdBy ?? null, action: 'import.reassign', entity: 'import', entityId: importId, details: { portfolioId: portfolio.id, accounts: counts.reassigned } });
      warnings.push(`${counts.reassigned} account(s) moved to another debtor (allowReassign; recorded in the audit log)`);
    }
    // in the import's transaction: the log says who imported what exactly when the rows landed
    await audit(db, { userId: opts.createdBy ?? null, action: 'import.create', entity: 'import', entityId: importId, details: { portfolioId: portfolio.id, filename: opts.filename, totalRows, accepted, rejected } });
    await db
      .updateTable('imports')
      .set({ status: 'completed', total_rows: totalRows, accepted, rejected, finished_at: new Date() })
      .where('id', '=', importId)
      .execute();
    t = performance.now();
    await sql`commit`.execute(db);
    timings.commit = performance.now() - t;

    // after the commit, outside the import's transaction: the import is done even if this fails
    t = performance.now();
    try {
      await updatePromiseStatuses(db, today, opts.promiseGraceDays !== undefined ? { graceDays: opts.promiseGraceDays } : {});
    } catch (e) {
      warnings.push(`promise statuses not updated: ${e instanceof Error ? e.message : String(e)}`);
    }
    timings.promises = performance.now() - t;
    progress({ phase: 'done', rows: totalRows });

    return {
      importId,
      status: 'completed',
      totalRows,
      accepted,
      rejected,
      rejects: await firstRejects(db, importId),
      warnings,
      merge: { ...counts, segmentsMoved: seg.moved },
      timings,
    };
  } catch (e) {
    writer?.abort(e instanceof Error ? e : new Error(String(e)));
    // a batch still merging would otherwise send its next statements after the rollback, outside any
    // transaction: let it finish (or fail) inside this one first
    await merging.catch(() => {});
    await sql`rollback`.execute(db).catch(() => {});
    const message = e instanceof CsvSyntaxError || e instanceof HeaderError ? e.message : e instanceof Error ? e.message : String(e);
    await markImportFailed(db, importId, totalRows, message);
    if (e instanceof CsvSyntaxError || e instanceof HeaderError) throw new ImportError('BAD_FILE', message);
    if (e instanceof ImportError) throw e;
    throw new ImportError('IMPORT_FAILED', `import ${importId} failed, nothing was imported: ${message}`);
  }
}

export async function firstRejects(db: Db, importId: string, limit = 100): Promise<ImportReject[]> {
  return db
    .selectFrom('import_rejects')
    .select(['line', 'column', 'value', 'reason'])
    .where('import_id', '=', importId)
    .orderBy('line')
    .orderBy('id')
    .limit(limit)
    .execute();
}

export type { RowError };
