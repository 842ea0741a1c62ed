// A separate process that imports a file and reports its progress on stdout, for the tests that kill an
// import mid-way (crash.test.ts). Usage: tsx import-child.ts '{"url"|"pgliteDir": ..., "portfolioId", "file"}'
import { createReadStream } from 'node:fs';
import { connectPglite } from '@cobranza/db';
import { importPortfolio, type ImportDatabase } from '../../src/import/service.js';

const a = JSON.parse(process.argv[2]!) as { url?: string; pgliteDir?: string; portfolioId: string; file: string; batchRows: number; today: string };
const target: ImportDatabase = a.url ? { url: a.url } : { db: (await connectPglite(a.pgliteDir)).db };
let merged = 0;
await importPortfolio(target, {
  portfolioId: a.portfolioId,
  filename: 'crash.csv',
  source: createReadStream(a.file),
  today: a.today,
  batchRows: a.batchRows,
  onProgress: (p) => {
    // a batch has been merged (inside the import's transaction) once the next one starts merging
    if (p.phase === 'merging' && p.step === 'analyze') process.stdout.write(`merging ${++merged}\n`);
  },
});
process.stdout.write('done\n');
