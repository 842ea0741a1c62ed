// An import killed mid-way (SIGKILL, a real child process): nothing of it lands, and the next start of the
// server marks its row failed with the reason instead of leaving it "running" for ever. On Postgres and
// on the embedded PGlite.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPglite, migrateToLatest, type Db } from '@cobranza/db';
import { seedDefaults } from '@cobranza/db/seed/index';
import { createTestDatabase, type TestDatabase } from '@cobranza/db/testing';
import { generatePortfolio } from '@cobranza/domain/generator/generate';
import { ABANDONED_IMPORT } from '../../src/import/import-record.js';
import { startRuntime } from '../../src/runtime.js';
import { testConfig } from '../helpers.js';
import { count, createPortfolio } from './helpers.js';

const TODAY = '2026-11-23';
const dir = mkdtempSync(join(tmpdir(), 'cobranza-crash-'));
const file = join(dir, 'cartera.csv');

beforeAll(() => {
  writeFileSync(file, [...generatePortfolio({ rows: 12_000, seed: 31, today: TODAY, badRows: 0 })].join(''));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the import in a child process and SIGKILLs it once `batches` batches are merged (not committed). */
async function killMidImport(args: Record<string, unknown>, batches: number): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./import-child.ts', import.meta.url).pathname, JSON.stringify(args)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += String(d)));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, sig) => resolve(sig ?? code)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += String(d);
      if (out.includes(`merging ${batches + 1}\n`)) resolve();
      if (out.includes('done')) reject(new Error('the import finished before it could be killed'));
    });
    void exited.then(() => reject(new Error(`the child ended on its own: ${out} ${err}`)));
  });
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
}

async function importsOf(db: Db) {
  return db.selectFrom('imports').select(['id', 'status', 'error', 'accepted']).execute();
}

describe('an import killed mid-way', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('import_crash');
    await seedDefaults(t.db);
  }, 60_000);
  afterAll(async () => t?.drop());

  it('on Postgres: nothing lands, and the next start marks it failed with the reason', async () => {
    const portfolioId = await createPortfolio(t.db);
    await killMidImport({ url: t.url, portfolioId, file, batchRows: 2000, today: TODAY }, 2);
    expect(await count(t.db, 'accounts')).toBe(0);
    expect(await count(t.db, 'debtors')).toBe(0);
    // what a user saw before this fix: the row says running for ever
    expect(await importsOf(t.db)).toEqual([expect.objectContaining({ status: 'running' })]);

    const rt = await startRuntime(testConfig(`test:crash:${process.pid}:`, { PORT: '0', HOST: '127.0.0.1', DATABASE_URL: t.url }), { migrate: false, dailyJobs: false, logger: false, seedDefaults: false });
    try {
      const [imp] = await importsOf(t.db);
      expect(imp).toMatchObject({ status: 'failed', accepted: 0, error: ABANDONED_IMPORT });
      expect(await count(t.db, 'accounts')).toBe(0);
    } finally {
      await rt.close();
    }
  }, 120_000);

  it('a running import of a live process is left alone by another server starting', async () => {
    const portfolioId = await createPortfolio(t.db, 'CO', 'COP', 'Viva');
    const { openImportRecord, failAbandonedImports } = await import('../../src/import/import-record.js');
    const other = await import('@cobranza/db').then((m) => m.connectPostgres(t.url, 1));
    try {
      await other.db.connection().execute(async (conn) => {
        const rec = await openImportRecord(conn, { portfolioId, filename: 'viva.csv', createdBy: null });
        expect(await failAbandonedImports(t.db)).toEqual([]);
        const row = await t.db.selectFrom('imports').select('status').where('id', '=', rec.importId).executeTakeFirstOrThrow();
        expect(row.status).toBe('running');
        await rec.release();
        await conn.updateTable('imports').set({ status: 'completed' }).where('id', '=', rec.importId).execute();
      });
    } finally {
      await other.close();
    }
  });

  it('on the embedded PGlite: nothing lands, and the next start marks it failed with the reason', async () => {
    const pgliteDir = join(dir, 'pglite');
    const setup = await connectPglite(pgliteDir);
    await migrateToLatest(setup.db);
    await seedDefaults(setup.db);
    const portfolioId = await createPortfolio(setup.db);
    await setup.close();

    await killMidImport({ pgliteDir, portfolioId, file, batchRows: 2000, today: TODAY }, 1);

    const rt = await startRuntime(testConfig(`test:crash:${process.pid}:`, { PORT: '0', HOST: '127.0.0.1', PGLITE_DIR: pgliteDir, REDIS_URL: '' }), { dailyJobs: false, logger: false });
    try {
      const db = rt.deps.db;
      expect(await importsOf(db)).toEqual([expect.objectContaining({ status: 'failed', accepted: 0, error: ABANDONED_IMPORT })]);
      expect(await count(db, 'accounts')).toBe(0);
      expect(await count(db, 'debtors')).toBe(0);
    } finally {
      await rt.close();
    }
  }, 180_000);
});
