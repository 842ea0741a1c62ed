// Two API instances (two runtimes) on one Postgres database and one Redis prefix, as behind a load balancer.
// The periodic socket re-check is set to an hour, so anything that happens here happens because of an event.
import { randomBytes } from 'node:crypto';
import { RedisBus } from '@cobranza/bus';
import type { AgentStatus, ClientToServerEvents, ServerToClientEvents } from '@cobranza/contracts';
import { createTestDatabase, type TestDatabase } from '@cobranza/db/testing';
import { Redis } from 'ioredis';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type Runtime } from '../src/runtime.js';
import { cleanRedis, PASSWORD, REDIS_URL, seedUsers, testConfig, type TestUsers } from './helpers.js';

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
