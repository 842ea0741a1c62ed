// Two `npm start`s on one embedded database folder (real processes): the second refuses to start and
// names the lock and its holder; a lock left by a killed process is taken over. And the folder
// `npm start` uses by default is ignored by git.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockFileOf } from '@cobranza/db';
import { loadConfig } from '../src/config.js';
import { listening, npmStart, ROOT, stop, type Started } from '../src/bench/npm-start.js';

const dir = mkdtempSync(join(tmpdir(), 'cobranza-lock-'));
const pgliteDir = join(dir, 'pglite');
const running: Started[] = [];
afterAll(() => {
  for (const s of running) if (s.child.exitCode === null) s.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function start(): Started {
  const s = npmStart({ PGLITE_DIR: pgliteDir, SEED_DEMO: 'false', IN_PROCESS_COMPONENTS: 'false' });
  running.push(s);
  return s;
}

describe('one embedded database, one server', () => {
  it('refuses a second server on the same PGLITE_DIR, naming the lock file and the running pid; the first keeps serving', async () => {
    const first = start();
    const url = await listening(first);
    const lock = lockFileOf(pgliteDir);
    expect(existsSync(lock)).toBe(true);

    const second = start();
    expect(await second.exited).toBe(1);
    expect(second.out()).toContain(`lock file ${lock}`);
    expect(second.out()).toContain(`pid ${first.child.pid}`);
    expect(second.out()).not.toMatch(/listening on/);

    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect(await stop(first)).toBe(0);
    expect(existsSync(lock)).toBe(false);
  }, 180_000);

  it('takes over a lock left by a process that no longer runs (killed with SIGKILL)', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const deadPid = Number(String(dead.stdout));
    writeFileSync(lockFileOf(pgliteDir), JSON.stringify({ pid: deadPid, host: (await import('node:os')).hostname(), startedAt: '2026-12-07T00:00:00Z', command: 'killed' }));
    const s = start();
    await listening(s);
    expect(await stop(s)).toBe(0);
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
