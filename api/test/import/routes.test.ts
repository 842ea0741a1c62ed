// The import routes through the real app (Postgres + Redis via the API's test helpers).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDefaults } from '@cobranza/db/seed/index';
import { type BadRow, generatePortfolio } from '@cobranza/domain/generator/generate';
import { makeEnv, makePortfolio, type TestEnv } from '../helpers.js';
import { multipart } from './helpers.js';

const TODAY = '2026-11-23';
let env: TestEnv;
let portfolioId: string;
const bad: BadRow[] = [];
const csv = [...generatePortfolio({ rows: 300, seed: 21, today: TODAY, badRows: 11 }, (b) => bad.push(b))].join('');

beforeAll(async () => {
  env = await makeEnv('imports');
  await seedDefaults(env.t.db);
  portfolioId = (await makePortfolio(env.t.db, 'IMP')).id;
}, 60_000);
afterAll(async () => env?.close());

describe('POST /portfolios/:id/imports', () => {
  it('needs a supervisor or an admin', async () => {
    const url = `/portfolios/${portfolioId}/imports?today=${TODAY}`;
    expect((await env.app.inject({ method: 'POST', url, headers: { 'content-type': 'text/csv' }, payload: csv })).statusCode).toBe(401);
    const asAgent = await env.app.inject({ method: 'POST', url, headers: { ...env.auth('agent'), 'content-type': 'text/csv' }, payload: csv });
    expect(asAgent.statusCode).toBe(403);
    expect(await env.t.db.selectFrom('imports').select('id').execute()).toHaveLength(0);
  });

  let importId: string;
  it('imports a text/csv body, reports the rejects, and the audit log says who imported which file', async () => {
    const res = await env.app.inject({
      method: 'POST',
      url: `/portfolios/${portfolioId}/imports?today=${TODAY}&filename=octubre.csv`,
      headers: { ...env.auth('supervisor'), 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ status: 'completed', totalRows: 300, accepted: 289, rejected: 11 });
    expect(new Set(report.rejects.map((r: { line: number }) => r.line))).toEqual(new Set(bad.map((b) => b.line)));
    importId = report.importId;
    // who imported what: the audit log names the supervisor, the file and the counts
    const audit = await env.app.inject({ method: 'GET', url: '/audit?action=import.create', headers: env.auth('admin') });
    expect(audit.json().items).toMatchObject([
      { userEmail: env.users.supervisor.email, entity: 'import', entityId: importId, details: { portfolioId, filename: 'octubre.csv', totalRows: 300, accepted: 289, rejected: 11 } },
    ]);
  });

  it('takes the same file as a multipart upload, idempotently', async () => {
    const { body, headers } = multipart('octubre.csv', csv);
    const res = await env.app.inject({ method: 'POST', url: `/portfolios/${portfolioId}/imports?today=${TODAY}`, headers: { ...env.auth('admin'), ...headers }, payload: body });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ totalRows: 300, accepted: 289, rejected: 11 });
    const accounts = await env.t.db.selectFrom('accounts').select('id').where('portfolio_id', '=', portfolioId).execute();
    expect(accounts).toHaveLength(289);
  });

  it('says what is wrong with a file it cannot read, and about unknown portfolios', async () => {
    const res = await env.app.inject({
      method: 'POST',
      url: `/portfolios/${portfolioId}/imports`,
      headers: { ...env.auth('supervisor'), 'content-type': 'text/csv' },
      payload: 'nombre,saldo\nAna,10\n',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION', field: 'file' });
    expect(res.json().message).toMatch(/missing required column/);
    const missing = await env.app.inject({
      method: 'POST',
      url: '/portfolios/00000000-0000-4000-8000-000000000000/imports',
      headers: { ...env.auth('supervisor'), 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(missing.statusCode).toBe(404);
  });

  it('serves the import and all its rejects as CSV', async () => {
    const rec = await env.app.inject({ method: 'GET', url: `/imports/${importId}`, headers: env.auth('supervisor') });
    expect(rec.statusCode).toBe(200);
    expect(rec.json()).toMatchObject({ id: importId, portfolioId, filename: 'octubre.csv', status: 'completed', totalRows: 300, accepted: 289, rejected: 11 });
    const file = await env.app.inject({ method: 'GET', url: `/imports/${importId}/rejects.csv`, headers: env.auth('supervisor') });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toMatch(/text\/csv/);
    const lines = file.body.replace(/^\ufeff/, '').trim().split('\n');
    expect(lines[0]).toBe('line,column,value,reason');
    const rejects = await env.t.db.selectFrom('import_rejects').select('id').where('import_id', '=', importId).execute();
    expect(lines).toHaveLength(rejects.length + 1);
    expect((await env.app.inject({ method: 'GET', url: `/imports/${importId}/rejects.csv`, headers: env.auth('agent') })).statusCode).toBe(403);
  });

  it('refuses to move an account to another person unless allowReassign=true, which the audit log records with the user', async () => {
    const lines = csv.trimEnd().split('\n');
    const header = lines[0]!.split(',');
    const badLines = new Set(bad.map((b) => b.line));
    const idx = lines.findIndex((l, i) => i > 0 && !badLines.has(i + 1) && !l.includes('"'));
    const f = lines[idx]!.split(',');
    const externalId = f[header.indexOf('external_id')]!;
    f[header.indexOf('document_type')] = 'CC';
    f[header.indexOf('document_number')] = '98765432';
    const file = `${lines[0]}\n${f.join(',')}\n`;
    const post = (query: string, who: 'supervisor' | 'admin') =>
      env.app.inject({ method: 'POST', url: `/portfolios/${portfolioId}/imports?today=${TODAY}${query}`, headers: { ...env.auth(who), 'content-type': 'text/csv' }, payload: file });

    const refused = await post('', 'supervisor');
    expect(refused.statusCode, refused.body).toBe(200);
    expect(refused.json()).toMatchObject({ accepted: 0, rejected: 1, rejects: [{ line: 2, column: 'document_number', reason: expect.stringContaining(`la cuenta ${externalId} es de otro deudor`) }] });

    const moved = await post('&allowReassign=true', 'admin');
    expect(moved.json()).toMatchObject({ accepted: 1, rejected: 0 });
    const owner = await env.t.db
      .selectFrom('accounts as a')
      .innerJoin('debtors as d', 'd.id', 'a.debtor_id')
      .select('d.document_number')
      .where('a.portfolio_id', '=', portfolioId)
      .where('a.external_id', '=', externalId)
      .executeTakeFirstOrThrow();
    expect(owner.document_number).toBe('98765432');
    const audit = await env.t.db.selectFrom('audit_log').select(['user_id', 'entity_id', 'details']).where('action', '=', 'import.reassign').execute();
    expect(audit).toEqual([{ user_id: env.users.admin.id, entity_id: moved.json().importId, details: { portfolioId, accounts: 1 } }]);
  });
});

describe('the import wizard: preview and history', () => {
  it('previews the column mapping and the first rows with their rejects, writing nothing', async () => {
    const lines = csv.split('\n');
    const header = lines[0]!;
    const good = lines.slice(1, 4);
    const cells = good[0]!.split(',');
    const balanceAt = header.split(',').indexOf('balance');
    cells[balanceAt] = 'mucho';
    const before = (await env.t.db.selectFrom('imports').select('id').execute()).length;
    const res = await env.app.inject({
      method: 'POST',
      url: `/portfolios/${portfolioId}/imports/preview`,
      headers: { ...env.auth('admin'), 'content-type': 'text/csv' },
      payload: [header, ...good, cells.join(','), ...lines.slice(5, 40)].join('\n'),
    });
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p.headerError).toBeNull();
    expect(p.columns[balanceAt]).toEqual({ header: 'balance', column: 'balance' });
    expect(p.rows).toHaveLength(10);
    expect(p.rows.slice(0, 3).map((r: { errors: unknown[] }) => r.errors)).toEqual([[], [], []]);
    expect(p.rows[3]).toMatchObject({ line: 5, errors: [expect.objectContaining({ column: 'balance' })] });
    expect((await env.t.db.selectFrom('imports').select('id').execute()).length).toBe(before);
  });

  it('says which header columns it does not know (and maps aliases such as saldo)', async () => {
    const res = await env.app.inject({
      method: 'POST',
      url: `/portfolios/${portfolioId}/imports/preview`,
      headers: { ...env.auth('supervisor'), 'content-type': 'text/csv' },
      payload: 'tipo_documento,numero_documento,nombres,apellidos,external_id,producto,saldo,telefono1,color_favorito\nCC,123,A,B,X1,tarjeta,10,3001234567,azul\n',
    });
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p.headerError).toMatch(/unknown column\(s\): color_favorito/);
    expect(p.columns.at(-1)).toEqual({ header: 'color_favorito', column: null });
    expect(p.columns.find((c: { header: string }) => c.header === 'saldo').column).toBe('balance');
  });

  it('lists the imports of the portfolio, newest first, with who ran each', async () => {
    const res = await env.app.inject({ method: 'GET', url: `/portfolios/${portfolioId}/imports`, headers: env.auth('supervisor') });
    expect(res.statusCode).toBe(200);
    const items = res.json().items;
    expect(items.length).toBeGreaterThanOrEqual(2);
    expect(items[items.length - 1]).toMatchObject({ filename: 'octubre.csv', status: 'completed', accepted: 289, rejected: 11, createdByEmail: env.users.supervisor.email });
    expect(new Date(items[0].startedAt).getTime()).toBeGreaterThanOrEqual(new Date(items[1].startedAt).getTime());
    const other = await env.app.inject({ method: 'GET', url: '/portfolios/00000000-0000-4000-8000-000000000000/imports', headers: env.auth('supervisor') });
    expect(other.statusCode).toBe(404);
  });
});
