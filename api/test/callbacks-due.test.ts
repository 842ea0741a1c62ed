// The supervisor's callbacks due: what agents booked, due by the end of the day, overdue flagged, honoured ones
// gone. Real Postgres; times chosen relative to now, so the test passes at any hour.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endOfDayIn } from '../src/services/callbacks-due.js';
import { makeDebtor, makeEnv, makePortfolio, type TestEnv } from './helpers.js';

let env: TestEnv;
let n = 0;
const HOUR = 3_600_000;
const now = Date.now();
let campaignA: string;
let campaignB: string;

/** A call to the debtor wrapped up by `agent` with `outcome`, recorded at `at`. */
async function dispose(o: { debtorId: string; accountId?: string; agent?: 'agent' | 'agent2'; outcome: string; at: number; callbackAt?: number; campaignId?: string; notes?: string }) {
  const db = env.t.db;
  const callId = `cb-call-${++n}`;
  const agentId = env.users[o.agent ?? 'agent'].id;
  await db
    .insertInto('call_attempts')
    .values({ id: callId, debtor_id: o.debtorId, campaign_id: o.campaignId ?? campaignA, e164: '+573000000000', status: 'ended', outcome: 'connected', agent_id: agentId, created_at: new Date(o.at) })
    .execute();
  return db
    .insertInto('dispositions')
    .values({
      call_attempt_id: callId,
      debtor_id: o.debtorId,
      account_id: o.accountId ?? null,
      agent_id: agentId,
      outcome: o.outcome,
      callback_at: o.callbackAt ? new Date(o.callbackAt) : null,
      notes: o.notes ?? null,
      created_at: new Date(o.at),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

let ids: Record<string, string> = {};

beforeAll(async () => {
  env = await makeEnv('callbacks');
  const db = env.t.db;
  const p = await makePortfolio(db);
  const mk = async (name: string) => db.insertInto('campaigns').values({ name, portfolio_id: p.id }).returning('id').executeTakeFirstOrThrow();
  campaignA = (await mk('Temprana')).id;
  campaignB = (await mk('Tardía')).id;
  const d = (doc: string, first: string) => makeDebtor(db, { portfolioId: p.id, doc, first, last: 'Prueba', accounts: [{ ext: `ACC-${doc}`, balance: 100 }] });
  const [rosa, luis, ana, pedro, marta] = [await d('1', 'Rosa'), await d('2', 'Luis'), await d('3', 'Ana'), await d('4', 'Pedro'), await d('5', 'Marta')];
  // overdue: booked yesterday for two hours ago
  ids.overdue = (await dispose({ debtorId: rosa.id, accountId: rosa.accounts[0], outcome: 'callback', at: now - 20 * HOUR, callbackAt: now - 2 * HOUR, notes: 'Después del almuerzo' })).id;
  // due later: in 30 minutes, booked by the second agent in the other campaign
  ids.later = (await dispose({ debtorId: luis.id, agent: 'agent2', outcome: 'callback', at: now - HOUR, callbackAt: now + 30 * 60_000, campaignId: campaignB })).id;
  // honoured: booked for an hour ago, then someone called Ana back and wrapped that call up
  ids.honoured = (await dispose({ debtorId: ana.id, outcome: 'callback', at: now - 5 * HOUR, callbackAt: now - HOUR })).id;
  await dispose({ debtorId: ana.id, outcome: 'refused', at: now - 30 * 60_000 });
  // far: in three days
  ids.far = (await dispose({ debtorId: pedro.id, outcome: 'callback', at: now - HOUR, callbackAt: now + 72 * HOUR })).id;
  // not a callback at all
  await dispose({ debtorId: marta.id, outcome: 'promise_to_pay', at: now - HOUR });
}, 60_000);
afterAll(async () => env?.close());

const get = (query: string, who: 'supervisor' | 'admin' | 'agent' = 'supervisor') => env.app.inject({ method: 'GET', url: `/callbacks/due${query}`, headers: env.auth(who) });

describe('GET /callbacks/due', () => {
  it('lists the callbacks due by the given instant, earliest first, overdue flagged, honoured ones left out', async () => {
    const until = new Date(now + 2 * HOUR).toISOString();
    const res = await get(`?until=${encodeURIComponent(until)}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.items.map((i: { id: string }) => i.id)).toEqual([ids.overdue, ids.later]);
    expect(body).toMatchObject({ total: 2, overdue: 1, until });
    expect(body.items[0]).toMatchObject({
      overdue: true,
      debtor: { name: 'Rosa Prueba', timeZone: 'America/Bogota' },
      account: { externalId: 'ACC-1' },
      agent: { name: 'Agente Uno' },
      campaign: { name: 'Temprana' },
      notes: 'Después del almuerzo',
    });
    expect(body.items[1]).toMatchObject({ overdue: false, agent: { name: 'Agente Dos' }, campaign: { name: 'Tardía' } });
  });

  it('reaches further when asked, and filters by campaign', async () => {
    const week = new Date(now + 7 * 24 * HOUR).toISOString();
    const all = (await get(`?until=${encodeURIComponent(week)}`)).json();
    expect(all.items.map((i: { id: string }) => i.id)).toEqual([ids.overdue, ids.later, ids.far]);
    const b = (await get(`?until=${encodeURIComponent(week)}&campaignId=${campaignB}`)).json();
    expect(b.items.map((i: { id: string }) => i.id)).toEqual([ids.later]);
    expect(b).toMatchObject({ total: 1, overdue: 0 });
  });

  it('cuts the list at the limit but still counts them all', async () => {
    const res = (await get(`?until=${encodeURIComponent(new Date(now + 2 * HOUR).toISOString())}&limit=1`)).json();
    expect(res.items).toHaveLength(1);
    expect(res).toMatchObject({ total: 2, overdue: 1 });
  });

  it('defaults to the end of today in the daily zone', async () => {
    const res = await get('', 'admin');
    expect(res.statusCode, res.body).toBe(200);
    const until = Date.parse(res.json().until);
    expect(until).toBe(endOfDayIn(env.config.dailyTimeZone, new Date(Date.parse(res.json().at))).getTime());
    expect(until).toBeGreaterThan(now);
    expect(until - now).toBeLessThanOrEqual(24 * HOUR + 60_000);
  });

  it('refuses a malformed instant at its field, and agents', async () => {
    const bad = await get('?until=tomorrow');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'VALIDATION', field: '/until', in: 'querystring' });
    expect((await get('', 'agent')).statusCode).toBe(403);
  });
});

describe('endOfDayIn', () => {
  it('is the next local midnight', () => {
    // 2026-12-07 23:30 in Bogotá (UTC-5) is 04:30 UTC on the 8th: the day ends at 05:00 UTC on the 8th
    expect(endOfDayIn('America/Bogota', new Date('2026-12-08T04:30:00Z')).toISOString()).toBe('2026-12-08T05:00:00.000Z');
    expect(endOfDayIn('Europe/London', new Date('2026-12-08T04:30:00Z')).toISOString()).toBe('2026-12-09T00:00:00.000Z');
  });
});
