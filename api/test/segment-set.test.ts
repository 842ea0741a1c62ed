// The segment editor's API on a real Postgres: preview counts on a known set of accounts, the catch-all
// refusal (nothing written), and saving the set whole (accounts moved to the counts the preview showed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@cobranza/db';
import { makeEnv, type TestEnv } from './helpers.js';
import { createPortfolio } from './import/helpers.js';

let env: TestEnv;
let portfolioId: string;
let otherPortfolioId: string;
const TODAY = '2026-12-01';

async function account(db: Db, portfolio: string, n: number, due: string | null, balance: string) {
  const d = await db
    .insertInto('debtors')
    .values({ country: 'CO', document_type: 'CC', document_number: String(20_000_000 + n), first_name: 'Ana', last_name: 'Ruiz', region: 'Antioquia', time_zone: 'America/Bogota' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('accounts')
    .values({ portfolio_id: portfolio, debtor_id: d.id, external_id: `S-${n}`, product: 'tarjeta_credito', currency: 'COP', principal: balance, balance, oldest_due_date: due })
    .execute();
}

beforeAll(async () => {
  env = await makeEnv('segment_set');
  portfolioId = await createPortfolio(env.t.db);
  otherPortfolioId = await createPortfolio(env.t.db, 'CO', 'COP', 'Otra cartera');
  await account(env.t.db, portfolioId, 1, '2026-11-21', '500000.00'); // 10 days past due
  await account(env.t.db, portfolioId, 2, '2026-11-21', '2000000.00'); // high balance
  await account(env.t.db, portfolioId, 3, '2026-09-01', '100.00'); // 91 days
  await account(env.t.db, portfolioId, 4, null, '100.00'); // nothing due
  await account(env.t.db, portfolioId, 5, '2026-11-01', '999999.99'); // 30 days: the inclusive edge
  await account(env.t.db, otherPortfolioId, 6, '2026-11-21', '100.00');
}, 60_000);
afterAll(async () => env?.close());

const SET = [
  { code: 'alto', name: 'Saldo alto', priority: 10, rules: { balanceMin: 1_000_000 } },
  { code: 'temprana', name: 'Mora temprana', priority: 20, rules: { dpdMin: 1, dpdMax: 30 } },
  { code: 'resto', name: 'Resto', priority: 30, rules: {} },
];

const preview = (body: object) => env.app.inject({ method: 'POST', url: '/segments/preview', headers: env.auth('admin'), payload: body });
const save = (segments: object[]) => env.app.inject({ method: 'PUT', url: '/segments', headers: env.auth('admin'), payload: { segments } });
const storedSegments = () => env.t.db.selectFrom('segments').select(['code', 'priority', 'rules', 'active']).orderBy('code').execute();

describe('segment preview', () => {
  it('counts the accounts each segment of an unsaved set would get, per portfolio, without writing anything', async () => {
    const before = await storedSegments();
    const res = await preview({ segments: SET, portfolioId, today: TODAY });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      today: TODAY,
      portfolioId,
      total: 5,
      counts: [
        { code: 'alto', accounts: 1 },
        { code: 'temprana', accounts: 2 },
        { code: 'resto', accounts: 2 },
      ],
    });
    // all portfolios: the other portfolio's account (10 days, low balance) is early delinquency
    const all = await preview({ segments: SET, today: TODAY });
    expect(all.json().counts).toEqual([
      { code: 'alto', accounts: 1 },
      { code: 'temprana', accounts: 3 },
      { code: 'resto', accounts: 2 },
    ]);
    // a month later the 10-day accounts are past the early bucket
    const later = await preview({ segments: SET, portfolioId, today: '2026-12-31' });
    expect(later.json().counts.map((c: { accounts: number }) => c.accounts)).toEqual([1, 0, 4]);
    expect(await storedSegments()).toEqual(before);
  });

  it('refuses a set without a catch-all, saying why in Spanish and English', async () => {
    const res = await preview({ segments: SET.slice(0, 2), portfolioId, today: TODAY });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.issue).toBe('segment_set_invalid');
    expect(body.problems).toEqual([
      expect.objectContaining({ field: '/segments', i18n: { es: expect.stringContaining('comodín'), en: expect.stringContaining('catch-all') } }),
    ]);
  });

  it('puts each problem of a segment at its field', async () => {
    const bad = [SET[0], { ...SET[1], rules: { dpdMin: 30, dpdMax: 1 } }, { ...SET[2], priority: 10 }];
    const res = await preview({ segments: bad, today: TODAY });
    expect(res.statusCode).toBe(400);
    const fields = res.json().problems.map((p: { field: string }) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['/segments/1/rules/dpdMax', '/segments/2/priority']));
    expect(res.json().problems.find((p: { field: string }) => p.field === '/segments/1/rules/dpdMax').i18n.es).toMatch(/máximo/);
  });

  it('says 404 for an unknown portfolio', async () => {
    const res = await preview({ segments: SET, portfolioId: '00000000-0000-4000-8000-000000000001', today: TODAY });
    expect(res.statusCode).toBe(404);
  });
});

describe('saving a segment set', () => {
  it('refuses a set without a catch-all and writes nothing', async () => {
    const before = await storedSegments();
    const res = await save(SET.slice(0, 2));
    expect(res.statusCode).toBe(400);
    expect(res.json().problems[0].field).toBe('/segments');
    expect(await storedSegments()).toEqual(before);
  });

  it('replaces the set whole, retires segments left out, and moves the accounts where the preview said', async () => {
    const res = await save(SET);
    expect(res.statusCode, res.body).toBe(200);
    const stored = await storedSegments();
    expect(stored.filter((s) => s.active).map((s) => s.code)).toEqual(['alto', 'resto', 'temprana']);
    const list = (await env.app.inject({ method: 'GET', url: '/segments', headers: env.auth('admin') })).json().items as { id: string; code: string; rules: object }[];
    // an edit keeps the rows' ids and retires the one left out
    const edited = list
      .filter((s) => s.code !== 'alto')
      .map((s) => ({ id: s.id, code: s.code, name: s.code, priority: s.code === 'resto' ? 30 : 20, rules: s.rules }));
    const again = await save(edited);
    expect(again.statusCode, again.body).toBe(200);
    const after = await storedSegments();
    expect(after.find((s) => s.code === 'alto')?.active).toBe(false);
    const counts = await env.t.db
      .selectFrom('accounts as a')
      .innerJoin('segments as s', 's.id', 'a.segment_id')
      .select(['s.code'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .groupBy('s.code')
      .execute();
    expect(counts.reduce((n, c) => n + Number(c.n), 0)).toBe(6);
    expect(counts.every((c) => c.code !== 'alto')).toBe(true);
    // an audit entry says who saved the set
    const a = await env.t.db.selectFrom('audit_log').select(['user_id', 'action']).where('action', '=', 'segments.replace').execute();
    expect(a).toHaveLength(2);
    expect(a[0]!.user_id).toBe(env.users.admin.id);
  });

  it('is for admins only', async () => {
    const res = await env.app.inject({ method: 'POST', url: '/segments/preview', headers: env.auth('supervisor'), payload: { segments: SET } });
    expect(res.statusCode).toBe(403);
  });
});
