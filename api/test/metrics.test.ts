// The API's /metrics: served on its own listener (METRICS_PORT, loopback) behind METRICS_TOKEN, never on the
// public port; request durations by route pattern with no personal data in any label. And the API's log
// with LOG_FORMAT=json: one parseable object per line (time, level, process, message, fields), phone masked.
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@cobranza/db/testing';
import { has, parseExposition, valueOf } from '../../packages/metrics/test/scrape.js';
import { startServer } from '../src/server.js';
import { loadConfig } from '../src/config.js';
import { makeEnv, testConfig, type TestEnv } from './helpers.js';

const TOKEN = 'api-scrape-token-0123456789';
let t: TestDatabase;
let server: Awaited<ReturnType<typeof startServer>>;
const banner: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase('api_metrics');
  const config = testConfig(`test:api:metrics:${randomBytes(4).toString('hex')}:`, {
    DATABASE_URL: t.url,
    PORT: '0',
    HOST: '127.0.0.1',
    METRICS_PORT: '0',
    METRICS_TOKEN: TOKEN,
    IN_PROCESS_COMPONENTS: 'false',
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'warn',
  });
  const write = process.stdout.write.bind(process.stdout);
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    banner.push(String(chunk));
    return write(chunk, ...(rest as []));
  });
  try {
    server = await startServer(config);
  } finally {
    spy.mockRestore();
  }
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await t?.drop();
});

describe('API /metrics', () => {
  it('is not served on the public port, and refused without its token', async () => {
    const pub = await fetch(`${server.runtime.url}/metrics`);
    expect(pub.status).not.toBe(200);
    expect(await pub.text()).not.toContain('cobranza_');
    const url = server.metrics!.url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(new URL(url).port).not.toBe(new URL(server.runtime.url).port);
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer not-the-token-at-all' } })).status).toBe(401);
  });

  it('times requests by route pattern, never by URL', async () => {
    const scrape = async () => {
      const res = await fetch(server.metrics!.url, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      return res.text();
    };
    const before = parseExposition(await scrape());
    const id = '12345678-1b7d-4c1e-9a55-000000123456';
    expect((await fetch(`${server.runtime.url}/health`)).status).toBeLessThan(600);
    expect((await fetch(`${server.runtime.url}/debtors?phone=%2B573001234567`)).status).toBe(401);
    expect((await fetch(`${server.runtime.url}/debtors/${id}`)).status).toBe(401);
    const text = await scrape();
    for (const secret of ['3001234567', id, 'phone=']) expect(text.includes(secret), secret).toBe(false);
    const after = parseExposition(text);
    const count = (route: string) => valueOf(after, 'cobranza_http_request_duration_seconds_count', { route }) - valueOf(before, 'cobranza_http_request_duration_seconds_count', { route });
    expect(count('/health')).toBe(1);
    expect(count('/debtors')).toBe(1);
    expect(count('/debtors/:id')).toBe(1);
    expect(has(after, 'cobranza_http_request_duration_seconds_count', { route: '/debtors/:id', method: 'GET', status: '401', process: 'api' })).toBe(true);
    expect(has(after, 'nodejs_eventloop_lag_seconds', { process: 'api' })).toBe(true);
  });

  it('LOG_FORMAT=json: the start-up lines are JSON records of process api', () => {
    const records = banner.join('').split('\n').filter((l) => l.includes('"process":"api"')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.some((r) => String(r.message).startsWith('listening on'))).toBe(true);
    expect(records.some((r) => String(r.message).startsWith('metrics on http://127.0.0.1:'))).toBe(true);
    for (const r of records) expect(Object.keys(r).slice(0, 4)).toEqual(['time', 'level', 'process', 'message']);
  });

  it('refuses a metrics listener off loopback without a token (npm start: one JSON error record, exit 1)', () => {
    expect(() => loadConfig({ METRICS_HOST: '0.0.0.0' })).toThrow(/METRICS_TOKEN/);
    const server = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'server.ts');
    const r = spawnSync(process.execPath, ['--import', 'tsx', server], { env: { ...process.env, METRICS_HOST: '0.0.0.0', METRICS_TOKEN: '', LOG_FORMAT: 'json' }, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(1);
    const records = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records).toEqual([{ time: expect.any(String) as unknown, level: 'error', process: 'api', message: expect.stringMatching(/^configuration METRICS_TOKEN: is required when METRICS_HOST is not a loopback/) as unknown }]);
    expect(loadConfig({ METRICS_PORT: 'off' }).metrics).toBeNull();
    expect(loadConfig({}).metrics).toEqual({ host: '127.0.0.1', port: 9464, token: undefined });
  });
});

describe('API request log, LOG_FORMAT=json', () => {
  let env: TestEnv;
  const lines: string[] = [];
  beforeAll(async () => {
    env = await makeEnv('jsonlog', { config: { LOG_FORMAT: 'json' }, deps: { logger: { level: 'info', stream: { write: (l: string) => void lines.push(l) } } } });
  }, 60_000);
  afterAll(async () => env?.close());

  it('writes one parseable record per line with the phone masked', async () => {
    lines.length = 0;
    await env.app.inject({ method: 'GET', url: '/debtors?phone=%2B573001234567', headers: env.auth('agent') });
    expect(lines.length).toBeGreaterThanOrEqual(2);
    const records = lines.map((l) => JSON.parse(l) as { time: string; level: string; process: string; message: string; fields?: { req?: { url?: string } } });
    for (const r of records) {
      expect(r.process).toBe('api');
      expect(['debug', 'info', 'warn', 'error']).toContain(r.level);
      expect(Number.isNaN(Date.parse(r.time))).toBe(false);
    }
    const incoming = records.find((r) => r.message === 'incoming request');
    expect(incoming?.fields?.req?.url).toBe('/debtors?phone=*');
    expect(lines.join('')).not.toMatch(/3001234567|Bearer|authorization/i);
  });
});
