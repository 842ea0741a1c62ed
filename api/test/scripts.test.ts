// Scripts are checked when saved, by the same parser the agent's screen renders them with: an unknown
// variable or a broken placeholder is refused at its section, in both languages, and nothing is written.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEnv, type TestEnv } from './helpers.js';

let env: TestEnv;
beforeAll(async () => {
  env = await makeEnv('scripts');
}, 60_000);
afterAll(async () => env?.close());

const req = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
  env.app.inject({ method, url, headers: env.auth('admin'), ...(payload !== undefined ? { payload: payload as object } : {}) });
const scriptCount = async () => (await sql<{ n: number }>`select count(*)::int as n from scripts`.execute(env.t.db)).rows[0]!.n;

const good = {
  opening: 'Buenos días, ¿hablo con {{nombre_completo}}? Le habla {{agente}} de {{acreedor}}.',
  body: 'Su saldo es {{saldo}}, con {{dias_mora}} días de mora.',
  branches: { already_paid: '¿En qué fecha pagó los {{saldo}}?', other: 'Cuénteme, {{nombre}}.' },
};

describe('saving a script', () => {
  it('refuses an unknown variable at its branch, in Spanish and English, writing nothing', async () => {
    const before = await scriptCount();
    const res = await req('POST', '/scripts', { code: 'MALO', name: 'Malo', body: { ...good, branches: { never_got_bill: 'Le escribimos a {{correo}}.' } } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'VALIDATION',
      in: 'body',
      field: '/body/branches/never_got_bill',
      issue: 'script_invalid',
      i18n: {
        es: expect.stringMatching(/^\/body\/branches\/never_got_bill en el cuerpo: la variable \{\{correo\}\} \(carácter 17\) no existe; se pueden usar: nombre,/),
        en: expect.stringMatching(/^\/body\/branches\/never_got_bill in the body: unknown variable \{\{correo\}\} at character 17;/),
      },
    });
    expect(await scriptCount()).toBe(before);
  });

  it('refuses a placeholder that is never closed or is not a name, at its section', async () => {
    const unclosed = await req('POST', '/scripts', { code: 'MALO2', name: 'Malo', body: { ...good, closing: 'Gracias {{nombre' } });
    expect(unclosed.json()).toMatchObject({ statusCode: 400, field: '/body/closing', reason: '"{{" at character 9 is never closed with "}}"' });
    const dotted = await req('POST', '/scripts', { code: 'MALO3', name: 'Malo', body: { ...good, opening: 'Hola {{debtor.firstName}}' } });
    expect(dotted.json()).toMatchObject({ statusCode: 400, field: '/body/opening', i18n: { es: expect.stringContaining('no es un nombre de variable') } });
  });

  it('an edit with a bad variable leaves the saved script and its version as they were', async () => {
    const created = await req('POST', '/scripts', { code: 'BUENO', name: 'Bueno', locale: 'es-CO', body: good });
    expect(created.statusCode, created.body).toBe(201);
    const { id, version } = created.json() as { id: string; version: number };
    const bad = await req('PATCH', `/scripts/${id}`, { name: 'Renombrado', body: { ...good, body: 'Su saldo: {{balance}}' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('/body/body');
    const after = (await req('GET', `/scripts/${id}`)).json();
    expect(after).toMatchObject({ name: 'Bueno', version, body: { body: good.body } });
    const ok = await req('PATCH', `/scripts/${id}`, { body: { ...good, body: 'Su saldo: {{saldo}}' } });
    expect(ok.json()).toMatchObject({ version: version + 1, body: { body: 'Su saldo: {{saldo}}', branches: good.branches } });
  });
});
