import { holidayOn } from '@cobranza/compliance';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complianceCallbackGate } from '../src/services/compliance.js';
import { priorityAfterOthers } from '../src/services/dispositions.js';
import { addDays, todayIn } from '../src/lib/values.js';
import { makeDebtor, makeEnv, makePortfolio, type TestEnv } from './helpers.js';

let env: TestEnv;
let debtor: Awaited<ReturnType<typeof makeDebtor>>;
let other: Awaited<ReturnType<typeof makeDebtor>>;
const today = todayIn('America/Bogota');
let n = 0;

beforeAll(async () => {
  env = await makeEnv('dispo');
  // the real gate over the real store, as runtime.ts wires it
  env.deps.callbackGate = complianceCallbackGate(env.t.db);
  const db = env.t.db;
  const p = await makePortfolio(db);
  const strategy = await db
    .insertInto('strategies')
    .values({
      code: 'TEMPRANA',
      name: 'Temprana',
      negotiation: JSON.stringify({ minPromiseAmountPct: 10, maxPromiseDays: 15, settlementMaxDiscountPct: 30, maxInstalments: 6, minInstalmentAmount: 50_000 }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const segment = await db.insertInto('segments').values({ code: 'M30', name: '1-30', priority: 1, strategy_id: strategy.id }).returning('id').executeTakeFirstOrThrow();
  debtor = await makeDebtor(db, {
    portfolioId: p.id,
    doc: '1010',
    first: 'Rosa',
    last: 'Díaz',
    phones: ['+573101112233', '+573109998877'],
    accounts: [{ ext: 'A-1', balance: 1_000_000, oldestDue: addDays(today, -20), segmentId: segment.id }],
  });
  other = await makeDebtor(db, { portfolioId: p.id, doc: '2020', first: 'Otro', last: 'Deudor', accounts: [{ ext: 'B-1', balance: 10 }] });
}, 60_000);
afterAll(async () => env?.close());

/** A finished call of the debtor handled by `agent` (a new one per test: one disposition per call). */
async function call(agent: 'agent' | 'agent2' = 'agent'): Promise<string> {
  const id = `call-${++n}`;
  await env.t.db
    .insertInto('call_attempts')
    .values({ id, debtor_id: debtor.id, account_id: debtor.accounts[0]!, phone_id: debtor.phones[0]!, e164: '+573101112233', status: 'ended', outcome: 'connected', agent_id: env.users[agent].id })
    .execute();
  return id;
}

const post = (callId: string, payload: object, who: 'agent' | 'agent2' | 'supervisor' = 'agent') =>
  env.app.inject({ method: 'POST', url: `/calls/${callId}/disposition`, headers: env.auth(who), payload });

const counts = async () => {
  const r = await sql<{ d: number; p: number }>`select (select count(*)::int from dispositions) as d, (select count(*)::int from promises) as p`.execute(env.t.db);
  return r.rows[0]!;
};

describe('promise to pay', () => {
  it('records the disposition and the promise, and marks the account', async () => {
    const id = await call();
    const res = await post(id, {
      outcome: 'promise_to_pay',
      reason: 'will_pay_month_end',
      notes: 'Paga con la prima',
      promise: { accountId: debtor.accounts[0], amount: 250_000, dueDate: addDays(today, 10) },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ outcome: 'promise_to_pay', reason: 'will_pay_month_end', promise: { amount: 250_000, currency: 'COP', dueDate: addDays(today, 10), status: 'pending' } });
    const row = await env.t.db.selectFrom('promises').selectAll().where('id', '=', res.json().promise.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ amount: '250000.00', source: 'agent', created_by: env.users.agent.id, disposition_id: res.json().id });
    const acct = await env.t.db.selectFrom('accounts').select('status').where('id', '=', debtor.accounts[0]!).executeTakeFirstOrThrow();
    expect(acct.status).toBe('promise');
  });

  it('refuses a promise outside the strategy rules with the field and a Spanish reason, writing nothing', async () => {
    const before = await counts();
    const id = await call();
    const cases: Array<[object, string, string]> = [
      [{ accountId: debtor.accounts[0], amount: 50_000, dueDate: addDays(today, 5) }, '/promise/amount', 'amount_below_minimum'],
      [{ accountId: debtor.accounts[0], amount: 2_000_000, dueDate: addDays(today, 5) }, '/promise/amount', 'amount_above_balance'],
      [{ accountId: debtor.accounts[0], amount: 200_000, dueDate: addDays(today, 16) }, '/promise/dueDate', 'date_too_far'],
      [{ accountId: debtor.accounts[0], amount: 200_000, dueDate: addDays(today, -1) }, '/promise/dueDate', 'date_in_past'],
    ];
    for (const [promise, field, issue] of cases) {
      const res = await post(id, { outcome: 'promise_to_pay', promise });
      expect(res.statusCode, JSON.stringify(promise)).toBe(400);
      expect(res.json()).toMatchObject({ field, issue, in: 'body' });
      expect(res.json().i18n.es.length).toBeGreaterThan(5);
    }
    const foreign = await post(id, { outcome: 'promise_to_pay', promise: { accountId: other.accounts[0], amount: 5, dueDate: today } });
    expect(foreign.json()).toMatchObject({ field: '/promise/accountId' });
    const missing = await post(id, { outcome: 'promise_to_pay' });
    expect(missing.json()).toMatchObject({ field: '/promise', reason: expect.stringMatching(/required/) });
    const badShape = await post(id, { outcome: 'promise_to_pay', promise: { accountId: debtor.accounts[0], amount: -1, dueDate: today } });
    expect(badShape.json()).toMatchObject({ field: '/promise/amount' });
    expect(await counts()).toEqual(before);
  });
});

describe('negotiated offers', () => {
  it('accepts a settlement within the maximum discount and stores the plan', async () => {
    const res = await post(await call(), {
      outcome: 'settlement',
      promise: { accountId: debtor.accounts[0], amount: 800_000, dueDate: addDays(today, 7), plan: { kind: 'settlement', discountPct: 20 } },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().promise).toMatchObject({ amount: 800_000, plan: { kind: 'settlement', discountPct: 20 } });
  });

  it('refuses a discount above the maximum and an amount that does not match the discount', async () => {
    const id = await call();
    const tooMuch = await post(id, { outcome: 'settlement', promise: { accountId: debtor.accounts[0], amount: 600_000, dueDate: addDays(today, 7), plan: { kind: 'settlement', discountPct: 40 } } });
    expect(tooMuch.json()).toMatchObject({ field: '/promise/plan/discountPct', issue: 'discount_above_max' });
    const mismatch = await post(id, { outcome: 'settlement', promise: { accountId: debtor.accounts[0], amount: 700_000, dueDate: addDays(today, 7), plan: { kind: 'settlement', discountPct: 20 } } });
    expect(mismatch.json()).toMatchObject({ field: '/promise/amount', issue: 'settlement_amount_mismatch' });
  });

  it('computes an instalment plan with exact cents and refuses too many instalments', async () => {
    const res = await post(await call(), {
      outcome: 'payment_plan',
      promise: { accountId: debtor.accounts[0], amount: 1_000_000, dueDate: addDays(today, 3), plan: { kind: 'instalments', count: 3, frequency: 'monthly' } },
    });
    expect(res.statusCode, res.body).toBe(201);
    const plan = res.json().promise.plan;
    expect(plan.instalments.map((i: { amount: number }) => i.amount)).toEqual([333_333.34, 333_333.33, 333_333.33]);
    expect(plan.instalments[0].dueDate).toBe(addDays(today, 3));
    expect(res.json().promise.dueDate).toBe(plan.instalments[2].dueDate);
    const tooMany = await post(await call(), {
      outcome: 'payment_plan',
      promise: { accountId: debtor.accounts[0], amount: 1_000_000, dueDate: addDays(today, 3), plan: { kind: 'instalments', count: 12 } },
    });
    expect(tooMany.json()).toMatchObject({ field: '/promise/plan/count', issue: 'instalments_too_many' });
  });
});

describe('phones, ownership and duplicates', () => {
  it('wrong number marks the phone as wrong party; third party keeps it valid, records it and puts it after the other phones', async () => {
    // the second number is the debtor's main one (dialed first) until a third party answers it
    await env.t.db.updateTable('phones').set({ priority: 2 }).where('id', '=', debtor.phones[0]!).execute();
    await env.t.db.updateTable('phones').set({ priority: 1 }).where('id', '=', debtor.phones[1]!).execute();
    const a = await post(await call(), { outcome: 'wrong_number' });
    expect(a.json().phoneMarked).toEqual({ id: debtor.phones[0], status: 'wrong_party' });
    const b = await post(await call(), { outcome: 'third_party', reason: 'holder_not_here', phoneId: debtor.phones[1] });
    expect(b.json().phoneMarked).toEqual({ id: debtor.phones[1], status: 'valid' });
    const phones = await env.t.db.selectFrom('phones').select(['id', 'status', 'last_result', 'priority']).where('debtor_id', '=', debtor.id).orderBy('e164').execute();
    expect(phones.map((p) => [p.status, p.last_result])).toEqual([
      ['wrong_party', 'wrong_number'],
      ['valid', 'third_party'],
    ]);
    // the third party's number now comes after the debtor's other numbers
    expect(phones.map((p) => p.priority)).toEqual([2, 3]);
    await env.t.db.updateTable('phones').set({ status: 'valid', priority: 0 }).where('debtor_id', '=', debtor.id).execute();
  });

  it('a third party never raises a phone: unranked stays unranked, and ranked goes unranked when the debtor has unranked ones', () => {
    expect(priorityAfterOthers(1, [2, 5])).toBe(6);
    expect(priorityAfterOthers(7, [2, 5])).toBe(7);
    expect(priorityAfterOthers(1, [2, 0])).toBe(0);
    expect(priorityAfterOthers(0, [1])).toBe(0);
    expect(priorityAfterOthers(1, [])).toBe(1);
  });

  it("an agent cannot wrap up another agent's call; a supervisor can; a call takes one disposition", async () => {
    const id = await call('agent2');
    expect((await post(id, { outcome: 'refused' }, 'agent')).statusCode).toBe(403);
    expect((await post(id, { outcome: 'refused', reason: 'does_not_recognise_debt' }, 'supervisor')).statusCode).toBe(201);
    expect((await post(id, { outcome: 'refused' }, 'supervisor')).statusCode).toBe(409);
    expect((await post('no-such-call', { outcome: 'refused' })).statusCode).toBe(404);
  });
});

describe('the compliance ledger', () => {
  /** A bridged call with the ledger row the dialer writes when it ends (no conversation until a disposition says so). */
  async function bridgedCall(): Promise<string> {
    const id = await call();
    await env.t.db.updateTable('call_attempts').set({ bridged_at: new Date() }).where('id', '=', id).execute();
    await env.t.db
      .insertInto('contact_events')
      .values({ debtor_id: debtor.id, channel: 'voice', e164: '+573101112233', at: new Date(), live: true, source_id: id })
      .execute();
    return id;
  }
  const ledger = (id: string) =>
    env.t.db.selectFrom('contact_events').select(['right_party', 'conversation']).where('source_id', '=', id).executeTakeFirstOrThrow();

  it('a disposition with the debtor makes the call a conversation (starting the lock-outs that follow one); a third party does not', async () => {
    const withDebtor = await bridgedCall();
    expect((await post(withDebtor, { outcome: 'refused', reason: 'no_money_lost_job' })).statusCode).toBe(201);
    expect(await ledger(withDebtor)).toEqual({ right_party: true, conversation: true });
    const attempt = await env.t.db.selectFrom('call_attempts').select('right_party').where('id', '=', withDebtor).executeTakeFirstOrThrow();
    expect(attempt.right_party).toBe(true);

    const thirdParty = await bridgedCall();
    expect((await post(thirdParty, { outcome: 'third_party', reason: 'holder_not_here' })).statusCode).toBe(201);
    expect(await ledger(thirdParty)).toEqual({ right_party: false, conversation: false });
  });
});

describe('callbacks through the compliance gate', () => {
  /** The next Tuesday–Thursday that is not a Colombian holiday, as YYYY-MM-DD. */
  function nextPlainWeekday(): string {
    for (let d = 1; d < 30; d++) {
      const date = addDays(today, d);
      const dow = new Date(`${date}T12:00:00Z`).getUTCDay();
      if (dow >= 2 && dow <= 4 && !holidayOn('CO', date)) return date;
    }
    throw new Error('no weekday found');
  }

  it('accepts a callback in the debtor’s calling hours', async () => {
    const day = nextPlainWeekday();
    const at = `${day}T15:00:00.000Z`; // 10:00 in Bogotá
    const res = await post(await call(), { outcome: 'callback', reason: 'holder_not_here', callbackAt: at });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().callbackAt).toBe(at);
  });

  it('refuses a callback at night in the debtor’s time zone, saying why and when it could be', async () => {
    const day = nextPlainWeekday();
    const before = await counts();
    const res = await post(await call(), { outcome: 'callback', callbackAt: `${addDays(day, 1)}T03:30:00.000Z` }); // 22:30 in Bogotá
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: '/callbackAt', issue: 'callback_blocked' });
    expect(res.json().i18n.es).toMatch(/\S/);
    // the next allowed time as the debtor's clock reads it, labelled, in each language: no UTC instant
    expect(res.json().i18n.es).toMatch(/Próxima hora permitida: [a-zé]+, \d+ de [a-z]+, \d\d:\d\d \(hora del deudor, Bogotá\)/);
    expect(res.json().i18n.en).toMatch(/Next allowed: [A-Z][a-z]+, [A-Z][a-z]+ \d+( at|,) \d\d:\d\d \(debtor's time, Bogotá\)/);
    expect(JSON.stringify(res.json().i18n)).not.toMatch(/\d{4}-\d{2}-\d{2}T|Z\)/);
    expect(await counts()).toEqual(before);
  });

  it("answers 403 on another agent's call before any compliance detail (no debtor time, zone or next allowed hour)", async () => {
    const day = nextPlainWeekday();
    const id = await call('agent2');
    const before = await counts();
    for (const callbackAt of [`${addDays(day, 1)}T03:30:00.000Z`, new Date(Date.now() - 60_000).toISOString()]) {
      const res = await post(id, { outcome: 'callback', callbackAt }, 'agent');
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json()).toEqual({ statusCode: 403, code: 'FORBIDDEN', message: 'this call was not handled by you' });
    }
    expect(await counts()).toEqual(before);
  });

  it('refuses a callback for a debtor with no valid phone', async () => {
    await env.t.db.insertInto('call_attempts').values({ id: 'call-nophone', debtor_id: other.id, e164: '+573105550000', status: 'ended', agent_id: env.users.agent.id }).execute();
    const res = await post('call-nophone', { outcome: 'callback', callbackAt: `${nextPlainWeekday()}T15:00:00.000Z` });
    expect(res.json()).toMatchObject({ statusCode: 400, field: '/callbackAt', issue: 'callback_blocked', i18n: { es: expect.stringMatching(/teléfono válido/) } });
  });

  it('refuses a callback in the past or without a time', async () => {
    const id = await call();
    expect((await post(id, { outcome: 'callback', callbackAt: new Date(Date.now() - 60_000).toISOString() })).json()).toMatchObject({ field: '/callbackAt', issue: 'callback_in_past' });
    expect((await post(id, { outcome: 'callback' })).json()).toMatchObject({ field: '/callbackAt' });
  });
});
