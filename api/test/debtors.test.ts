import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayIn } from '../src/lib/values.js';
import { promiseStatus } from '../src/services/debtors.js';
import { makeDebtor, makeEnv, makePortfolio, type TestEnv } from './helpers.js';

let env: TestEnv;
let ana: Awaited<ReturnType<typeof makeDebtor>>;
let portfolioId: string;
const today = todayIn('America/Bogota');

beforeAll(async () => {
  env = await makeEnv('debtors');
  const db = env.t.db;
  const p = await makePortfolio(db);
  portfolioId = p.id;
  const script = await db.insertInto('scripts').values({ code: 'S1', name: 'Guion', body: JSON.stringify({ opening: 'Hola {{debtor.firstName}}', body: 'b' }) }).returning('id').executeTakeFirstOrThrow();
  const strategy = await db
    .insertInto('strategies')
    .values({ code: 'ST1', name: 'Temprana', script_id: script.id, negotiation: JSON.stringify({ minPromiseAmountPct: 10, maxPromiseDays: 20 }) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const segment = await db.insertInto('segments').values({ code: 'SG1', name: 'Mora 1-30', priority: 1, strategy_id: strategy.id }).returning('id').executeTakeFirstOrThrow();
  ana = await makeDebtor(db, {
    portfolioId,
    doc: '52123456',
    first: 'Ana María',
    last: 'Gómez Peña',
    phones: ['+573001234567', '+576015551234'],
    accounts: [
      { ext: 'TC-1', balance: 500_000, oldestDue: addDays(today, -45), segmentId: segment.id },
      { ext: 'TC-2', balance: 2_000_000, oldestDue: addDays(today, -10), segmentId: segment.id },
    ],
  });
  await db.insertInto('account_documents').values({ account_id: ana.accounts[1]!, kind: 'invoice', name: 'Extracto octubre', reference: 'EXT-2026-10' }).execute();
  // the agent works a campaign of this portfolio, so sees its debtors (agent-scope.test.ts covers the rest)
  const campaign = await db.insertInto('campaigns').values({ name: 'Cartera C1', portfolio_id: portfolioId }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('campaign_agents').values({ campaign_id: campaign.id, user_id: env.users.agent.id }).execute();
  for (let i = 0; i < 30; i++) {
    await makeDebtor(db, { portfolioId, doc: String(80_000_000 + i), first: i % 2 ? 'Luis' : 'Carla', last: `Pérez ${String(i).padStart(2, '0')}`, accounts: [{ ext: `X-${i}`, balance: 1000 + i }] });
  }
}, 60_000);
afterAll(async () => env?.close());

const get = (url: string, who: 'agent' | 'supervisor' = 'supervisor') => env.app.inject({ method: 'GET', url, headers: env.auth(who) });

describe('debtor search', () => {
  it('finds a debtor by document number however it is typed', async () => {
    const r = (await get('/debtors?document=52.123.456')).json();
    expect(r.total).toBe(1);
    expect(r.items[0]).toMatchObject({ id: ana.id, name: 'Ana María Gómez Peña', documentNumber: '52123456', accounts: 2, totalBalance: { COP: 2_500_000 }, maxDaysPastDue: 45 });
  });

  it('finds by name ignoring accents and case, by phone in local format, by account external id', async () => {
    expect((await get('/debtors?name=gomez%20ana')).json().items.map((d: { id: string }) => d.id)).toEqual([ana.id]);
    expect((await get('/debtors?phone=300%20123%204567')).json().items[0].id).toBe(ana.id);
    expect((await get('/debtors?phone=%2B57%20601%20555%201234')).json().items[0].id).toBe(ana.id);
    expect((await get('/debtors?externalId=TC-2')).json().items[0].id).toBe(ana.id);
    expect((await get('/debtors?q=TC-1')).json().items[0].id).toBe(ana.id);
    expect((await get('/debtors?q=3001234567')).json().items[0].id).toBe(ana.id);
    expect((await get('/debtors?q=Gómez')).json().items[0].id).toBe(ana.id);
    expect((await get('/debtors?phone=3009999999')).json().total).toBe(0);
  });

  it('matches the start of each word of the name: "gom ana" finds Gómez, "omez" does not, operators are plain text', async () => {
    const ids = async (q: string) => (await get(`/debtors?name=${encodeURIComponent(q)}`)).json().items.map((d: { id: string }) => d.id);
    expect(await ids('gom ana')).toEqual([ana.id]);
    expect(await ids('GÓMEZ-peña')).toEqual([ana.id]);
    expect(await ids('omez')).toEqual([]);
    expect(await ids('ana & !( :*')).toContain(ana.id);
    expect(await ids('&|!')).toEqual([]);
  });

  it('paginates with a stable order and a total', async () => {
    const p1 = (await get('/debtors?name=perez&pageSize=20')).json();
    const p2 = (await get('/debtors?name=perez&pageSize=20&page=2')).json();
    expect(p1.total).toBe(30);
    expect(p1.items).toHaveLength(20);
    expect(p2.items).toHaveLength(10);
    const ids = [...p1.items, ...p2.items].map((d: { id: string }) => d.id);
    expect(new Set(ids).size).toBe(30);
  });

  it('masks national ids for agents', async () => {
    const r = (await get('/debtors?document=52123456', 'agent')).json();
    expect(r.items[0].documentNumber).toBe('*****456');
  });

  it('rejects a bad query with the field', async () => {
    const r = await get('/debtors?pageSize=1000');
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ in: 'querystring', field: '/pageSize' });
  });
});

describe('debtor record', () => {
  it('has accounts with days past due, documents, phones, and the segment, strategy and script of the primary account', async () => {
    const r = (await get(`/debtors/${ana.id}`)).json();
    expect(r.accounts.map((a: { externalId: string; daysPastDue: number }) => [a.externalId, a.daysPastDue])).toEqual([
      ['TC-1', 45],
      ['TC-2', 10],
    ]);
    expect(r.primaryAccountId).toBe(ana.accounts[1]);
    expect(r.accounts[1].documents).toEqual([expect.objectContaining({ kind: 'invoice', reference: 'EXT-2026-10' })]);
    expect(r.segment.code).toBe('SG1');
    expect(r.strategy).toMatchObject({ code: 'ST1', negotiation: { minPromiseAmountPct: 10, maxPromiseDays: 20 } });
    expect(r.script.body.opening).toBe('Hola {{debtor.firstName}}');
    expect(r.phones.map((p: { e164: string }) => p.e164)).toEqual(['+573001234567', '+576015551234']);
  });

  it('masks the national id and the phones for agents', async () => {
    const r = (await get(`/debtors/${ana.id}`, 'agent')).json();
    expect(r.documentNumber).toBe('*****456');
    expect(r.phones[0].e164).toBe('+********4567');
  });

  it('answers 404 for an unknown debtor', async () => {
    expect((await get('/debtors/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });
});

describe('history', () => {
  it('merges every channel into one timeline, newest first, with promises kept or broken', async () => {
    const db = env.t.db;
    const at = (daysAgo: number, hour = 15) => new Date(Date.parse(`${addDays(today, -daysAgo)}T${String(hour).padStart(2, '0')}:00:00Z`));
    await db.insertInto('call_attempts').values({ id: 'call-old', debtor_id: ana.id, e164: '+573001234567', status: 'ended', outcome: 'no_answer', created_at: at(9) }).execute();
    await db.insertInto('call_attempts').values({ id: 'call-new', debtor_id: ana.id, e164: '+573001234567', status: 'ended', outcome: 'connected', agent_id: env.users.agent.id, created_at: at(2), answered_at: at(2), ended_at: new Date(at(2).getTime() + 95_000) }).execute();
    await db.insertInto('ivr_sessions').values({ debtor_id: ana.id, direction: 'inbound', outcome: 'promise', started_at: at(5), path: JSON.stringify([{ step: 'menu' }, { step: 'promise' }]) }).execute();
    await db.insertInto('sms_messages').values({ debtor_id: ana.id, e164: '+573001234567', direction: 'outbound', body: 'Recuerde su pago', status: 'delivered', created_at: at(7) }).execute();
    await db.insertInto('dispositions').values({ debtor_id: ana.id, call_attempt_id: 'call-new', agent_id: env.users.agent.id, outcome: 'promise_to_pay', reason: 'will_pay_month_end', created_at: at(2, 16) }).execute();
    // kept: paid in time; broken: due date passed without payment; pending: due later
    await db.insertInto('promises').values({ debtor_id: ana.id, account_id: ana.accounts[0]!, amount: 100_000, currency: 'COP', due_date: addDays(today, -6), source: 'agent', created_at: at(8) }).execute();
    await db.insertInto('payments').values({ account_id: ana.accounts[0]!, amount: 100_000, currency: 'COP', paid_on: addDays(today, -7), reference: 'PSE-1' }).execute();
    await db.insertInto('promises').values({ debtor_id: ana.id, account_id: ana.accounts[1]!, amount: 300_000, currency: 'COP', due_date: addDays(today, -3), source: 'ivr', created_at: at(5, 16) }).execute();
    await db.insertInto('promises').values({ debtor_id: ana.id, account_id: ana.accounts[1]!, amount: 300_000, currency: 'COP', due_date: addDays(today, 5), source: 'agent', created_at: at(2, 17) }).execute();

    const r = (await get(`/debtors/${ana.id}/history`, 'agent')).json();
    const items = r.items as Array<{ kind: string; at: string; id: string; summary: string; details: Record<string, unknown> }>;
    const ats = items.map((i) => i.at);
    expect(ats).toEqual([...ats].sort().reverse());
    expect(items.map((i) => i.kind)).toEqual(['promise', 'disposition', 'call', 'promise', 'ivr', 'sms', 'payment', 'promise', 'call']);
    const promises = items.filter((i) => i.kind === 'promise').map((i) => i.details.status);
    expect(promises).toEqual(['pending', 'broken', 'kept']);
    expect(items.find((i) => i.id === 'call-new')!.details).toMatchObject({ talkSeconds: 95, agentName: 'Agente Uno', e164Masked: '+********4567' });
    expect(items.find((i) => i.kind === 'disposition')!.summary).toMatch(/Promesa de pago — Pagará a fin de mes/);
    expect(items.find((i) => i.kind === 'ivr')!.summary).toMatch(/2 pasos/);
    expect(JSON.stringify(r)).not.toContain('3001234567');
  });

  it('filters by kind and limits', async () => {
    const r = (await get(`/debtors/${ana.id}/history?kinds=call,sms&limit=2`)).json();
    expect(r.items.map((i: { kind: string; id: string }) => i.kind + ':' + (i.kind === 'call' ? i.id : ''))).toEqual(['call:call-new', 'sms:']);
    expect((await get(`/debtors/${ana.id}/history?kinds=calls`)).statusCode).toBe(400);
  });
});

describe('promise status', () => {
  const p = { status: 'pending', amount: 100, createdOn: '2026-01-01', dueDate: '2026-01-10' };
  it('is kept when payments between creation and due date cover it', () => {
    expect(promiseStatus(p, [{ amount: 60, paidOn: '2026-01-05' }, { amount: 40, paidOn: '2026-01-10' }], '2026-02-01')).toBe('kept');
  });
  it('is broken once the due date passed without enough, pending before', () => {
    expect(promiseStatus(p, [{ amount: 60, paidOn: '2026-01-05' }, { amount: 40, paidOn: '2026-01-11' }], '2026-01-11')).toBe('broken');
    expect(promiseStatus(p, [], '2026-01-10')).toBe('pending');
    expect(promiseStatus({ ...p, status: 'cancelled' }, [], '2026-02-01')).toBe('cancelled');
  });
});

describe('opt-outs', () => {
  it('records an agent-taken opt-out for one phone, audited, shown masked on the record', async () => {
    const res = await env.app.inject({
      method: 'POST',
      url: `/debtors/${ana.id}/opt-outs`,
      headers: env.auth('agent'),
      payload: { channel: 'voice', phoneId: ana.phones[0], notes: 'Pide no llamar a este número' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ channel: 'voice', e164Masked: '+********4567' });
    const row = await env.t.db.selectFrom('opt_outs').selectAll().where('id', '=', res.json().id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ debtor_id: ana.id, e164: '+573001234567', source: 'agent', created_by: env.users.agent.id });
    const audit = await env.t.db.selectFrom('audit_log').selectAll().where('action', '=', 'opt_out.create').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ user_id: env.users.agent.id, entity_id: ana.id });
    expect(JSON.stringify(audit.details)).not.toContain('3001234567');
    const rec = (await get(`/debtors/${ana.id}`, 'agent')).json();
    expect(rec.optOuts).toEqual([expect.objectContaining({ channel: 'voice', e164Masked: '+********4567', source: 'agent' })]);
  });

  it("refuses another debtor's phone and an unknown channel, writing nothing", async () => {
    const before = await env.t.db.selectFrom('opt_outs').select(env.t.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const other = (await get('/debtors?name=perez&pageSize=1')).json().items[0].id as string;
    const foreign = await env.app.inject({ method: 'POST', url: `/debtors/${other}/opt-outs`, headers: env.auth('agent'), payload: { channel: 'all', phoneId: ana.phones[0] } });
    expect(foreign.json()).toMatchObject({ statusCode: 400, field: '/phoneId' });
    const badChannel = await env.app.inject({ method: 'POST', url: `/debtors/${ana.id}/opt-outs`, headers: env.auth('agent'), payload: { channel: 'fax' } });
    expect(badChannel.json()).toMatchObject({ statusCode: 400, field: '/channel' });
    const after = await env.t.db.selectFrom('opt_outs').select(env.t.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});

describe('portfolio stats', () => {
  it('counts accounts, debtors and the balance of a portfolio', async () => {
    const r = (await get(`/portfolios/${portfolioId}/stats`)).json();
    expect(r).toEqual({ portfolioId, accounts: 32, debtors: 31, balance: 2_500_000 + 30 * 1000 + (29 * 30) / 2 });
  });
});
