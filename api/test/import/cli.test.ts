// `npm run import` with no database URL works on `npm start`'s embedded database (real processes, the
// same default folder), and says what to do when a server has that database open.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPglite, lockFileOf, migrateToLatest } from '@cobranza/db';
import { seedDefaults } from '@cobranza/db/seed/index';
import { generatePortfolio } from '@cobranza/domain/generator/generate';
import { count, createPortfolio } from './helpers.js';

const ROOT = resolve(new URL('../../..', import.meta.url).pathname);
const TSX = join(ROOT, 'node_modules/tsx/dist/loader.mjs');
const CLI = join(ROOT, 'api/src/cli/import.ts');
const TODAY = '2026-11-23';
// a clone's working directory: npm start keeps its database in .data/pglite here
const clone = mkdtempSync(join(tmpdir(), 'cobranza-cli-'));
const pgliteDir = join(clone, '.data', 'pglite');
const file = join(clone, 'cartera.csv');

beforeAll(async () => {
  writeFileSync(file, [...generatePortfolio({ rows: 60, seed: 12, today: TODAY, badRows: 2 })].join(''));
}, 60_000);
afterAll(() => rmSync(clone, { recursive: true, force: true }));

async function npmRunImport(...args: string[]): Promise<{ code: number | null; out: string }> {
  const env: Record<string, string> = { ...(process.env as Record<string, string>) };
  delete env.DATABASE_URL;
  delete env.PGLITE_DIR;
  const child = spawn(process.execPath, ['--import', `file://${TSX}`, CLI, ...args], { cwd: clone, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += String(d)));
  child.stderr.on('data', (d: Buffer) => (out += String(d)));
  const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  return { code, out };
}

describe('npm run import without a database URL', () => {
  it('says there is no embedded database yet, and where it looked', async () => {
    const r = await npmRunImport(file, '--portfolio', 'Cartera CLI');
    expect(r.code).toBe(2);
    expect(r.out).toContain(`no embedded database in ${pgliteDir}`);
  }, 120_000);

  it("imports into npm start's embedded database (.data/pglite of the working directory)", async () => {
    mkdirSync(join(clone, '.data'), { recursive: true });
    const setup = await connectPglite(pgliteDir);
    await migrateToLatest(setup.db);
    await seedDefaults(setup.db);
    await createPortfolio(setup.db, 'CO', 'COP', 'Cartera CLI');
    await setup.close();

    const r = await npmRunImport(file, '--portfolio', 'Cartera CLI', '--today', TODAY);
    expect(r.out).toMatch(/aceptadas \/ accepted: 58 {3}rechazadas \/ rejected: 2/);
    expect(r.code).toBe(0);
    const after = await connectPglite(pgliteDir);
    try {
      expect(await count(after.db, 'accounts')).toBe(58);
    } finally {
      await after.close();
    }
  }, 180_000);

  it('while a server has the database open, refuses and says to import through the server or stop it', async () => {
    // this process holds the folder as npm start would
    const server = await connectPglite(pgliteDir);
    try {
      const r = await npmRunImport(file, '--portfolio', 'Cartera CLI', '--today', TODAY);
      expect(r.code).toBe(2);
      expect(r.out).toContain(`npm start is running on the embedded database ${pgliteDir}`);
      expect(r.out).toContain('POST /portfolios/:id/imports');
      expect(r.out).toContain(`lock file ${lockFileOf(pgliteDir)}`);
      expect(r.out).toContain(`pid ${process.pid}`);
    } finally {
      await server.close();
    }
  }, 120_000);
});
