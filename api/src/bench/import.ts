// npm run bench:import [-- --rows 1000000 --seed 1 --reimport --keep --skip-floor]
// Imports a generated portfolio into a fresh Postgres database and prints rows/second next to the time
// `psql \copy` takes to load the same file into a plain table (the physical reference). Target: ≤ 3× \copy.
// Then the floor of the data model itself: the rows the import wrote (debtors, accounts, phones,
// documents), already normalised, loaded by `\copy` back into the same tables emptied in one transaction
// (rolled back), with their indexes and foreign keys; and the same into copies of the tables without any
// index or key. No import can be faster than the first of these.
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { seedDefaults } from '@cobranza/db/seed/index';
import { createTestDatabase } from '@cobranza/db/testing';
import { writePortfolio } from '@cobranza/domain/generator/cli';
import { GENERATOR_HEADER } from '@cobranza/domain/generator/generate';
import { importPortfolio, type ImportReport } from '../import/service.js';

const FLOOR_TABLES = {
  debtors: 'id, country, document_type, document_number, first_name, last_name, birth_date, email, locale, region, time_zone, time_zone_candidates, risk_score',
  accounts: 'id, portfolio_id, debtor_id, external_id, product, currency, principal, balance, minimum_payment, opened_on, oldest_due_date, next_due_date, status, segment_id, segment_assigned_at',
  phones: 'id, debtor_id, e164, type, source, consent_automated',
  account_documents: 'id, account_id, kind, name, reference',
} as const;

interface FloorLoad {
  total: number;
  tables: Record<string, number>;
}

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '1' },
    reimport: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'skip-floor': { type: 'boolean', default: false },
  },
});
const rows = Number(values.rows);
const today = new Date().toISOString().slice(0, 10);
const dir = join(tmpdir(), 'cobranza-bench');
mkdirSync(dir, { recursive: true });
const file = join(dir, `portfolio-${rows}-${values.seed}-${today}.csv`);

const secs = (ms: number) => (ms / 1000).toFixed(2);
const fmt = (n: number) => Math.round(n).toLocaleString('en');

if (!existsSync(file)) {
  process.stderr.write(`generating ${fmt(rows)} rows into ${file} ...\n`);
  const g = await writePortfolio(file, { rows, seed: Number(values.seed), today, country: 'CO' });
  process.stderr.write(`  generated in ${g.seconds.toFixed(1)} s (${fmt(rows / g.seconds)} rows/s)\n`);
}
const mb = statSync(file).size / 1e6;

const t = await createTestDatabase('bench_import');
try {
  await seedDefaults(t.db);
  const creditor = await t.db
    .insertInto('creditors')
    .values({ code: 'BENCH', name: 'Bench', business_name: 'Bench S.A.', callback_number: '+576015550000', country: 'CO' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { id: portfolioId } = await t.db
    .insertInto('portfolios')
    .values({ creditor_id: creditor.id, name: 'Bench', country: 'CO', currency: 'COP' })
    .returning('id')
    .executeTakeFirstOrThrow();

  // the physical reference: the same bytes into a plain table of text columns, no checks, no indexes
  const cols = GENERATOR_HEADER.map((c) => `${c} text`).join(', ');
  const psql = (cmd: string) => psqlOn(t.url, cmd);
  psql(`create table copy_reference (${cols})`);
  const copyMs = psql(`\\copy copy_reference from '${file}' with (format csv, header true)`);
  psql('drop table copy_reference');
  process.stderr.write(`psql \\copy: ${secs(copyMs)} s\n`);

  const run = async (label: string): Promise<{ ms: number; r: ImportReport }> => {
    let last = 0;
    const started = performance.now();
    const r = await importPortfolio(
      { url: t.url },
      {
        portfolioId,
        filename: file,
        today,
        source: createReadStream(file, { highWaterMark: 1 << 20 }),
        onProgress: (p) => {
          const now = performance.now();
          if (p.phase !== 'reading' || now - last > 2000) {
            last = now;
            process.stderr.write(`  ${label}: ${p.phase}${p.step ? ` ${p.step}` : ''} ${fmt(p.rows)} rows, ${secs(now - started)} s\n`);
          }
        },
      },
    );
    return { ms: performance.now() - started, r };
  };

  const first = await run('import');
  const results: Array<[string, { ms: number; r: ImportReport }]> = [['import (fresh database)', first]];
  if (values.reimport) results.push(['re-import (same file, idempotent)', await run('re-import')]);
  const floor = values['skip-floor'] ? undefined : await modelFloor(t.url);

  console.log(`\nPortfolio import benchmark: ${fmt(rows)} rows, ${mb.toFixed(0)} MB, Postgres at ${new URL(t.url).host}`);
  console.log(`  psql \\copy into a plain table: ${secs(copyMs)} s (${fmt((rows / copyMs) * 1000)} rows/s)`);
  for (const [label, { ms, r }] of results) {
    console.log(`  ${label}: ${secs(ms)} s, ${fmt((r.totalRows / ms) * 1000)} rows/s, ${(ms / copyMs).toFixed(2)}× \\copy (target ≤ 3×)`);
    console.log(`    accepted ${fmt(r.accepted)}, rejected ${fmt(r.rejected)}; written: ${JSON.stringify(r.merge)}`);
    console.log(`    phases: ${Object.entries(r.timings).map(([k, v]) => `${k} ${secs(v)} s`).join(', ')}`);
  }
  if (floor) {
    const x = (ms: number) => `${secs(ms)} s, ${(ms / copyMs).toFixed(2)}× \\copy`;
    console.log(`  floor of the data model: the ${fmt(floor.rows)} rows the import wrote, normalised, by \\copy back into their tables (emptied in the same transaction):`);
    console.log(`    with their indexes and foreign keys: ${x(floor.withKeys.total)} (${Object.entries(floor.withKeys.tables).map(([k, v]) => `${k} ${secs(v)} s`).join(', ')})`);
    console.log(`    into bare copies of the tables (no index, no key): ${x(floor.bare.total)}`);
    console.log(`    the import's own time beyond the first: ${secs(first.ms - floor.withKeys.total)} s`);
  }
} finally {
  if (values.keep) console.log(`kept database ${t.name}`);
  else await t.drop();
}

function psqlOn(url: string, cmd: string): number {
  const started = performance.now();
  const r = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', url, '-c', cmd], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
  return performance.now() - started;
}

/**
 * Times \copy of the imported rows back into their own tables, emptied by a TRUNCATE inside the same
 * transaction (then rolled back, so the import is left as it was): fresh tables with every index and key,
 * and the portfolio and segments the rows point at. Then the same into bare copies of the tables.
 */
async function modelFloor(url: string): Promise<{ rows: number; withKeys: FloorLoad; bare: FloorLoad }> {
  process.stderr.write('measuring the floor of the data model ...\n');
  let rows = 0;
  for (const [table, cols] of Object.entries(FLOOR_TABLES)) {
    const file = join(dir, `floor-${table}.tsv`);
    psqlOn(url, `\\copy (select ${cols} from ${table}) to '${file}'`);
    rows += Number(spawnSync('wc', ['-l', file], { encoding: 'utf8' }).stdout.trim().split(' ')[0]);
  }
  const tables = Object.keys(FLOOR_TABLES) as Array<keyof typeof FLOOR_TABLES>;
  const load = (setup: string, into: (t: string) => string): FloorLoad => {
    const script = ['\\timing on', 'begin;', "set datestyle = 'ISO, YMD';", setup, ...tables.map((t) => `\\copy ${into(t)} (${FLOOR_TABLES[t]}) from '${join(dir, `floor-${t}.tsv`)}'`), 'rollback;'];
    const r = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', url], { input: script.join('\n'), encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
    // the last five timings are the four loads and the rollback
    const times = [...r.stdout.matchAll(/Time: ([0-9.]+) ms/g)].map((m) => Number(m[1])).slice(-5, -1);
    const out: FloorLoad = { total: 0, tables: {} };
    tables.forEach((t, i) => {
      out.tables[t] = times[i] ?? Number.NaN;
      out.total += times[i] ?? Number.NaN;
    });
    return out;
  };
  const withKeys = load(`truncate ${tables.join(', ')} cascade;`, (t) => t);
  const bare = load(tables.map((t) => `create table bare_${t} (like ${t} including defaults);`).join(' '), (t) => `bare_${t}`);
  return { rows, withKeys, bare };
}
