// Input that used to reach Postgres or the stack and come back 500 (a NUL byte, JSON nested 5,000 deep) or a raw
// database error (page=1e20): each is a 400 that names the field and where it was, and writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findInputProblem } from '../src/input-guard.js';
import { makeEnv, type TestEnv } from './helpers.js';

let env: TestEnv;
beforeAll(async () => {
  env = await makeEnv('badinput');
}, 60_000);
afterAll(async () => env?.close());

const nested = (open: string, close: string, depth: number) => open.repeat(depth) + '"x"' + close.repeat(depth);

describe('answered 400, saying what and where', () => {
  it('a NUL byte in a search', async () => {
    for (const [key, value] of [['q', 'ana%00maria'], ['name', 'G%C3%B3mez%00'], ['document', '5212%003456'], ['phone', '300%001234567']]) {
      const res = await env.app.inject({ method: 'GET', url: `/debtors?${key}=${value}`, headers: env.auth('agent') });
      expect(res.statusCode, `${key} ${res.body}`).toBe(400);
      expect(res.json(), key).toMatchObject({ code: 'VALIDATION', field: `/${key}`, in: 'querystring', issue: 'nul_character', i18n: { es: expect.stringMatching(/carácter nulo/), en: expect.stringMatching(/NUL/) } });
    }
  });

  it('a NUL byte in a name, writing nothing', async () => {
    const res = await env.app.inject({
      method: 'POST',
      url: '/creditors',
      headers: env.auth('admin'),
      payload: { code: 'NUL1', name: 'Banco\u0000Uno', businessName: 'Banco Uno S.A.', callbackNumber: '+5716000000', country: 'CO' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: '/name', in: 'body', issue: 'nul_character' });
    expect(await env.t.db.selectFrom('creditors').select('id').where('code', '=', 'NUL1').executeTakeFirst()).toBeUndefined();
  });

  it('a script body nested 5,000 deep (objects or arrays), writing nothing', async () => {
    for (const deep of [nested('{"a":', '}', 5000), nested('[', ']', 5000)]) {
      const res = await env.app.inject({
        method: 'POST',
        url: '/scripts',
        headers: { ...env.auth('admin'), 'content-type': 'application/json' },
        payload: `{"code":"DEEP","name":"Profundo","body":{"opening":"Hola","body":"b","extra":${deep}}}`,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'VALIDATION', in: 'body', issue: 'too_deep', field: expect.stringMatching(/^\/body\/extra\//) });
    }
    expect(await env.t.db.selectFrom('scripts').select('id').where('code', '=', 'DEEP').executeTakeFirst()).toBeUndefined();
  });

  it('page=1e20: the query string and the page named, no database error', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/debtors?q=ana&page=1e20', headers: env.auth('agent') });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'VALIDATION',
      field: '/page',
      in: 'querystring',
      i18n: { es: '/page en la consulta (query string): debe ser como máximo 1000000', en: '/page in the querystring: must be <= 1000000' },
    });
    expect(res.body).not.toMatch(/bigint|22P02|database/);
  });

  it("a number the database cannot hold: where it came from and a plain reason, not the database's wording", async () => {
    const res = await env.app.inject({ method: 'GET', url: '/audit?before=1e20', headers: env.auth('supervisor') });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json(), res.body).toMatchObject({ code: 'VALIDATION', in: 'querystring', reason: expect.stringMatching(/^a (number is out of range|value has the wrong format)$/) });
    expect(res.body).not.toMatch(/bigint|syntax|invalid input/);
  });

  it('a script nested within the limit is still accepted', async () => {
    const res = await env.app.inject({
      method: 'POST',
      url: '/scripts',
      headers: { ...env.auth('admin'), 'content-type': 'application/json' },
      payload: `{"code":"OK20","name":"Anidado","body":{"opening":"Hola","body":"b","extra":${nested('{"a":', '}', 20)}}}`,
    });
    expect(res.statusCode, res.body).toBe(201);
  });
});

describe('findInputProblem', () => {
  it('walks without recursion and leaves streams and buffers alone', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findInputProblem(deep)).toMatchObject({ problem: 'depth' });
    expect(findInputProblem({ 'a/b': { c: 'x\u0000' } })).toEqual({ pointer: '/a~1b/c', problem: 'nul' });
    expect(findInputProblem(Buffer.from([0, 0, 0]))).toBeNull();
    expect(findInputProblem({ ok: ['fine', 1, null, { deeper: true }] })).toBeNull();
  });
});
