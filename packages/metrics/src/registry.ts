// The one Prometheus registry of a process. Every metric of the platform registers here, so a process that
// runs the dialer and the IVR inside the API (npm start) serves them all on one /metrics.
import { Registry, collectDefaultMetrics } from 'prom-client';

export const registry = new Registry();

let processName: string | null = null;

/**
 * Names the process on every series (`process="api"|"dialer"|"ivr"`) and starts prom-client's default
 * metrics (event-loop lag, CPU, memory, GC, handles). The first caller names the process: the dialer started
 * inside the API keeps `process="api"`.
 */
export function startProcessMetrics(name: string): string {
  if (processName) return processName;
  processName = name;
  registry.setDefaultLabels({ process: name });
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
  return name;
}

/** The text exposition of every metric of this process. */
export function scrape(): Promise<string> {
  return registry.metrics();
}
