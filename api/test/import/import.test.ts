// The import service against a real Postgres (its own database per file, via createTestDatabase).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDefaults } from '@cobranza/db/seed/index';
import { createTestDatabase, type TestDatabase } from '@cobranza/db/testing';
import { type BadRow, generatePortfolio } from '@cobranza/domain/generator/generate';
import { importPortfolio, ImportError } from '../../src/import/service.js';
import { chunks, count, createPortfolio, HEADER } from './helpers.js';

const TODAY = '2026-11-23';
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase('import_service');
  await seedDefaults(t.db);
}, 60_000);
afterAll(async () => t?.drop());

function generated(rows: number, badRows: number, seed = 9): { text: string; bad: BadRow[] } {
  const bad: BadRow[] = [];
  const text = [...generatePortfolio({ rows, seed, today: TODAY, badRows }, (b) => bad.push(b))].join('');
  return { text, bad };
}

describe('importPortfolio', () => {
  let portfolioId: string;
  const file = generated(3000, 33);

  it('imports the good rows and reports every bad row with its line, column and reason', async () => {
    portfolioId = await createPortfolio(t.db);
    const r = await importPortfolio({ url: t.url }, { portfolioId, filename: 'cartera.csv', source: chunks(file.text), today: TODAY });
    expect(r).toMatchObject({ status: 'completed', totalRows: 3000, accepted: 3000 - 33, rejected: 33 });
    const rejects = await t.db.selectFrom('import_rejects').select(['line', 'column', 'value', 'reason']).where('import_id', '=', r.importId).execute();
    const byLine = new Map<number, typeof rejects>();
    for (const x of rejects) byLine.set(x.line, [...(byLine.get(x.line) ?? []), x]);
    expect([...byLine.keys()].sort((a, b) => a - b)).toEqual(file.bad.map((b) => b.line).sort((a, b) => a - b));
    for (const b of file.bad) {
      const got = byLine.get(b.line)!;
      expect(got.map((x) => x.column), `line ${b.line} (${b.kind})`).toContain(b.column);
      for (const x of got) expect(x.reason.length).toBeGreaterThan(5);
    }
    // phones and ids are masked in the report
    const phone = rejects.find((x) => x.column === 'phone1')!;
    expect(phone.value).toMatch(/^\*+\d{4}$/);
    expect(r.rejects).toHaveLength(33);
    expect(await count(t.db, 'accounts')).toBe(3000 - 33);
    // every account got exactly one segment
    const unsegmented = await t.db.selectFrom('accounts').select('id').where('segment_id', 'is', null).execute();
    expect(unsegmented).toHaveLength(0);
    const imp = await t.db.selectFrom('imports').selectAll().where('id', '=', r.importId).executeTakeFirstOrThrow();
    expect(imp).toMatchObject({ status: 'completed', total_rows: 3000, accepted: 2967, rejected: 33 });
  });

  it('is idempotent: the same file again changes nothing and duplicates nothing', async () => {
    const before = { debtors: await count(t.db, 'debtors'), phones: await count(t.db, 'phones'), docs: await count(t.db, 'account_documents') };
    const r = await importPortfolio({ url: t.url }, { portfolioId, filename: 'cartera.csv', source: chunks(file.text), today: TODAY });
    expect(r).toMatchObject({ totalRows: 3000, accepted: 2967, rejected: 33 });
    expect(r.merge).toMatchObject({ debtorsWritten: 0, accountsWritten: 0, phonesWritten: 0, documentsWritten: 0, segmentsMoved: 0 });
    expect(await count(t.db, 'accounts')).toBe(2967);
    expect({ debtors: await count(t.db, 'debtors'), phones: await count(t.db, 'phones'), docs: await count(t.db, 'account_documents') }).toEqual(before);
  });

  it('updates balances and due dates from an updated file, and the account changes segment', async () => {
    const lines = file.text.split('\n');
    const header = lines[0]!.split(',');
    const col = (name: string) => header.indexOf(name);
    // a good line (not in the bad list) whose row is simple (no quoted fields)
    const badLines = new Set(file.bad.map((b) => b.line));
    const idx = lines.findIndex((l, i) => i > 0 && !badLines.has(i + 1) && !l.includes('"'));
    const f = lines[idx]!.split(',');
    const externalId = f[col('external_id')]!;
    f[col('balance')] = '123.45';
    f[col('minimum_payment')] = '0';
    f[col('opened_on')] = '2020-01-15';
    f[col('oldest_due_date')] = '2026-05-01'; // 206 days past due on TODAY
    f[col('next_due_date')] = '2026-12-01';
    f[col('status')] = 'active';
    lines[idx] = f.join(',');
    const r = await importPortfolio({ url: t.url }, { portfolioId, filename: 'cartera-v2.csv', source: chunks(lines.join('\n')), today: TODAY });
    expect(r).toMatchObject({ accepted: 2967, rejected: 33 });
    expect(r.merge?.accountsWritten).toBe(1);
    const a = await t.db
      .selectFrom('accounts as a')
      .innerJoin('segments as s', 's.id', 'a.segment_id')
      .select(['a.balance', 'a.oldest_due_date', 's.code'])
      .where('a.external_id', '=', externalId)
      .executeTakeFirstOrThrow();
    expect(a).toEqual({ balance: '123.45', oldest_due_date: '2026-05-01', code: 'mora_mas_120' });
    expect(await count(t.db, 'accounts')).toBe(2967);
  });

  it('lands the same rows and rejects when the file is validated across worker threads and merged in batches', async () => {
    const pid = await createPortfolio(t.db, 'CO', 'COP', 'En paralelo');
    const other = generated(3000, 33, 12);
    const r = await importPortfolio({ url: t.url }, { portfolioId: pid, filename: 'paralelo.csv', source: chunks(other.text), today: TODAY, workers: 2, chunkBytes: 16384, batchRows: 700 });
    expect(r).toMatchObject({ status: 'completed', totalRows: 3000, accepted: 2967, rejected: 33 });
    const rejectLines = await t.db.selectFrom('import_rejects').select('line').distinct().where('import_id', '=', r.importId).orderBy('line').execute();
    expect(rejectLines.map((x) => x.line)).toEqual(other.bad.map((b) => b.line).sort((a, b) => a - b));
    const landed = await sql<{ n: number }>`select count(*)::int as n from accounts a join debtors d on d.id = a.debtor_id join phones p on p.debtor_id = d.id where a.portfolio_id = ${pid}`.execute(t.db);
    expect(landed.rows[0]!.n).toBeGreaterThan(2967);
  });

  it('keeps one debtor for two accounts, and reports a repeated external id', async () => {
    const pid = await createPortfolio(t.db, 'CO', 'COP', 'Dos cuentas');
    const csv = [
      HEADER,
      'CC,52.123.456,Lucía,Rincón Peña,CO,Antioquia,TC-1,tarjeta_credito,COP,2000000,1500000,150000,2026-10-20,2026-12-20,3104445566,mobile,si,6044441234,statement:EXT-1,300',
      'CC,52123456,Lucía,Rincón Peña,CO,Antioquia,LB-7,libranza,COP,9000000,8000000,400000,2026-11-10,2026-12-10,310 444 5566,mobile,si,,,',
      'CC,52123456,Lucía,Rincón Peña,CO,Antioquia,TC-1,tarjeta_credito,COP,2000000,1,0,2026-10-20,2026-12-20,3104445566,mobile,si,,,',
    ].join('\n');
    const debtorsBefore = await count(t.db, 'debtors');
    const r = await importPortfolio({ url: t.url }, { portfolioId: pid, filename: 'dos.csv', source: chunks(csv, 7), today: TODAY });
    expect(r).toMatchObject({ totalRows: 3, accepted: 2, rejected: 1 });
    expect(r.rejects).toEqual([{ line: 4, column: 'external_id', value: 'TC-1', reason: 'external_id TC-1 already appears on line 2' }]);
    expect(await count(t.db, 'debtors')).toBe(debtorsBefore + 1);
    const d = await t.db.selectFrom('debtors').select(['id', 'document_number', 'time_zone']).where('document_number', '=', '52123456').executeTakeFirstOrThrow();
    expect(d.time_zone).toBe('America/Bogota');
    const phones = await t.db.selectFrom('phones').select(['e164', 'type', 'consent_automated']).where('debtor_id', '=', d.id).orderBy('e164').execute();
    expect(phones).toEqual([
      { e164: '+573104445566', type: 'mobile', consent_automated: true },
      { e164: '+576044441234', type: 'landline', consent_automated: false },
    ]);
    const accounts = await t.db.selectFrom('accounts').select(['external_id', 'balance']).where('portfolio_id', '=', pid).orderBy('external_id').execute();
    expect(accounts).toEqual([
      { external_id: 'LB-7', balance: '8000000.00' },
      { external_id: 'TC-1', balance: '1500000.00' },
    ]);
  });

  it('merges batch by batch as it would whole: a debtor spread over batches is one, with its last line and all its phones', async () => {
    const pid = await createPortfolio(t.db, 'CO', 'COP', 'Por lotes');
    const csv = [
      HEADER,
      'CC,80111222,Mario,Rojas Díaz,CO,Antioquia,LT-1,tarjeta_credito,COP,2000000,1500000,150000,2026-10-20,2026-12-20,3115550001,mobile,si,,statement:EXT-1,300',
      'CC,79222333,Nora,Gil,CO,Antioquia,LT-2,libranza,COP,900000,800000,40000,2026-11-10,2026-12-10,3115550002,mobile,si,,,',
      'CC,80.111.222,Mario Andrés,Rojas Díaz,CO,Antioquia,LT-3,libranza,COP,9000000,8000000,400000,2026-11-10,2026-12-10,3115550009,mobile,no,6044440001,,',
      'CC,80111222,Mario,Rojas Díaz,CO,Antioquia,LT-1,tarjeta_credito,COP,1,1,0,2026-10-20,2026-12-20,3115550001,mobile,si,,,',
    ].join('\n');
    const debtorsBefore = await count(t.db, 'debtors');
    const r = await importPortfolio({ url: t.url }, { portfolioId: pid, filename: 'lotes.csv', source: chunks(csv, 11), today: TODAY, batchRows: 1 });
    expect(r).toMatchObject({ totalRows: 4, accepted: 3, rejected: 1 });
    expect(r.rejects.map((x) => [x.line, x.column])).toEqual([[5, 'external_id']]);
    expect(await count(t.db, 'debtors')).toBe(debtorsBefore + 2);
    const d = await t.db.selectFrom('debtors').select(['id', 'first_name']).where('document_number', '=', '80111222').executeTakeFirstOrThrow();
    expect(d.first_name).toBe('Mario Andrés');
    const phones = await t.db.selectFrom('phones').select('e164').where('debtor_id', '=', d.id).orderBy('e164').execute();
    expect(phones.map((p) => p.e164)).toEqual(['+573115550001', '+573115550009', '+576044440001']);
    const accounts = await t.db.selectFrom('accounts').select(['external_id', 'debtor_id', 'balance']).where('portfolio_id', '=', pid).orderBy('external_id').execute();
    expect(accounts.map((a) => [a.external_id, a.debtor_id === d.id, a.balance])).toEqual([
      ['LT-1', true, '1500000.00'],
      ['LT-2', false, '800000.00'],
      ['LT-3', true, '8000000.00'],
    ]);
    const docs = await t.db.selectFrom('account_documents as x').innerJoin('accounts as a', 'a.id', 'x.account_id').select(['a.external_id', 'x.reference']).where('a.portfolio_id', '=', pid).execute();
    expect(docs).toEqual([{ external_id: 'LT-1', reference: 'EXT-1' }]);
  });

  it('links a debtor already known from another portfolio, takes the newer data, and adds only the new phone', async () => {
    const pid = await createPortfolio(t.db, 'CO', 'COP', 'Otra cartera');
    const known = await t.db.selectFrom('debtors').select(['id']).where('document_number', '=', '52123456').executeTakeFirstOrThrow();
    const debtorsBefore = await count(t.db, 'debtors');
    const csv = [
      HEADER,
      'CC,52123456,Lucía Andrea,Rincón Peña,CO,Antioquia,CR-9,credito_consumo,COP,500000,400000,40000,2026-11-01,2026-12-01,3104445566,mobile,no,3157778899,,300',
    ].join('\n');
    const r = await importPortfolio({ url: t.url }, { portfolioId: pid, filename: 'otra.csv', source: chunks(csv), today: TODAY });
    expect(r).toMatchObject({ accepted: 1, rejected: 0 });
    expect(await count(t.db, 'debtors')).toBe(debtorsBefore);
    const d = await t.db.selectFrom('debtors').select(['id', 'first_name']).where('document_number', '=', '52123456').executeTakeFirstOrThrow();
    expect(d).toEqual({ id: known.id, first_name: 'Lucía Andrea' });
    const acc = await t.db.selectFrom('accounts').select(['id', 'debtor_id']).where('portfolio_id', '=', pid).executeTakeFirstOrThrow();
    expect(acc.debtor_id).toBe(known.id);
    // a time-ordered id (UUID version 7) from this import: later than the earlier imports' accounts
    expect(acc.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(acc.id.replace(/-/g, '').slice(0, 12), 16)).toBeGreaterThan(Date.now() - 60_000);
    const phones = await t.db.selectFrom('phones').select(['e164', 'consent_automated']).where('debtor_id', '=', known.id).orderBy('e164').execute();
    expect(phones).toEqual([
      { e164: '+573104445566', consent_automated: false },
      { e164: '+573157778899', consent_automated: false },
      { e164: '+576044441234', consent_automated: false },
    ]);
  });

  it('leaves nothing behind when the merge fails midway', async () => {
    const pid = await createPortfolio(t.db, 'CO', 'COP', 'Falla');
    const before = { debtors: await count(t.db, 'debtors'), accounts: await count(t.db, 'accounts'), phones: await count(t.db, 'phones') };
    // a real failure in the last merge statement, after debtors, accounts and phones were written
    await sql`create function fail_docs() returns trigger language plpgsql as $$ begin raise exception 'disk full (simulated)'; end $$`.execute(t.db);
    await sql`create trigger fail_docs before insert on account_documents for each row execute function fail_docs()`.execute(t.db);
    try {
      const other = generated(500, 5, 77);
      const err = await importPortfolio({ url: t.url }, { portfolioId: pid, filename: 'falla.csv', source: chunks(other.text), today: TODAY }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ImportError);
      expect((err as ImportError).message).toMatch(/nothing was imported: .*disk full/);
    } finally {
      await sql`drop trigger fail_docs on account_documents`.execute(t.db);
    }
    expect({ debtors: await count(t.db, 'debtors'), accounts: await count(t.db, 'accounts'), phones: await count(t.db, 'phones') }).toEqual(before);
    const imp = await t.db.selectFrom('imports').selectAll().where('portfolio_id', '=', pid).executeTakeFirstOrThrow();
    expect(imp.status).toBe('failed');
    expect(imp.error).toMatch(/disk full/);
    expect(await t.db.selectFrom('import_rejects').select('id').where('import_id', '=', imp.id).execute()).toHaveLength(0);
  });

  it('refuses a file with a broken header, saying which columns', async () => {
    const pid = await createPortfolio(t.db, 'CO', 'COP', 'Encabezado');
    const err = await importPortfolio({ url: t.url }, { portfolioId: pid, filename: 'x.csv', source: chunks('nombre,saldo\nAna,10\n'), today: TODAY }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).code).toBe('BAD_FILE');
    expect((err as ImportError).message).toMatch(/line 1 \(header\): missing required column\(s\): document_type, document_number/);
  });

  it('works without COPY too (the embedded database path), with the same result', async () => {
    const pid = await createPortfolio(t.db, 'MX', 'MXN', 'Sin copy');
    const bad: BadRow[] = [];
    const text = [...generatePortfolio({ rows: 400, country: 'MX', seed: 4, today: TODAY, badRows: 11 }, (b) => bad.push(b))].join('');
    const r = await importPortfolio({ db: t.db }, { portfolioId: pid, filename: 'mx.csv', source: chunks(text), today: TODAY });
    expect(r).toMatchObject({ totalRows: 400, accepted: 389, rejected: 11 });
    const again = await importPortfolio({ db: t.db }, { portfolioId: pid, filename: 'mx.csv', source: chunks(text), today: TODAY });
    expect(again.merge).toMatchObject({ accountsWritten: 0, debtorsWritten: 0, phonesWritten: 0 });
    const tz = await sql<{ n: number }>`select count(*)::int as n from debtors where country = 'MX' and time_zone <> 'America/Mexico_City'`.execute(t.db);
    expect(tz.rows[0]!.n).toBeGreaterThan(0);
  });
});

describe('the documented example file', () => {
  it('imports its three good rows (two accounts of one debtor) and rejects line 5 with every reason the README lists', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(new URL('../../src/import/examples/cartera-ejemplo.csv', import.meta.url), 'utf8');
    const pid = await createPortfolio(t.db, 'CO', 'COP', 'Ejemplo');
    const r = await importPortfolio({ url: t.url }, { portfolioId: pid, filename: 'cartera-ejemplo.csv', source: chunks(text), today: TODAY });
    expect(r).toMatchObject({ totalRows: 4, accepted: 3, rejected: 1 });
    expect(r.rejects.map((x) => [x.line, x.column, x.value])).toEqual([
      [5, 'document_number', '********50x'],
      [5, 'last_name', ''],
      [5, 'currency', 'XYZ'],
      [5, 'balance', '-5'],
      [5, 'oldest_due_date', '2026-02-30'],
      [5, 'phone1', '*2345'],
      [5, 'documents', 'FAC-1'],
    ]);
    const debtors = await t.db.selectFrom('accounts as a').innerJoin('debtors as d', 'd.id', 'a.debtor_id').select(['d.document_number', 'd.region']).where('a.portfolio_id', '=', pid).execute();
    expect(new Set(debtors.map((d) => d.document_number))).toEqual(new Set(['52123456', '1020304050']));
    expect(debtors.find((d) => d.document_number === '1020304050')!.region).toBe('Bogotá D.C.');
  });
});
