// Campaign ownership across two real dialer processes (dialer/src/main.ts, simulated telephony, simulated
// agents in each) on a real Postgres and Redis. One campaign; only the lease holder dials for it.
//   1. The owner stalls (SIGSTOP): the other takes the campaign over within 5 s. The stalled one, woken up,
//      writes no attempt (its lease is gone) and stays a standby.
//   2. The new owner is killed (SIGKILL) mid-campaign: the first takes the campaign back within 5 s, settles
//      the dead one's open attempts, and the wallboard's stats carry on.
// At the end no attempt is open and no debtor was dialled twice (every outcome retries after 2 h).
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeNumber } from '@cobranza/asterisk-config';
import { RedisBus } from '@cobranza/bus';
import { connectPostgres, type Db, type DbHandle } from '@cobranza/db';
import { CampaignLeaseStore } from '@cobranza/db/stores/campaign-leases';
import { createTestDatabase, type TestDatabase } from '@cobranza/db/testing';
import { buildWorld, type World } from '../fixtures.js';
import { zonesWhere } from '../zones.js';
import { until } from './harness.js';

const MAIN_TS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'main.ts');
const TAKEOVER_LIMIT_MS = 5000;
const AGENTS = 5;
const RULES = Object.fromEntries(
  ['busy', 'no_answer', 'failed', 'abandoned', 'cancelled', 'machine', 'congestion'].map((k) => [k, { retryMinutes: 120 }]),
);

let t: TestDatabase;
let own: DbHandle;
let db: Db;

beforeAll(async () => {
  t = await createTestDatabase('dialer_ownership');
  own = connectPostgres(t.url, 4);
  db = own.db;
});
afterAll(async () => {
  await own?.close();
  await t?.drop();
});

interface Dialer {
  id: string;
  child: ChildProcess;
  out: () => string;
}

function startDialer(id: string, prefix: string): Dialer {
  let out = '';
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN_TS], {
    env: {
      ...process.env,
      DATABASE_URL: t.url,
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_PREFIX: prefix,
      ARI_URL: '', // simulated telephony
      DIALER_ID: id,
      DEMO_SIM_AGENTS: String(AGENTS),
      METRICS_PORT: '0',
      LOG_FORMAT: 'json',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  return { id, child, out: () => out };
}

async function world(n: number): Promise<World> {
  const inside = zonesWhere(true);
  const base = Math.floor(Math.random() * 50_000);
  const debtors = Array.from({ length: n }, (_, i) => ({ phones: [fakeNumber('person', base + i)], country: 'US', timeZone: inside[0]! }));
  const w = await buildWorld(db, { debtors, dialMode: 'progressive', amdMode: 'off', retryRules: RULES, settings: { mode: 'progressive', ringTimeoutSec: 15, wrapUpSeconds: 1 } });
  // the simulated agents: agent users without a SIP endpoint, logged in by each dialer process
  for (let i = 0; i < AGENTS; i++) {
    await db.insertInto('users').values({ email: `own-agent${i}@t.co`, name: `Agente ${i + 1}`, password_hash: 'x', role: 'agent' }).execute();
  }
  return w;
}

async function attemptsBy(campaignId: string, dialerId: string) {
  return db.selectFrom('call_attempts').select(['id', 'status']).where('campaign_id', '=', campaignId).where('dialer_id', '=', dialerId).execute();
}

/** Milliseconds from `since` (performance.now()) until `owner` holds the campaign's live lease. */
async function takeover(leases: CampaignLeaseStore, campaignId: string, owner: string, since: number): Promise<number> {
  for (;;) {
    const h = await leases.holder(campaignId);
    if (h?.live && h.owner === owner) return performance.now() - since;
    if (performance.now() - since > 15_000) throw new Error(`no takeover by ${owner} within 15 s (holder ${JSON.stringify(h)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('campaign ownership across dialer processes', () => {
  it('a stalled owner is taken over and fenced; a killed owner is taken over within 5 s; nobody dialled twice, nothing left open, stats go on', async () => {
    const w = await world(36);
    const prefix = `ownership-${process.pid}-${Math.random().toString(36).slice(2, 7)}:`;
    const bus = new RedisBus({ url: 'redis://127.0.0.1:6379', prefix });
    const stats: number[] = [];
    await bus.subscribe('campaign.stats', (s) => {
      if (s.campaignId === w.campaignId) stats.push(performance.now());
    });
    const leases = new CampaignLeaseStore(db);
    const a = startDialer('own-a', prefix);
    let b: Dialer | null = null;
    try {
      await until('dialer A ready', () => a.out().includes('"message":"ready"'), 60_000);
      await takeover(leases, w.campaignId, 'own-a', performance.now());
      b = startDialer('own-b', prefix);
      await until('dialer B ready', () => b!.out().includes('"message":"ready"'), 60_000);
      await until('A dialling, calls in flight', async () => {
        const mine = await attemptsBy(w.campaignId, 'own-a');
        return mine.length >= 6 && mine.some((x) => x.status !== 'ended');
      }, 60_000, 100);
      expect(await attemptsBy(w.campaignId, 'own-b')).toEqual([]); // the standby never dials

      // 1. the owner stalls
      a.child.kill('SIGSTOP');
      const stalledAt = performance.now();
      const stallTakeoverMs = await takeover(leases, w.campaignId, 'own-b', stalledAt);
      const aAtTakeover = (await attemptsBy(w.campaignId, 'own-a')).length;
      a.child.kill('SIGCONT');
      expect(stallTakeoverMs).toBeLessThan(TAKEOVER_LIMIT_MS);
      await until('B dialling', async () => (await attemptsBy(w.campaignId, 'own-b')).some((x) => x.status !== 'ended'), 20_000, 100);
      await until('A notices it lost the campaign', () => a.out().includes('lease lost'), 10_000);
      // awake again, A finishes its calls but writes no new attempt
      await new Promise((r) => setTimeout(r, 3000));
      expect((await attemptsBy(w.campaignId, 'own-a')).length).toBe(aAtTakeover);
      expect((await leases.holder(w.campaignId))?.owner).toBe('own-b');

      // 2. the new owner is killed mid-campaign
      await until('B has calls in flight', async () => (await attemptsBy(w.campaignId, 'own-b')).some((x) => x.status !== 'ended'), 20_000, 50);
      const bIds = new Set((await attemptsBy(w.campaignId, 'own-b')).map((x) => x.id));
      const openAtKill = (await attemptsBy(w.campaignId, 'own-b')).filter((x) => x.status !== 'ended').length;
      b.child.kill('SIGKILL');
      const killedAt = performance.now();
      const killTakeoverMs = await takeover(leases, w.campaignId, 'own-a', killedAt);
      expect(killTakeoverMs).toBeLessThan(TAKEOVER_LIMIT_MS);
      let firstDialMs = 0;
      await until('A dials again', async () => {
        const n = (await attemptsBy(w.campaignId, 'own-a')).length;
        if (n > aAtTakeover) firstDialMs = performance.now() - killedAt;
        return n > aAtTakeover;
      }, 15_000, 50);
      await until('the wallboard gets stats from the new owner', () => stats.some((at) => at > killedAt + killTakeoverMs), 10_000, 100);
      const statsGapMs = Math.min(...stats.filter((at) => at > killedAt)) - Math.max(...stats.filter((at) => at <= killedAt));
      await until('the dead dialer\'s open attempts settled', async () => (await attemptsBy(w.campaignId, 'own-b')).every((x) => x.status === 'ended'), 20_000, 200);
      expect((await attemptsBy(w.campaignId, 'own-b')).every((x) => bIds.has(x.id))).toBe(true); // B wrote nothing after its death

      await until(
        'campaign drained',
        async () => {
          const open = await db.selectFrom('call_attempts').select('id').where('campaign_id', '=', w.campaignId).where('status', '<>', 'ended').execute();
          const due = await db
            .selectFrom('campaign_leads')
            .select('id')
            .where('campaign_id', '=', w.campaignId)
            .where((eb) => eb.or([eb('status', 'in', ['reserved', 'in_call']), eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', new Date())])]))
            .execute();
          return open.length === 0 && due.length === 0;
        },
        4 * 60_000,
        1000,
      );
      const rows = await db.selectFrom('call_attempts').select(['debtor_id', 'status', 'outcome', 'dialer_id']).where('campaign_id', '=', w.campaignId).execute();
      expect(rows.filter((r) => r.status !== 'ended')).toEqual([]);
      const perDebtor = new Map<string, number>();
      for (const r of rows) perDebtor.set(r.debtor_id!, (perDebtor.get(r.debtor_id!) ?? 0) + 1);
      expect([...perDebtor.entries()].filter(([, n]) => n > 1)).toEqual([]);
      expect(perDebtor.size).toBe(w.debtors.length);
      const by = (id: string) => rows.filter((r) => r.dialer_id === id).length;
      console.log(
        `[ownership] stall: takeover in ${Math.round(stallTakeoverMs)} ms; kill: takeover in ${Math.round(killTakeoverMs)} ms, first dial ${Math.round(firstDialMs)} ms after the kill, ` +
          `stats gap ${Math.round(statsGapMs)} ms, ${openAtKill} attempts open at the kill; ${rows.length} attempts (A ${by('own-a')}, B ${by('own-b')}), one per debtor`,
      );
    } catch (e) {
      console.log(`[ownership] dialer A:\n${a.out().slice(-4000)}\n[ownership] dialer B:\n${b?.out().slice(-4000) ?? ''}`);
      throw e;
    } finally {
      a.child.kill('SIGKILL');
      b?.child.kill('SIGKILL');
      await bus.close();
    }
  }, 6 * 60_000);
});
