// Socket.IO against a real server on a random port, with the bus on real Redis: a second RedisBus
// plays the dialer (publishing events, listening for commands).
import { randomBytes } from 'node:crypto';
import { RedisBus } from '@cobranza/bus';
import type { AgentStatus, BusEvents, ClientToServerEvents, ServerToClientEvents } from '@cobranza/contracts';
import { createTestDatabase, type TestDatabase } from '@cobranza/db/testing';
import { Redis } from 'ioredis';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type Runtime } from '../src/runtime.js';
import { cleanRedis, PASSWORD, REDIS_URL, seedUsers, testConfig, type TestUsers } from './helpers.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

let t: TestDatabase;
let rt: Runtime;
let dialer: RedisBus;
let users: TestUsers;
const tokens: Record<string, string> = {};
const prefix = `test:api:rt:${randomBytes(4).toString('hex')}:`;
const sockets: Client[] = [];
const commands: { agent: BusEvents['agent.command'][]; campaign: BusEvents['campaign.command'][]; supervisor: BusEvents['supervisor.command'][] } = {
  agent: [],
  campaign: [],
  supervisor: [],
};
let campaignId: string;
const presence: BusEvents['agent.console'][] = [];

beforeAll(async () => {
  t = await createTestDatabase('api_realtime');
  users = await seedUsers(t.db);
  rt = await startRuntime(testConfig(prefix, { PORT: '0', HOST: '127.0.0.1', SOCKET_RECHECK_MS: '200', ALLOWED_ORIGINS: 'https://consola.example.com' }), { db: t, migrate: false });
  for (const k of Object.keys(users) as (keyof TestUsers)[]) {
    const res = await fetch(`${rt.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: users[k].email, password: PASSWORD }) });
    tokens[k] = ((await res.json()) as { token: string }).token;
  }
  dialer = new RedisBus({ url: REDIS_URL, prefix });
  await dialer.subscribe('agent.command', (m) => void commands.agent.push(m));
  await dialer.subscribe('campaign.command', (m) => void commands.campaign.push(m));
  await dialer.subscribe('supervisor.command', (m) => void commands.supervisor.push(m));
  await dialer.subscribe('agent.console', (m) => void presence.push(m));
  campaignId = (await t.db.insertInto('campaigns').values({ name: 'RT', dial_mode: 'progressive' }).returning('id').executeTakeFirstOrThrow()).id;
  await t.db.insertInto('campaign_agents').values({ campaign_id: campaignId, user_id: users.agent2.id }).execute();
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await dialer?.close();
  await rt?.close();
  const r = new Redis(REDIS_URL);
  await cleanRedis(r, prefix);
  await r.quit();
  await t?.drop();
});

function client(opts: { token?: string; cookie?: string; origin?: string; transport?: 'websocket' | 'polling' } = {}): Client {
  const headers = { ...(opts.cookie ? { cookie: opts.cookie } : {}), ...(opts.origin ? { origin: opts.origin } : {}) };
  const s: Client = connect(rt.url, {
    transports: [opts.transport ?? 'websocket'],
    reconnection: false,
    ...(opts.token ? { auth: { token: opts.token } } : {}),
    ...(Object.keys(headers).length ? { extraHeaders: headers } : {}),
  });
  sockets.push(s);
  return s;
}

async function connected(who: keyof TestUsers): Promise<Client> {
  const s = client({ token: tokens[who] });
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
  return s;
}

/** Collects one event type on a socket. */
function collect<E extends keyof ServerToClientEvents>(s: Client, event: E): Parameters<ServerToClientEvents[E]>[0][] {
  const got: Parameters<ServerToClientEvents[E]>[0][] = [];
  // socket.io-client's typed `on` needs the listener shaped exactly like the map entry
  s.on(event, ((m: Parameters<ServerToClientEvents[E]>[0]) => got.push(m)) as never);
  return got;
}

const until = async (pred: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!pred() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  return pred();
};
const settle = () => new Promise((r) => setTimeout(r, 150));

const status = (agentId: string, state: AgentStatus['state'] = 'ready'): AgentStatus => ({
  agentId,
  name: 'x',
  state,
  since: new Date().toISOString(),
  campaignId: null,
  pauseReason: null,
  callId: null,
});

describe('handshake', () => {
  it('refuses a connection without a session or with a forged token', async () => {
    for (const s of [client(), client({ token: 'forged' })]) {
      const err = await new Promise<Error>((resolve) => s.once('connect_error', resolve));
      expect(err.message).toBe('UNAUTHENTICATED');
    }
  });

  it('accepts the session cookie as well as the token', async () => {
    const s = client({ cookie: `cobranza_session=${tokens.agent}` });
    await new Promise<void>((resolve, reject) => {
      s.once('connect', () => resolve());
      s.once('connect_error', reject);
    });
    expect(s.connected).toBe(true);
  });
});

describe('origin', () => {
  const outcome = (s: Client) =>
    new Promise<string>((resolve) => {
      s.once('connect', () => resolve('connected'));
      s.once('connect_error', (e) => resolve(`refused: ${e.message}`));
    });

  it('refuses a page of another site riding the session cookie, over WebSocket and long-polling', async () => {
    for (const transport of ['websocket', 'polling'] as const) {
      const s = client({ cookie: `cobranza_session=${tokens.agent}`, origin: 'http://evil.example', transport });
      expect(await outcome(s), transport).toMatch(/^refused/);
      expect(s.connected).toBe(false);
    }
    expect(await outcome(client({ cookie: `cobranza_session=${tokens.agent}`, origin: 'null' }))).toMatch(/^refused/);
  });

  it("accepts the app's own origin and a configured one (ALLOWED_ORIGINS)", async () => {
    for (const origin of [rt.url, 'https://consola.example.com']) {
      expect(await outcome(client({ cookie: `cobranza_session=${tokens.agent}`, origin })), origin).toBe('connected');
    }
  });
});

describe('session end', () => {
  it('disconnects the sockets of a session that logged out', async () => {
    const res = await fetch(`${rt.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: users.agent.email, password: PASSWORD }) });
    const { token } = (await res.json()) as { token: string };
    const s = client({ token });
    await new Promise<void>((resolve, reject) => {
      s.once('connect', () => resolve());
      s.once('connect_error', reject);
    });
    const ended = collect(s, 'error:message');
    const gone = new Promise<string>((resolve) => s.once('disconnect', (reason) => resolve(reason)));
    await fetch(`${rt.url}/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(await gone).toBe('io server disconnect');
    expect(ended).toEqual([{ code: 'SESSION_ENDED', message: 'session ended' }]);
  });
});

describe('bus → sockets', () => {
  it('sends a screen pop only to its agent', async () => {
    const [a1, a2, sup] = await Promise.all([connected('agent'), connected('agent2'), connected('supervisor')]);
    const got1 = collect(a1, 'screen:pop');
    const got2 = collect(a2, 'screen:pop');
    const gotSup = collect(sup, 'screen:pop');
    await dialer.publish('screen.pop', { callId: 'c1', agentId: users.agent.id, campaignId: null, debtorId: 'd1', e164Masked: '+********4567', via: 'dialer', at: new Date().toISOString() });
    expect(await until(() => got1.length === 1)).toBe(true);
    await settle();
    expect(got1[0]).toMatchObject({ callId: 'c1', debtorId: 'd1' });
    expect(got2).toEqual([]);
    expect(gotSup).toEqual([]);
  });

  it('sends agent status to that agent and to supervisors; campaign stats to supervisors only', async () => {
    const [a1, a2, sup] = await Promise.all([connected('agent'), connected('agent2'), connected('supervisor')]);
    const s1 = collect(a1, 'agent:status');
    const s2 = collect(a2, 'agent:status');
    const sSup = collect(sup, 'agent:status');
    const c1 = collect(a1, 'wallboard:campaign');
    const cSup = collect(sup, 'wallboard:campaign');
    await dialer.publish('agent.status', status(users.agent.id, 'talking'));
    await dialer.publish('campaign.stats', { campaignId, name: 'RT' } as BusEvents['campaign.stats']);
    expect(await until(() => s1.length === 1 && sSup.length === 1 && cSup.length === 1)).toBe(true);
    await settle();
    expect(s2).toEqual([]);
    expect(c1).toEqual([]);
    expect(sSup[0]!.state).toBe('talking');
  });

  it('gives a supervisor who subscribes to the wallboard the agents already known', async () => {
    const sup = await connected('supervisor');
    const agents = collect(sup, 'wallboard:agents');
    const ack = await sup.emitWithAck('wallboard:subscribe');
    expect(ack).toEqual({ ok: true });
    expect(await until(() => agents.length === 1)).toBe(true);
    expect(agents[0]!.map((a) => a.agentId)).toContain(users.agent.id);
    const agent = await connected('agent');
    expect(await agent.emitWithAck('wallboard:subscribe')).toEqual({ ok: false });
  });
});

describe('sockets → bus', () => {
  it("puts an agent's command on the bus with the agent id from the session", async () => {
    const a = await connected('agent2');
    const ack = await a.emitWithAck('agent:command', { command: 'ready', campaignId });
    expect(ack).toEqual({ ok: true });
    expect(await until(() => commands.agent.length === 1)).toBe(true);
    expect(commands.agent[0]).toEqual({ command: 'ready', campaignId, agentId: users.agent2.id });
  });

  it('refuses a command that names another agent, or bad input, without publishing', async () => {
    const a = await connected('agent');
    const before = commands.agent.length;
    const spoof = await a.emitWithAck('agent:command', { command: 'hangup', agentId: users.agent2.id } as never);
    expect(spoof.ok).toBe(false);
    expect(spoof.error).toMatch(/VALIDATION/);
    expect((await a.emitWithAck('agent:command', { command: 'fly' } as never)).ok).toBe(false);
    expect((await a.emitWithAck('agent:command', { command: 'pause' })).error).toMatch(/pauseReason/);
    await settle();
    expect(commands.agent.length).toBe(before);
  });

  it('refuses to put an agent on a campaign not assigned to them, without publishing', async () => {
    const a = await connected('agent'); // assigned to no campaign
    const before = commands.agent.length;
    const ack = await a.emitWithAck('agent:command', { command: 'ready', campaignId });
    expect(ack).toMatchObject({ ok: false, error: expect.stringMatching(/FORBIDDEN: this campaign is not assigned to you/) });
    await settle();
    expect(commands.agent.length).toBe(before);
  });

  it('lets supervisors (not agents) change pacing: applied, audited and sent to the dialer', async () => {
    const agent = await connected('agent');
    const denied = await agent.emitWithAck('campaign:command', { campaignId, command: 'settings', settings: { maxLinesPerAgent: 4 } });
    expect(denied).toMatchObject({ ok: false, error: expect.stringMatching(/FORBIDDEN/) });

    const sup = await connected('supervisor');
    const bad = await sup.emitWithAck('campaign:command', { campaignId, command: 'settings', settings: { abandonTarget: 0.5 } });
    expect(bad).toMatchObject({ ok: false, error: expect.stringMatching(/abandonTarget/) });

    const ok = await sup.emitWithAck('campaign:command', { campaignId, command: 'settings', settings: { mode: 'predictive', maxLinesPerAgent: 4 } });
    expect(ok).toEqual({ ok: true });
    expect(await until(() => commands.campaign.length === 1)).toBe(true);
    expect(commands.campaign[0]).toMatchObject({ campaignId, command: 'settings', by: users.supervisor.id, settings: { mode: 'predictive', maxLinesPerAgent: 4 } });
    const row = await t.db.selectFrom('campaigns').select(['dial_mode', 'settings']).where('id', '=', campaignId).executeTakeFirstOrThrow();
    expect(row.dial_mode).toBe('predictive');
    expect(row.settings).toMatchObject({ maxLinesPerAgent: 4 });
    const audit = await t.db.selectFrom('audit_log').select(['user_id']).where('action', '=', 'campaign.settings').where('entity_id', '=', campaignId).executeTakeFirstOrThrow();
    expect(audit.user_id).toBe(users.supervisor.id);

    const start = await sup.emitWithAck('campaign:command', { campaignId, command: 'start' });
    expect(start).toEqual({ ok: true });
    expect(await until(() => commands.campaign.length === 2)).toBe(true);
    expect(commands.campaign[1]).toMatchObject({ command: 'start', by: users.supervisor.id });
  });

  it('sends listen/whisper/barge from supervisors only, with the supervisor id from the session', async () => {
    const agent = await connected('agent');
    expect((await agent.emitWithAck('supervisor:command', { agentId: users.agent2.id, command: 'listen' })).ok).toBe(false);
    const sup = await connected('supervisor');
    expect(await sup.emitWithAck('supervisor:command', { agentId: users.agent.id, command: 'whisper' })).toEqual({ ok: true });
    expect(await until(() => commands.supervisor.length === 1)).toBe(true);
    expect(commands.supervisor).toEqual([{ agentId: users.agent.id, command: 'whisper', supervisorId: users.supervisor.id }]);
  });
});

describe("an agent's console presence (agent.console to the dialer)", () => {
  it('is announced when the first console opens and withdrawn when the last one closes; a supervisor is not an agent console', async () => {
    const mine = () => presence.filter((p) => p.agentId === users.agent.id);
    // the earlier tests' consoles close first
    for (const s of sockets) s.disconnect();
    await new Promise((r) => setTimeout(r, 300));
    presence.length = 0;
    const first = await connected('agent');
    await expect.poll(() => mine()).toEqual([{ agentId: users.agent.id, connected: true }]);
    const second = await connected('agent');
    await connected('supervisor');
    first.disconnect();
    await new Promise((r) => setTimeout(r, 300));
    // a second tab still open: the agent still has a console
    expect(mine()).toEqual([{ agentId: users.agent.id, connected: true }]);
    second.disconnect();
    await expect.poll(() => mine()).toEqual([
      { agentId: users.agent.id, connected: true },
      { agentId: users.agent.id, connected: false },
    ]);
    expect(presence.filter((p) => p.agentId === users.supervisor.id)).toEqual([]);
  });
});
