// A strategy's retry rules are checked by the dialer's own parser when written: an invalid rule is refused
// with the field and the reason in Spanish and English, and nothing is stored.
import { parseRetryRules } from '@cobranza/domain/retry/rules';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEnv, type TestEnv } from './helpers.js';

let env: TestEnv;
beforeAll(async () => {
  env = await makeEnv('retryrules');
}, 60_000);
afterAll(async () => env?.close());

const req = (method: 'POST' | 'PATCH' | 'GET', url: string, payload?: unknown) =>
  env.app.inject({ method, url, headers: env.auth('admin'), ...(payload !== undefined ? { payload: payload as object } : {}) });
const strategies = async () => (await sql<{ n: number }>`select count(*)::int as n from strategies`.execute(env.t.db)).rows[0]!.n;

describe('strategy retry rules are checked when written', () => {
  it('refuses {"busy":"banana","max":-5} with 400 naming the field, and stores nothing', async () => {
    const before = await strategies();
    const res = await req('POST', '/strategies', { code: 'RR1', name: 'Reintentos', retryRules: { busy: 'banana', max: -5 } });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body).toMatchObject({ code: 'VALIDATION', in: 'body', field: '/retryRules/max', issue: 'retry_rules_invalid' });
    expect(body.i18n.es).toBe('Reglas de reintento: /retryRules/max: resultado desconocido (válidos: busy, no_answer, machine, congestion, failed, abandoned, cancelled, invalid_number, maxAttempts)');
    expect(body.i18n.en).toContain('/retryRules/max: unknown outcome');
    expect(await strategies()).toBe(before);
  });

  it('names the nested field: busy as a word, a negative wait, a zero attempt budget', async () => {
    const cases: Array<[unknown, string, string]> = [
      [{ busy: 'banana' }, '/retryRules/busy', 'debe ser un objeto como { "retryMinutes": 10 }'],
      [{ busy: { retryMinutes: -5 } }, '/retryRules/busy/retryMinutes', 'debe ser un número ≥ 0'],
      [{ no_answer: { retryMinutes: 30, maxAttempts: 1.5 } }, '/retryRules/no_answer/maxAttempts', 'debe ser un número entero ≥ 1'],
      [{ maxAttempts: 0 }, '/retryRules/maxAttempts', 'debe ser un número entero ≥ 1'],
    ];
    for (const [rules, field, es] of cases) {
      const res = await req('POST', '/strategies', { code: 'RR2', name: 'Reintentos', retryRules: rules });
      expect(res.statusCode, JSON.stringify(rules)).toBe(400);
      expect(res.json().field).toBe(field);
      expect(res.json().i18n.es).toBe(`Reglas de reintento: ${field}: ${es}`);
    }
  });

  it('stores valid rules as the dialer reads them; a PATCH with bad ones leaves them unchanged', async () => {
    const good = { busy: { retryMinutes: 5, maxAttempts: 3 }, maxAttempts: 4 };
    const created = await req('POST', '/strategies', { code: 'RR3', name: 'Reintentos', retryRules: good });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const bad = await req('PATCH', `/strategies/${id}`, { name: 'cambiado', retryRules: { busy: { retryMinutes: 'soon' } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('/retryRules/busy/retryMinutes');
    const after = (await req('GET', `/strategies/${id}`)).json();
    expect(after.name).toBe('Reintentos');
    expect(after.retryRules).toEqual(good);
    // what was stored is what the dialer will use
    expect(parseRetryRules(after.retryRules).busy).toEqual({ retryMinutes: 5, maxAttempts: 3 });
  });
});
