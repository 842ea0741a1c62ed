// `npm start` on a machine with nothing configured: embedded PGlite, in-process bus and sessions, demo
// data. Runs the real entry point as a child process, like a user would. Slow (PGlite loads in ~9 s).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'cobranza-smoke-'));
let child: ChildProcess | undefined;
let output = '';

const freePort = () =>
  new Promise<number>((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start (embedded mode)', () => {
  it('boots on PGlite with the in-process bus, serves /health and a demo login, and shuts down cleanly', async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', PGLITE_DIR: join(dataDir, 'pglite'), LOG_LEVEL: 'warn', DEMO_ROWS: '60' };
    for (const k of ['DATABASE_URL', 'REDIS_URL', 'ARI_URL', 'SESSION_SECRET', 'NODE_ENV']) delete env[k];
    child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'api/src/server.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const base = `http://127.0.0.1:${port}`;

    let health: Response | undefined;
    for (let i = 0; i < 240 && child.exitCode === null; i++) {
      health = await fetch(`${base}/health`).catch(() => undefined);
      if (health) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(health?.status, output).toBe(200);
    const h = (await health!.json()) as { dependencies: Record<string, { status: string; kind?: string }> };
    expect(h.dependencies.database).toMatchObject({ status: 'ok', kind: 'pglite' });
    expect(h.dependencies.bus).toMatchObject({ status: 'ok', kind: 'in-process' });
    expect(h.dependencies.asterisk!.status).toBe('not_configured');

    expect(output).toMatch(/admin@cobranza\.demo/);
    const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@cobranza.demo', password: 'cobranza-demo' }) });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const debtors = await fetch(`${base}/debtors?pageSize=1`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await debtors.json()) as { total: number }).total).toBeGreaterThan(40);

    const exited = new Promise<number | null>((res) => child!.once('exit', (code) => res(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toMatch(/SIGTERM: shutting down/);
  }, 180_000);
});
