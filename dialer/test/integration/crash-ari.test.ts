// Crash safety against a real Asterisk of our own (a private instance, so killing it disturbs no one):
// the dialer process killed with SIGKILL mid-campaign and started again, and Asterisk killed and
// restarted under a running dialer. Postgres must show every attempt final and no debtor dialed
// beyond its retry rules or twice at once.
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ari } from '@cobranza/ari';
import { ensureAsterisk, fakeNumber, runAsterisk, type AsteriskEnv, type FakeBehaviour } from '@cobranza/asterisk-config';
import { RedisBus } from '@cobranza/bus';
import type { BusEvents } from '@cobranza/contracts';
import { createTestDatabase, type TestDatabase } from '@cobranza/db/testing';
import { connectPostgres, type Db, type DbHandle } from '@cobranza/db';
import { startSippAgents, type SippAgents } from '../../src/bench/sipp-agents.js';
import { ensureSafePrompt } from '../../src/telephony/prompts.js';
import { buildWorld, type World } from '../fixtures.js';
import { zonesWhere } from '../zones.js';
import { agentUsers, appName, startAriRig, until } from './harness.js';

const INSTANCE = {
  ASTERISK_INSTANCE: 'dialercrash',
  ASTERISK_HTTP_PORT: '8191',
  ASTERISK_SIP_PORT: '5191',
  ASTERISK_RTP_START: '31000',
  ASTERISK_RTP_END: '31999',
  ASTERISK_SIPP_CARRIER_PORT: '5192',
  ASTERISK_SIP_AGENTS: '40',
  ASTERISK_WEBRTC_AGENTS: '2',
};
const MAIN_TS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'main.ts');
const RULES = {
  busy: { retryMinutes: 0.05, maxAttempts: 2 },
  no_answer: { retryMinutes: 120 },
  failed: { retryMinutes: 120 },
  abandoned: { retryMinutes: 120 },
  cancelled: { retryMinutes: 120 },
  machine: { retryMinutes: 120 },
  maxAttempts: 4,
};
/** Most attempts a debtor may get under RULES in this test's time span. */
const MAX_ATTEMPTS: Record<string, number> = { person: 1, busy: 2, noAnswer: 1, lateAnswer: 1 };

let t: TestDatabase;
// our own pool, closed before the drop: the test helper's drop terminates live connections
let own: DbHandle;
let db: Db;
let env: AsteriskEnv;

beforeAll(async () => {
  env = ensureAsterisk(INSTANCE);
  t = await createTestDatabase('dialer_crash');
  own = connectPostgres(t.url, 8);
  db = own.db;
});
afterAll(async () => {
  await own?.close();
  await new Promise((r) => setTimeout(r, 1000));
  await t?.drop();
  try {
    runAsterisk('stop', INSTANCE);
  } catch {
    // already down
  }
});

async function world(n: number): Promise<{ w: World; kinds: FakeBehaviour[] }> {
  const inside = zonesWhere(true);
  const kinds: FakeBehaviour[] = [];
  const specs = Array.from({ length: n }, (_, i) => {
    const k: FakeBehaviour = (['person', 'person', 'busy', 'noAnswer', 'lateAnswer'] as const)[i % 5]!;
    kinds.push(k);
    return { phones: [fakeNumber(k, 70_000 + i + Math.floor(Math.random() * 20_000))], country: 'US', timeZone: inside[0]! };
  });
  const w = await buildWorld(db, { debtors: specs, dialMode: 'progressive', amdMode: 'off', retryRules: RULES, settings: { mode: 'progressive', ringTimeoutSec: 15, wrapUpSeconds: 1 } });
  return { w, kinds };
}

async function assertSettled(w: World, kinds: FakeBehaviour[]): Promise<{ attempts: number; outcomes: Record<string, number> }> {
  const rows = await db.selectFrom('call_attempts').selectAll().where('campaign_id', '=', w.campaignId).orderBy('created_at').execute();
  expect(rows.filter((a) => a.status !== 'ended').map((a) => a.id)).toEqual([]);
  expect(rows.every((a) => a.outcome !== null)).toBe(true);
  const outcomes: Record<string, number> = {};
  for (const a of rows) outcomes[a.outcome!] = (outcomes[a.outcome!] ?? 0) + 1;
  w.debtors.forEach((d, i) => {
    const list = rows.filter((a) => a.debtor_id === d.debtorId);
    expect(list.length, `debtor ${i} (${kinds[i]}): ${list.map((a) => a.outcome).join(',')}`).toBeLessThanOrEqual(MAX_ATTEMPTS[kinds[i]!]!);
    // never two at once: each attempt ended before the next one was created
    for (let j = 1; j < list.length; j++) expect(list[j]!.created_at.getTime()).toBeGreaterThanOrEqual(list[j - 1]!.ended_at!.getTime());
  });
  return { attempts: rows.length, outcomes };
}

/** Leads of the campaign still in a call, reserved, or due for another attempt now. */
async function leadsStillDue(campaignId: string): Promise<number> {
  const due = await db
    .selectFrom('campaign_leads')
    .select('id')
    .where('campaign_id', '=', campaignId)
    .where((eb) => eb.or([eb('status', 'in', ['reserved', 'in_call']), eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', new Date())])]))
    .execute();
  return due.length;
}

async function hangupAgentChannels(): Promise<void> {
  const ari = await Ari.connect({ url: env.ariUrl, user: env.ariUser, password: env.ariPassword, app: appName('cleanup') });
  try {
    for (const c of await ari.listChannels()) await ari.hangupQuietly(c.id);
  } finally {
    ari.close();
  }
}

/**
 * What the test's agents do with a call, as the console would: talk a second, hang up, save the disposition (the
 * dialer keeps an agent in wrap-up until it is saved), so the next call can come.
 */
function agentTalksAndDisposes(bus: Pick<RedisBus, 'publish'>, p: BusEvents['screen.pop']): void {
  setTimeout(() => {
    void (async () => {
      await bus.publish('agent.command', { agentId: p.agentId, command: 'hangup' });
      await db.insertInto('dispositions').values({ call_attempt_id: p.callId, agent_id: p.agentId, debtor_id: p.debtorId, outcome: 'no_contact' }).execute();
    })().catch((e: unknown) => console.log(`[crash] disposition of ${p.callId} failed: ${String(e)}`));
  }, 1000);
}

describe('crash safety on a real Asterisk', () => {
  it('dialer killed (SIGKILL) mid-campaign and restarted: attempts settled, nobody dialed beyond the rules', async () => {
    const { w, kinds } = await world(40);
    const creditor = await db.selectFrom('creditors').selectAll().where('id', '=', w.creditorId).executeTakeFirstOrThrow();
    ensureSafePrompt(env.soundsDir, { code: creditor.code, businessName: creditor.business_name, callbackNumber: creditor.callback_number });
    const endpoints = Array.from({ length: 6 }, (_, i) => `sipagent${i + 1}`);
    const ids = await agentUsers(db, endpoints);
    const app = appName('dialer-crash');
    const prefix = `${app}:`;
    const bus = new RedisBus({ url: 'redis://127.0.0.1:6379', prefix });
    const statuses: BusEvents['agent.status'][] = [];
    await bus.subscribe('agent.status', (s) => {
      statuses.push(s);
      // an agent who (re)logs in starts paused: the test's agents go ready at once
      if (s.state === 'paused' && s.pauseReason === null) void bus.publish('agent.command', { agentId: s.agentId, command: 'ready', campaignId: w.campaignId });
    });
    await bus.subscribe('screen.pop', (p) => agentTalksAndDisposes(bus, p));
    const childEnv = {
      ...process.env,
      DATABASE_URL: t.url,
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_PREFIX: prefix,
      ARI_URL: env.ariUrl,
      ARI_USER: env.ariUser,
      ARI_PASSWORD: env.ariPassword,
      ARI_APP: app,
      DIALER_ID: `crash-${app}`,
      ASTERISK_SOUNDS_DIR: env.soundsDir,
    };
    let out = '';
    const startChild = (): ChildProcess => {
      const c = spawn(process.execPath, ['--import', 'tsx', MAIN_TS], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
      c.stdout!.on('data', (d) => (out += String(d)));
      c.stderr!.on('data', (d) => (out += String(d)));
      return c;
    };
    let child = startChild();
    let sipp: SippAgents | null = null;
    try {
      await until('dialer ready', () => out.includes('[dialer] ready'), 30_000);
      sipp = startSippAgents({ endpoints, app, sipHost: env.sipHost, sipPort: env.sipPort, localPort: 5400 });
      await until('calls in flight', async () => {
        const open = await db.selectFrom('call_attempts').select('id').where('campaign_id', '=', w.campaignId).where('status', '<>', 'ended').execute();
        return open.length >= 4;
      }, 60_000, 100);
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const openAtKill = await db.selectFrom('call_attempts').select(['id', 'status']).where('campaign_id', '=', w.campaignId).where('status', '<>', 'ended').execute();
      expect(openAtKill.length).toBeGreaterThan(0);
      out = '';
      child = startChild();
      await until('dialer ready again', () => out.includes('[dialer] ready'), 30_000);
      // the killed process's open attempts were settled at start, never dialed again
      const after = await db.selectFrom('call_attempts').select(['id', 'status', 'outcome']).where('id', 'in', openAtKill.map((a) => a.id)).execute();
      expect(after.every((a) => a.status === 'ended')).toBe(true);
      await until(
        'campaign drained',
        async () => (await leadsStillDue(w.campaignId)) === 0,
        Number(process.env.DIALER_IT_DRAIN_MS ?? 4 * 60_000),
        1000,
      ).catch((e) => {
        console.log(`[crash] child output:\n${out.slice(-4000)}\nagent statuses: ${JSON.stringify(statuses.slice(-12).map((s) => s.state))}`);
        throw e;
      });
      const r = await assertSettled(w, kinds);
      console.log(`[crash] dialer kill: ${openAtKill.length} attempts open at the kill, ${r.attempts} attempts in all, outcomes ${JSON.stringify(r.outcomes)}`);
      expect(statuses.some((s) => s.state === 'talking')).toBe(true);
      expect(ids.size).toBe(6);
    } finally {
      child.kill('SIGKILL');
      sipp?.stop();
      await bus.close();
      await hangupAgentChannels();
    }
  }, 6 * 60_000);

  it('Asterisk killed and restarted under a running dialer: it reconnects, settles, and carries on', async () => {
    const { w, kinds } = await world(30);
    const creditor = await db.selectFrom('creditors').selectAll().where('id', '=', w.creditorId).executeTakeFirstOrThrow();
    const endpoints = Array.from({ length: 6 }, (_, i) => `sipagent${i + 11}`);
    const ids = await agentUsers(db, endpoints);
    const app = appName('dialer-astkill');
    const rig = await startAriRig({ db: db, env, app, campaignId: w.campaignId, creditor: { code: creditor.code, businessName: creditor.business_name, callbackNumber: creditor.callback_number } });
    try {
      await rig.bus.subscribe('screen.pop', (p) => agentTalksAndDisposes(rig.bus, p));
      await rig.bus.subscribe('agent.status', (s) => {
        if (s.state === 'paused' && s.pauseReason === null) void rig.bus.publish('agent.command', { agentId: s.agentId, command: 'ready', campaignId: w.campaignId });
      });
      await rig.loginAgents(endpoints, 5420);
      await until('calls in flight', () => rig.dialer.calls.inFlight(w.campaignId).length >= 4, 60_000, 50);
      const inFlight = rig.dialer.calls.inFlight(w.campaignId).map((c) => c.id);
      runAsterisk('kill', INSTANCE);
      rig.agents?.stop();
      runAsterisk('start', INSTANCE);
      // the wrapper reconnects; the dialer reconciles: calls whose channels died are settled
      await until('calls of the dead Asterisk settled', async () => {
        const rows = await db.selectFrom('call_attempts').select(['status']).where('id', 'in', inFlight).execute();
        return rows.every((r) => r.status === 'ended');
      }, 60_000, 500);
      expect(rig.dialer.agents.records().every((a) => a.state === 'offline')).toBe(true);
      // the softphones call in again
      await rig.loginAgents(endpoints, 5430);
      await until(
        'campaign drained',
        async () => (await leadsStillDue(w.campaignId)) === 0 && rig.dialer.calls.inFlight(w.campaignId).length === 0,
        4 * 60_000,
        1000,
      );
      const r = await assertSettled(w, kinds);
      console.log(`[crash] asterisk kill: ${inFlight.length} calls in flight at the kill, ${r.attempts} attempts in all, outcomes ${JSON.stringify(r.outcomes)}`);
      expect(r.outcomes.connected ?? 0).toBeGreaterThan(0);
      expect(ids.size).toBe(6);
    } finally {
      await rig.stop();
      await hangupAgentChannels();
    }
  }, 6 * 60_000);
});
