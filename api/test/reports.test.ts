// The historical reports on a small hand-built day with known answers: calls as the dialer ends them (call
// attempt + ledger row), a right-party verdict saved after the call, promises kept by a payment through the
// real daily job, agent state intervals, calls in the US 30-day and UK 24-hour abandon windows, and debtors
// in zones other than the operation's. The reports' clock is fixed at NOW.
import { recordRightParty } from '@cobranza/db/stores/contact-ledger';
import { REPORT_NAMES } from '@cobranza/contracts/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updatePromiseStatuses } from '../src/services/promise-status.js';
import { makeEnv, type TestEnv } from './helpers.js';

const NOW = new Date('2026-12-07T17:20:00Z'); // 12:20 in Bogota, the operation's zone (DAILY_TIME_ZONE default)
const DAY = 'from=2026-12-07&to=2026-12-07';

let env: TestEnv;
const id: Record<string, string> = {};

async function debtor(country: string, zone: string, doc: string, portfolioId: string, segmentId: string, currency: string) {
  const db = env.t.db;
  const d = await db
    .insertInto('debtors')
    .values({ country, document_type: 'OTHER', document_number: doc, first_name: 'D', last_name: doc, time_zone: zone })
    .returning('id')
    .executeTakeFirstOrThrow();
  const a = await db
    .insertInto('accounts')
    .values({ portfolio_id: portfolioId, debtor_id: d.id, external_id: `A-${doc}`, product: 'card', currency, principal: 1000, balance: 1000, segment_id: segmentId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { debtor: d.id, account: a.id };
}

interface Call {
  id: string;
  who: { debtor: string; account: string };
  campaign: string;
  at: string;
  outcome: 'connected' | 'abandoned' | 'no_answer';
  agent?: string;
  rightParty?: boolean;
}

/** A call as the dialer ends it: the attempt, then the ledger row in the same shape AttemptStore.finalize writes. */
async function call(c: Call) {
  const at = new Date(c.at);
  const bridged = c.outcome === 'connected' ? new Date(at.getTime() + 10_000) : null;
  const live = c.outcome !== 'no_answer';
  await env.t.db
    .insertInto('call_attempts')
    .values({
      id: c.id,
      campaign_id: c.campaign,
      debtor_id: c.who.debtor,
      account_id: c.who.account,
      e164: '+15550000000',
      status: 'ended',
      outcome: c.outcome,
      agent_id: c.agent ?? null,
      right_party: c.rightParty ?? null,
      created_at: at,
      dialed_at: at,
      human_at: live ? new Date(at.getTime() + 8_000) : null,
      bridged_at: bridged,
      ended_at: new Date(at.getTime() + 70_000),
    })
    .execute();
  await env.t.db
    .insertInto('contact_events')
    .values({
      debtor_id: c.who.debtor,
      account_id: c.who.account,
      campaign_id: c.campaign,
      channel: 'voice',
      at,
      live,
      right_party: bridged !== null && c.rightParty === true,
      conversation: bridged !== null && c.rightParty === true,
      abandoned: c.outcome === 'abandoned',
      connected: true,
      source_id: c.id,
    })
    .execute();
}

async function promise(o: { who: { debtor: string; account: string }; call: string; agent: string; amount: number; currency: string; due: string; at: string }) {
  const db = env.t.db;
  const d = await db
    .insertInto('dispositions')
    .values({ call_attempt_id: o.call, debtor_id: o.who.debtor, account_id: o.who.account, agent_id: o.agent, outcome: 'promise_to_pay', created_at: new Date(o.at) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('promises')
    .values({ debtor_id: o.who.debtor, account_id: o.who.account, disposition_id: d.id, amount: o.amount, currency: o.currency, due_date: o.due, source: 'agent', created_by: o.agent, created_at: new Date(o.at) })
    .execute();
}

const get = (url: string, who: 'supervisor' | 'admin' | 'agent' = 'supervisor') => env.app.inject({ method: 'GET', url, headers: env.auth(who) });
const ok = async (url: string) => {
  const res = await get(url);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

beforeAll(async () => {
  env = await makeEnv('reports', { deps: { now: () => NOW } });
  const db = env.t.db;
  const agent = env.users.agent.id;
  const agent2 = env.users.agent2.id;
  const cred = await db.insertInto('creditors').values({ code: 'BK', name: 'Banco', business_name: 'Banco S.A.', callback_number: '+5716000000', country: 'CO' }).returning('id').executeTakeFirstOrThrow();
  const pco = await db.insertInto('portfolios').values({ creditor_id: cred.id, name: 'Cartera Colombia', country: 'CO', currency: 'COP' }).returning('id').executeTakeFirstOrThrow();
  const pus = await db.insertInto('portfolios').values({ creditor_id: cred.id, name: 'Cartera Exterior', country: 'US', currency: 'USD' }).returning('id').executeTakeFirstOrThrow();
  const s1 = await db.insertInto('segments').values({ code: 'S1', name: 'Temprana', priority: 1 }).returning('id').executeTakeFirstOrThrow();
  const s2 = await db.insertInto('segments').values({ code: 'S2', name: 'Tardía', priority: 2 }).returning('id').executeTakeFirstOrThrow();
  const c1 = await db.insertInto('campaigns').values({ name: 'Campaña Colombia', portfolio_id: pco.id }).returning('id').executeTakeFirstOrThrow();
  // a name with a comma and quotes: the CSV must quote it
  const c2 = await db.insertInto('campaigns').values({ name: 'Exterior "EEUU", Reino Unido', portfolio_id: pus.id }).returning('id').executeTakeFirstOrThrow();
  Object.assign(id, { pco: pco.id, pus: pus.id, s1: s1.id, s2: s2.id, c1: c1.id, c2: c2.id });

  const co = await debtor('CO', 'America/Bogota', 'co1', pco.id, s1.id, 'COP');
  const us = await debtor('US', 'America/Los_Angeles', 'us1', pus.id, s2.id, 'USD');
  const gb = await debtor('GB', 'Europe/London', 'gb1', pus.id, s2.id, 'USD');

  // the day (2026-12-07 in Bogota = 05:00Z on the 7th to 05:00Z on the 8th)
  await call({ id: 'c1', who: co, campaign: c1.id, at: '2026-12-07T14:00:00Z', outcome: 'connected', agent }); // 09:00 Bogota
  await call({ id: 'c2', who: co, campaign: c1.id, at: '2026-12-07T14:30:00Z', outcome: 'no_answer' }); // 09:30 Bogota
  await call({ id: 'c3', who: us, campaign: c2.id, at: '2026-12-07T16:00:00Z', outcome: 'abandoned' }); // 08:00 Los Angeles
  await call({ id: 'c4', who: us, campaign: c2.id, at: '2026-12-07T16:30:00Z', outcome: 'connected', agent: agent2, rightParty: true }); // 08:30 LA
  await call({ id: 'c5', who: gb, campaign: c2.id, at: '2026-12-07T12:00:00Z', outcome: 'abandoned' }); // 12:00 London
  await call({ id: 'c6', who: gb, campaign: c2.id, at: '2026-12-07T12:30:00Z', outcome: 'connected', agent }); // 12:30 London
  // before the day: inside the US 30-day window, outside it, and outside the UK 24 h window
  await call({ id: 'us-20d', who: us, campaign: c2.id, at: '2026-11-17T16:00:00Z', outcome: 'abandoned' });
  await call({ id: 'us-40d', who: us, campaign: c2.id, at: '2026-10-28T16:00:00Z', outcome: 'abandoned' });
  await call({ id: 'gb-2d', who: gb, campaign: c2.id, at: '2026-12-05T12:00:00Z', outcome: 'abandoned' });
  // the agent's disposition on c1, saved after the call ended: it was the debtor
  await db.transaction().execute((tx) => recordRightParty(tx, 'c1', 'promise_to_pay'));

  await promise({ who: co, call: 'c1', agent, amount: 250_000, currency: 'COP', due: '2026-12-20', at: '2026-12-07T14:05:00Z' });
  await promise({ who: us, call: 'c4', agent: agent2, amount: 100, currency: 'USD', due: '2026-12-10', at: '2026-12-07T16:35:00Z' });
  // a promise of November on the Colombian account that nobody paid: broken by the daily job
  await call({ id: 'co-nov', who: co, campaign: c1.id, at: '2026-11-02T14:00:00Z', outcome: 'connected', agent });
  await promise({ who: co, call: 'co-nov', agent, amount: 50_000, currency: 'COP', due: '2026-11-10', at: '2026-11-02T14:05:00Z' });
  await db.insertInto('payments').values({ account_id: us.account, amount: 100, currency: 'USD', paid_on: '2026-12-07', reference: 'PAY-1' }).execute();
  // the UK debtor paid in the morning and the promise was typed afterwards, the same day: it still counts
  await db.insertInto('payments').values({ account_id: gb.account, amount: 40, currency: 'USD', paid_on: '2026-12-07', reference: 'PAY-2' }).execute();
  await promise({ who: gb, call: 'c6', agent, amount: 40, currency: 'USD', due: '2026-12-09', at: '2026-12-07T13:00:00Z' });
  await updatePromiseStatuses(db, '2026-12-07', { graceDays: 2 });

  // agent time, as the dialer writes it when an agent leaves a state
  const interval = (agentId: string, state: 'ready' | 'talking' | 'wrapping' | 'paused', from: string, to: string) =>
    db.insertInto('agent_state_intervals').values({ agent_id: agentId, state, campaign_id: c1.id, started_at: new Date(from), ended_at: new Date(to) }).execute();
  await interval(agent, 'ready', '2026-12-07T13:50:00Z', '2026-12-07T14:00:10Z'); // 610 s
  await interval(agent, 'talking', '2026-12-07T14:00:10Z', '2026-12-07T14:01:10Z'); // 60 s
  await interval(agent, 'wrapping', '2026-12-07T14:01:10Z', '2026-12-07T14:01:40Z'); // 30 s
  await interval(agent, 'paused', '2026-12-07T14:01:40Z', '2026-12-07T14:31:40Z'); // 1800 s
  // agent2 waited from 04:30Z, before the day began in Bogota (05:00Z): only the 1800 s inside count
  await interval(agent2, 'ready', '2026-12-07T04:30:00Z', '2026-12-07T05:30:00Z');
}, 90_000);
afterAll(async () => env?.close());

describe('contacts report', () => {
  it('counts attempts, contacts and right-party contacts per campaign, with the verdict saved after the call', async () => {
    const r = await ok(`/reports/contacts?${DAY}&groupBy=campaign`);
    expect(r).toMatchObject({ from: '2026-12-07', to: '2026-12-07', timeZone: 'America/Bogota', start: '2026-12-07T05:00:00.000Z', end: '2026-12-08T05:00:00.000Z' });
    expect(r.rows).toEqual([
      { key: id.c1, label: 'Campaña Colombia', attempts: 2, contacts: 1, rightPartyContacts: 1, contactRate: 0.5, rightPartyRate: 1 },
      { key: id.c2, label: 'Exterior "EEUU", Reino Unido', attempts: 4, contacts: 4, rightPartyContacts: 1, contactRate: 1, rightPartyRate: 0.25 },
    ]);
    expect(r.totals).toEqual({ attempts: 6, contacts: 5, rightPartyContacts: 2, contactRate: 5 / 6, rightPartyRate: 0.4 });
  });

  it('groups by agent (calls no agent took in one row) and filters by segment', async () => {
    const byAgent = await ok(`/reports/contacts?${DAY}&groupBy=agent`);
    expect(byAgent.rows.map((x: { label: string | null; attempts: number; rightPartyContacts: number }) => [x.label, x.attempts, x.rightPartyContacts])).toEqual([
      ['Agente Dos', 1, 1],
      ['Agente Uno', 2, 1],
      [null, 3, 0],
    ]);
    const seg = await ok(`/reports/contacts?${DAY}&segmentId=${id.s1}`);
    expect(seg.rows).toEqual([{ key: null, label: null, attempts: 2, contacts: 1, rightPartyContacts: 1, contactRate: 0.5, rightPartyRate: 1 }]);
    const byPortfolio = await ok(`/reports/contacts?from=2026-10-01&to=2026-12-07&groupBy=portfolio`);
    expect(byPortfolio.rows.map((x: { label: string; attempts: number }) => [x.label, x.attempts])).toEqual([
      ['Cartera Colombia', 3],
      ['Cartera Exterior', 7],
    ]);
  });
});

describe('contact hours heatmap', () => {
  it("puts each contact at the hour of the debtor's own clock, per segment", async () => {
    const r = await ok(`/reports/contact-hours?${DAY}`);
    const hours = (key: string | undefined) => r.rows.find((x: { key: string }) => x.key === key);
    const early = hours(id.s1);
    expect(early.label).toBe('Temprana');
    expect(early.attempts[9]).toBe(2); // 14:00Z and 14:30Z in Bogota
    expect(early.contacts[9]).toBe(1);
    const late = hours(id.s2);
    expect(late.contacts[8]).toBe(2); // 16:00Z and 16:30Z in Los Angeles, not 16h UTC
    expect(late.contacts[12]).toBe(2); // 12:00Z and 12:30Z in London
    expect(late.contacts[16]).toBe(0);
    expect(late.contacts.reduce((a: number, b: number) => a + b, 0)).toBe(4);
  });
});

describe('promises report', () => {
  it('gives count and amount per currency, the kept rate and the payment that kept a promise', async () => {
    const r = await ok(`/reports/promises?${DAY}&groupBy=campaign`);
    expect(r.rows).toEqual([
      expect.objectContaining({ label: 'Campaña Colombia', currency: 'COP', promises: 1, amount: 250000, pending: 1, kept: 0, broken: 0, keptRate: null, payments: 0, paymentsAmount: 0 }),
      expect.objectContaining({ label: 'Exterior "EEUU", Reino Unido', currency: 'USD', promises: 2, amount: 140, kept: 2, keptAmount: 140, keptRate: 1, payments: 2, paymentsAmount: 140 }),
    ]);
    // November's promise, broken by the daily job, is in a range that includes its day
    const autumn = await ok(`/reports/promises?from=2026-11-01&to=2026-12-07`);
    expect(autumn.totals).toEqual([
      expect.objectContaining({ currency: 'COP', promises: 2, amount: 300000, broken: 1, pending: 1, keptRate: 0 }),
      expect.objectContaining({ currency: 'USD', promises: 2, kept: 2, keptRate: 1, payments: 2 }),
    ]);
  });
});

describe('agents report', () => {
  it("gives each agent's calls, right-party contacts, promises, talk, wrap, idle and pause for the day", async () => {
    const r = await ok(`/reports/agents?${DAY}`);
    expect(r.rows).toEqual([
      { key: env.users.agent2.id, label: 'Agente Dos', calls: 1, rightPartyContacts: 1, promises: 1, promisedAmounts: [{ currency: 'USD', amount: 100 }], talkSeconds: 0, wrapSeconds: 0, idleSeconds: 1800, pauseSeconds: 0 },
      { key: env.users.agent.id, label: 'Agente Uno', calls: 2, rightPartyContacts: 1, promises: 2, promisedAmounts: [{ currency: 'COP', amount: 250000 }, { currency: 'USD', amount: 40 }], talkSeconds: 60, wrapSeconds: 30, idleSeconds: 610, pauseSeconds: 1800 },
    ]);
    const one = await ok(`/reports/agents?${DAY}&agentId=${env.users.agent.id}`);
    expect(one.rows.map((x: { label: string }) => x.label)).toEqual(['Agente Uno']);
  });
});

describe('abandon report', () => {
  it("counts each jurisdiction over its own window: 30 days for the US, 24 h for the UK", async () => {
    const r = await ok(`/reports/abandon?${DAY}`);
    const by = (country: string) => r.rows.find((x: { country: string }) => x.country === country);
    // the window of today ends with the current hour (NOW = 17:20Z)
    expect(by('US')).toMatchObject({ profileId: 'US', windowHours: 720, windowEnd: '2026-12-07T18:00:00.000Z', windowStart: '2026-11-07T18:00:00.000Z', liveAnswers: 3, abandoned: 2, overCap: true });
    expect(by('US').rate).toBeCloseTo(2 / 3, 10);
    expect(by('GB')).toMatchObject({ profileId: 'UK', windowHours: 24, windowStart: '2026-12-06T18:00:00.000Z', liveAnswers: 2, abandoned: 1, rate: 0.5 });
    expect(by('CO')).toMatchObject({ profileId: null, liveAnswers: 1, abandoned: 0, rate: 0, overCap: false });
  });

  it('gives the rolling window ending on each day of the range', async () => {
    const r = await ok(`/reports/abandon?from=2026-12-05&to=2026-12-07&groupBy=campaign&campaignId=${id.c2}`);
    const gb = r.rows.find((x: { country: string }) => x.country === 'GB');
    expect(gb.label).toBe('Exterior "EEUU", Reino Unido');
    expect(gb.series).toEqual([
      { date: '2026-12-05', liveAnswers: 1, abandoned: 1, rate: 1 },
      { date: '2026-12-06', liveAnswers: 0, abandoned: 0, rate: null },
      { date: '2026-12-07', liveAnswers: 2, abandoned: 1, rate: 0.5 },
    ]);
  });
});

describe('CSV export', () => {
  it('downloads a report with Spanish headers, quoted names and a filename', async () => {
    const res = await get(`/reports/contacts.csv?${DAY}&groupBy=campaign`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="reporte-contactos-2026-12-07-a-2026-12-07.csv"');
    expect(res.body.replace(/^\ufeff/, '').split('\r\n')).toEqual([
      'Campaña,Intentos,Contactos,Contactos con el titular,Tasa de contacto,Tasa de contacto con el titular',
      'Campaña Colombia,2,1,1,0.5000,1.0000',
      '"Exterior ""EEUU"", Reino Unido",4,4,1,1.0000,0.2500',
      '',
    ]);
  });

  it('writes English headers with lang=en, and every report has its CSV', async () => {
    const res = await get(`/reports/promises.csv?${DAY}&lang=en`);
    expect(res.headers['content-disposition']).toBe('attachment; filename="report-promises-2026-12-07-to-2026-12-07.csv"');
    const [header, cop] = res.body.replace(/^\ufeff/, '').split('\r\n');
    expect(header).toBe('Group,Currency,Promises,Amount promised,Kept,Broken,Pending,Cancelled,Kept rate,Amount kept,Payments received,Amount paid');
    expect(cop).toBe('All,COP,1,250000.00,0,0,1,0,,0.00,0,0.00');
    for (const name of REPORT_NAMES) {
      const r = await get(`/reports/${name}.csv?${DAY}`);
      expect(r.statusCode, `${name}: ${r.body}`).toBe(200);
      expect(r.body.split('\r\n').length, name).toBeGreaterThan(2);
    }
    const hours = await get(`/reports/contact-hours.csv?${DAY}`);
    expect(hours.body.replace(/^\ufeff/, '').split('\r\n')[0]).toBe(`Segmento,${Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}h`).join(',')}`);
  });
});

describe('access and bad input', () => {
  it('refuses agents (403) and lets supervisors and admins in', async () => {
    for (const url of [`/reports/contacts?${DAY}`, `/reports/agents.csv?${DAY}`]) {
      expect((await get(url, 'agent')).statusCode).toBe(403);
      expect((await get(url, 'admin')).statusCode).toBe(200);
    }
  });

  it('answers 400 naming the field for a bad date, a reversed or too long range, an unknown groupBy or zone', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['from=2026-13-01&to=2026-12-07', '/from', /date/],
      ['from=2026-02-30&to=2026-03-07', '/from', /date/],
      ['from=2026-12-08&to=2026-12-07', '/to', /on or after from/],
      ['from=2025-01-01&to=2026-12-07', '/to', /at most 366/],
      ['from=2026-12-01&to=2026-12-07&groupBy=region', '/groupBy', /one of/],
      ['from=2026-12-01&to=2026-12-07&timeZone=Mars/Olympus', '/timeZone', /IANA/],
      ['to=2026-12-07', '/from', /required/],
    ];
    for (const [q, field, reason] of cases) {
      const res = await get(`/reports/contacts?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json(), q).toMatchObject({ field, in: 'querystring' });
      expect(res.json().reason, q).toMatch(reason);
      expect((await get(`/reports/abandon.csv?${q}`)).statusCode, q).toBe(400);
    }
  });
});
