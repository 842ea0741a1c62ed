// Two `npm start`s on one embedded database folder (real processes): the second refuses to start and
// names the lock and its holder; a lock left by a killed process is taken over. And the folder
// `npm start` uses by default is ignored by git.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockFileOf } from '@cobranza/db';
import { loadConfig } from '../src/config.js';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const SERVER = join(ROOT, 'api/src/server.ts');
const dir = mkdtempSync(join(tmpdir(), 'cobranza-lock-'));
const pgliteDir = join(dir, 'pglite');
const running: ChildProcess[] = [];
afterAll(() => {
  for (const c of running) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  exited: Promise<number | null>;
  out: () => string;
}

function npmStart(): Started {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), PGLITE_DIR: pgliteDir, PORT: '0', HOST: '127.0.0.1', SEED_DEMO: 'false', IN_PROCESS_COMPONENTS: 'false', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += String(d)));
  child.stderr!.on('data', (d: Buffer) => (out += String(d)));
  return { child, exited: new Promise((r) => child.on('exit', (code) => r(code))), out: () => out };
}

async function listening(s: Started): Promise<string> {
  for (let i = 0; i < 1200; i++) {
    const m = /listening on (http:\/\/\S+)/.exec(s.out());
    if (m) return m[1]!;
    if (s.child.exitCode !== null) throw new Error(`server exited: ${s.out()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start: ${s.out()}`);
}

describe('one embedded database, one server', () => {
  it('refuses a second server on the same PGLITE_DIR, naming the lock file and the running pid; the first keeps serving', async () => {
    const first = npmStart();
    const url = await listening(first);
    const lock = lockFileOf(pgliteDir);
    expect(existsSync(lock)).toBe(true);

    const second = npmStart();
    expect(await second.exited).toBe(1);
    expect(second.out()).toContain(`lock file ${lock}`);
    expect(second.out()).toContain(`pid ${first.child.pid}`);
    expect(second.out()).not.toMatch(/listening on/);

    expect((await fetch(`${url}/health`)).status).toBe(200);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(existsSync(lock)).toBe(false);
  }, 180_000);

  it('takes over a lock left by a process that no longer runs (killed with SIGKILL)', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const deadPid = Number(String(dead.stdout));
    writeFileSync(lockFileOf(pgliteDir), JSON.stringify({ pid: deadPid, host: (await import('node:os')).hostname(), startedAt: '2026-12-07T00:00:00Z', command: 'killed' }));
    const s = npmStart();
    await listening(s);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  }, 180_000);
});

describe('the default embedded folder', () => {
  it('is inside .data/ of the clone, which git ignores (with its lock file)', () => {
    const dirOf = loadConfig({ SESSION_SECRET: 'x'.repeat(16) }).pgliteDir;
    expect(dirOf).toBe(join(process.cwd(), '.data', 'pglite'));
    for (const p of ['.data/pglite/PG_VERSION', `.data/pglite.lock`]) {
      // exit status 0: ignored
      expect(() => execFileSync('git', ['check-ignore', '-q', p], { cwd: ROOT })).not.toThrow();
    }
    expect(() => execFileSync('git', ['check-ignore', '-q', 'api/src/server.ts'], { cwd: ROOT })).toThrow();
  });
});
