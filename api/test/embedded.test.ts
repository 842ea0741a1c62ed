// The same flows on the embedded database (PGlite, one connection) with the in-process bus, session
// store and limiter: what `npm start` runs on a machine with nothing configured.
import { InProcessBus } from '@cobranza/bus';
import type { BusEvents } from '@cobranza/contracts';
import { connectPglite, migrateToLatest, type DbHandle } from '@cobranza/db';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holidayOn } from '@cobranza/compliance';
import { buildApp } from '../src/app.js';
import { MemoryAttemptLimiter } from '../src/auth/limiter.js';
import { MemorySessionStore } from '../src/auth/sessions.js';
import { seedDemo, DEMO_PASSWORD } from '../src/demo/seed.js';
import { addDays, todayIn } from '../src/lib/values.js';
import { complianceCallbackGate } from '../src/services/compliance.js';
import { testConfig } from './helpers.js';

let h: DbHandle;
let app: FastifyInstance;
const bus = new InProcessBus();
const tokens: Record<string, string> = {};

beforeAll(async () => {
  h = await connectPglite();
  await migrateToLatest(h.db);
  await seedDemo(h.db, { rows: 5 });
  const config = testConfig('unused:', { LOGIN_MAX_FAILURES: '2' });
  app = await buildApp({
    db: h.db,
    dbKind: 'pglite',
    bus,
    sessions: new MemorySessionStore({ secret: config.sessionSecret, ttlSeconds: 3600 }),
    limiter: new MemoryAttemptLimiter(60),
    config,
    healthChecks: new Map(),
    callbackGate: complianceCallbackGate(h.db),
  });
  for (const who of ['admin', 'supervisor', 'agente1']) {
    const res = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: `${who}@cobranza.demo`, password: DEMO_PASSWORD } });
    tokens[who] = res.json().token;
  }
}, 120_000);
afterAll(async () => {
  await app?.close();
  await bus.close();
  await h?.close();
});

const auth = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });

describe('embedded mode', () => {
  it('reports pglite and the in-process bus on /health', async () => {
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json().dependencies).toMatchObject({ database: { kind: 'pglite', status: 'ok' }, bus: { kind: 'in-process', status: 'ok' }, sessions: { kind: 'in-process' } });
  });

  it('rate-limits logins in process', async () => {
    for (let i = 0; i < 2; i++) expect((await app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'admin@cobranza.demo', password: 'x' } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'admin@cobranza.demo', password: DEMO_PASSWORD } })).statusCode).toBe(429);
  });

  it('records a promise and a gated callback without waiting on its own connection', async () => {
    const debtor = (await app.inject({ method: 'GET', url: '/debtors?pageSize=1', headers: auth('agente1') })).json().items[0];
    const record = (await app.inject({ method: 'GET', url: `/debtors/${debtor.id}`, headers: auth('agente1') })).json();
    const agent = await h.db.selectFrom('users').select('id').where('email', '=', 'agente1@cobranza.demo').executeTakeFirstOrThrow();
    const account = record.accounts[0];
    const phone = await h.db.selectFrom('phones').select(['id', 'e164']).where('id', '=', record.phones[0].id).executeTakeFirstOrThrow();
    for (const id of ['emb-1', 'emb-2']) {
      await h.db.insertInto('call_attempts').values({ id, debtor_id: debtor.id, account_id: account.id, phone_id: phone.id, e164: phone.e164, status: 'ended', agent_id: agent.id }).execute();
    }
    const today = todayIn('America/Bogota');
    const promise = await app.inject({
      method: 'POST',
      url: '/calls/emb-1/disposition',
      headers: auth('agente1'),
      payload: { outcome: 'promise_to_pay', promise: { accountId: account.id, amount: account.balance, dueDate: addDays(today, 5) } },
    });
    expect(promise.statusCode, promise.body).toBe(201);

    let day = addDays(today, 1);
    while ([0, 6].includes(new Date(`${day}T12:00:00Z`).getUTCDay()) || holidayOn('CO', day)) day = addDays(day, 1);
    const callback = await app.inject({ method: 'POST', url: '/calls/emb-2/disposition', headers: auth('agente1'), payload: { outcome: 'callback', callbackAt: `${day}T15:00:00.000Z` } });
    expect(callback.statusCode, callback.body).toBe(201);

    const history = (await app.inject({ method: 'GET', url: `/debtors/${debtor.id}/history`, headers: auth('agente1') })).json();
    expect(history.items.filter((i: { kind: string }) => i.kind === 'disposition')).toHaveLength(2);
    expect(history.items.find((i: { kind: string }) => i.kind === 'promise').details.status).toBe('pending');
  });

  it('changes pacing and tells the in-process bus', async () => {
    const got: BusEvents['campaign.command'][] = [];
    await bus.subscribe('campaign.command', (m) => void got.push(m));
    const campaign = (await app.inject({ method: 'GET', url: '/campaigns', headers: auth('supervisor') })).json().items[0];
    const res = await app.inject({ method: 'PATCH', url: `/campaigns/${campaign.id}/settings`, headers: auth('supervisor'), payload: { maxLinesPerAgent: 3 } });
    expect(res.json().settings.maxLinesPerAgent).toBe(3);
    await new Promise((r) => setTimeout(r, 20));
    expect(got).toEqual([expect.objectContaining({ campaignId: campaign.id, command: 'settings' })]);
    const started = await app.inject({ method: 'POST', url: `/campaigns/${campaign.id}/commands`, headers: auth('supervisor'), payload: { command: 'start' } });
    expect(started.json().status).toBe('running');
    const leads = await h.db.selectFrom('campaign_leads').select('id').where('campaign_id', '=', campaign.id).execute();
    expect(leads.length).toBeGreaterThan(0);
  });
});
