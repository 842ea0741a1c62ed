// Several API instances schedule the same daily jobs; each day's run happens in one of them only, on real
// Postgres. A run whose instance died is taken over once its lease is over; a failed run is tried again.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@cobranza/db/testing';
import { DateTime } from 'luxon';
import { Redis } from 'ioredis';
import { JobRunStore, runOnce } from '@cobranza/db/stores/job-runs';
import { todayIn } from '@cobranza/domain/format/index';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDailyJob } from '../src/import/daily.js';
import { startRuntime } from '../src/runtime.js';
import { cleanRedis, REDIS_URL, testConfig } from './helpers.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase('api_jobs_once');
}, 60_000);
afterAll(async () => {
  await t?.drop();
});

const ZONE = 'America/Bogota';

describe('jobs shared by API instances', () => {
  it('a daily job due on three instances at once runs once, and not again that day', async () => {
    const store = new JobRunStore(t.db);
    const runs: string[] = [];
    const jobs = ['api-1', 'api-2', 'api-3'].map((owner) =>
      startDailyJob(
        async (today) => {
          runs.push(`${owner}:${today}`);
          await new Promise((r) => setTimeout(r, 50)); // long enough for the others to try meanwhile
          return runs.length;
        },
        { zone: ZONE, hour: 0, minute: 5, once: { store, job: 'test-daily', owner } },
      ),
    );
    try {
      await Promise.all(jobs.map((j) => j.runDue()));
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatch(new RegExp(`:${todayIn(ZONE)}$`));
      await Promise.all(jobs.map((j) => j.runDue())); // the timer again the same day (a restart, a second tick)
      expect(runs).toHaveLength(1);
      const [row] = await store.runsOf('test-daily');
      expect(row).toMatchObject({ run_key: todayIn(ZONE), claims: 1, finished: true, error: null });
    } finally {
      jobs.forEach((j) => j.stop());
    }
  });

  it('a run left unfinished by a dead instance is taken over after its lease, not before', async () => {
    const store = new JobRunStore(t.db);
    const dead = await store.claim('test-takeover', 'k1', 'api-dead', 60_000);
    expect(dead).not.toBeNull();
    let ran = 0;
    expect(await runOnce(store, 'test-takeover', 'k1', 'api-live', 60_000, async () => ++ran)).toEqual({ ran: false });
    // the dead instance's lease runs out (moved back rather than waiting a minute)
    await t.db.updateTable('job_runs').set({ lease_until: sql`now() - interval '1 second'` }).where('job', '=', 'test-takeover').execute();
    expect(await runOnce(store, 'test-takeover', 'k1', 'api-live', 60_000, async () => ++ran)).toEqual({ ran: true, value: 1 });
    await dead!.finish({ ok: true }); // the stalled instance wakes up: its claim is no longer the run's
    const [row] = await store.runsOf('test-takeover');
    expect(row).toMatchObject({ owner: 'api-live', claims: 2, finished: true });
  });

  it('a failed run keeps its error and the next claim runs it again', async () => {
    const store = new JobRunStore(t.db);
    await expect(runOnce(store, 'test-fail', 'k', 'api-1', 60_000, async () => Promise.reject(new Error('database went away')))).rejects.toThrow('database went away');
    expect((await store.runsOf('test-fail'))[0]).toMatchObject({ finished: false, error: 'database went away' });
    expect(await runOnce(store, 'test-fail', 'k', 'api-2', 60_000, async () => 'ok')).toEqual({ ran: true, value: 'ok' });
    expect((await store.runsOf('test-fail'))[0]).toMatchObject({ owner: 'api-2', finished: true, error: null });
  });

  it('two API runtimes on one database: the nightly segmentation and promise statuses run in one of them', async () => {
    const cfg = () => testConfig(`test:api:jobs:${Math.random().toString(36).slice(2)}:`, { PORT: '0', HOST: '127.0.0.1', DATABASE_URL: t.url, DAILY_TIME_ZONE: ZONE });
    const [a, b] = [await startRuntime(cfg(), { logger: false }), await startRuntime(cfg(), { logger: false })];
    try {
      await Promise.all([a.daily!.segmentation.runDue(), b.daily!.segmentation.runDue(), a.daily!.promises.runDue(), b.daily!.promises.runDue()]);
      const rows = await t.db.selectFrom('job_runs').select(['job', 'run_key', 'claims', 'finished_at']).where('job', 'like', 'daily-%').orderBy('job').execute();
      expect(rows.map((r) => [r.job, r.run_key, r.claims, r.finished_at !== null])).toEqual([
        ['daily-promise-statuses', todayIn(ZONE), 1, true],
        ['daily-segmentation', todayIn(ZONE), 1, true],
      ]);
    } finally {
      await a.close();
      await b.close();
    }
  }, 60_000);
});

describe('two API server processes reaching the nightly hour', () => {
  // Two `npm start` processes (IN_PROCESS_COMPONENTS=false: the API alone), each with its own port, on one Postgres
  // database and one Redis, their clocks moved (scripts/clock-offset.cjs, as scripts/test-at.sh does) to shortly
  // before 00:05 in DAILY_TIME_ZONE: both timers fire for real; one instance segments, the other stands aside.
  const ROOT = resolve(import.meta.dirname, '../..');
  const children: ChildProcess[] = [];
  const prefix = `test:api:jobs2:${randomBytes(4).toString('hex')}:`;
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    const r = new Redis(REDIS_URL);
    await cleanRedis(r, prefix);
    await r.quit();
  });

  it('the segmentation due at 00:05 on both runs once, and the other instance says so', async () => {
    // the real time, also when this test itself runs under scripts/test-at.sh
    const realNow = Date.now() - ((Date as unknown as { cobranzaOffset?: number }).cobranzaOffset ?? 0);
    // time enough for both to start (tsx, migrations) before their timers fire at 00:05
    const startAt = DateTime.now().setZone(ZONE).plus({ days: 1 }).set({ hour: 0, minute: 4, second: 10, millisecond: 0 });
    const offset = startAt.toMillis() - realNow;
    const day = startAt.toISODate()!;
    const outputs: string[] = ['', ''];
    const spawnApi = (i: number) => {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: t.url,
        REDIS_URL,
        REDIS_PREFIX: prefix,
        SESSION_SECRET: 'jobs-secret-0123456789abcdef',
        IN_PROCESS_COMPONENTS: 'false',
        SEED_DEMO: 'false',
        CONSOLE_DIR: '/nonexistent',
        METRICS_PORT: 'off',
        DAILY_TIME_ZONE: ZONE,
        LOG_LEVEL: 'info',
        LOG_FORMAT: 'json',
        COBRANZA_CLOCK_OFFSET_MS: String(offset),
        NODE_OPTIONS: `--require ${resolve(ROOT, 'scripts/clock-offset.cjs')}${process.env.NODE_OPTIONS ? ` ${process.env.NODE_OPTIONS}` : ''}`,
      };
      delete env.ARI_URL;
      const c = spawn(process.execPath, ['--import', 'tsx', 'api/src/server.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      c.stdout!.on('data', (d: Buffer) => (outputs[i] += d.toString()));
      c.stderr!.on('data', (d: Buffer) => (outputs[i] += d.toString()));
      children.push(c);
      return c;
    };
    spawnApi(0);
    spawnApi(1);
    // the structured lines (LOG_FORMAT=json) of one process
    const lines = (o: string) =>
      o.split('\n').flatMap((l) => {
        try {
          return [JSON.parse(l) as { message?: string; fields?: { job?: string } }];
        } catch {
          return [];
        }
      });
    const ran = (o: string) => lines(o).some((l) => l.message === 'daily segmentation');
    const skipped = (o: string) => lines(o).some((l) => l.message === 'daily job already run by another instance' && l.fields?.job === 'daily-segmentation');
    const deadline = Date.now() + 110_000;
    while (Date.now() < deadline && !outputs.every((o) => ran(o) || skipped(o))) {
      if (children.some((c) => c.exitCode !== null)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const report = outputs.map((o, i) => `--- api ${i}:\n${o}`).join('\n');
    // both were listening before 00:05 (else one would have scheduled the next day, and proven nothing)
    for (const o of outputs) expect(o, report).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(outputs.map((o) => (ran(o) ? 'ran' : skipped(o) ? 'skipped' : 'nothing')).sort(), report).toEqual(['ran', 'skipped']);
    const rows = await t.db.selectFrom('job_runs').select(['job', 'run_key', 'claims', 'finished_at', 'error']).where('job', '=', 'daily-segmentation').where('run_key', '=', day).execute();
    expect(rows.map((r) => [r.run_key, r.claims, r.finished_at !== null, r.error])).toEqual([[day, 1, true, null]]);
    const stopped = children.map((c) => new Promise<number | null>((res) => (c.exitCode !== null ? res(c.exitCode) : c.once('exit', (code) => res(code)))));
    for (const c of children) c.kill('SIGTERM');
    expect(await Promise.all(stopped)).toEqual([0, 0]);
  }, 150_000);
});
