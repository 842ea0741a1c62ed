// The /metrics listener: its own port on loopback by default, a bearer token when configured, refused
// configurations (a non-loopback address without a token).
import { afterAll, describe, expect, it } from 'vitest';
import { metricsListenFromEnv, serveMetrics, startProcessMetrics, type MetricsServer } from '../src/index.js';
import { observeHttpRequest } from '../src/http.js';
import { EventEmitter } from 'node:events';
import { dialerMetrics } from '../src/index.js';
import { has, parseExposition, valueOf } from './scrape.js';

const TOKEN = 'scrape-token-0123456789';
const servers: MetricsServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});

describe('metrics listener', () => {
  it('reads its settings: loopback by default, off, a token required off loopback', () => {
    expect(metricsListenFromEnv({}, 9465)).toEqual({ host: '127.0.0.1', port: 9465, token: undefined });
    expect(metricsListenFromEnv({ METRICS_PORT: 'off' }, 9465)).toBeNull();
    expect(metricsListenFromEnv({ METRICS_PORT: '0', METRICS_TOKEN: TOKEN }, 9465)).toEqual({ host: '127.0.0.1', port: 0, token: TOKEN });
    expect(() => metricsListenFromEnv({ METRICS_HOST: '0.0.0.0' }, 9465)).toThrow(/METRICS_TOKEN.*required/);
    expect(metricsListenFromEnv({ METRICS_HOST: '0.0.0.0', METRICS_TOKEN: TOKEN }, 9465)?.host).toBe('0.0.0.0');
    expect(() => metricsListenFromEnv({ METRICS_PORT: '70000' }, 9465)).toThrow(/METRICS_PORT/);
    expect(() => metricsListenFromEnv({ METRICS_TOKEN: 'short' }, 9465)).toThrow(/at least 16/);
  });

  it('serves /metrics with the default metrics, refuses a scrape without the token, and nothing else', async () => {
    startProcessMetrics('test');
    observeHttpRequest('GET', '/debtors/:id', 200, 0.012);
    const s = await serveMetrics({ host: '127.0.0.1', port: 0, token: TOKEN });
    servers.push(s);
    expect((await fetch(s.url)).status).toBe(401);
    expect((await fetch(s.url, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    expect((await fetch(s.url.replace('/metrics', '/'), { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    const res = await fetch(s.url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const samples = parseExposition(await res.text());
    // prom-client's default metrics: the event-loop lag among them
    expect(has(samples, 'nodejs_eventloop_lag_seconds', { process: 'test' })).toBe(true);
    expect(valueOf(samples, 'cobranza_http_request_duration_seconds_count', { route: '/debtors/:id', method: 'GET', status: '200' })).toBe(1);
  });

  it('counts each ARI reconnection of a watched connection until unwatched', async () => {
    const conn = new EventEmitter();
    const ari = { onReconnected: (h: () => void) => (conn.on('reconnected', h), () => void conn.off('reconnected', h)) };
    const count = async () => (await dialerMetrics.ariReconnects.get()).values.reduce((a, v) => a + v.value, 0);
    const before = await count();
    const off = dialerMetrics.countAriReconnects(ari);
    conn.emit('reconnected');
    conn.emit('reconnected');
    off();
    conn.emit('reconnected');
    expect((await count()) - before).toBe(2);
  });
});
