// What an import refuses to let through from a hostile or careless file: cells that would run as formulas
// in a spreadsheet, fields megabytes long, text in another encoding, accounts moved to someone else.
// Real Postgres (a database of its own).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDefaults } from '@cobranza/db/seed/index';
import { createTestDatabase, type TestDatabase } from '@cobranza/db/testing';
import { importPortfolio } from '../../src/import/service.js';
import { rejectsCsv, spreadsheetCell } from '../../src/import/rejects-csv.js';
import { chunks, createPortfolio, HEADER } from './helpers.js';

const TODAY = '2026-11-23';
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase('import_hardening');
  await seedDefaults(t.db);
}, 60_000);
afterAll(async () => t?.drop());

/** A good row of HEADER with the given cells replaced (by column name). */
function row(over: Record<string, string> = {}): string {
  const base: Record<string, string> = {
    document_type: 'CC', document_number: '52123456', first_name: 'Lucía', last_name: 'Rincón Peña', country: 'CO', region: 'Antioquia',
    external_id: 'TC-1', product: 'tarjeta_credito', currency: 'COP', principal: '2000000', balance: '1500000', minimum_payment: '150000',
    oldest_due_date: '2026-10-20', next_due_date: '2026-12-20', phone1: '3104445566', phone1_type: 'mobile', phone1_consent: 'si',
    phone2: '', documents: '', risk_score: '300',
  };
  const cells = { ...base, ...over };
  return HEADER.split(',').map((c) => {
    const v = cells[c] ?? '';
    return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  }).join(',');
}

async function readStream(s: NodeJS.ReadableStream): Promise<string> {
  let out = '';
  for await (const piece of s) out += String(piece);
  return out;
}

describe('rejects.csv', () => {
  it('escapes cells a spreadsheet would run as formulas (OWASP: a leading single quote)', async () => {
    const pid = await createPortfolio(t.db, 'CO', 'COP', 'Formulas');
    const evil = ["=CMD|' /C CALC'!A0", '@SUM(A1)', '=1+2', '+57', '-5', '\t=1+1'];
    const csv = [HEADER, ...evil.map((v, i) => row({ external_id: `F-${i}`, document_number: `5212345${i}`, balance: v }))].join('\n');
    const r = await importPortfolio({ url: t.url }, { portfolioId: pid, filename: 'f.csv', source: chunks(csv), today: TODAY });
    expect(r.rejected).toBe(evil.length);
    const text = (await readStream(rejectsCsv(t.db, r.importId))).replace(/^\ufeff/, '');
    const { parse } = await import('csv-parse/sync');
    const records = parse(text, { columns: true }) as Array<{ line: string; column: string; value: string; reason: string }>;
    const values = records.filter((x) => x.column === 'balance').map((x) => x.value);
    expect(values).toEqual(["'=CMD|' /C CALC'!A0", "'@SUM(A1)", "'=1+2", "'+57", "'-5", "'=1+1"]);
    // the validator trims cells; a tab or carriage return that reaches the file is escaped as well
    expect(['\t=1+1', '\r@x', 'ok'].map(spreadsheetCell)).toEqual(["'\t=1+1", `"'\r@x"`, 'ok']);
    for (const x of records) for (const cell of [x.column, x.value, x.reason]) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});

describe('field lengths', () => {
  it('rejects a row whose field is longer than its column allows, naming the field and the limit, and nothing of it lands', async () => {
    const pid = await createPortfolio(t.db, 'CO', 'COP', 'Largos');
    const huge = 'A'.repeat(1_000_000);
    const csv = [
      HEADER,
      row({ external_id: 'L-1', document_number: '52000001', first_name: huge }),
      row({ external_id: 'L-2', document_number: '52000002', last_name: 'B'.repeat(101) }),
      row({ external_id: 'L-3', document_number: '52000003', first_name: 'C'.repeat(100), email: 'x@y.co' }),
      row({ external_id: 'L-4', document_number: '52000004', documents: `invoice:${'D'.repeat(2001)}` }),
    ].join('\n');
    const r = await importPortfolio({ url: t.url }, { portfolioId: pid, filename: 'largos.csv', source: chunks(csv, 1 << 16), today: TODAY });
    expect(r).toMatchObject({ totalRows: 4, accepted: 1, rejected: 3 });
    expect(r.rejects.map((x) => [x.line, x.column, x.reason])).toEqual([
      [2, 'first_name', 'first_name is 1000000 characters long; at most 100 are allowed'],
      [3, 'last_name', 'last_name is 101 characters long; at most 100 are allowed'],
      [5, 'documents', 'documents is 2009 characters long; at most 2000 are allowed'],
    ]);
    // the report never carries the huge value back
    for (const x of r.rejects) expect((x.value ?? '').length).toBeLessThanOrEqual(41);
    const accounts = await t.db.selectFrom('accounts').select('external_id').where('portfolio_id', '=', pid).execute();
    expect(accounts).toEqual([{ external_id: 'L-3' }]);
  });
});

describe('file encoding', () => {
  it('reads a Windows-1252 (Latin-1) file as such, with a warning, instead of storing "Nu\uFFFDez Jos\uFFFD"', async () => {
    const pid = await createPortfolio(t.db, 'CO', 'COP', 'Latin1');
    const text = [HEADER, row({ external_id: 'W-1', document_number: '71234567', first_name: 'José', last_name: 'Núñez Peña', region: 'Bogotá D.C.' })].join('\r\n');
    // real Windows-1252 bytes as Excel writes them: é = 0xE9, ú = 0xFA, ñ = 0xF1, á = 0xE1
    const bytes = Buffer.from(text, 'latin1');
    expect(bytes.includes(0xf1)).toBe(true);
    const r = await importPortfolio({ url: t.url }, { portfolioId: pid, filename: 'excel.csv', source: (async function* () { yield bytes; })(), today: TODAY });
    expect(r).toMatchObject({ status: 'completed', accepted: 1, rejected: 0 });
    expect(r.warnings).toEqual([expect.stringMatching(/not UTF-8: it was read as Windows-1252 .* from line 1/)]);
    const d = await t.db.selectFrom('debtors').select(['first_name', 'last_name', 'region']).where('document_number', '=', '71234567').executeTakeFirstOrThrow();
    expect(d).toEqual({ first_name: 'José', last_name: 'Núñez Peña', region: 'Bogotá D.C.' });
  });

  it('converts the Windows-1252 characters Latin-1 lacks (curly quotes, the euro sign)', async () => {
    const pid = await createPortfolio(t.db, 'CO', 'COP', 'cp1252');
    const text = [HEADER, row({ external_id: 'W-2', document_number: '71234568', first_name: 'Ana', last_name: 'OXConnor' })].join('\n');
    // 0x92 is the right single quote in Windows-1252 (a control character in Latin-1)
    const bytes = Buffer.from(text, 'latin1');
    bytes[bytes.indexOf('OXConnor') + 1] = 0x92;
    bytes[bytes.indexOf('Ana')] = 0x80;
    const r = await importPortfolio({ url: t.url }, { portfolioId: pid, filename: 'excel2.csv', source: (async function* () { yield bytes; })(), today: TODAY });
    expect(r.accepted).toBe(1);
    const d = await t.db.selectFrom('debtors').select(['first_name', 'last_name']).where('document_number', '=', '71234568').executeTakeFirstOrThrow();
    expect(d).toEqual({ first_name: '€na', last_name: 'O\u2019Connor' });
  });

  it('refuses a UTF-8 file with a stray non-UTF-8 byte, with the line and column, and imports nothing', async () => {
    const pid = await createPortfolio(t.db, 'CO', 'COP', 'Mezcla');
    const good = Buffer.from([HEADER, row({ external_id: 'M-1', document_number: '71234569', first_name: 'Íñigo' }), ''].join('\n'), 'utf8');
    const bad = Buffer.from(row({ external_id: 'M-2', document_number: '71234570', first_name: 'NuXez' }), 'utf8');
    bad[bad.indexOf('NuXez') + 2] = 0xf1;
    const { ImportError } = await import('../../src/import/service.js');
    const err = await importPortfolio({ url: t.url }, { portfolioId: pid, filename: 'mezcla.csv', source: (async function* () { yield Buffer.concat([good, bad]); })(), today: TODAY }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    const col = bad.indexOf(0xf1) + 1;
    expect((err as Error).message).toMatch(new RegExp(`line 3: column ${col}: byte 0xF1 is not UTF-8`));
    expect(await t.db.selectFrom('accounts').select('id').where('portfolio_id', '=', pid).execute()).toEqual([]);
    const imp = await t.db.selectFrom('imports').select(['status', 'error']).where('portfolio_id', '=', pid).executeTakeFirstOrThrow();
    expect(imp).toMatchObject({ status: 'failed', error: expect.stringMatching(/line 3: column \d+/) });
  });
});

describe('accounts that would change hands', () => {
  it('refuses rows that would move an existing account to another person, with line and reason, unless allowReassign (audited)', async () => {
    const pid = await createPortfolio(t.db, 'CO', 'COP', 'Reasignar');
    const first = [HEADER, row({ external_id: 'R-1', document_number: '81111111', first_name: 'Ana' }), row({ external_id: 'R-2', document_number: '82222222', first_name: 'Beto' })].join('\n');
    expect(await importPortfolio({ url: t.url }, { portfolioId: pid, filename: 'r1.csv', source: chunks(first), today: TODAY })).toMatchObject({ accepted: 2 });
    const owner = async (ext: string) =>
      (await t.db.selectFrom('accounts as a').innerJoin('debtors as d', 'd.id', 'a.debtor_id').select('d.document_number').where('a.portfolio_id', '=', pid).where('a.external_id', '=', ext).executeTakeFirstOrThrow()).document_number;

    // R-1 now names another person (83333333); R-2 is unchanged; R-3 is new
    const second = [
      HEADER,
      row({ external_id: 'R-2', document_number: '82222222', first_name: 'Beto', balance: '999', minimum_payment: '0' }),
      row({ external_id: 'R-1', document_number: '83333333', first_name: 'Carla' }),
      row({ external_id: 'R-3', document_number: '83333333', first_name: 'Carla' }),
    ].join('\n');
    const r = await importPortfolio({ url: t.url }, { portfolioId: pid, filename: 'r2.csv', source: chunks(second), today: TODAY });
    expect(r).toMatchObject({ status: 'completed', totalRows: 3, accepted: 2, rejected: 1 });
    expect(r.rejects).toEqual([
      {
        line: 3,
        column: 'document_number',
        value: '*****333',
        reason: 'la cuenta R-1 es de otro deudor (CC *****111): no se reasigna sin allowReassign / account R-1 belongs to another debtor (CC *****111): not moved without allowReassign',
      },
    ]);
    expect(r.warnings).toEqual([expect.stringMatching(/^1 row\(s\) refused: their account belongs to another debtor/)]);
    expect(await owner('R-1')).toBe('81111111');
    expect(await owner('R-3')).toBe('83333333');
    const r2 = await t.db.selectFrom('accounts').select('balance').where('portfolio_id', '=', pid).where('external_id', '=', 'R-2').executeTakeFirstOrThrow();
    expect(r2.balance).toBe('999.00');
    expect(await t.db.selectFrom('audit_log').select('id').where('action', '=', 'import.reassign').execute()).toEqual([]);

    // the same file, with the audited option: the account moves, and the audit log says how many
    const admin = await t.db.insertInto('users').values({ email: 'jefe@cobranza.test', name: 'Jefe', role: 'admin', password_hash: 'x' }).returning('id').executeTakeFirstOrThrow();
    const ok = await importPortfolio({ url: t.url }, { portfolioId: pid, filename: 'r2.csv', source: chunks(second), today: TODAY, allowReassign: true, createdBy: admin.id });
    expect(ok).toMatchObject({ accepted: 3, rejected: 0 });
    expect(await owner('R-1')).toBe('83333333');
    const logged = await t.db.selectFrom('audit_log').select(['user_id', 'entity', 'entity_id', 'details']).where('action', '=', 'import.reassign').execute();
    expect(logged).toEqual([{ user_id: admin.id, entity: 'import', entity_id: ok.importId, details: { portfolioId: pid, accounts: 1 } }]);
  });
});
