// npm run import -- FILE --portfolio <id or name> [--database-url URL] [--today YYYY-MM-DD]
// Imports a portfolio CSV with a progress bar and prints the same report as the API.
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { connectPostgres } from '@cobranza/db';
import { ImportError, importPortfolio } from '../import/service.js';

const USAGE = 'usage: npm run import -- FILE --portfolio <id or name> [--database-url postgres://...] [--today YYYY-MM-DD]';
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
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    console.error(`${file}: no such file`);
    return 2;
  }

  const handle = connectPostgres(url, 1);
  let portfolioId: string;
  try {
    const p = values.portfolio;
    const matches = await handle.db
      .selectFrom('portfolios')
      .select(['id', 'name'])
      .where((eb) => (UUID.test(p) ? eb.or([eb('id', '=', p), eb('name', '=', p)]) : eb('name', '=', p)))
      .execute();
    if (matches.length === 0) {
      console.error(`portfolio "${p}" not found (give its id or its exact name)`);
      return 2;
    }
    if (matches.length > 1) {
      console.error(`several portfolios are named "${p}" (${matches.map((m) => m.id).join(', ')}): give the id`);
      return 2;
    }
    portfolioId = matches[0]!.id;
  } finally {
    await handle.close();
  }

  const bar = new cliProgress.SingleBar(
    { format: '{phase} |{bar}| {percentage}% | {rows} rows | {rate} rows/s', hideCursor: true, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  const started = performance.now();
  bar.start(size, 0, { phase: 'lectura', rows: 0, rate: 0 });
  const phaseName: Record<string, string> = { reading: 'lectura', merging: 'fusión', segmenting: 'segmentación', done: 'listo' };
  try {
    const report = await importPortfolio(
      { url },
      {
        portfolioId,
        filename: basename(file),
        source: stream,
        ...(values.today ? { today: values.today } : {}),
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
