// /metrics of a dialer running a simulated campaign on a real Postgres and Redis: the figures move as calls
// happen (calls by state, originate-to-answer and person-to-bridge histograms, the abandon gauge and hopper
// depth per campaign, pacing decisions), a scrape without the token is refused, and no label carries a
// phone number. Then dialer/src/main.ts as its own process: JSON log lines and /metrics on METRICS_PORT.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBus } from '@cobranza/bus';
import type { Db } from '@cobranza/db';
import { createLogger } from '@cobranza/domain/format/log';
import { serveMetrics, startProcessMetrics, type MetricsServer } from '@cobranza/metrics';
import { has, parseExposition, valueOf, type Sample } from '../../packages/metrics/test/scrape.js';
import { VirtualClock } from '../src/clock.js';
import { startDialer } from '../src/index.js';
import { DialerMetrics } from '../src/metrics.js';
import { InProcessBus } from '@cobranza/bus';
import type { CampaignLiveStats } from '@cobranza/contracts';
import { allowAllGate } from '../src/ports.js';
import { SimulatedTelephony } from '../src/telephony/simulated.js';
import { buildWorld } from './fixtures.js';
import { useTestDb } from './test-db.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TOKEN = 'dialer-scrape-token-0123456789';
const MAIN_TS = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'main.ts');

const tdb = useTestDb('dialer_metrics', 8);
let db: Db;
let server: MetricsServer;
beforeAll(async () => {
  db = tdb.db;
  startProcessMetrics('dialer');
  server = await serveMetrics({ host: '127.0.0.1', port: 0, token: TOKEN });
});
afterAll(() => server?.close());

async function scrape(): Promise<Sample[]> {
  const res = await fetch(server.url, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  const text = await res.text();
  expect(text).not.toMatch(/3007700/); // no phone number of the campaign in any label
  return parseExposition(text);
}

describe('dialer metrics', () => {
  it('move as a simulated campaign places, answers and bridges calls', async () => {
    // last digit 1: a person answers after 1.3 s and talks; 2: busy
    const w = await buildWorld(db, {
      debtors: Array.from({ length: 8 }, (_, i) => ({ phones: [`+57300770${String(i).padStart(3, '0')}${i % 4 === 3 ? 2 : 1}`] })),
      dialMode: 'progressive',
      settings: { mode: 'progressive', wrapUpSeconds: 2, ringTimeoutSec: 18 },
    });
    const campaign = w.campaignId;
    const clock = new VirtualClock(Date.now());
    const tel = new SimulatedTelephony(clock);
    const bus = createBus({ redisUrl: REDIS_URL, prefix: `metrics-test-${Math.random().toString(36).slice(2, 8)}:` });
    const lines: string[] = [];
    const running = await startDialer({ db, bus, telephony: tel, clock, gate: allowAllGate, dialerId: 'metrics-test', logger: createLogger({ process: 'dialer', format: 'json', write: (l) => void lines.push(l) }) });
    const step = async (seconds: number) => {
      for (let i = 0; i < seconds * 5; i++) {
        await clock.advance(200);
        await running.dialer.idle();
        await new Promise((r) => setTimeout(r, 3)); // Redis round trips (agent commands, stats)
        await running.dialer.idle();
      }
    };
    try {
      // the agents write no disposition: their wrap-up ends at once, so they take the next call
      await bus.subscribe('agent.status', (st) => {
        if (st.state === 'wrapping') void bus.publish('agent.command', { agentId: st.agentId, command: 'wrapup_done' });
      });
      await step(2);
      const before = await scrape();
      expect(valueOf(before, 'cobranza_calls_total', { campaign })).toBe(0);

      const agentIds: string[] = [];
      for (let i = 0; i < 2; i++) {
        const sip = `met${Math.random().toString(36).slice(2, 8)}`;
        const u = await db.insertInto('users').values({ email: `${sip}@t.co`, name: `Agente ${i}`, password_hash: 'x', role: 'agent', sip_endpoint: sip }).returning('id').executeTakeFirstOrThrow();
        agentIds.push(u.id);
        tel.loginAgent(sip);
      }
      await step(1);
      for (const id of agentIds) await bus.publish('agent.command', { agentId: id, command: 'ready', campaignId: campaign });
      await step(120);

      const after = await scrape();
      const bridged = valueOf(after, 'cobranza_calls_total', { campaign, state: 'bridged' });
      expect(valueOf(after, 'cobranza_calls_total', { campaign, state: 'dialing' })).toBeGreaterThanOrEqual(4);
      expect(bridged).toBeGreaterThanOrEqual(2);
      expect(valueOf(after, 'cobranza_calls_ended_total', { campaign, outcome: 'connected' })).toBeGreaterThanOrEqual(1);
      expect(valueOf(after, 'cobranza_calls_ended_total', { campaign, outcome: 'busy' })).toBeGreaterThanOrEqual(1);
      const answered = valueOf(after, 'cobranza_originate_to_answer_seconds_count', { campaign });
      expect(answered).toBeGreaterThan(valueOf(before, 'cobranza_originate_to_answer_seconds_count', { campaign }));
      // the simulated person answers 1.3 s after the originate
      expect(valueOf(after, 'cobranza_originate_to_answer_seconds_bucket', { campaign, le: '2' })).toBe(answered);
      expect(valueOf(after, 'cobranza_person_to_bridge_seconds_count', { campaign })).toBe(bridged);
      expect(has(after, 'cobranza_abandon_rate', { campaign, window: 'rolling' })).toBe(true);
      expect(valueOf(after, 'cobranza_abandon_rate', { campaign, window: 'today' })).toBe(0);
      expect(has(after, 'cobranza_campaign_info', { campaign, mode: 'progressive' })).toBe(true);
      expect(valueOf(after, 'cobranza_pacing_decisions_total', { campaign, mode: 'progressive', outcome: 'dial' })).toBeGreaterThanOrEqual(2);
      expect(valueOf(after, 'cobranza_pacing_dials_total', { campaign })).toBeGreaterThanOrEqual(4);
      expect(has(after, 'cobranza_hopper_depth', { campaign })).toBe(true);
      expect(has(after, 'nodejs_eventloop_lag_seconds', { process: 'dialer' })).toBe(true);
      const live = after.filter((s) => s.name === 'cobranza_calls_active' && s.labels.campaign === campaign).reduce((a, s) => a + s.value, 0);
      expect(live).toBeGreaterThanOrEqual(0);
      console.log(
        `dialer metrics after 120 s: dialing ${valueOf(after, 'cobranza_calls_total', { campaign, state: 'dialing' })}, bridged ${bridged}, answered ${answered}, ` +
          `hopper ${valueOf(after, 'cobranza_hopper_depth', { campaign })}, live ${live}`,
      );
      for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
    } finally {
      await running.stop();
      await bus.close();
    }
    expect((await fetch(server.url)).status).toBe(401);
  }, 120_000);

  it('dialer/src/main.ts: JSON log lines, /metrics on METRICS_PORT behind METRICS_TOKEN', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN_TS], {
      env: { ...process.env, DATABASE_URL: tdb.url, REDIS_URL, REDIS_PREFIX: `metrics-main-${process.pid}:`, METRICS_PORT: '0', METRICS_TOKEN: TOKEN, LOG_FORMAT: 'json', DIALER_ID: 'metrics-main' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => (out += String(d)));
    child.stderr!.on('data', (d) => (err += String(d)));
    try {
      const deadline = Date.now() + 60_000;
      while (!out.includes('"message":"ready"') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
      expect(out, err).toContain('"message":"ready"');
      const records = out.trim().split('\n').map((l) => JSON.parse(l) as { time: string; level: string; process: string; message: string; fields?: Record<string, unknown> });
      for (const r of records) {
        expect(r.process).toBe('dialer');
        expect(['debug', 'info', 'warn', 'error']).toContain(r.level);
        expect(Number.isNaN(Date.parse(r.time))).toBe(false);
      }
      const served = records.find((r) => r.message === 'metrics served');
      const url = String(served?.fields?.url);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      expect((await fetch(url)).status).toBe(401);
      const res = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      const samples = parseExposition(await res.text());
      expect(has(samples, 'nodejs_eventloop_lag_seconds', { process: 'dialer' })).toBe(true);
      expect(samples.some((s) => s.name.startsWith('cobranza_'))).toBe(true);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    }
  }, 90_000);

  it("drops a campaign's gauges when its stats stop (another dialer took it) and when the dialer stops", async () => {
    let now = 1_000_000;
    const metrics = new DialerMetrics(() => now);
    const bus = metrics.bus(new InProcessBus());
    metrics.attach({ dueCount: async () => 7 });
    const stats = (campaignId: string) => ({ campaignId, name: `Campaña ${campaignId}`, effectiveMode: 'predictive', abandonRateRolling: 0.02, abandonRateToday: 0.01 }) as CampaignLiveStats;
    await bus.publish('campaign.stats', stats('c-kept'));
    await bus.publish('campaign.stats', stats('c-lost'));
    let s = await scrape();
    expect(valueOf(s, 'cobranza_abandon_rate', { campaign: 'c-lost', window: 'rolling' })).toBe(0.02);
    expect(valueOf(s, 'cobranza_hopper_depth', { campaign: 'c-lost' })).toBe(7);
    now += 20_000;
    await bus.publish('campaign.stats', stats('c-kept'));
    now += 15_000; // c-lost last seen 35 s ago, c-kept 15 s ago
    s = await scrape();
    expect(has(s, 'cobranza_abandon_rate', { campaign: 'c-lost' })).toBe(false);
    expect(has(s, 'cobranza_campaign_info', { campaign: 'c-lost' })).toBe(false);
    expect(has(s, 'cobranza_hopper_depth', { campaign: 'c-lost' })).toBe(false);
    expect(has(s, 'cobranza_abandon_rate', { campaign: 'c-kept', window: 'today' })).toBe(true);
    expect(has(s, 'cobranza_campaign_info', { campaign: 'c-kept', name: 'Campaña c-kept', mode: 'predictive' })).toBe(true);
    metrics.detach();
    s = await scrape();
    expect(has(s, 'cobranza_abandon_rate', { campaign: 'c-kept' })).toBe(false);
    expect(has(s, 'cobranza_hopper_depth', { campaign: 'c-kept' })).toBe(false);
  });
});
