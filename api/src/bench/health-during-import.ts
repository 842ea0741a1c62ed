// `npm start` on the embedded database (a real server process) importing a large file uploaded over HTTP,
// while /health is polled every 50 ms from this process. The test asserts that every poll is answered and
// the event loop is never blocked; `npm run bench:health` prints the latencies against the 200 ms p99 goal.
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writePortfolio } from '@cobranza/domain/generator/cli';
import { DEMO_PASSWORD } from '../demo/seed.js';
import { listening, npmStart, stop } from './npm-start.js';

export interface HealthDuringImport {
  status: number;
  body: Record<string, unknown>;
  failures: string[];
  figures: { rows: number; polls: number; importSeconds: number; p50: number; p99: number; max: number };
}

export async function healthDuringImport(rows: number): Promise<HealthDuringImport> {
  const dir = mkdtempSync(join(tmpdir(), 'cobranza-health-'));
  const file = join(dir, `cartera-${rows}.csv`);
  // the project's generator, as `npm run generate -- --rows N` writes it
  await writePortfolio(file, { rows, country: 'CO', seed: 'health', badRows: 20, today: '2026-11-23' });
  const server = npmStart({ PGLITE_DIR: join(dir, 'pglite'), DEMO_ROWS: '20', IN_PROCESS_COMPONENTS: 'false' });
  try {
    const url = await listening(server);
    const login = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@cobranza.demo', password: DEMO_PASSWORD }) });
    if (login.status !== 200) throw new Error(`login answered ${login.status}`);
    const headers = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
    // a portfolio of its own: the demo's accounts share external ids with the generated file
    const demo = (await (await fetch(`${url}/portfolios`, { headers })).json()) as { items: Array<{ creditorId: string }> };
    const created = await fetch(`${url}/portfolios`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ creditorId: demo.items[0]!.creditorId, name: `Cartera ${rows}`, country: 'CO', currency: 'COP' }),
    });
    if (created.status !== 201) throw new Error(`portfolio creation answered ${created.status}: ${await created.text()}`);
    const portfolioId = ((await created.json()) as { id: string }).id;

    const started = performance.now();
    const upload = fetch(`${url}/portfolios/${portfolioId}/imports?today=2026-11-23`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'text/csv', 'content-length': String(statSync(file).size) },
      // a Node stream is a valid fetch body with duplex 'half'; the DOM types do not say so
      body: createReadStream(file) as unknown as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    let done = false;
    const report = upload.then(async (r) => {
      done = true;
      return { status: r.status, body: (await r.json()) as Record<string, unknown> };
    });
    const latencies: number[] = [];
    const failures: string[] = [];
    while (!done) {
      const t0 = performance.now();
      try {
        const r = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5000) });
        if (r.status !== 200) failures.push(`${r.status}: ${await r.text()}`);
        else await r.arrayBuffer();
      } catch (e) {
        failures.push(String(e));
      }
      latencies.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 50));
    }
    const { status, body } = await report;
    latencies.sort((a, b) => a - b);
    const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
    const figures = {
      rows,
      polls: latencies.length,
      importSeconds: Math.round((performance.now() - started) / 1000),
      p50: Math.round(p(0.5)),
      p99: Math.round(p(0.99)),
      max: Math.round(latencies[latencies.length - 1] ?? 0),
    };
    return { status, body, failures, figures };
  } finally {
    await stop(server);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = Number(process.argv[2] ?? process.env.HEALTH_IMPORT_ROWS ?? 200_000);
  const r = await healthDuringImport(rows);
  console.log(`import: HTTP ${r.status}, ${JSON.stringify({ status: r.body.status, totalRows: r.body.totalRows, rejected: r.body.rejected })}`);
  console.log(`/health every 50 ms during the import of ${rows} rows: p50 ${r.figures.p50} ms, p99 ${r.figures.p99} ms (goal < 200 ms), max ${r.figures.max} ms, ${r.figures.polls} polls, import ${r.figures.importSeconds} s, ${r.failures.length} failed polls`);
  console.log(JSON.stringify(r.figures));
}
