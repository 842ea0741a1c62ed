// npm run -w @cobranza/api bench:search -- [--rows N]
// Imports N generated rows into a fresh Postgres database, then times the reads an agent does on every
// call: search by document, name, phone and external id, the full record and the history. Prints the
// median and p95 over repeated requests through the real app (inject, no network).
import { parseArgs } from 'node:util';
import { InProcessBus } from '@cobranza/bus';
import { createTestDatabase } from '@cobranza/db/testing';
import { generatePortfolio } from '@cobranza/domain/generator/generate';
import { sql } from 'kysely';
import { buildApp } from '../app.js';
import { MemoryAttemptLimiter } from '../auth/limiter.js';
import { hashPassword } from '../auth/password.js';
import { MemorySessionStore } from '../auth/sessions.js';
import { loadConfig } from '../config.js';
import { importPortfolio } from '../import/service.js';
import { todayIn } from '../lib/values.js';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' }, repeat: { type: 'string', default: '200' } } });
const rows = Number(values.rows);
const repeat = Number(values.repeat);

const t = await createTestDatabase('api_search_bench');
try {
  const db = t.db;
  const c = await db.insertInto('creditors').values({ code: 'B', name: 'B', business_name: 'B', callback_number: '+5716000000', country: 'CO' }).returning('id').executeTakeFirstOrThrow();
  const p = await db.insertInto('portfolios').values({ creditor_id: c.id, name: 'bench', country: 'CO', currency: 'COP' }).returning('id').executeTakeFirstOrThrow();
  const t0 = performance.now();
  const source = (async function* () {
    yield* generatePortfolio({ rows, country: 'CO', seed: 'search-bench', today: todayIn('America/Bogota') });
  })();
  const report = await importPortfolio({ url: t.url }, { portfolioId: p.id, filename: 'bench.csv', source });
  console.log(`imported ${report.accepted} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await sql`analyze`.execute(db);

  const config = loadConfig({ SESSION_SECRET: 'bench-secret-0123456789', CONSOLE_DIR: '/nonexistent' });
  const app = await buildApp({
    db,
    dbKind: 'postgres',
    bus: new InProcessBus(),
    sessions: new MemorySessionStore({ secret: config.sessionSecret, ttlSeconds: 3600 }),
    limiter: new MemoryAttemptLimiter(60),
    config,
    healthChecks: new Map(),
  });
  await db.insertInto('users').values({ email: 'a@b.co', name: 'A', role: 'agent', password_hash: await hashPassword('bench password') }).execute();
  const token = (await app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'a@b.co', password: 'bench password' } })).json().token as string;
  const headers = { authorization: `Bearer ${token}` };

  // samples spread over the table
  const sample = await sql<{ id: string; doc: string; last: string; e164: string; ext: string }>`
    select d.id, d.document_number as doc, d.last_name as last, p.e164, a.external_id as ext
      from debtors d join phones p on p.debtor_id = d.id join accounts a on a.debtor_id = d.id
     order by md5(d.id::text) limit ${repeat}`.execute(db);
  const s = sample.rows;
  const cases: Array<[string, (i: number) => string]> = [
    ['search by document', (i) => `/debtors?document=${s[i]!.doc}`],
    ['search by phone (local format)', (i) => `/debtors?phone=${encodeURIComponent(s[i]!.e164.replace('+57', ''))}`],
    ['search by external id', (i) => `/debtors?externalId=${encodeURIComponent(s[i]!.ext)}`],
    ['search by name (one surname, word index)', (i) => `/debtors?name=${encodeURIComponent(s[i]!.last.split(' ')[0]!)}&pageSize=25`],
    ['debtor record', (i) => `/debtors/${s[i]!.id}`],
    ['debtor history', (i) => `/debtors/${s[i]!.id}/history`],
  ];
  console.log(`${rows.toLocaleString('en')} generated rows; ${s.length} requests per case`);
  for (const [name, url] of cases) {
    const times: number[] = [];
    for (let i = 0; i < s.length; i++) {
      const t1 = performance.now();
      const res = await app.inject({ method: 'GET', url: url(i), headers });
      times.push(performance.now() - t1);
      if (res.statusCode !== 200) throw new Error(`${name}: HTTP ${res.statusCode} ${res.body}`);
    }
    times.sort((a, b) => a - b);
    const q = (f: number) => times[Math.min(times.length - 1, Math.floor(f * times.length))]!.toFixed(1);
    console.log(`${name.padEnd(40)} median ${q(0.5).padStart(7)} ms   p95 ${q(0.95).padStart(7)} ms`);
  }
  await app.close();
} finally {
  await t.drop();
}
