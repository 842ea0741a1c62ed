// Several API instances schedule the same daily jobs; each day's run happens in one of them only, on real
// Postgres. A run whose instance died is taken over once its lease is over; a failed run is tried again.
import { createTestDatabase, type TestDatabase } from '@cobranza/db/testing';
import { JobRunStore, runOnce } from '@cobranza/db/stores/job-runs';
import { todayIn } from '@cobranza/domain/format/index';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDailyJob } from '../src/import/daily.js';
import { startRuntime } from '../src/runtime.js';
import { testConfig } from './helpers.js';

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
