// Real, isolated Postgres databases for tests. Several test files and several developers run at once on
// one server, so each caller gets a database of its own, cloned from a migrated template (fast).
import { createHash, randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { connectPostgres, type Db, type DbHandle } from './connect.js';
import { migrations } from './migrations/index.js';
import { migrateToLatest } from './migrate.js';

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function urlFor(dbName: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${dbName}`;
  return u.toString();
}

function templateName(): string {
  const h = createHash('sha1').update(Object.keys(migrations).join(',')).update(migrationSource()).digest('hex');
  return `cobranza_tpl_${h.slice(0, 12)}`;
}

function migrationSource(): string {
  return Object.values(migrations)
    .map((m) => String(m.up))
    .join('\n');
}

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function ensureTemplate(): Promise<string> {
  const tpl = templateName();
  return withAdmin(async (c) => {
    // an advisory lock so two test processes do not build the same template at once
    await c.query('select pg_advisory_lock(4242001)');
    try {
      const exists = await c.query('select 1 from pg_database where datname = $1', [tpl]);
      if (exists.rowCount === 0) {
        await c.query(`create database "${tpl}"`);
        const db = new Kysely<unknown>({
          dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: urlFor(tpl), max: 1 }) }),
        });
        try {
          await migrateToLatest(db);
        } catch (e) {
          await db.destroy();
          await c.query(`drop database if exists "${tpl}"`);
          throw e;
        }
        await db.destroy();
      }
      return tpl;
    } finally {
      await c.query('select pg_advisory_unlock(4242001)');
    }
  });
}

export interface TestDatabase extends DbHandle {
  url: string;
  name: string;
  /** Drops the database (closes the handle first). */
  drop(): Promise<void>;
}

/** A fresh, migrated, empty database named after the caller: `cobranza_t_<label>_<random>`. */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const tpl = await ensureTemplate();
  const name = `cobranza_t_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase().slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  await withAdmin(async (c) => {
    await c.query('select pg_advisory_lock(4242001)');
    try {
      await c.query(`create database "${name}" template "${tpl}"`);
    } finally {
      await c.query('select pg_advisory_unlock(4242001)');
    }
  });
  const url = urlFor(name);
  const handle = connectPostgres(url, 5);
  return {
    ...handle,
    url,
    name,
    async drop() {
      // our pool first, waited for: its connections end cleanly instead of being killed mid-close
      await handle.close();
      await withAdmin((c) => dropWhenIdle(c, name));
    },
  };
}

/**
 * Drops a test database once nothing uses it. Connections that are still closing (another pool of the same test,
 * a child process shutting down) get up to `graceMs` to go; only the ones left after that, which their owner
 * leaked, are terminated, so a connection in the middle of a clean close never receives 57P01.
 */
async function dropWhenIdle(c: pg.Client, name: string, graceMs = 3000): Promise<void> {
  const others = async () =>
    Number((await c.query<{ n: string }>('select count(*) as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name])).rows[0]?.n ?? 0);
  const end = Date.now() + graceMs;
  while ((await others()) > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
  await c.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
  await c.query(`drop database if exists "${name}" with (force)`);
}

/**
 * The compliance gate's first refusal recorded in a test's database (optionally for one debtor, or after an
 * instant), as an Error saying which rule refused and when the contact is next allowed; null when the gate
 * refused nothing. A test waiting for a call checks it on every poll, so a refused call fails the test at once
 * with the gate's reason instead of a time-out.
 */
export async function gateRefusal(db: Db, opts: { debtorId?: string; after?: Date; unlessDialled?: boolean } = {}): Promise<Error | null> {
  // a refusal once a call was placed can be the rules working (a second campaign held by the daily cap): only a
  // test waiting for a first call asks with unlessDialled
  if (opts.unlessDialled) {
    let dialled = db.selectFrom('call_attempts').select('id');
    if (opts.debtorId) dialled = dialled.where('debtor_id', '=', opts.debtorId);
    if (await dialled.limit(1).executeTakeFirst()) return null;
  }
  let q = db.selectFrom('compliance_decisions').select(['debtor_id', 'channel', 'rule', 'reason', 'next_allowed_at', 'at']).where('allowed', '=', false);
  if (opts.debtorId) q = q.where('debtor_id', '=', opts.debtorId);
  if (opts.after) q = q.where('at', '>', opts.after);
  const r = await q.orderBy('id').limit(1).executeTakeFirst();
  if (!r) return null;
  const next = r.next_allowed_at ? `next allowed at ${new Date(r.next_allowed_at).toISOString()}` : 'never allowed again';
  return new Error(`the compliance gate refused the ${r.channel} contact to debtor ${r.debtor_id} (decided for ${new Date(r.at).toISOString()}): rule ${r.rule}: ${r.reason}; ${next}`);
}

/**
 * Polls `cond` until it holds, as a test waiting for a call does. Fails at once with the gate's refusal (see
 * gateRefusal) unless refusals are expected, or only until a first call was placed; after timeoutMs it fails
 * naming what it waited for, with `context()` (e.g. a log) appended.
 */
export async function untilContacted(
  db: Db,
  what: string,
  cond: () => Promise<boolean> | boolean,
  timeoutMs: number,
  o: { refusals?: 'fail' | 'fail-until-dialled' | 'expected'; everyMs?: number; context?: () => string } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    const refused = o.refusals === 'expected' ? null : await gateRefusal(db, { unlessDialled: o.refusals === 'fail-until-dialled' });
    if (refused) throw refused;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${o.context ? `\n${o.context()}` : ''}`);
    await new Promise((r) => setTimeout(r, o.everyMs ?? 250));
  }
}
