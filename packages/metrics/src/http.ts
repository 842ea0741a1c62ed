// The API's request durations. `route` is the route's pattern (/debtors/:id), never the URL as requested:
// URLs carry ids and searches by phone or document in their query string.
import { Histogram } from 'prom-client';
import { registry } from './registry.js';

export const httpRequestDuration = new Histogram({
  name: 'cobranza_http_request_duration_seconds',
  help: 'API request durations by method, route pattern and status code',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Records one request. `routePattern` undefined (no route matched) is recorded as `unmatched`. */
export function observeHttpRequest(method: string, routePattern: string | undefined, status: number, seconds: number): void {
  httpRequestDuration.observe(
    { method: METHODS.has(method) ? method : 'OTHER', route: routePattern ?? 'unmatched', status: String(status) },
    seconds,
  );
}
