// Personal data stays out of the request log: a session of searches and reads, captured from Fastify's own
// logger at info level, scanned for the debtor's document, phones (any format) and name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskUrl } from '../src/lib/log-redaction.js';
import { makeDebtor, makeEnv, makePortfolio, type TestEnv } from './helpers.js';

const lines: string[] = [];
let env: TestEnv;
let debtorId: string;
let phoneId: string;

beforeAll(async () => {
  env = await makeEnv('logs', { deps: { logger: { level: 'info', stream: { write: (l: string) => void lines.push(l) } } } });
  const p = await makePortfolio(env.t.db);
  const d = await makeDebtor(env.t.db, { portfolioId: p.id, doc: '878806561', first: 'Rosalba', last: 'Quintero Arango', phones: ['+573113093269'], accounts: [{ ext: 'OBL-77123', balance: 1000 }] });
  debtorId = d.id;
  phoneId = d.phones[0]!;
  // the agent works this portfolio, so the searches find the debtor (as in a real session)
  const c = await env.t.db.insertInto('campaigns').values({ name: 'Logs', portfolio_id: p.id }).returning('id').executeTakeFirstOrThrow();
  await env.t.db.insertInto('campaign_agents').values({ campaign_id: c.id, user_id: env.users.agent.id }).execute();
}, 60_000);
afterAll(async () => env?.close());

describe('request log', () => {
  it('shows no full document, phone or name after a session of searches', async () => {
    lines.length = 0;
    const get = (url: string) => env.app.inject({ method: 'GET', url, headers: env.auth('agent') });
    const urls = [
      '/debtors?document=878806561',
      '/debtors?document=878.806.561&page=1',
      '/debtors?phone=3113093269',
      '/debtors?phone=%2B57%20311%20309%203269',
      '/debtors?phone=311-309-3269',
      '/debtors?name=Rosalba%20Quintero',
      '/debtors?name=quintero+arango',
      '/debtors?q=878806561',
      '/debtors?q=Rosalba',
      '/debtors?externalId=OBL-77123',
      '/debtors?phone=31', // too short: a 400 is logged too
      `/debtors/${debtorId}`,
      `/debtors/${debtorId}/history?kinds=call,sms`,
    ];
    for (const url of urls) expect((await get(url)).statusCode, url).toBeLessThan(500);
    expect((await get('/debtors?document=878806561')).json().total).toBe(1);
    await env.app.inject({ method: 'POST', url: `/debtors/${debtorId}/opt-outs`, headers: env.auth('agent'), payload: { channel: 'sms', phoneId, notes: 'Rosalba pidió no recibir SMS' } });
    const log = lines.join('');
    // the log did record the session (so the scan below is not of an empty log)
    expect(lines.filter((l) => l.includes('"url":"/debtors?')).length).toBeGreaterThanOrEqual(urls.length - 2);
    for (const secret of ['878806561', '878.806.561', '3113093269', '311%20309%203269', '311-309-3269', 'Rosalba', 'Quintero', 'quintero', 'Arango', 'arango', 'OBL-77123']) {
      expect(log.includes(secret), secret).toBe(false);
    }
    // what was searched by, and paging, are still there for whoever reads the log
    expect(log).toContain('/debtors?document=*&page=1');
    expect(log).toContain(`/debtors/${debtorId}/history?kinds=call,sms`);
  });

  it('masks every query value except known harmless keys', () => {
    expect(maskUrl('/debtors?q=ana&portfolioId=abc&limit=5&nuevo=x')).toBe('/debtors?q=*&portfolioId=abc&limit=5&nuevo=*');
    expect(maskUrl('/health')).toBe('/health');
    expect(maskUrl('/x?flag&%ZZ=1')).toBe('/x?flag&%ZZ=*');
  });
});
