import { randomBytes } from 'node:crypto';
import { DEFAULT_SEGMENTS } from '@cobranza/db/seed/defaults';
import { createTestDatabase, type TestDatabase } from '@cobranza/db/testing';
import { addDays, todayIn } from '@cobranza/domain/format/index';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime } from '../src/runtime.js';
import { cleanRedis, makeDebtor, makePortfolio, REDIS_URL, testConfig } from './helpers.js';

let t: TestDatabase;
const prefix = `test:api:daily:${randomBytes(4).toString('hex')}:`;
beforeAll(async () => {
  t = await createTestDatabase('api_daily');
}, 60_000);
afterAll(async () => {
  const redis = new Redis(REDIS_URL);
  await cleanRedis(redis, prefix);
  await redis.quit();
  await t?.drop();
});

// The runtime opens the database from DATABASE_URL itself, as `npm start` does on real Postgres.
const config = () => testConfig(prefix, { PORT: '0', HOST: '127.0.0.1', DATABASE_URL: t.url, DAILY_TIME_ZONE: 'America/Bogota' });

describe('runtime start on real Postgres', () => {
  it('seeds the default segments once and runs the daily segmentation and promise jobs until it stops', async () => {
    const rt = await startRuntime(config(), { logger: false });
    try {
      const segments = await t.db.selectFrom('segments').select('code').execute();
      expect(segments.map((s) => s.code).sort()).toEqual(DEFAULT_SEGMENTS.map((s) => s.code).sort());
      expect(rt.daily).toBeDefined();

      // an account that aged into late delinquency without any import: the daily run moves it
      const p = await makePortfolio(t.db);
      const today = todayIn('America/Bogota');
      const d = await makeDebtor(t.db, { portfolioId: p.id, doc: '3001', first: 'Rosa', last: 'Paz', accounts: [{ ext: 'R1', balance: 800000, oldestDue: addDays(today, -45) }] });
      const pr = await t.db
        .insertInto('promises')
        .values({ debtor_id: d.id, account_id: d.accounts[0]!, amount: '1000', currency: 'COP', due_date: addDays(today, -10), source: 'agent', created_at: new Date(Date.now() - 20 * 86_400_000) })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(await rt.daily!.segmentation.runNow()).toBeGreaterThanOrEqual(1);
      const seg = await t.db
        .selectFrom('accounts')
        .innerJoin('segments', 'segments.id', 'accounts.segment_id')
        .select('segments.code')
        .where('accounts.id', '=', d.accounts[0]!)
        .executeTakeFirstOrThrow();
      expect(seg.code).toBe('mora_31_60');
      expect(await rt.daily!.promises.runNow()).toMatchObject({ broken: 1 });
      expect((await t.db.selectFrom('promises').select('status').where('id', '=', pr.id).executeTakeFirstOrThrow()).status).toBe('broken');
    } finally {
      await rt.close();
    }

    // a second start leaves an administrator's segments alone (and does not duplicate the defaults)
    await t.db.deleteFrom('segments').where('code', '=', 'al_dia').execute();
    const again = await startRuntime(config(), { logger: false, dailyJobs: false });
    await again.close();
    const after = await t.db.selectFrom('segments').select('code').execute();
    expect(after).toHaveLength(DEFAULT_SEGMENTS.length - 1);
    expect(again.daily).toBeUndefined();
  });
});
