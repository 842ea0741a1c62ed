// The Grafana dashboard (ops/grafana/cobranza.json) asks only for series this code registers: a metric renamed
// here and not there would leave a panel silently empty.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { registry, startProcessMetrics } from '../src/index.js';

const DASHBOARD = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'ops', 'grafana', 'cobranza.json');

interface Panel {
  type: string;
  title: string;
  targets?: Array<{ expr: string }>;
}

describe('Grafana dashboard', () => {
  it('is valid JSON whose every query names a registered metric', async () => {
    startProcessMetrics('test');
    const dash = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { uid: string; panels: Panel[]; templating: { list: Array<{ definition?: string }> } };
    expect(dash.uid).toBe('cobranza');
    const registered = new Set((await registry.getMetricsAsJSON()).map((m) => m.name));
    const exprs = [...dash.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)), ...dash.templating.list.flatMap((v) => (v.definition ? [v.definition] : []))];
    expect(exprs.length).toBeGreaterThan(15);
    const used = new Set(exprs.flatMap((e) => [...e.matchAll(/\b((?:cobranza|nodejs|process)_[a-z0-9_]+)/g)].map((m) => m[1]!)));
    for (const name of used) {
      const base = name.replace(/_(bucket|sum|count)$/, '');
      expect(registered.has(name) || registered.has(base), name).toBe(true);
    }
    // every figure of the issue is on the dashboard
    for (const m of ['cobranza_calls_active', 'cobranza_originate_to_answer_seconds_bucket', 'cobranza_person_to_bridge_seconds_bucket', 'cobranza_abandon_rate', 'cobranza_pacing_decisions_total', 'cobranza_ari_reconnects_total', 'cobranza_hopper_depth', 'nodejs_eventloop_lag_p99_seconds']) {
      expect(used.has(m), m).toBe(true);
    }
  });
});
