// The import's size limit (IMPORT_MAX_BYTES), through the real app on Postgres + Redis, with a limit of
// 4 KiB so that small files go over it.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDefaults } from '@cobranza/db/seed/index';
import { generatePortfolio } from '@cobranza/domain/generator/generate';
import { makeDebtor, makeEnv, makePortfolio, type TestEnv } from '../helpers.js';
import { count, multipart } from './helpers.js';

const TODAY = '2026-11-23';
const LIMIT = 4096;
let env: TestEnv;
let portfolioId: string;

const small = [...generatePortfolio({ rows: 5, seed: 3, today: TODAY })].join('');
/** The 5-row file padded with blank lines (which the reader skips) to exactly `bytes`. */
const sized = (bytes: number) => small + '\n'.repeat(bytes - Buffer.byteLength(small));
// ~40 rows, well over the limit: rows are read and staged before the limit trips
const big = [...generatePortfolio({ rows: 40, seed: 4, today: TODAY })].join('');

beforeAll(async () => {
  env = await makeEnv('imports_limit', { config: { IMPORT_MAX_BYTES: String(LIMIT) } });
  await seedDefaults(env.t.db);
  portfolioId = (await makePortfolio(env.t.db, 'LIM')).id;
}, 60_000);
afterAll(async () => env?.close());

/** A body sent in 1 KiB chunks with no Content-Length, as a streaming client would. */
const streamed = (text: string) => Readable.from((function* () {
  const b = Buffer.from(text);
  for (let i = 0; i < b.length; i += 1024) yield b.subarray(i, i + 1024);
})());

const post = (headers: Record<string, string>, payload: string | Buffer | Readable) =>
  env.app.inject({ method: 'POST', url: `/portfolios/${portfolioId}/imports?today=${TODAY}`, headers: { ...env.auth('supervisor'), ...headers }, payload });

function expectTooLarge(res: Awaited<ReturnType<typeof post>>): void {
  expect(res.statusCode, res.body).toBe(413);
  expect(res.headers['content-type']).toMatch(/application\/json/);
  const body = res.json();
  expect(body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE', field: 'file' });
  expect(body.message).toBe('the file is larger than the import limit of 4 KiB (4096 bytes) (IMPORT_MAX_BYTES): nothing was imported');
  expect(body.i18n.es).toBe('El archivo supera el límite de importación de 4 KiB (4096 bytes): no se importó nada.');
}

async function landed() {
  return { accounts: await count(env.t.db, 'accounts'), debtors: await count(env.t.db, 'debtors'), phones: await count(env.t.db, 'phones') };
}

describe('IMPORT_MAX_BYTES', () => {
  it('refuses a text/csv body whose declared length is over the limit, before reading it', async () => {
    expect(Buffer.byteLength(big)).toBeGreaterThan(LIMIT);
    expectTooLarge(await post({ 'content-type': 'text/csv' }, big));
    expect(await landed()).toEqual({ accounts: 0, debtors: 0, phones: 0 });
    expect(await env.t.db.selectFrom('imports').select('id').execute()).toHaveLength(0);
  });

  it('stops a streamed text/csv body at the limit and rolls the import back', async () => {
    const res = await post({ 'content-type': 'text/csv' }, streamed(big));
    expectTooLarge(res);
    expect(await landed()).toEqual({ accounts: 0, debtors: 0, phones: 0 });
    // the import did start (the body had no length to refuse it by), failed, and is on record with the reason
    const rec = await env.t.db.selectFrom('imports').select(['status', 'error', 'accepted']).execute();
    expect(rec).toHaveLength(1);
    expect(rec[0]).toMatchObject({ status: 'failed', accepted: 0 });
    expect(rec[0]!.error).toMatch(/import limit of 4 KiB.*nothing was imported/);
  });

  it('stops a multipart upload at the same limit', async () => {
    for (const file of [big, sized(LIMIT + 1)]) {
      const { headers, body } = multipart('grande.csv', file);
      expectTooLarge(await post(headers, body));
    }
    expect(await landed()).toEqual({ accounts: 0, debtors: 0, phones: 0 });
  });

  it('takes a file of exactly the limit, in either shape', async () => {
    const exact = sized(LIMIT);
    expect(Buffer.byteLength(exact)).toBe(LIMIT);
    const raw = await post({ 'content-type': 'text/csv' }, streamed(exact));
    expect(raw.statusCode, raw.body).toBe(200);
    expect(raw.json()).toMatchObject({ status: 'completed', totalRows: 5, accepted: 5 });
    const { headers, body } = multipart('grande.csv', exact);
    const form = await post(headers, body);
    expect(form.statusCode, form.body).toBe(200);
    expect(form.json()).toMatchObject({ status: 'completed', totalRows: 5, accepted: 5 });
    expect((await landed()).accounts).toBe(5);
  });
});

describe('IMPORT_MAX_BYTES on the payments import', () => {
  it('answers 413 to a payments file over the limit, streamed or multipart, and lands no payment', async () => {
    const { id: payPortfolio } = await makePortfolio(env.t.db, 'LIMP');
    await makeDebtor(env.t.db, { portfolioId: payPortfolio, doc: '52009001', first: 'Ana', last: 'Ruiz', accounts: [{ ext: 'P1', balance: 900000 }] });
    // good payments, each with its own reference: every one would land if the file were taken
    const rows = Array.from({ length: 200 }, (_, i) => `P1,${1000 + i},2026-11-20,COP,BNK-${i},pse`);
    const file = ['external_id,amount,paid_on,currency,reference,channel', ...rows].join('\n');
    expect(Buffer.byteLength(file)).toBeGreaterThan(LIMIT);
    const postPayments = (headers: Record<string, string>, payload: string | Buffer | Readable) =>
      env.app.inject({ method: 'POST', url: `/portfolios/${payPortfolio}/payment-imports?today=${TODAY}`, headers: { ...env.auth('supervisor'), ...headers }, payload });

    expectTooLarge(await postPayments({ 'content-type': 'text/csv' }, streamed(file)));
    const form = multipart('grande.csv', file);
    expectTooLarge(await postPayments(form.headers, form.body));
    expect(await env.t.db.selectFrom('payments').select('id').execute()).toHaveLength(0);

    // the same rows in a file under the limit are taken: what kept them out was the size alone
    const small = ['external_id,amount,paid_on,currency,reference,channel', ...rows.slice(0, 2)].join('\n');
    const ok = await postPayments({ 'content-type': 'text/csv' }, streamed(small));
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ accepted: 2, inserted: 2, alreadyRecorded: 0 });
  });
});
