// The agent's shift on the server: what a refreshed console reads back (GET /agents/me/shift) and the rule
// that the next call waits for the last call's disposition (the socket refuses ready / wrapup_done).
// Real Postgres, real Redis bus, a real Socket.IO server on a random port.
import { randomBytes } from 'node:crypto';
import { RedisBus } from '@cobranza/bus';
import type { AgentStatus, BusEvents, ClientToServerEvents, CommandAck, ServerToClientEvents } from '@cobranza/contracts';
import type { AgentShift } from '@cobranza/contracts/api';
import { createTestDatabase, type TestDatabase } from '@cobranza/db/testing';
import { Redis } from 'ioredis';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type Runtime } from '../src/runtime.js';
import { cleanRedis, makeDebtor, makePortfolio, PASSWORD, REDIS_URL, seedUsers, testConfig, type TestUsers } from './helpers.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

let t: TestDatabase;
let rt: Runtime;
let dialer: RedisBus;
let users: TestUsers;
const tokens: Record<string, string> = {};
const prefix = `test:api:shift:${randomBytes(4).toString('hex')}:`;
const sockets: Client[] = [];
const commands: BusEvents['agent.command'][] = [];
let campaignId: string;
let debtor: Awaited<ReturnType<typeof makeDebtor>>;
let n = 0;

beforeAll(async () => {
  t = await createTestDatabase('api_agent_shift');
  users = await seedUsers(t.db);
  rt = await startRuntime(testConfig(prefix, { PORT: '0', HOST: '127.0.0.1' }), { db: t, migrate: false });
  for (const k of Object.keys(users) as (keyof TestUsers)[]) {
    const res = await fetch(`${rt.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: users[k].email, password: PASSWORD }) });
    tokens[k] = ((await res.json()) as { token: string }).token;
  }
  dialer = new RedisBus({ url: REDIS_URL, prefix });
  await dialer.subscribe('agent.command', (m) => void commands.push(m));
  campaignId = (await t.db.insertInto('campaigns').values({ name: 'Turno', dial_mode: 'progressive' }).returning('id').executeTakeFirstOrThrow()).id;
  await t.db.insertInto('campaign_agents').values([users.agent, users.agent2].map((u) => ({ campaign_id: campaignId, user_id: u.id }))).execute();
  const p = await makePortfolio(t.db);
  debtor = await makeDebtor(t.db, { portfolioId: p.id, doc: '5050', first: 'Rosa', last: 'Díaz', phones: ['+573101112233'], accounts: [{ ext: 'S-1', balance: 500_000 }] });
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

async function connected(who: keyof TestUsers): Promise<Client> {
  const s: Client = connect(rt.url, { transports: ['websocket'], reconnection: false, auth: { token: tokens[who] } });
  sockets.push(s);
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
  return s;
}

const command = (s: Client, c: Parameters<ClientToServerEvents['agent:command']>[0]) =>
  new Promise<CommandAck>((resolve) => s.emit('agent:command', c, resolve));

const shift = async (who: keyof TestUsers) => {
  const res = await fetch(`${rt.url}/agents/me/shift`, { headers: { authorization: `Bearer ${tokens[who]}` } });
  return { status: res.status, body: (await res.json()) as AgentShift };
};

/** A call the dialer put through to `who`; ended unless told otherwise. */
async function bridgedCall(who: keyof TestUsers, o: { ended?: boolean; minutesAgo?: number } = {}): Promise<string> {
  const id = `shift-call-${++n}`;
  const at = new Date(Date.now() - (o.minutesAgo ?? 2) * 60_000);
  await t.db
    .insertInto('call_attempts')
    .values({
      id,
      debtor_id: debtor.id,
      account_id: debtor.accounts[0]!,
      phone_id: debtor.phones[0]!,
      campaign_id: campaignId,
      e164: '+573101112233',
      status: o.ended === false ? 'bridged' : 'ended',
      outcome: o.ended === false ? null : 'connected',
      agent_id: users[who].id,
      dialed_at: at,
      human_at: at,
      bridged_at: at,
      ended_at: o.ended === false ? null : new Date(at.getTime() + 60_000),
    })
    .execute();
  return id;
}

const dispose = (callId: string, who: keyof TestUsers = 'agent') =>
  fetch(`${rt.url}/calls/${callId}/disposition`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' },
    body: JSON.stringify({ outcome: 'refused' }),
  });

const until = async (pred: () => boolean | Promise<boolean>, ms = 3000) => {
  const end = Date.now() + ms;
  while (!(await pred()) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return pred();
};

describe('GET /agents/me/shift', () => {
  it("gives the agent's last reported state and the call in progress, with the phone masked", async () => {
    const callId = await bridgedCall('agent', { ended: false });
    const talking: AgentStatus = { agentId: users.agent.id, name: 'Agente Uno', state: 'talking', since: new Date().toISOString(), campaignId, pauseReason: null, callId };
    await dialer.publish('agent.status', talking);
    expect(await until(async () => (await shift('agent')).body.status?.state === 'talking')).toBe(true);
    const { status, body } = await shift('agent');
    expect(status).toBe(200);
    expect(body.status).toMatchObject({ state: 'talking', callId, campaignId });
    expect(body.call).toMatchObject({ callId, debtorId: debtor.id, campaignId, endedAt: null });
    expect(body.call!.e164Masked).toBe('+********2233');
    await dispose(callId);
  });

  it('keeps an ended call on screen until its disposition is saved, then clears it', async () => {
    const callId = await bridgedCall('agent');
    expect((await shift('agent')).body.call).toMatchObject({ callId, endedAt: expect.any(String) });
    expect((await dispose(callId)).status).toBe(201);
    expect((await shift('agent')).body.call).toBeNull();
  });

  it("shows an agent only their own call, and refuses supervisors (the wallboard has everyone's status)", async () => {
    const other = await bridgedCall('agent2');
    expect((await shift('agent')).body.call).toBeNull();
    expect((await shift('agent2')).body.call?.callId).toBe(other);
    expect((await shift('supervisor')).status).toBe(403);
    await dispose(other, 'agent2');
  });

  it('does not bring back a call from a past shift', async () => {
    const old = await bridgedCall('agent', { minutesAgo: 13 * 60 });
    expect((await shift('agent')).body.call).toBeNull();
    await dispose(old);
  });
});

describe('the disposition comes first', () => {
  it('refuses ready and wrapup_done while the last call waits for its disposition, with a reason in both languages', async () => {
    const s = await connected('agent');
    const callId = await bridgedCall('agent');
    const before = commands.length;
    for (const c of [{ command: 'ready', campaignId }, { command: 'wrapup_done' }] as const) {
      const ack = await command(s, c);
      expect(ack).toMatchObject({ ok: false, code: 'DISPOSITION_PENDING' });
      expect(ack.i18n?.es).toMatch(/Guarde la gestión/);
      expect(ack.i18n?.en).toMatch(/Save the outcome/);
    }
    await new Promise((r) => setTimeout(r, 150));
    expect(commands.length).toBe(before); // nothing reached the dialer

    // pausing is still allowed: it brings no call
    expect(await command(s, { command: 'pause', pauseReason: 'break' })).toEqual({ ok: true });

    expect((await dispose(callId)).status).toBe(201);
    expect(await command(s, { command: 'ready', campaignId })).toEqual({ ok: true });
    expect(await until(() => commands.some((m) => m.command === 'ready' && m.agentId === users.agent.id))).toBe(true);
  });

  it("does not hold back an agent for another agent's pending call", async () => {
    const other = await bridgedCall('agent2');
    const s = await connected('agent');
    expect(await command(s, { command: 'ready', campaignId })).toEqual({ ok: true });
    await dispose(other, 'agent2');
  });
});
