// One call for a process's entry point (dialer/src/main.ts, the IVR's): name the process, start the default
// metrics and serve /metrics as METRICS_PORT / METRICS_HOST / METRICS_TOKEN say.
import { startProcessMetrics } from './registry.js';
import { DEFAULT_METRICS_PORTS, metricsListenFromEnv, serveMetrics, type MetricsServer } from './server.js';

export interface MetricsLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

/**
 * Throws MetricsConfigError on a bad setting (call it first, so the start stops with the reason). A port
 * already taken is only a warning: a process without its figures still dials and answers.
 */
export async function serveProcessMetrics(
  name: keyof typeof DEFAULT_METRICS_PORTS,
  env: Record<string, string | undefined>,
  log: MetricsLog,
): Promise<MetricsServer | undefined> {
  const listen = metricsListenFromEnv(env, DEFAULT_METRICS_PORTS[name]);
  startProcessMetrics(name);
  if (!listen) return undefined;
  try {
    const server = await serveMetrics(listen);
    log.info('metrics served', { url: server.url, port: server.port, token: listen.token ? 'required' : 'none' });
    return server;
  } catch (e) {
    log.warn('metrics not served', { host: listen.host, port: listen.port, error: e instanceof Error ? e.message : String(e) });
    return undefined;
  }
}
