// npm run import:payments -- --portfolio <id or name> FILE [--database-url URL] [--today YYYY-MM-DD]
// Imports a creditor's payments file and prints the same report as the API.
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { importPayments } from '../import/payments.js';
import { ImportError } from '../import/service.js';
import { openDatabase, parseImportArgs, resolvePortfolio } from './import-args.js';

const USAGE = 'usage: npm run import:payments -- --portfolio <id or name> FILE [--database-url postgres://...] [--today YYYY-MM-DD]';

async function main(): Promise<number> {
  const args = parseImportArgs(USAGE);
  if (typeof args === 'number') return args;
  const { file } = args;

  const handle = await openDatabase(args.url);
  if (!handle) return 2;
  try {
    const portfolioId = await resolvePortfolio(handle.db, args.portfolio);
    if (!portfolioId) return 2;
    const started = performance.now();
    const r = await importPayments(handle.db, {
      portfolioId,
      filename: basename(file),
      source: createReadStream(file, { highWaterMark: 1 << 20 }),
      ...(args.today ? { today: args.today } : {}),
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
