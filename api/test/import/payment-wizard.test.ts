// What the payments wizard needs from the API: a preview that reads nothing into the database, and a
// history that tells payments imports from portfolio imports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDefaults } from '@cobranza/db/seed/index';
import { generatePortfolio } from '@cobranza/domain/generator/generate';
import { makeEnv, makePortfolio, type TestEnv } from '../helpers.js';

const TODAY = '2026-11-23';
let env: TestEnv;
let portfolioId: string;

beforeAll(async () => {
  env = await makeEnv('payment_wizard');
  await seedDefaults(env.t.db);
  portfolioId = (await makePortfolio(env.t.db, 'PAYW')).id;
}, 60_000);
afterAll(async () => env?.close());

const post = (url: string, payload: string, who: 'admin' | 'agent' = 'admin') => env.app.inject({ method: 'POST', url, headers: { ...env.auth(who), 'content-type': 'text/csv' }, payload });

describe('payments wizard', () => {
  it('previews how the columns map and what the first rows would be rejected for, writing nothing', async () => {
    const csv = 'id_cuenta,valor,fecha_pago,canal\nTC-1,50000,2026-11-01,banco\nTC-2,-5,2026-11-01,banco\n';
    const res = await post(`/portfolios/${portfolioId}/payment-imports/preview?filename=pagos.csv`, csv);
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p.columns).toEqual([
      { header: 'id_cuenta', column: 'external_id' },
      { header: 'valor', column: 'amount' },
      { header: 'fecha_pago', column: 'paid_on' },
      { header: 'canal', column: 'channel' },
    ]);
    expect(p.headerError).toBeNull();
    expect(p.rows[0]).toEqual({ line: 2, values: ['TC-1', '50000', '2026-11-01', 'banco'], errors: [] });
    expect(p.rows[1].errors).toEqual([expect.objectContaining({ column: 'amount' })]);
    expect(await env.t.db.selectFrom('imports').select('id').execute()).toHaveLength(0);
    const header = await post(`/portfolios/${portfolioId}/payment-imports/preview`, 'cuenta,plata\n1,2\n');
    expect(header.json().headerError).toMatch(/external_id|amount|paid_on/);
    expect((await post(`/portfolios/${portfolioId}/payment-imports/preview`, csv, 'agent')).statusCode).toBe(403);
  });

  it('the history says which imports were payments files', async () => {
    const portfolio = [...generatePortfolio({ rows: 20, seed: 3, today: TODAY })].join('');
    expect((await post(`/portfolios/${portfolioId}/imports?today=${TODAY}&filename=cartera.csv`, portfolio)).statusCode).toBe(200);
    expect((await post(`/portfolios/${portfolioId}/payment-imports?today=${TODAY}&filename=pagos.csv`, 'external_id,amount,paid_on\nNO-1,100,2026-11-01\n')).statusCode).toBe(200);
    const res = await env.app.inject({ method: 'GET', url: `/portfolios/${portfolioId}/imports`, headers: env.auth('admin') });
    expect(res.json().items.map((i: { filename: string; kind: string }) => [i.filename, i.kind])).toEqual([
      ['pagos.csv', 'payments'],
      ['cartera.csv', 'portfolio'],
    ]);
  });
});
