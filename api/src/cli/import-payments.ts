// npm run import:payments -- --portfolio <id or name> FILE [--database-url URL] [--today YYYY-MM-DD]
// Imports a creditor's payments file and prints the same report as the API.
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { connectPostgres } from '@cobranza/db';
import { importPayments } from '../import/payments.js';
import { ImportError } from '../import/service.js';

const USAGE = 'usage: npm run import:payments -- --portfolio <id or name> FILE [--database-url postgres://...] [--today YYYY-MM-DD]';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      portfolio: { type: 'string', short: 'p' },
      'database-url': { type: 'string' },
      today: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const file = positionals[0];
  const url = values['database-url'] ?? process.env.DATABASE_URL;
  if (!file || !values.portfolio) {
    console.error(USAGE);
    return 2;
  }
  if (!url) {
    console.error('no database: pass --database-url or set DATABASE_URL');
    return 2;
  }
  try {
    statSync(file);
  } catch {
    console.error(`${file}: no such file`);
    return 2;
  }

  const handle = connectPostgres(url, 2);
  try {
    const p = values.portfolio;
    const matches = await handle.db
      .selectFrom('portfolios')
      .select('id')
      .where((eb) => (UUID.test(p) ? eb.or([eb('id', '=', p), eb('name', '=', p)]) : eb('name', '=', p)))
      .execute();
    if (matches.length !== 1) {
      console.error(matches.length ? `several portfolios are named "${p}": give the id` : `portfolio "${p}" not found (give its id or its exact name)`);
      return 2;
    }
    const started = performance.now();
    const r = await importPayments(handle.db, {
      portfolioId: matches[0]!.id,
      filename: basename(file),
      source: createReadStream(file, { highWaterMark: 1 << 20 }),
      ...(values.today ? { today: values.today } : {}),
    });
    const secs = (performance.now() - started) / 1000;
    console.log(`Importación de pagos ${r.importId} / payments import ${r.importId}: ${r.status}`);
    console.log(`  filas / rows: ${r.totalRows}   aceptadas / accepted: ${r.accepted}   rechazadas / rejected: ${r.rejected}   (${secs.toFixed(1)} s)`);
    console.log(`  pagos nuevos / new payments: ${r.inserted}   ya registrados / already recorded: ${r.alreadyRecorded}`);
    if (r.promises) console.log(`  promesas / promises: ${r.promises.kept} cumplidas / kept, ${r.promises.broken} incumplidas / broken`);
    for (const w of r.warnings) console.log(`  aviso / warning: ${w}`);
    if (r.rejects.length) {
      console.log('  primeros rechazos / first rejects:');
      for (const x of r.rejects.slice(0, 20)) console.log(`    línea ${x.line}, ${x.column}: ${x.reason}${x.value ? ` [${x.value}]` : ''}`);
      if (r.rejected > 20) console.log(`    ... todos en / all at GET /imports/${r.importId}/rejects.csv`);
    }
    return 0;
  } catch (e) {
    console.error(e instanceof ImportError ? e.message : e instanceof Error ? e.stack : String(e));
    return 1;
  } finally {
    await handle.close();
  }
}

process.exitCode = await main();
