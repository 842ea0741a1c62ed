// npm run import -- FILE --portfolio <id or name> [--database-url URL] [--today YYYY-MM-DD] [--allow-reassign]
// Without a database URL it works on `npm start`'s embedded database (PGLITE_DIR), while no server has it open.
// Imports a portfolio CSV with a progress bar and prints the same report as the API.
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import cliProgress from 'cli-progress';
import type { DbHandle } from '@cobranza/db';
import { ImportError, importPortfolio } from '../import/service.js';
import { type ImportArgs, openDatabase, parseImportArgs, resolvePortfolio } from './import-args.js';

const USAGE = 'usage: npm run import -- FILE --portfolio <id or name> [--database-url postgres://...] [--today YYYY-MM-DD] [--allow-reassign]';

async function main(): Promise<number> {
  const args = parseImportArgs(USAGE);
  if (typeof args === 'number') return args;
  const { url } = args;
  const handle = await openDatabase(url);
  if (!handle) return 2;
  try {
    return await run(args, handle);
  } finally {
    await handle.close();
  }
}

async function run(args: ImportArgs, handle: DbHandle): Promise<number> {
  const { file, size, url } = args;
  const portfolioId = await resolvePortfolio(handle.db, args.portfolio);
  if (!portfolioId) return 2;

  const bar = new cliProgress.SingleBar(
    { format: '{phase} |{bar}| {percentage}% | {rows} rows | {rate} rows/s', hideCursor: true, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  const started = performance.now();
  bar.start(size, 0, { phase: 'lectura', rows: 0, rate: 0 });
  const phaseName: Record<string, string> = { reading: 'lectura', merging: 'fusión', segmenting: 'segmentación', done: 'listo' };
  try {
    // Postgres: a connection of the import's own (COPY); embedded: the one connection there is
    const report = await importPortfolio(
      url ? { url } : { db: handle.db },
      {
        portfolioId,
        filename: basename(file),
        source: stream,
        ...(args.today ? { today: args.today } : {}),
        allowReassign: args.allowReassign,
        onProgress: (p) => {
          const rate = Math.round(p.rows / ((performance.now() - started) / 1000));
          bar.update(p.phase === 'reading' ? stream.bytesRead : size, { phase: `${phaseName[p.phase] ?? p.phase}${p.step ? ` (${p.step})` : ''}`, rows: p.rows, rate });
        },
      },
    );
    bar.stop();
    const secs = (performance.now() - started) / 1000;
    console.log(`\nImportación ${report.importId} / import ${report.importId}: ${report.status}`);
    console.log(`  filas / rows: ${report.totalRows}   aceptadas / accepted: ${report.accepted}   rechazadas / rejected: ${report.rejected}   (${secs.toFixed(1)} s)`);
    for (const w of report.warnings) console.log(`  aviso / warning: ${w}`);
    if (report.rejects.length) {
      console.log('  primeros rechazos / first rejects:');
      for (const r of report.rejects.slice(0, 20)) console.log(`    línea ${r.line}, ${r.column}: ${r.reason}${r.value ? ` [${r.value}]` : ''}`);
      if (report.rejected > 20) console.log(`    ... todos en / all at GET /imports/${report.importId}/rejects.csv`);
    }
    return 0;
  } catch (e) {
    bar.stop();
    console.error(`\n${e instanceof ImportError ? e.message : e instanceof Error ? e.stack : String(e)}`);
    return 1;
  }
}

process.exitCode = await main();
