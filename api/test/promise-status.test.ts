import { createTestDatabase, type TestDatabase } from '@cobranza/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { importPortfolio } from '../src/import/service.js';
import { updatePromiseStatuses } from '../src/services/promise-status.js';
import { makeDebtor, makePortfolio } from './helpers.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase('api_promises');
}, 60_000);
afterAll(async () => t?.drop());

describe('updatePromiseStatuses (real Postgres)', () => {
  it('marks kept and broken promises from the payments on their account and leaves the rest', async () => {
    const db = t.db;
    const p = await makePortfolio(db);
    const a = await makeDebtor(db, { portfolioId: p.id, doc: '1001', first: 'Ana', last: 'Ruiz', accounts: [{ ext: 'A1', balance: 500000 }, { ext: 'A2', balance: 500000 }] });
    const b = await makeDebtor(db, { portfolioId: p.id, doc: '1002', first: 'Luis', last: 'Mora', accounts: [{ ext: 'B1', balance: 900000 }] });
    const made = new Date('2026-11-01T15:00:00Z'); // 10:00 in Bogotá
    const promise = (debtorId: string, accountId: string, amount: string, due: string, status = 'pending') =>
      db
        .insertInto('promises')
        .values({ debtor_id: debtorId, account_id: accountId, amount, currency: 'COP', due_date: due, source: 'agent', created_at: made, status })
        .returning('id')
        .executeTakeFirstOrThrow()
        .then((r) => r.id);
    const keptEarly = await promise(a.id, a.accounts[0]!, '200000.50', '2026-11-20');
    const brokenShort = await promise(a.id, a.accounts[1]!, '300000', '2026-11-10');
    const stillPending = await promise(b.id, b.accounts[0]!, '100000', '2026-11-14');
    const cancelled = await promise(b.id, b.accounts[0]!, '50000', '2026-11-05', 'cancelled');
    await db
      .insertInto('payments')
      .values([
        { account_id: a.accounts[0]!, amount: '150000', currency: 'COP', paid_on: '2026-11-01', reference: 'r1' },
        { account_id: a.accounts[0]!, amount: '50000.50', currency: 'COP', paid_on: '2026-11-09', reference: 'r2' },
        // paid before the promise was made: it does not count
        { account_id: a.accounts[1]!, amount: '300000', currency: 'COP', paid_on: '2026-10-30', reference: 'r3' },
        { account_id: a.accounts[1]!, amount: '299999.99', currency: 'COP', paid_on: '2026-11-11', reference: 'r4' },
      ])
      .execute();

    const run = await updatePromiseStatuses(db, '2026-11-13', { graceDays: 2, batchSize: 2 });
    expect(run).toEqual({ checked: 3, kept: 1, broken: 1 });
    const status = async (id: string) => (await db.selectFrom('promises').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
    expect(await status(keptEarly)).toBe('kept');
    expect(await status(brokenShort)).toBe('broken');
    expect(await status(stillPending)).toBe('pending');
    expect(await status(cancelled)).toBe('cancelled');

    // the next days: the pending one breaks after due + grace; decided ones never flip back
    expect(await updatePromiseStatuses(db, '2026-11-16', { graceDays: 2 })).toEqual({ checked: 1, kept: 0, broken: 0 });
    expect(await updatePromiseStatuses(db, '2026-11-17', { graceDays: 2 })).toEqual({ checked: 1, kept: 0, broken: 1 });
    expect(await status(stillPending)).toBe('broken');
    await db.insertInto('payments').values({ account_id: a.accounts[1]!, amount: '1', currency: 'COP', paid_on: '2026-11-12', reference: 'late' }).execute();
    expect(await updatePromiseStatuses(db, '2026-11-17', { graceDays: 2 })).toEqual({ checked: 0, kept: 0, broken: 0 });
    expect(await status(brokenShort)).toBe('broken');
  });

  it('runs after each import, with the import day as today', async () => {
    const db = t.db;
    const p = await makePortfolio(db, 'C2');
    const d = await makeDebtor(db, { portfolioId: p.id, doc: '2001', first: 'Eva', last: 'Gil', accounts: [{ ext: 'E1', balance: 400000 }] });
    const { id } = await db
      .insertInto('promises')
      .values({ debtor_id: d.id, account_id: d.accounts[0]!, amount: '100000', currency: 'COP', due_date: '2026-11-02', source: 'agent', created_at: new Date('2026-11-01T15:00:00Z') })
      .returning('id')
      .executeTakeFirstOrThrow();
    const csv =
      'document_type,document_number,first_name,last_name,country,external_id,product,currency,principal,balance,oldest_due_date,phone1\n' +
      'CC,2001,Eva,Gil,CO,E1,tarjeta,COP,400000,400000,2026-10-01,3001234567\n';
    const r = await importPortfolio({ db }, { portfolioId: p.id, filename: 'e.csv', source: Readable.from([csv]), today: '2026-11-10', promiseGraceDays: 3 });
    expect(r.status).toBe('completed');
    expect(r.warnings).toEqual(expect.not.arrayContaining([expect.stringMatching(/promise/)]));
    expect((await db.selectFrom('promises').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('broken');
  });
});
