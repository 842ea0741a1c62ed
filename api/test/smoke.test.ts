// `npm start` on a machine with nothing configured: embedded PGlite, in-process bus and sessions, demo
// data. Runs the real entry point as a child process, like a user would. Slow (PGlite loads in ~9 s).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@cobranza/db/testing';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanRedis, REDIS_URL } from './helpers.js';

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

async function waitForHealth(base: string, proc: ChildProcess): Promise<Response | undefined> {
  // a first start may build the console (about a minute on a loaded machine) before it listens
  for (let i = 0; i < 480 && proc.exitCode === null; i++) {
    const res = await fetch(`${base}/health`).catch(() => undefined);
    if (res) return res;
    await new Promise((r) => setTimeout(r, 500));
  }
  return undefined;
}

// one process, as `npm start` runs it: the tsx CLI would relay SIGTERM to a child and, on a loaded
// machine, sometimes kill it before the relay handshake (exit 143 instead of a clean 0)
function spawnServer(env: NodeJS.ProcessEnv): ChildProcess {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'api/src/server.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  return proc;
}

describe('npm start (embedded mode)', () => {
  it('boots on PGlite with the in-process bus, serves /health and a demo login, and shuts down cleanly', async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', PGLITE_DIR: join(dataDir, 'pglite'), LOG_LEVEL: 'warn', DEMO_ROWS: '60' };
    for (const k of ['DATABASE_URL', 'REDIS_URL', 'ARI_URL', 'SESSION_SECRET', 'NODE_ENV']) delete env[k];
    child = spawnServer(env);
    const base = `http://127.0.0.1:${port}`;
    const health = await waitForHealth(base, child);
    expect(health?.status, output).toBe(200);
    const h = (await health!.json()) as { dependencies: Record<string, { status: string; kind?: string }> };
    expect(h.dependencies.database).toMatchObject({ status: 'ok', kind: 'pglite' });
    expect(h.dependencies.bus).toMatchObject({ status: 'ok', kind: 'in-process' });
    expect(h.dependencies.asterisk!.status).toBe('not_configured');
    // the in-process dialer runs on the simulated telephony; the IVR has no Asterisk to share, so SMS only
    expect(h.dependencies.dialer).toMatchObject({ status: 'ok', kind: 'simulated' });
    expect(h.dependencies.ivr).toMatchObject({ kind: 'sms-only' });

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
  }, 330_000);
});

describe('npm start (real services)', () => {
  let t: TestDatabase | undefined;
  const prefix = `test:api:smoke:${process.pid}:`;
  afterAll(async () => {
    const r = new Redis(REDIS_URL);
    await cleanRedis(r, prefix);
    await r.quit();
    await t?.drop();
  });

  it('uses DATABASE_URL, REDIS_URL and ARI_URL when they are set', async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL'); // the embedded server, if its test failed before stopping it
    t = await createTestDatabase('api_smoke');
    const port = await freePort();
    output = '';
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: t.url,
      REDIS_URL,
      REDIS_PREFIX: prefix,
      ARI_URL: process.env.TEST_ARI_URL ?? 'http://127.0.0.1:8088',
      ARI_USER: process.env.TEST_ARI_USER ?? 'cobranza',
      ARI_PASSWORD: process.env.TEST_ARI_PASSWORD ?? 'cobranza-dev-ari',
      // the dialer and the IVR start in-process on the shared Asterisk under a Stasis app of their own (the
      // demo campaign is a draft: nothing is dialed)
      ARI_APP: `smoke-${process.pid}`,
      SESSION_SECRET: 'smoke-secret-0123456789',
      LOG_LEVEL: 'warn',
      DEMO_ROWS: '30',
    };
    const proc = spawnServer(env);
    child = proc;
    const base = `http://127.0.0.1:${port}`;
    const health = await waitForHealth(base, proc);
    expect(health?.status, output).toBe(200);
    const h = (await health!.json()) as { dependencies: Record<string, { status: string; kind?: string }> };
    expect(h.dependencies.database).toMatchObject({ status: 'ok', kind: 'postgres' });
    expect(h.dependencies.bus).toMatchObject({ status: 'ok', kind: 'redis' });
    expect(h.dependencies.sessions).toMatchObject({ status: 'ok', kind: 'redis' });
    expect(h.dependencies.asterisk).toMatchObject({ status: 'ok', kind: 'ari' });
    expect(h.dependencies.dialer).toMatchObject({ status: 'ok', kind: 'ari' });
    // the IVR got the dialer's ARI connection (one WebSocket on the app): calls, not SMS only
    expect(h.dependencies.ivr).toMatchObject({ status: 'ok', kind: 'ari' });
    expect(output).not.toMatch(/no ARI connection given/);
    const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'supervisor@cobranza.demo', password: 'cobranza-demo' }) });
    expect(login.status).toBe(200);
    // the session is in Redis under the deployment's prefix
    const r = new Redis(REDIS_URL);
    const keys = await r.keys(`${prefix}session:*`);
    await r.quit();
    expect(keys.length).toBe(1);
    const users = await t.db.selectFrom('users').select('email').execute();
    expect(users.map((u) => u.email)).toContain('supervisor@cobranza.demo');
    const exited = new Promise<number | null>((res) => proc.once('exit', (code) => res(code)));
    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 180_000);
});
