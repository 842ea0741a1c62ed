// Two API instances (two runtimes, each a real HTTP and Socket.IO server on its own port) on one Postgres
// database and one Redis prefix, as behind a load balancer; their Socket.IO servers joined by the Redis streams
// adapter. The periodic socket re-check is set to an hour, so anything that happens here happens because of an event.
import { randomBytes } from 'node:crypto';
import { RedisBus } from '@cobranza/bus';
import type { AgentStatus, BusEvents, CampaignLiveStats, ClientToServerEvents, ImportProgressEvent, ServerToClientEvents } from '@cobranza/contracts';
import { seedDefaults } from '@cobranza/db/seed/index';
import { generatePortfolio } from '@cobranza/domain/generator/generate';
import { createTestDatabase, type TestDatabase } from '@cobranza/db/testing';
import { Redis } from 'ioredis';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type Runtime } from '../src/runtime.js';
import { cleanRedis, makePortfolio, PASSWORD, REDIS_URL, seedUsers, testConfig, type TestUsers } from './helpers.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

let t: TestDatabase;
let a: Runtime;
let b: Runtime;
let users: TestUsers;
const prefix = `test:api:rt2:${randomBytes(4).toString('hex')}:`;
const sockets: Client[] = [];

const start = () =>
  startRuntime(testConfig(prefix, { PORT: '0', HOST: '127.0.0.1', SOCKET_RECHECK_MS: '3600000' }), { db: t, migrate: false, dailyJobs: false, logger: false });

beforeAll(async () => {
  t = await createTestDatabase('api_rt_instances');
  users = await seedUsers(t.db);
  a = await start();
  b = await start();
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await a?.close();
  await b?.close();
  const r = new Redis(REDIS_URL);
  await cleanRedis(r, prefix);
  await r.quit();
  await t?.drop();
});

async function login(rt: Runtime, who: keyof TestUsers): Promise<string> {
  const res = await fetch(`${rt.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: users[who].email, password: PASSWORD }) });
  return ((await res.json()) as { token: string }).token;
}

async function connected(rt: Runtime, token: string): Promise<Client> {
  const s: Client = connect(rt.url, { transports: ['websocket'], reconnection: false, auth: { token } });
  sockets.push(s);
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
  return s;
}

const until = async (pred: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!pred() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  return pred();
};

describe('sockets after logout', () => {
  it("closes the session's sockets at once on every instance, and leaves the user's other session connected", async () => {
    const token = await login(a, 'agent');
    const other = await login(a, 'agent'); // e.g. a second device
    const onB = await connected(b, token);
    const onA = await connected(a, token);
    const otherSocket = await connected(b, other);
    const ended: string[] = [];
    onB.on('error:message', (e) => ended.push(e.code));

    const t0 = Date.now();
    const res = await fetch(`${a.url}/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(await until(() => !onB.connected && !onA.connected, 2000)).toBe(true);
    const ms = Date.now() - t0;
    expect(ended).toEqual(['SESSION_ENDED']);
    expect(ms).toBeLessThan(2000); // not the hour of SOCKET_RECHECK_MS
    await new Promise((r) => setTimeout(r, 200));
    expect(otherSocket.connected).toBe(true);
  });

  it("closes every socket of a user an admin deactivates", async () => {
    const token = await login(b, 'agent2');
    const s = await connected(a, token);
    const admin = await login(a, 'admin');
    const res = await fetch(`${b.url}/users/${users.agent2.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${admin}` } });
    expect(res.status).toBe(200);
    expect(await until(() => !s.connected, 2000)).toBe(true);
  });
});

describe('wallboard initial state', () => {
  it('an instance started after the agents went ready answers wallboard:subscribe with all of them (Redis hash)', async () => {
    const dialer = new RedisBus({ url: REDIS_URL, prefix });
    try {
      const status = (agentId: string, state: AgentStatus['state']): AgentStatus => ({
        agentId,
        name: agentId,
        state,
        since: new Date().toISOString(),
        campaignId: null,
        pauseReason: null,
        callId: null,
      });
      // heard by a and b only: c does not exist yet
      await dialer.publish('agent.status', status(users.agent.id, 'ready'));
      await dialer.publish('agent.status', status(users.agent2.id, 'paused'));
      await dialer.publish('agent.status', status(users.supervisor.id, 'ready'));
      await dialer.publish('agent.status', status(users.supervisor.id, 'offline'));
      const redis = new Redis(REDIS_URL);
      try {
        // both instances heard all four events (in order), then their writes, issued in that order, landed
        expect(await until(() => a.realtime.agents().length === 2 && b.realtime.agents().length === 2)).toBe(true);
        const end = Date.now() + 2000;
        while (Date.now() < end) {
          const fields = await redis.hkeys(`${prefix}wallboard:agents`);
          if (fields.length === 2 && !fields.includes(users.supervisor.id)) break;
          await new Promise((r) => setTimeout(r, 20));
        }
        await new Promise((r) => setTimeout(r, 100));
      } finally {
        await redis.quit();
      }

      const c = await start();
      try {
        const sup = await connected(c, await login(c, 'supervisor'));
        const got: AgentStatus[][] = [];
        sup.on('wallboard:agents', (list) => got.push(list));
        expect(await sup.emitWithAck('wallboard:subscribe')).toEqual({ ok: true });
        expect(got).toHaveLength(1);
        expect(Object.fromEntries(got[0]!.map((s) => [s.agentId, s.state]))).toEqual({ [users.agent.id]: 'ready', [users.agent2.id]: 'paused' });
        sup.disconnect();
      } finally {
        await c.close();
      }
    } finally {
      await dialer.close();
    }
  });
});

/** Everything one console received, by event name, in order. */
function recorder(s: Client): Array<[string, unknown]> {
  const got: Array<[string, unknown]> = [];
  s.onAny((event: string, payload: unknown) => got.push([event, payload]));
  return got;
}
const settle = (ms = 400) => new Promise((r) => setTimeout(r, ms));

describe('Socket.IO across instances (Redis streams adapter)', () => {
  it('an event emitted on one instance reaches consoles connected to the other, exactly once each', async () => {
    const admin = await login(a, 'admin');
    const onB = recorder(await connected(b, admin));
    const onA = recorder(await connected(a, admin));
    const agentOnB = recorder(await connected(b, await login(b, 'agent')));
    const p: ImportProgressEvent = { ref: 'cross-0001', portfolioId: 'p', kind: 'portfolio', phase: 'reading', rows: 0, bytes: 1, totalBytes: 2 };
    a.deps.notifier!.importProgress(users.admin.id, p);
    expect(await until(() => onB.length > 0 && onA.length > 0)).toBe(true);
    await settle();
    expect(onB).toEqual([['import:progress', p]]);
    expect(onA).toEqual([['import:progress', p]]);
    expect(agentOnB).toEqual([]); // another user's room
  });

  it('a Redis blip loses no message: with both instances\' stream readers cut, an emit on one still reaches the other once', async () => {
    const admin = await login(a, 'admin');
    const onB = recorder(await connected(b, admin));
    const redis = new Redis(REDIS_URL);
    try {
      // the adapters' blocked stream reads of this test's two instances (named for its prefix), and nobody else's
      const readers = (await redis.call('CLIENT', 'LIST') as string)
        .split('\n')
        .filter((l) => l.includes(` name=${prefix}socketio `) && / cmd=xread /.test(l))
        .map((l) => /(?:^| )id=(\d+)/.exec(l)![1]!);
      expect(readers).toHaveLength(2);
      for (const id of readers) await redis.call('CLIENT', 'KILL', 'ID', id);
      const p: ImportProgressEvent = { ref: 'blip-0001', portfolioId: 'p', kind: 'payments', phase: 'reading', rows: 0, bytes: 0, totalBytes: null };
      a.deps.notifier!.importProgress(users.admin.id, p); // while b's reader is reconnecting
      expect(await until(() => onB.length > 0, 8000)).toBe(true);
      await settle();
      expect(onB).toEqual([['import:progress', p]]);
    } finally {
      await redis.quit();
    }
  });

  it("an import uploaded to one instance shows its progress on the uploader's console on the other", async () => {
    await seedDefaults(t.db);
    const portfolioId = (await makePortfolio(t.db, 'XI')).id;
    const admin = await login(a, 'admin');
    const got = recorder(await connected(b, admin));
    const csv = [...generatePortfolio({ rows: 50, seed: 11, today: '2026-11-23' })].join('');
    const res = await fetch(`${a.url}/portfolios/${portfolioId}/imports?today=2026-11-23&ref=cross-0002`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' }, body: csv });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ totalRows: 50 });
    const last = () => (got.at(-1)?.[1] as ImportProgressEvent | undefined)?.phase;
    expect(await until(() => last() === 'done', 5000)).toBe(true);
    await settle();
    expect(got.every(([e, p]) => e === 'import:progress' && (p as ImportProgressEvent).ref === 'cross-0002')).toBe(true);
    expect(got.filter(([, p]) => (p as ImportProgressEvent).phase === 'done')).toEqual([['import:progress', expect.objectContaining({ rows: 50 })]]);
  });

  it('a bus event (call status, campaign stats) reaches each console once, not once per instance', async () => {
    const dialer = new RedisBus({ url: REDIS_URL, prefix });
    try {
      const sup = await login(a, 'supervisor');
      const supOnA = recorder(await connected(a, sup));
      const supOnB = recorder(await connected(b, sup));
      const agentOnB = recorder(await connected(b, await login(b, 'agent')));
      await settle(); // the agent's own console-presence status, if any, is not what is counted here
      supOnA.length = supOnB.length = agentOnB.length = 0;
      const call: BusEvents['call.status'] = { callId: 'c-cross-1', campaignId: 'camp-1', debtorId: null, status: 'bridged', since: new Date().toISOString(), agentId: users.agent.id, outcome: null };
      // only its campaign id matters to the relay; the rest of the figures are the dialer's business
      const stats = { campaignId: 'camp-1', name: 'Campaña' } as CampaignLiveStats;
      await dialer.publish('call.status', call);
      await dialer.publish('campaign.stats', stats);
      const count = (got: Array<[string, unknown]>, event: string) => got.filter(([e]) => e === event).length;
      expect(await until(() => count(supOnA, 'wallboard:campaign') > 0 && count(supOnB, 'wallboard:campaign') > 0 && count(agentOnB, 'call:status') > 0)).toBe(true);
      await settle(600); // a second copy relayed by the other instance would have arrived by now
      for (const got of [supOnA, supOnB]) {
        expect(count(got, 'call:status')).toBe(1);
        expect(count(got, 'wallboard:campaign')).toBe(1);
      }
      expect(count(agentOnB, 'call:status')).toBe(1);
      expect(count(agentOnB, 'wallboard:campaign')).toBe(0);
    } finally {
      await dialer.close();
    }
  });

  it("an agent's console closing on one instance while another stays open on the other does not take the agent's calls away", async () => {
    const listener = new RedisBus({ url: REDIS_URL, prefix });
    const presence: boolean[] = [];
    const off = await listener.subscribe('agent.console', (e) => {
      if (e.agentId === users.agent.id) presence.push(e.connected);
    });
    try {
      for (const s of sockets) s.disconnect(); // the agent's consoles of the tests above
      const token = await login(a, 'agent');
      const onA = await connected(a, token);
      const onB = await connected(b, token);
      await settle();
      presence.length = 0;
      onA.disconnect();
      await settle(800);
      expect(presence).toEqual([]); // still looked after on b
      onB.disconnect();
      expect(await until(() => presence.length > 0)).toBe(true);
      expect(presence).toEqual([false]);
    } finally {
      await off();
      await listener.close();
    }
  });
});
