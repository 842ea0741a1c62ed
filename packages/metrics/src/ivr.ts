// The IVR's figures: sessions running now and sessions ended by outcome (a flow's outcome names, such as
// promise, opt_out or transferred; never what the caller typed).
import { Counter, Gauge } from 'prom-client';
import { registry } from './registry.js';

export const ivrSessionsActive = new Gauge({
  name: 'cobranza_ivr_sessions_active',
  help: 'IVR sessions running now (outbound messages, inbound calls, machine messages)',
  registers: [registry],
});

export const ivrSessionsEnded = new Counter({
  name: 'cobranza_ivr_sessions_total',
  help: 'IVR sessions ended, by outcome and whether the caller was handed to an agent',
  labelNames: ['outcome', 'handed_off'] as const,
  registers: [registry],
});

/** Wraps one session: counted as active while it runs, then by its outcome. */
export async function countIvrSession<R extends { outcome: string; handedOff: boolean }>(run: () => Promise<R>): Promise<R> {
  ivrSessionsActive.inc();
  try {
    const r = await run();
    // an outcome is a flow's word; anything longer or odd is folded so a label never carries free text
    ivrSessionsEnded.inc({ outcome: /^[a-z_]{1,32}$/.test(r.outcome) ? r.outcome : 'other', handed_off: String(r.handedOff) });
    return r;
  } finally {
    ivrSessionsActive.dec();
  }
}
