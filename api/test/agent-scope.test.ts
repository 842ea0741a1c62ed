// Agents see the debtors of their campaigns' portfolios only (a house serving several creditors; Ley 1581):
// search, record, history and opt-outs, and the campaign list. Supervisors and admins see every debtor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDebtor, makeEnv, makePortfolio, type TestEnv } from './helpers.js';

let env: TestEnv;
const ids = {} as { mine: string; theirs: string; both: string; campaignMine: string; campaignTheirs: string; bothMineAccount: string; bothTheirAccount: string; theirAccount: string };

beforeAll(async () => {
  env = await makeEnv('scope');
  const db = env.t.db;
  const p1 = await makePortfolio(db, 'BANCO1');
  const p2 = await makePortfolio(db, 'BANCO2');
  ids.mine = (await makeDebtor(db, { portfolioId: p1.id, doc: '1000001', first: 'Marta', last: 'Uno', accounts: [{ ext: 'B1-1', balance: 100 }] })).id;
  const theirs = await makeDebtor(db, { portfolioId: p2.id, doc: '2000002', first: 'Marta', last: 'Dos', phones: ['+573002000002'], accounts: [{ ext: 'B2-1', balance: 200 }] });
  ids.theirs = theirs.id;
  ids.theirAccount = theirs.accounts[0]!;
  // one person owing both creditors: the agent of creditor 1 sees the person and creditor 1's account only
  const both = await makeDebtor(db, { portfolioId: p1.id, doc: '3000003', first: 'Marta', last: 'Tres', accounts: [{ ext: 'B1-2', balance: 300 }] });
  ids.both = both.id;
  ids.bothMineAccount = both.accounts[0]!;
  ids.bothTheirAccount = (
    await db.insertInto('accounts').values({ portfolio_id: p2.id, debtor_id: both.id, external_id: 'B2-2', product: 'tarjeta', currency: 'COP', principal: 5000, balance: 5000 }).returning('id').executeTakeFirstOrThrow()
  ).id;
  for (const account_id of [ids.bothMineAccount, ids.bothTheirAccount]) {
    await db.insertInto('promises').values({ debtor_id: both.id, account_id, amount: 50, currency: 'COP', due_date: '2026-12-20', source: 'agent' }).execute();
  }
  ids.campaignMine = (await db.insertInto('campaigns').values({ name: 'Banco 1', portfolio_id: p1.id }).returning('id').executeTakeFirstOrThrow()).id;
  ids.campaignTheirs = (await db.insertInto('campaigns').values({ name: 'Banco 2', portfolio_id: p2.id }).returning('id').executeTakeFirstOrThrow()).id;
  const put = await env.app.inject({ method: 'PUT', url: `/campaigns/${ids.campaignMine}/agents`, headers: env.auth('supervisor'), payload: { userIds: [env.users.agent.id] } });
  expect(put.statusCode, put.body).toBe(200);
}, 60_000);
afterAll(async () => env?.close());

const get = (url: string, who: 'agent' | 'agent2' | 'supervisor' | 'admin') => env.app.inject({ method: 'GET', url, headers: env.auth(who) });
const found = async (url: string, who: 'agent' | 'agent2' | 'supervisor' | 'admin') => ((await get(url, who)).json().items as Array<{ id: string }>).map((d) => d.id).sort();

describe('an agent', () => {
  it("finds only the debtors of their campaigns' portfolios, by any search", async () => {
    expect(await found('/debtors?name=marta', 'agent')).toEqual([ids.mine, ids.both].sort());
    expect(await found('/debtors?document=2000002', 'agent')).toEqual([]);
    expect(await found('/debtors?phone=3002000002', 'agent')).toEqual([]);
    expect(await found('/debtors?externalId=B2-1', 'agent')).toEqual([]);
    expect(await found('/debtors?q=2000002', 'agent')).toEqual([]);
    expect((await get('/debtors?name=marta', 'agent')).json().total).toBe(2);
  });

  it("sees no balance of another creditor's account of the same person", async () => {
    const item = (await get('/debtors?document=3000003', 'agent')).json().items[0];
    expect(item).toMatchObject({ accounts: 1, totalBalance: { COP: 300 } });
    const record = (await get(`/debtors/${ids.both}`, 'agent')).json();
    expect(record.accounts.map((a: { id: string }) => a.id)).toEqual([ids.bothMineAccount]);
    const history = (await get(`/debtors/${ids.both}/history?kinds=promise`, 'agent')).json().items;
    expect(history.map((i: { accountId: string }) => i.accountId)).toEqual([ids.bothMineAccount]);
    const full = (await get(`/debtors/${ids.both}/history?kinds=promise`, 'supervisor')).json().items;
    expect(full.map((i: { accountId: string }) => i.accountId).sort()).toEqual([ids.bothMineAccount, ids.bothTheirAccount].sort());
  });

  it('gets 404 for an out-of-scope debtor: record, history and opt-out (nothing written)', async () => {
    expect((await get(`/debtors/${ids.theirs}`, 'agent')).statusCode).toBe(404);
    expect((await get(`/debtors/${ids.theirs}/history`, 'agent')).statusCode).toBe(404);
    const optOut = await env.app.inject({ method: 'POST', url: `/debtors/${ids.theirs}/opt-outs`, headers: env.auth('agent'), payload: { channel: 'all' } });
    expect(optOut.statusCode).toBe(404);
    expect(await env.t.db.selectFrom('opt_outs').select('id').where('debtor_id', '=', ids.theirs).execute()).toEqual([]);
    expect((await get(`/debtors/${ids.mine}`, 'agent')).statusCode).toBe(200);
  });

  it('lists and reads only the campaigns assigned to them', async () => {
    expect((await get('/campaigns', 'agent')).json().items.map((c: { id: string }) => c.id)).toEqual([ids.campaignMine]);
    expect((await get(`/campaigns/${ids.campaignTheirs}`, 'agent')).statusCode).toBe(404);
    expect((await get(`/campaigns/${ids.campaignMine}`, 'agent')).statusCode).toBe(200);
  });

  it('with no campaign sees no debtor; on a campaign without a portfolio sees every one', async () => {
    expect(await found('/debtors?name=marta', 'agent2')).toEqual([]);
    expect((await get('/campaigns', 'agent2')).json().items).toEqual([]);
    const everywhere = (await env.t.db.insertInto('campaigns').values({ name: 'Todas' }).returning('id').executeTakeFirstOrThrow()).id;
    await env.app.inject({ method: 'PUT', url: `/campaigns/${everywhere}/agents`, headers: env.auth('admin'), payload: { userIds: [env.users.agent2.id] } });
    expect(await found('/debtors?name=marta', 'agent2')).toEqual([ids.mine, ids.theirs, ids.both].sort());
    await env.app.inject({ method: 'PUT', url: `/campaigns/${everywhere}/agents`, headers: env.auth('admin'), payload: { userIds: [] } });
    expect(await found('/debtors?name=marta', 'agent2')).toEqual([]);
  });
});

describe('a call the agent handled', () => {
  it("opens that debtor and that call's account to the agent who took it, and to no other agent", async () => {
    expect((await get(`/debtors/${ids.theirs}`, 'agent2')).statusCode).toBe(404);
    // an inbound call of creditor 2's debtor routed to agent2 (who works no campaign of creditor 2)
    await env.t.db
      .insertInto('call_attempts')
      .values({ id: 'scope-inbound-1', debtor_id: ids.theirs, account_id: ids.theirAccount, e164: '+573002000002', direction: 'inbound', status: 'bridged', agent_id: env.users.agent2.id })
      .execute();
    const record = await get(`/debtors/${ids.theirs}`, 'agent2');
    expect(record.statusCode).toBe(200);
    expect(record.json().accounts.map((a: { id: string }) => a.id)).toEqual([ids.theirAccount]);
    expect((await get(`/debtors/${ids.theirs}/history`, 'agent2')).statusCode).toBe(200);
    expect((await get(`/debtors/${ids.theirs}`, 'agent')).statusCode).toBe(404);
  });
});

describe('supervisors and admins', () => {
  it('see every debtor, unchanged', async () => {
    for (const who of ['supervisor', 'admin'] as const) {
      expect(await found('/debtors?name=marta', who)).toEqual([ids.mine, ids.theirs, ids.both].sort());
      expect((await get(`/debtors/${ids.theirs}`, who)).statusCode).toBe(200);
      expect((await get(`/debtors/${ids.both}`, who)).json().accounts).toHaveLength(2);
    }
  });

  it('assign agents: only active agents, audited, read back', async () => {
    const bad = await env.app.inject({ method: 'PUT', url: `/campaigns/${ids.campaignTheirs}/agents`, headers: env.auth('supervisor'), payload: { userIds: [env.users.agent2.id, env.users.supervisor.id] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ field: '/userIds/1', reason: 'is not an active agent' });
    expect((await get(`/campaigns/${ids.campaignMine}/agents`, 'supervisor')).json()).toEqual({ userIds: [env.users.agent.id] });
    const audit = await env.t.db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'campaign.agents').execute();
    expect(audit).toContainEqual({ action: 'campaign.agents', entity_id: ids.campaignMine });
    expect((await get(`/campaigns/${ids.campaignMine}/agents`, 'agent')).statusCode).toBe(403);
  });

  it('the choice of agents for a campaign: every active agent, who is assigned, and their other campaigns', async () => {
    const put = (userIds: string[]) => env.app.inject({ method: 'PUT', url: `/campaigns/${ids.campaignTheirs}/agents`, headers: env.auth('admin'), payload: { userIds } });
    expect((await put([env.users.agent2.id])).statusCode).toBe(200);
    const res = await get(`/campaigns/${ids.campaignMine}/agents/choices`, 'supervisor');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { id: string; assigned: boolean; otherCampaigns: string[] }[];
    const mine = items.find((i) => i.id === env.users.agent.id)!;
    const other = items.find((i) => i.id === env.users.agent2.id)!;
    expect(mine.assigned).toBe(true);
    expect(other.assigned).toBe(false);
    expect(items.some((i) => i.id === env.users.supervisor.id)).toBe(false); // only agents are offered
    const theirName = (await env.t.db.selectFrom('campaigns').select('name').where('id', '=', ids.campaignTheirs).executeTakeFirstOrThrow()).name;
    expect(other.otherCampaigns).toEqual([theirName]);
    expect((await get(`/campaigns/${ids.campaignMine}/agents/choices`, 'agent')).statusCode).toBe(403);
    expect((await get(`/campaigns/00000000-0000-4000-8000-000000000000/agents/choices`, 'admin')).statusCode).toBe(404);
    await put([]);
  });
});
