// The IVR's /metrics on a real call (Asterisk 22, SIPp calling the 24/7 line, Postgres, Redis): a session is
// counted active while it runs and by its outcome once it ends; the caller's number is in no label.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveMetrics, startProcessMetrics, type MetricsServer } from '@cobranza/metrics';
import { has, parseExposition, valueOf } from '../../../packages/metrics/test/scrape.js';
import { callInbound, makeHarness, sessionFor, type Harness } from './harness.js';

const TOKEN = 'ivr-scrape-token-0123456789';
let h: Harness;
let server: MetricsServer;

beforeAll(async () => {
  startProcessMetrics('ivr');
  h = await makeHarness('metrics');
  server = await serveMetrics({ host: '127.0.0.1', port: 0, token: TOKEN });
});
afterAll(async () => {
  await server?.close();
  await h?.close();
});

async function scrape() {
  const res = await fetch(server.url, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  const text = await res.text();
  expect(text).not.toMatch(/3009998811/);
  return parseExposition(text);
}

async function inboundChannel(timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const id of h.runtime.media.keys()) if (!id.startsWith('ivr-out-')) return id;
    if (Date.now() > deadline) throw new Error(`no inbound call reached the IVR within ${timeoutMs} ms; logs:\n${h.logs.join('\n')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('IVR metrics', () => {
  it('count a session while it runs and by its outcome when the caller hangs up', async () => {
    const before = await scrape();
    const sipp = await callInbound(h, '+573009998811', [{ silenceMs: 60_000 }], 6000);
    try {
      const channelId = await inboundChannel();
      const during = await scrape();
      expect(valueOf(during, 'cobranza_ivr_sessions_active', { process: 'ivr' })).toBe(1);
      const r = await sessionFor(h, channelId);
      const after = await scrape();
      expect(valueOf(after, 'cobranza_ivr_sessions_active')).toBe(0);
      expect(valueOf(after, 'cobranza_ivr_sessions_total', { outcome: r.outcome }) - valueOf(before, 'cobranza_ivr_sessions_total', { outcome: r.outcome })).toBe(1);
      expect(has(after, 'nodejs_eventloop_lag_seconds', { process: 'ivr' })).toBe(true);
      console.log(`ivr session ended: ${r.outcome}`);
    } finally {
      await sipp.stop();
    }
    expect((await fetch(server.url)).status).toBe(401);
  }, 90_000);

  it('ivr/src/main.ts: JSON log lines with LOG_FORMAT=json, /metrics of process ivr behind its token', async () => {
    const main = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'main.ts');
    // no ARI_URL: the SMS-only IVR, enough for its log and its listener
    const child = spawn(process.execPath, ['--import', 'tsx', main], {
      env: { ...process.env, DATABASE_URL: h.tdb.url, REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', REDIS_PREFIX: h.prefix, ARI_URL: '', METRICS_PORT: '0', METRICS_TOKEN: TOKEN, LOG_FORMAT: 'json' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => (out += String(d)));
    child.stderr!.on('data', (d) => (err += String(d)));
    try {
      const deadline = Date.now() + 60_000;
      while (!out.includes('"message":"ready') && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(out, err).toContain('"message":"ready');
      const records = out.trim().split('\n').map((l) => JSON.parse(l) as { time: string; level: string; process: string; message: string; fields?: Record<string, unknown> });
      for (const r of records) expect(r).toMatchObject({ process: 'ivr', level: expect.stringMatching(/^(debug|info|warn|error)$/) as unknown, time: expect.any(String) as unknown });
      const url = String(records.find((r) => r.message === 'metrics served')?.fields?.url);
      expect((await fetch(url)).status).toBe(401);
      const res = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
      const samples = parseExposition(await res.text());
      expect(has(samples, 'cobranza_ivr_sessions_active', { process: 'ivr' })).toBe(true);
      expect(has(samples, 'nodejs_eventloop_lag_seconds', { process: 'ivr' })).toBe(true);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    }
  }, 90_000);
});
