// The `imports` row both imports (portfolio and payments) keep for GET /imports/:id, and how a row whose
// process died is told from one still running.
//
// A running import holds a session advisory lock named after its id, on the connection it works on, from
// before its row exists until it ends. A process that dies (SIGKILL, power cut) loses its connections,
// and Postgres releases their locks; the embedded PGlite loses its session with the process. So a
// "running" row whose lock is free has no process behind it: nothing of it committed (the import is one
// transaction), and it is marked failed when a server starts (failAbandonedImports).
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Imports } from '@cobranza/db';
import type { Selectable } from 'kysely';

const RUN_LOCK = 4242102;
const lockKey = (importId: string) => sql`${RUN_LOCK}::int, hashtext(${importId})`;

export const ABANDONED_IMPORT =
  'the process running this import stopped before it finished (crashed, killed or restarted); nothing of it was imported / ' +
  'el proceso que ejecutaba esta importación se detuvo antes de terminar; no se importó nada';

/**
 * Writes the `imports` row (status running) with its run lock held on `conn`, which must be one pinned
 * connection (the lock belongs to its session). `release` ends the lock; call it once the row is final.
 */
export async function openImportRecord(
  conn: Db,
  values: { portfolioId: string; filename: string; createdBy: string | null; kind?: 'portfolio' | 'payments' },
): Promise<{ importId: string; release(): Promise<void> }> {
  // the id first, so the lock is held before the row can be seen
  const importId = randomUUID();
  await sql`select pg_advisory_lock(${lockKey(importId)})`.execute(conn);
  try {
    await conn
      .insertInto('imports')
      .values({ id: importId, portfolio_id: values.portfolioId, filename: values.filename.slice(0, 255), created_by: values.createdBy, kind: values.kind ?? 'portfolio' })
      .execute();
  } catch (e) {
    await sql`select pg_advisory_unlock(${lockKey(importId)})`.execute(conn).catch(() => {});
    throw e;
  }
  return {
    importId,
    release: async () => {
      await sql`select pg_advisory_unlock(${lockKey(importId)})`.execute(conn).catch(() => {});
    },
  };
}

/**
 * Marks failed every import still "running" whose process is gone (its run lock is free). Run when a
 * server starts; safe beside live imports of other processes, whose locks are held. Returns the ids.
 */
export async function failAbandonedImports(db: Db): Promise<string[]> {
  const running = await db.selectFrom('imports').select('id').where('status', '=', 'running').execute();
  if (running.length === 0) return [];
  return db.connection().execute(async (conn) => {
    const failed: string[] = [];
    for (const { id } of running) {
      const free = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${lockKey(id)}) as ok`.execute(conn);
      if (!free.rows[0]?.ok) continue;
      try {
        const r = await conn
          .updateTable('imports')
          .set({ status: 'failed', accepted: 0, rejected: 0, error: ABANDONED_IMPORT, finished_at: new Date() })
          .where('id', '=', id)
          .where('status', '=', 'running')
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) > 0) failed.push(id);
      } finally {
        await sql`select pg_advisory_unlock(${lockKey(id)})`.execute(conn);
      }
    }
    return failed;
  });
}

/**
 * Records that an import failed and nothing of it landed. Best effort: the caller is already reporting the
 * failure itself, which must not be replaced by an error from writing it down (the connection may be the
 * thing that broke).
 */
export async function markImportFailed(db: Db, importId: string, totalRows: number, message: string): Promise<void> {
  await db
    .updateTable('imports')
    .set({ status: 'failed', total_rows: totalRows, accepted: 0, rejected: 0, error: message.slice(0, 2000), finished_at: new Date() })
    .where('id', '=', importId)
    .execute()
    .catch(() => {});
}

/** An `imports` row as the API shows it. */
export function importDto(r: Selectable<Imports>) {
  return {
    id: r.id,
    portfolioId: r.portfolio_id,
    filename: r.filename,
    kind: r.kind === 'payments' ? ('payments' as const) : ('portfolio' as const),
    status: r.status,
    totalRows: r.total_rows,
    accepted: r.accepted,
    rejected: r.rejected,
    error: r.error,
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at ? r.finished_at.toISOString() : null,
  };
}

/** A portfolio's imports (portfolio and payments files), newest first, with who ran each. */
export async function listImports(db: Db, portfolioId: string, limit = 50) {
  const rows = await db
    .selectFrom('imports as i')
    .leftJoin('users as u', 'u.id', 'i.created_by')
    .selectAll('i')
    .select('u.email as created_by_email')
    .where('i.portfolio_id', '=', portfolioId)
    .orderBy('i.started_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...importDto(r), createdByEmail: r.created_by_email }));
}
