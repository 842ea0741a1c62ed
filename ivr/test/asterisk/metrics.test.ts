// The IVR's /metrics on a real call (Asterisk 22, SIPp calling the 24/7 line, Postgres, Redis): a session is
// counted active while it runs and by its outcome once it ends; the caller's number is in no label.
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
});
