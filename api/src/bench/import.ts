// npm run bench:import [-- --rows 1000000 --seed 1 --reimport --keep]
// Imports a generated portfolio into a fresh Postgres database and prints rows/second next to the time
// `psql \copy` takes to load the same file into a plain table (the physical floor). Target: ≤ 3× \copy.
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

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '1' },
    reimport: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
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
  const psql = (cmd: string) => {
    const started = performance.now();
    const r = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', t.url, '-c', cmd], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
    return performance.now() - started;
  };
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

  console.log(`\nPortfolio import benchmark: ${fmt(rows)} rows, ${mb.toFixed(0)} MB, Postgres at ${new URL(t.url).host}`);
  console.log(`  psql \\copy into a plain table: ${secs(copyMs)} s (${fmt((rows / copyMs) * 1000)} rows/s)`);
  for (const [label, { ms, r }] of results) {
    console.log(`  ${label}: ${secs(ms)} s, ${fmt((r.totalRows / ms) * 1000)} rows/s, ${(ms / copyMs).toFixed(2)}× \\copy (target ≤ 3×)`);
    console.log(`    accepted ${fmt(r.accepted)}, rejected ${fmt(r.rejected)}; written: ${JSON.stringify(r.merge)}`);
    console.log(`    phases: ${Object.entries(r.timings).map(([k, v]) => `${k} ${secs(v)} s`).join(', ')}`);
  }
} finally {
  if (values.keep) console.log(`kept database ${t.name}`);
  else await t.drop();
}
