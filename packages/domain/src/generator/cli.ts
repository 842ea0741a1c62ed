// npm run generate -- --rows N --out FILE [--country CO|MX|PE] [--seed S] [--bad-rows K] [--today YYYY-MM-DD]
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { type BadRow, generatePortfolio } from './generate.js';

export interface WriteResult {
  rows: number;
  bytes: number;
  badRows: BadRow[];
  seconds: number;
}

/** Writes a generated portfolio to `out`, in ~1 MB writes that respect the stream's back-pressure. */
export async function writePortfolio(out: string, opts: Parameters<typeof generatePortfolio>[0]): Promise<WriteResult> {
  const started = performance.now();
  const stream = createWriteStream(out);
  const badRows: BadRow[] = [];
  let buf = '';
  let bytes = 0;
  for (const line of generatePortfolio(opts, (b) => badRows.push(b))) {
    buf += line;
    if (buf.length >= 1 << 20) {
      bytes += Buffer.byteLength(buf);
      if (!stream.write(buf)) await once(stream, 'drain');
      buf = '';
    }
  }
  bytes += Buffer.byteLength(buf);
  stream.end(buf);
  await once(stream, 'finish');
  return { rows: opts.rows, bytes, badRows, seconds: (performance.now() - started) / 1000 };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '1000' },
      out: { type: 'string' },
      country: { type: 'string', default: 'CO' },
      seed: { type: 'string', default: '42' },
      'bad-rows': { type: 'string', default: '0' },
      today: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const usage = 'usage: npm run generate -- --rows N --out FILE [--country CO|MX|PE] [--seed S] [--bad-rows K] [--today YYYY-MM-DD]';
  if (values.help || !values.out) {
    console.error(usage);
    process.exit(values.help ? 0 : 2);
  }
  const rows = Number(values.rows);
  const badRows = Number(values['bad-rows']);
  const country = values.country!.toUpperCase();
  if (!Number.isInteger(rows) || rows < 0) throw new Error(`--rows: expected a whole number, got ${values.rows}`);
  if (!Number.isInteger(badRows) || badRows < 0) throw new Error(`--bad-rows: expected a whole number, got ${values['bad-rows']}`);
  if (country !== 'CO' && country !== 'MX' && country !== 'PE') throw new Error(`--country: expected CO, MX or PE, got ${values.country}`);
  const today = values.today ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`--today: expected YYYY-MM-DD, got ${today}`);
  const seed = /^\d+$/.test(values.seed!) ? Number(values.seed) : values.seed!;
  const r = await writePortfolio(values.out, { rows, country, seed, badRows, today });
  console.log(
    `wrote ${r.rows} rows (${r.badRows.length} bad) to ${values.out}: ${(r.bytes / 1e6).toFixed(1)} MB in ${r.seconds.toFixed(1)} s ` +
      `(${Math.round(r.rows / r.seconds).toLocaleString('en')} rows/s)`,
  );
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
