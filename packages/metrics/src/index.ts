// Prometheus metrics of every Cobranza process (prom-client): one registry per process, the figures of the
// dialer and the API, and the /metrics listener. See the README's "Metrics" section for names and scraping.
export { registry, scrape, startProcessMetrics } from './registry.js';
export { serveMetrics, metricsListenFromEnv, MetricsConfigError, DEFAULT_METRICS_PORTS, type MetricsListen, type MetricsServer } from './server.js';
export { observeHttpRequest, httpRequestDuration } from './http.js';
export * as dialerMetrics from './dialer.js';
export { countAriReconnects } from './dialer.js';
export { serveProcessMetrics, type MetricsLog } from './process.js';
export * as ivrMetrics from './ivr.js';
