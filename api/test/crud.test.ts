import { RedisBus } from '@cobranza/bus';
import type { BusEvents } from '@cobranza/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEnv, REDIS_URL, type TestEnv } from './helpers.js';

let env: TestEnv;
beforeAll(async () => {
  env = await makeEnv('crud');
}, 60_000);
afterAll(async () => env?.close());

const count = async (table: 'creditors' | 'portfolios' | 'segments' | 'strategies' | 'scripts' | 'campaigns' | 'audit_log') =>
  (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(env.t.db)).rows[0]!.n;

const req = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown, who: 'admin' | 'supervisor' | 'agent' = 'admin') =>
  env.app.inject({ method, url, headers: env.auth(who), ...(payload !== undefined ? { payload: payload as object } : {}) });

describe('creditors and portfolios', () => {
  let creditorId: string;
  it('creates, reads, updates, lists and deletes', async () => {
    const c = await req('POST', '/creditors', { code: 'BCO', name: 'Banco Uno', businessName: 'Banco Uno S.A.', callbackNumber: '+5716012345', country: 'CO' });
    expect(c.statusCode).toBe(201);
    creditorId = c.json().id;
    const p = await req('POST', '/portfolios', { creditorId, name: 'Tarjetas 2026', country: 'CO', currency: 'COP' });
    expect(p.statusCode).toBe(201);
    const pid = p.json().id as string;
    expect((await req('GET', `/portfolios/${pid}`)).json()).toMatchObject({ name: 'Tarjetas 2026', currency: 'COP', creditorId });
    expect((await req('PATCH', `/portfolios/${pid}`, { name: 'Tarjetas 2026-II' })).json().name).toBe('Tarjetas 2026-II');
    expect((await req('GET', '/portfolios', undefined, 'supervisor')).json().items).toHaveLength(1);
    // a creditor with portfolios cannot be deleted
    const del = await req('DELETE', `/creditors/${creditorId}`);
    expect(del.statusCode).toBe(409);
    expect((await req('DELETE', `/portfolios/${pid}`)).statusCode).toBe(200);
    expect((await req('GET', `/portfolios/${pid}`)).statusCode).toBe(404);
  });

  it('returns 400 with the field and the reason, and writes nothing', async () => {
    const before = await count('portfolios');
    const cases: Array<[unknown, string, RegExp]> = [
      [{ creditorId, name: 'X', country: 'CO', currency: 'cop' }, '/currency', /pattern/],
      [{ creditorId, name: 'X', country: 'CO' }, '/currency', /required/],
      [{ creditorId: 'nope', name: 'X', country: 'CO', currency: 'COP' }, '/creditorId', /uuid/],
      [{ creditorId, name: 'X', country: 'CO', currency: 'COP', colour: 'red' }, '/colour', /not an allowed field/],
      [{ creditorId: '00000000-0000-4000-8000-000000000000', name: 'X', country: 'CO', currency: 'COP' }, '/creditorId', /does not exist/],
    ];
    for (const [body, field, reason] of cases) {
      const res = await req('POST', '/portfolios', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().field).toBe(field);
      expect(res.json().reason).toMatch(reason);
    }
    expect(await count('portfolios')).toBe(before);
  });
});

describe('segments, strategies and scripts', () => {
  it('links a segment to a strategy to a script; a script edit bumps its version', async () => {
    const sc = await req('POST', '/scripts', { code: 'TEMPRANA', name: 'Mora temprana', body: { opening: 'Hola {{nombre}}', body: 'Saldo {{saldo}}', branches: { already_paid: '¿Cuándo pagó?' } } });
    expect(sc.statusCode).toBe(201);
    expect(sc.json().version).toBe(1);
    const st = await req('POST', '/strategies', { code: 'T1', name: 'Temprana', scriptId: sc.json().id, dialMode: 'predictive', negotiation: { minPromiseAmountPct: 20, maxPromiseDays: 15 } });
    expect(st.statusCode).toBe(201);
    expect(st.json().negotiation).toEqual({ minPromiseAmountPct: 20, maxPromiseDays: 15 });
    const sg = await req('POST', '/segments', { code: 'M1_30', name: '1–30', priority: 10, rules: { dpdMin: 1, dpdMax: 30 }, strategyId: st.json().id });
    expect(sg.statusCode).toBe(201);
    expect(sg.json().rules).toEqual({ dpdMin: 1, dpdMax: 30 });
    const edited = await req('PATCH', `/scripts/${sc.json().id}`, { name: 'Mora temprana v2' });
    expect(edited.json()).toMatchObject({ name: 'Mora temprana v2', version: 2 });
  });

  it('rejects rules that contradict each other or break the schema, naming the field', async () => {
    const before = await count('segments');
    const inverted = await req('POST', '/segments', { code: 'BAD', name: 'Bad', priority: 1, rules: { dpdMin: 60, dpdMax: 30 } });
    expect(inverted.statusCode).toBe(400);
    expect(inverted.json()).toMatchObject({ field: '/rules/dpdMin', in: 'body' });
    const badMode = await req('POST', '/strategies', { code: 'BAD', name: 'Bad', dialMode: 'telepathic' });
    expect(badMode.json()).toMatchObject({ field: '/dialMode', reason: expect.stringMatching(/preview, progressive, predictive, agentless/) });
    const badPct = await req('POST', '/strategies', { code: 'BAD2', name: 'Bad', negotiation: { minPromiseAmountPct: 150 } });
    expect(badPct.json()).toMatchObject({ field: '/negotiation/minPromiseAmountPct' });
    const dupCode = await req('POST', '/segments', { code: 'M1_30', name: 'again', priority: 2, rules: {} });
    expect(dupCode.statusCode).toBe(409);
    expect(dupCode.json().field).toBe('/code');
    expect(await count('segments')).toBe(before);
  });
});

describe('campaigns and runtime pacing', () => {
  let id: string;
  const seen: BusEvents['campaign.command'][] = [];
  let listener: RedisBus;

  beforeAll(async () => {
    // a second connection, like the dialer process listening on the bus
    listener = new RedisBus({ url: REDIS_URL, prefix: env.prefix });
    await listener.subscribe('campaign.command', (m) => void seen.push(m));
  });
  afterAll(async () => listener?.close());

  const waitFor = async (pred: () => boolean) => {
    for (let i = 0; i < 100 && !pred(); i++) await new Promise((r) => setTimeout(r, 20));
  };

  it('a supervisor creates a campaign with default pacing; the agents assigned to it can list it', async () => {
    const res = await req('POST', '/campaigns', { name: 'Temprana noviembre', settings: { mode: 'progressive', maxLinesPerAgent: 2 } }, 'supervisor');
    expect(res.statusCode).toBe(201);
    id = res.json().id;
    expect(res.json().settings).toMatchObject({ mode: 'progressive', maxLinesPerAgent: 2, abandonTarget: 0.03 });
    expect(res.json().status).toBe('draft');
    expect((await req('GET', '/campaigns', undefined, 'agent')).json().items).toEqual([]);
    expect((await req('PUT', `/campaigns/${id}/agents`, { userIds: [env.users.agent.id] }, 'supervisor')).statusCode).toBe(200);
    const list = await req('GET', '/campaigns', undefined, 'agent');
    expect(list.json().items.map((c: { id: string }) => c.id)).toEqual([id]);
  });

  it('changes pacing, tells the dialer on the bus and audits who did it', async () => {
    const res = await req('PATCH', `/campaigns/${id}/settings`, { mode: 'predictive', abandonTarget: 0.02 }, 'supervisor');
    expect(res.statusCode).toBe(200);
    expect(res.json().settings).toMatchObject({ mode: 'predictive', abandonTarget: 0.02, maxLinesPerAgent: 2 });
    await waitFor(() => seen.some((m) => m.command === 'settings'));
    const msg = seen.find((m) => m.command === 'settings')!;
    expect(msg).toMatchObject({ campaignId: id, by: env.users.supervisor.id, settings: { mode: 'predictive', abandonTarget: 0.02 } });
    const row = await env.t.db.selectFrom('campaigns').select(['dial_mode', 'settings']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.dial_mode).toBe('predictive');
    const audit = await env.t.db.selectFrom('audit_log').selectAll().where('action', '=', 'campaign.settings').where('entity_id', '=', id).executeTakeFirstOrThrow();
    expect(audit.user_id).toBe(env.users.supervisor.id);
    expect(audit.details).toMatchObject({ changed: { mode: { from: 'progressive', to: 'predictive' }, abandonTarget: { from: 0.03, to: 0.02 } } });
  });

  it('refuses pacing outside the limits with the field, changing nothing', async () => {
    const before = await req('GET', `/campaigns/${id}`, undefined, 'supervisor');
    const audits = await count('audit_log');
    for (const [body, field] of [
      [{ abandonTarget: 0.06 }, '/abandonTarget'],
      [{ abandonTarget: -0.01 }, '/abandonTarget'],
      [{ maxLinesPerAgent: 11 }, '/maxLinesPerAgent'],
      [{ maxLinesPerAgent: 0 }, '/maxLinesPerAgent'],
      [{ mode: 'turbo' }, '/mode'],
      [{ abandonRate: 0.01 }, '/abandonRate'],
      [{}, '/'],
    ] as const) {
      const res = await req('PATCH', `/campaigns/${id}/settings`, body, 'supervisor');
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().field).toBe(field);
    }
    expect((await req('GET', `/campaigns/${id}`, undefined, 'supervisor')).json()).toEqual(before.json());
    expect(await count('audit_log')).toBe(audits);
  });

  it('starts, pauses and stops with valid transitions only', async () => {
    expect((await req('POST', `/campaigns/${id}/commands`, { command: 'pause' }, 'supervisor')).statusCode).toBe(409);
    expect((await req('POST', `/campaigns/${id}/commands`, { command: 'start' }, 'supervisor')).json().status).toBe('running');
    expect((await req('POST', `/campaigns/${id}/commands`, { command: 'pause' }, 'supervisor')).json().status).toBe('paused');
    await waitFor(() => seen.some((m) => m.command === 'pause'));
    expect(seen.map((m) => m.command)).toEqual(['settings', 'start', 'pause']);
    expect((await req('DELETE', `/campaigns/${id}`)).statusCode).toBe(409);
    expect((await req('POST', `/campaigns/${id}/commands`, { command: 'stop' }, 'supervisor')).json().status).toBe('stopped');
    expect((await req('DELETE', `/campaigns/${id}`)).statusCode).toBe(200);
  });
});

describe('campaign leads', () => {
  it("queues one lead per debtor of the campaign's portfolio and segments, most days past due first, idempotently", async () => {
    const { makeDebtor, makePortfolio } = await import('./helpers.js');
    const { addDays, todayIn } = await import('../src/lib/values.js');
    const db = env.t.db;
    const today = todayIn('America/Bogota');
    const p = await makePortfolio(db, 'LEADS');
    const other = await makePortfolio(db, 'OTHER');
    const s1 = (await db.insertInto('segments').values({ code: 'L1', name: 'L1', priority: 500 }).returning('id').executeTakeFirstOrThrow()).id;
    const s2 = (await db.insertInto('segments').values({ code: 'L2', name: 'L2', priority: 501 }).returning('id').executeTakeFirstOrThrow()).id;
    const late = await makeDebtor(db, { portfolioId: p.id, doc: 'L-1', first: 'A', last: 'Tarde', accounts: [{ ext: 'L1-a', balance: 100, oldestDue: addDays(today, -90), segmentId: s1 }, { ext: 'L1-b', balance: 900, oldestDue: addDays(today, -10), segmentId: s1 }] });
    const early = await makeDebtor(db, { portfolioId: p.id, doc: 'L-2', first: 'B', last: 'Temprano', accounts: [{ ext: 'L2-a', balance: 100, oldestDue: addDays(today, -5), segmentId: s1 }] });
    await makeDebtor(db, { portfolioId: p.id, doc: 'L-3', first: 'C', last: 'OtroSegmento', accounts: [{ ext: 'L3-a', balance: 100, oldestDue: addDays(today, -5), segmentId: s2 }] });
    await makeDebtor(db, { portfolioId: other.id, doc: 'L-4', first: 'D', last: 'OtraCartera', accounts: [{ ext: 'L4-a', balance: 100, segmentId: s1 }] });
    const c = (await req('POST', '/campaigns', { name: 'Leads', portfolioId: p.id, segmentIds: [s1] }, 'supervisor')).json();

    const first = await req('POST', `/campaigns/${c.id}/leads`, undefined, 'supervisor');
    expect(first.json()).toEqual({ added: 2, total: 2 });
    const leads = await db.selectFrom('campaign_leads').select(['debtor_id', 'account_id', 'priority']).where('campaign_id', '=', c.id).orderBy('priority', 'desc').execute();
    // the debtor's largest account is the one worked; priority follows its days past due
    expect(leads).toEqual([
      { debtor_id: late.id, account_id: late.accounts[1], priority: 10 },
      { debtor_id: early.id, account_id: early.accounts[0], priority: 5 },
    ]);
    expect((await req('POST', `/campaigns/${c.id}/leads`, undefined, 'supervisor')).json()).toEqual({ added: 0, total: 2 });
  });

  it('loads the leads when a campaign with an empty queue starts', async () => {
    const c = (await req('POST', '/campaigns', { name: 'Auto' }, 'supervisor')).json();
    expect((await req('POST', `/campaigns/${c.id}/commands`, { command: 'start' }, 'supervisor')).json().status).toBe('running');
    const n = await env.t.db.selectFrom('campaign_leads').select(sql<number>`count(*)::int`.as('n')).where('campaign_id', '=', c.id).executeTakeFirstOrThrow();
    expect(n.n).toBeGreaterThanOrEqual(4);
  });
});
