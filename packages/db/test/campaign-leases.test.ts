// The campaign lease on real Postgres: one owner at a time, renewals, takeover once the lease ran out
// (judged at the database's clock, whatever Node's says), a token that grows on every new tenure, release,
// and the fence an attempt's transaction takes: a takeover waits for it, a stale token is refused.
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CampaignLeaseStore, LeaseLostError, lockLiveLease } from '../src/stores/campaign-leases.js';
import { createTestDatabase, type TestDatabase } from '../src/testing.js';

let t: TestDatabase;
let store: CampaignLeaseStore;

beforeAll(async () => {
  t = await createTestDatabase('campaign_leases');
  store = new CampaignLeaseStore(t.db);
});
afterAll(async () => {
  await t?.drop();
});
afterEach(() => {
  vi.useRealTimers();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function campaign(): Promise<string> {
  const r = await t.db.insertInto('campaigns').values({ name: `c-${Math.random()}` }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

describe('campaign leases', () => {
  it('one owner at a time; renewals keep the token; another takes over with the next token once it ran out', async () => {
    const c = await campaign();
    const a = await store.acquire(c, 'dialer-a', 300);
    expect(a?.token).toBe(1);
    expect(await store.acquire(c, 'dialer-b', 300)).toBeNull();
    const renewed = await store.renew('dialer-a', [a!], 300);
    expect(renewed.map((l) => [l.campaignId, l.token])).toEqual([[c, 1]]);
    expect(renewed[0]!.expiresAt.getTime()).toBeGreaterThanOrEqual(a!.expiresAt.getTime());
    await sleep(400);
    const b = await store.acquire(c, 'dialer-b', 3000);
    expect(b?.token).toBe(2);
    expect(await store.holder(c)).toMatchObject({ owner: 'dialer-b', token: 2, live: true });
    // the former owner's renewal finds nothing: it has lost the campaign
    expect(await store.renew('dialer-a', [a!], 300)).toEqual([]);
    expect(await store.acquire(c, 'dialer-a', 300)).toBeNull();
  });

  it('a lease that ran out is not renewed, even by its owner: it must acquire again, with a new token', async () => {
    const c = await campaign();
    const a = await store.acquire(c, 'dialer-a', 150);
    await sleep(250);
    expect(await store.renew('dialer-a', [a!], 1000)).toEqual([]);
    expect((await store.acquire(c, 'dialer-a', 1000))?.token).toBe(2);
  });

  it('the same owner acquiring again (a restart under the same id) gets the next token at once', async () => {
    const c = await campaign();
    await store.acquire(c, 'dialer-a', 60_000);
    expect((await store.acquire(c, 'dialer-a', 60_000))?.token).toBe(2);
  });

  it('release hands the campaign over at once; the token never goes back', async () => {
    const c = await campaign();
    const a = await store.acquire(c, 'dialer-a', 60_000);
    expect(await store.release({ ...a!, token: 99 })).toBe(false);
    expect(await store.release(a!)).toBe(true);
    expect((await store.holder(c))?.live).toBe(false);
    const b = await store.acquire(c, 'dialer-b', 60_000);
    expect(b?.token).toBe(2);
    const b2 = await store.release(b!).then(() => store.acquire(c, 'dialer-a', 60_000));
    expect(b2?.token).toBe(3);
  });

  it('renews several leases in one statement and leaves out the ones taken over', async () => {
    const [c1, c2] = [await campaign(), await campaign()];
    const l1 = await store.acquire(c1, 'dialer-a', 200);
    const l2 = await store.acquire(c2, 'dialer-a', 60_000);
    await sleep(300);
    await store.acquire(c1, 'dialer-b', 60_000);
    const kept = await store.renew('dialer-a', [l1!, l2!], 60_000);
    expect(kept.map((l) => l.campaignId)).toEqual([c2]);
  });

  it("expiry is the database's: Node's clock moved years ahead or back changes nothing", async () => {
    const c = await campaign();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2031-06-01T03:00:00Z'));
    const a = await store.acquire(c, 'dialer-a', 60_000);
    vi.setSystemTime(new Date('2019-01-01T00:00:00Z'));
    expect(await store.acquire(c, 'dialer-b', 60_000)).toBeNull();
    expect(await store.renew('dialer-a', [a!], 60_000)).toHaveLength(1);
    const { rows } = await sql<{ ahead: boolean }>`select expires_at > clock_timestamp() + interval '50 seconds' as ahead from campaign_leases where campaign_id = ${c}`.execute(t.db);
    expect(rows[0]?.ahead).toBe(true);
  });

  it('the fence: a stale token or a lease run out is refused; a takeover waits for the transaction holding it', async () => {
    const c = await campaign();
    const a = await store.acquire(c, 'dialer-a', 300);
    // the attempt's transaction takes the fence while the lease is live, then is slow to commit
    let committedAt = 0;
    let takenAt = 0;
    const tx = t.db.transaction().execute(async (trx) => {
      await lockLiveLease(trx, a!);
      await sleep(600); // the lease runs out meanwhile
      committedAt = performance.now();
    });
    await sleep(400);
    const b = await store.acquire(c, 'dialer-b', 60_000).then((l) => {
      takenAt = performance.now();
      return l;
    });
    await tx;
    expect(b?.token).toBe(2);
    expect(takenAt).toBeGreaterThanOrEqual(committedAt);
    await expect(t.db.transaction().execute((trx) => lockLiveLease(trx, a!))).rejects.toBeInstanceOf(LeaseLostError);
    await t.db.transaction().execute((trx) => lockLiveLease(trx, b!));
    // run out: refused even for the holder of the last token
    const c2 = await campaign();
    const short = await store.acquire(c2, 'dialer-a', 100);
    await sleep(200);
    await expect(t.db.transaction().execute((trx) => lockLiveLease(trx, short!))).rejects.toThrow(/no longer holds/);
  });

  it('a writer stalled inside its attempt transaction does not block the takeover: its session ends, nothing is written', async () => {
    const c = await campaign();
    const a = await store.acquire(c, 'dialer-a', 300);
    const stalled = t.db.transaction().execute(async (trx) => {
      await lockLiveLease(trx, a!);
      await sleep(3500); // a paused process: Postgres sees a session idle in its transaction
      await trx.insertInto('dialer_heartbeats').values({ dialer_id: 'written-by-the-stalled', seen_at: new Date() }).execute();
    });
    const outcome = stalled.then(
      () => 'committed',
      () => 'rolled back',
    );
    const started = performance.now();
    let b = null;
    while (!b && performance.now() - started < 5000) {
      b = await store.acquire(c, 'dialer-b', 60_000);
      if (!b) await sleep(200);
    }
    const tookMs = performance.now() - started;
    expect(b?.token).toBe(2);
    expect(tookMs).toBeLessThan(3200); // before the stalled writer woke up
    expect(await outcome).toBe('rolled back');
    expect(await t.db.selectFrom('dialer_heartbeats').select('dialer_id').where('dialer_id', '=', 'written-by-the-stalled').execute()).toEqual([]);
  });

  it('takeable: the campaigns with no live lease of another owner', async () => {
    const [free, mine, theirs, expired] = [await campaign(), await campaign(), await campaign(), await campaign()];
    await store.acquire(mine, 'dialer-a', 60_000);
    await store.acquire(theirs, 'dialer-b', 60_000);
    await store.acquire(expired, 'dialer-b', 100);
    await sleep(200);
    expect((await store.takeable([free, mine, theirs, expired], 'dialer-a')).sort()).toEqual([free, mine, expired].sort());
    expect(await store.takeable([], 'dialer-a')).toEqual([]);
  });

  it('heartbeats are stamped at the database clock', async () => {
    await store.heartbeat('dialer-a');
    await store.heartbeat('dialer-a');
    const r = await t.db.selectFrom('dialer_heartbeats').select(['dialer_id', sql<boolean>`seen_at > clock_timestamp() - interval '5 seconds'`.as('recent')]).execute();
    expect(r).toEqual([{ dialer_id: 'dialer-a', recent: true }]);
  });
});
