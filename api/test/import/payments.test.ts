// The payments import through the real app (Postgres + Redis via the API's test helpers).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPayments } from '../../src/import/payments.js';
import { ImportError } from '../../src/import/service.js';
import { makeDebtor, makeEnv, makePortfolio, type TestEnv } from '../helpers.js';
import { multipart } from './helpers.js';

const TODAY = '2026-11-23';
let env: TestEnv;
let portfolioId: string;
let debtorId: string;
let acc: Record<'A1' | 'A2' | 'A3' | 'A4', string>;

beforeAll(async () => {
  env = await makeEnv('payments');
  portfolioId = (await makePortfolio(env.t.db, 'PAY')).id;
  const d = await makeDebtor(env.t.db, {
    portfolioId,
    doc: '52001002',
    first: 'Ana',
    last: 'Ruiz',
    accounts: [
      { ext: 'A1', balance: 900000 },
      { ext: 'A2', balance: 500000 },
      { ext: 'A3', balance: 300, currency: 'USD' },
      { ext: 'A4', balance: 400000 },
    ],
  });
  debtorId = d.id;
  const [a1, a2, a3, a4] = d.accounts as [string, string, string, string];
  acc = { A1: a1, A2: a2, A3: a3, A4: a4 };
}, 60_000);
afterAll(async () => env?.close());

const HEADER = 'external_id,amount,paid_on,currency,reference,channel';
const FILE = [
  HEADER,
  'A1,150000,2026-11-20,COP,BNK-1,pse', // 2 good
  'A2,"50000,50",21/11/2026,,,oficina', // 3 good: day-first date, decimal comma, no reference
  'ZZ-9,1000,2026-11-20,,BNK-2,pse', // 4 unknown account
  'A1,0,2026-11-20,,BNK-3,pse', // 5 zero
  'A1,-10,2026-11-20,,BNK-4,pse', // 6 negative
  'A2,100,2026-11-24,,BNK-5,pse', // 7 tomorrow
  'A1,100,2026-11-20,USD,BNK-6,pse', // 8 not the account's currency
  'A3,20.5,2026-11-19,,,', // 9 good: takes the account's USD
  'A1,150000,2026-11-20,COP,BNK-1,pse', // 10 the same payment as line 2
  'A2,50000.5,2026-11-21,COP,,caja', // 11 line 3 again: no reference to tell them apart
].join('\n');

function upload(csv: string, who: 'supervisor' | 'admin' | 'agent' | null = 'supervisor', query = `today=${TODAY}`) {
  return env.app.inject({
    method: 'POST',
    url: `/portfolios/${portfolioId}/payment-imports?${query}`,
    headers: { ...(who ? env.auth(who) : {}), 'content-type': 'text/csv' },
    payload: csv,
  });
}

const payments = () =>
  env.t.db
    .selectFrom('payments')
    .select(['account_id', 'amount', 'currency', 'paid_on', 'reference', 'source'])
    .orderBy('account_id')
    .orderBy('paid_on')
    .execute();

describe('POST /portfolios/:id/payment-imports', () => {
  it('needs a supervisor or an admin: 401 without a session, 403 for an agent, and nothing is recorded', async () => {
    expect((await upload(FILE, null)).statusCode).toBe(401);
    const asAgent = await upload(FILE, 'agent');
    expect(asAgent.statusCode).toBe(403);
    expect(await env.t.db.selectFrom('imports').select('id').execute()).toHaveLength(0);
    expect(await payments()).toHaveLength(0);
  });

  let importId: string;
  it('lands the good rows and reports each bad row with its line, column and reason', async () => {
    const res = await upload(FILE, 'supervisor', `today=${TODAY}&filename=pagos-20261123.csv`);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ status: 'completed', totalRows: 10, accepted: 3, rejected: 7, inserted: 3, alreadyRecorded: 0 });
    expect(r.warnings).toEqual(['the channel column was read but not stored: the payments table has no column for it']);
    expect(r.rejects).toEqual([
      { line: 4, column: 'external_id', value: 'ZZ-9', reason: 'no account with external_id ZZ-9 in this portfolio' },
      { line: 5, column: 'amount', value: '0', reason: 'a payment amount must be greater than 0' },
      { line: 6, column: 'amount', value: '-10', reason: 'a payment amount must be greater than 0' },
      { line: 7, column: 'paid_on', value: '2026-11-24', reason: 'payment date 2026-11-24 is in the future (today is 2026-11-23)' },
      { line: 8, column: 'currency', value: 'USD', reason: 'payment in USD but account A1 is in COP' },
      { line: 10, column: 'reference', value: 'BNK-1', reason: 'reference BNK-1 appears twice for this account: imported from line 2' },
      { line: 11, column: '*', value: '50000.50 2026-11-21', reason: 'same account, amount and date as line 3 and no reference to tell them apart: imported once' },
    ]);
    importId = r.importId;

    const got = await payments();
    expect(got).toHaveLength(3);
    expect(got).toEqual(
      expect.arrayContaining([
        { account_id: acc.A1, amount: '150000.00', currency: 'COP', paid_on: '2026-11-20', reference: 'BNK-1', source: 'import' },
        { account_id: acc.A2, amount: '50000.50', currency: 'COP', paid_on: '2026-11-21', reference: null, source: 'import' },
        { account_id: acc.A3, amount: '20.50', currency: 'USD', paid_on: '2026-11-19', reference: null, source: 'import' },
      ]),
    );
    // the balance stays the creditor's figure from the portfolio file
    const a1 = await env.t.db.selectFrom('accounts').select('balance').where('id', '=', acc.A1).executeTakeFirstOrThrow();
    expect(a1.balance).toBe('900000.00');

    const record = await env.app.inject({ method: 'GET', url: `/imports/${importId}`, headers: env.auth('supervisor') });
    expect(record.json()).toMatchObject({ portfolioId, filename: 'pagos-20261123.csv', status: 'completed', totalRows: 10, accepted: 3, rejected: 7 });
    const csv = await env.app.inject({ method: 'GET', url: `/imports/${importId}/rejects.csv`, headers: env.auth('admin') });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toContain('pagos-20261123-rechazos.csv');
    const lines = csv.body.replace(/^\ufeff/, '').trim().split('\n');
    expect(lines[0]).toBe('line,column,value,reason');
    expect(lines.slice(1).map((l) => Number(l.split(',')[0]))).toEqual([4, 5, 6, 7, 8, 10, 11]);
    expect(lines).toContain('7,paid_on,2026-11-24,payment date 2026-11-24 is in the future (today is 2026-11-23)');
  });

  it('adds nothing when the same file comes again (multipart this time)', async () => {
    const { body, headers } = multipart('pagos-20261123.csv', FILE);
    const res = await env.app.inject({ method: 'POST', url: `/portfolios/${portfolioId}/payment-imports?today=${TODAY}`, headers: { ...env.auth('admin'), ...headers }, payload: body });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ totalRows: 10, accepted: 3, rejected: 7, inserted: 0, alreadyRecorded: 3 });
    expect(await payments()).toHaveLength(3);
  });

  it('refuses a known reference with other figures instead of adding or overwriting it', async () => {
    const res = await upload([HEADER, 'A1,149000,2026-11-20,COP,BNK-1,pse', 'A1,1000,2026-11-20,COP,BNK-7,pse'].join('\n'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ accepted: 1, rejected: 1, inserted: 1 });
    expect(res.json().rejects).toEqual([
      { line: 2, column: 'reference', value: 'BNK-1', reason: 'reference BNK-1 is already recorded on this account as a payment of 150000.00 COP on 2026-11-20' },
    ]);
    const bnk1 = await env.t.db.selectFrom('payments').select('amount').where('reference', '=', 'BNK-1').execute();
    expect(bnk1).toEqual([{ amount: '150000.00' }]);
  });

  it('turns a pending promise into kept once its payment is imported', async () => {
    const promise = await env.t.db
      .insertInto('promises')
      .values({ debtor_id: debtorId, account_id: acc.A4, amount: '120000', currency: 'COP', due_date: '2026-11-25', source: 'agent', created_at: new Date('2026-11-18T15:00:00Z') })
      .returning('id')
      .executeTakeFirstOrThrow();
    const status = async () => (await env.t.db.selectFrom('promises').select('status').where('id', '=', promise.id).executeTakeFirstOrThrow()).status;

    const short = await upload([HEADER, 'A4,100000,2026-11-21,,BNK-40,pse'].join('\n'));
    expect(short.json()).toMatchObject({ inserted: 1, promises: { kept: 0 } });
    expect(await status()).toBe('pending');

    const rest = await upload([HEADER, 'A4,20000,22/11/2026,,BNK-41,pse'].join('\n'));
    expect(rest.statusCode, rest.body).toBe(200);
    expect(rest.json()).toMatchObject({ inserted: 1, promises: { kept: 1, broken: 0 } });
    expect(await status()).toBe('kept');
  });

  it('says what is wrong with a file it cannot read, and about unknown portfolios', async () => {
    const res = await upload('cuenta,valor\nA1,10\n');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION', field: 'file' });
    expect(res.json().message).toMatch(/line 1 \(header\): unknown column\(s\): cuenta/);
    const empty = await upload('');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toMatch(/empty/);
    const missing = await env.app.inject({
      method: 'POST',
      url: '/portfolios/00000000-0000-4000-8000-000000000000/payment-imports',
      headers: { ...env.auth('supervisor'), 'content-type': 'text/csv' },
      payload: FILE,
    });
    expect(missing.statusCode).toBe(404);
  });
});

describe('importPayments', () => {
  it('lands all good rows or none: an upload that breaks off after good rows leaves no payment', async () => {
    const before = (await payments()).length;
    async function* brokenUpload(): AsyncGenerator<Buffer> {
      yield Buffer.from(`${HEADER}\nA2,777,2026-11-22,,BNK-90,pse\nA2,778,2026-11-22,,BNK-91,pse\n`);
      throw new Error('connection reset by peer');
    }
    const err = await importPayments(env.t.db, { portfolioId, filename: 'cortado.csv', source: brokenUpload(), today: TODAY }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).message).toMatch(/nothing was imported: connection reset by peer/);
    expect(await payments()).toHaveLength(before);
    const rec = await env.t.db.selectFrom('imports').select(['status', 'error']).where('filename', '=', 'cortado.csv').executeTakeFirstOrThrow();
    expect(rec).toEqual({ status: 'failed', error: 'connection reset by peer' });
    const orphanRejects = await sql<{ n: number }>`select count(*)::int as n from import_rejects r join imports i on i.id = r.import_id where i.filename = 'cortado.csv'`.execute(env.t.db);
    expect(orphanRejects.rows[0]!.n).toBe(0);
  });
});
