import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.js';
import { lockDataDir } from './data-dir-lock.js';

// numeric and bigint come back as strings by default; money stays exact as a string and
// counts (bigint ids, count(*)) are small enough to be numbers.
pg.types.setTypeParser(20, (v: string) => Number(v));
// dates (not timestamps) stay 'YYYY-MM-DD' strings: a due date has no time zone.
pg.types.setTypeParser(1082, (v: string) => v);

export type Db = Kysely<DB>;

export interface DbHandle {
  db: Db;
  /** 'postgres' for a real server, 'pglite' for the embedded one used when no DATABASE_URL is set. */
  kind: 'postgres' | 'pglite';
  /**
   * A liveness query that does not wait behind a connection held for long. PGlite has one connection,
   * which an import holds from start to end; this runs between the import's statements instead.
   */
  ping?(): Promise<void>;
  close(): Promise<void>;
}

export function connectPostgres(url: string, poolSize = 10): DbHandle {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // a connection the server ended (a restart; the idle-in-transaction timeout that ends a stalled writer's
  // attempt, stores/campaign-leases.ts) leaves the pool; with no listener its 'error' event would end the process
  pool.on('error', (e) => console.error(`[db] a pooled connection was lost: ${e.message}`));
  // the same while the connection is checked out between two statements of a transaction (pg-pool only
  // listens while it is idle); the pool drops it when it comes back unusable
  pool.on('connect', (client) => client.on('error', (e) => console.error(`[db] a connection in use was lost: ${e.message}`)));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgres', close: () => db.destroy() };
}

/** An embedded Postgres (PGlite, WASM) for `npm start` on a machine with no database server. */
/** A folder is locked for this process while it is open (see data-dir-lock.ts); none for an in-memory one. */
export async function connectPglite(dataDir?: string): Promise<DbHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGliteDialect } = await import('kysely-pglite-dialect');
  const unlock = dataDir ? lockDataDir(dataDir) : () => {};
  let db: Kysely<DB>;
  let client: InstanceType<typeof PGlite>;
  try {
    client = new PGlite(dataDir);
    await client.waitReady;
    db = new Kysely<DB>({ dialect: new PGliteDialect(client) });
  } catch (e) {
    unlock();
    throw e;
  }
  return {
    db,
    kind: 'pglite',
    ping: async () => {
      await client.query('select 1');
    },
    close: async () => {
      try {
        await db.destroy();
      } finally {
        unlock();
      }
    },
  };
}

export async function connect(url = process.env.DATABASE_URL): Promise<DbHandle> {
  return url ? connectPostgres(url) : connectPglite(process.env.PGLITE_DIR);
}
