// /metrics on its own listener, never on the API's public port: the figures name campaigns and their
// volumes, and a scrape must not be something anyone on the Internet can run. By default it listens on
// 127.0.0.1 only; METRICS_TOKEN adds a bearer token (required when it listens on another address).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { registry } from './registry.js';

export interface MetricsListen {
  host: string;
  /** 0: any free port (tests). */
  port: number;
  /** When set, a scrape must send `Authorization: Bearer <token>`. */
  token: string | undefined;
}

/** Default /metrics ports, one per kind of process so one host can run one of each. */
export const DEFAULT_METRICS_PORTS = { api: 9464, dialer: 9465, ivr: 9466 } as const;

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export class MetricsConfigError extends Error {
  constructor(readonly variable: string, reason: string) {
    super(`configuration ${variable}: ${reason}`);
    this.name = 'MetricsConfigError';
  }
}

/**
 * METRICS_PORT (default per process; `off` serves nothing), METRICS_HOST (default 127.0.0.1) and METRICS_TOKEN.
 * A listener on a non-loopback address without a token is refused: it would publish the figures to the network.
 */
export function metricsListenFromEnv(env: Record<string, string | undefined>, defaultPort: number): MetricsListen | null {
  const raw = env.METRICS_PORT;
  if (raw !== undefined && /^(off|false|no|none)$/i.test(raw)) return null;
  let port = defaultPort;
  if (raw !== undefined && raw !== '') {
    port = Number(raw);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new MetricsConfigError('METRICS_PORT', `must be a port number (0-65535) or off, got "${raw}"`);
  }
  const host = env.METRICS_HOST || '127.0.0.1';
  const token = env.METRICS_TOKEN || undefined;
  if (token !== undefined && token.length < 16) throw new MetricsConfigError('METRICS_TOKEN', 'must be at least 16 characters');
  if (!LOOPBACK.has(host) && !token) throw new MetricsConfigError('METRICS_TOKEN', `is required when METRICS_HOST is not a loopback address (got "${host}")`);
  return { host, port, token };
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!m) return false;
  const a = Buffer.from(m[1]!.trim());
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface MetricsServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves GET /metrics (and nothing else) from the process's registry. */
export async function serveMetrics(opts: MetricsListen): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    if (opts.token && !tokenMatches(req.headers.authorization, opts.token)) {
      res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer realm="metrics"' }).end('unauthorized\n');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(req.method === 'HEAD' ? undefined : text),
      (e: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${e instanceof Error ? e.message : String(e)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${host}:${port}/metrics`,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
