// The dialer's figures. Labels carry campaign ids, states, modes and outcomes only: never a phone number,
// a name or a document (a label value is kept for as long as the process lives and sent to every scraper).
import { Counter, Gauge, Histogram } from 'prom-client';
import { registry } from './registry.js';

const registers = [registry];

export const callsTotal = new Counter({
  name: 'cobranza_calls_total',
  help: 'Calls entering each state (dialing, ringing, amd, waiting, bridged, ivr), by campaign',
  labelNames: ['campaign', 'state'] as const,
  registers,
});

export const callsActive = new Gauge({
  name: 'cobranza_calls_active',
  help: 'Calls of this process in each state now, by campaign',
  labelNames: ['campaign', 'state'] as const,
  registers,
});

export const callsEnded = new Counter({
  name: 'cobranza_calls_ended_total',
  help: 'Calls ended, by campaign and outcome (connected, abandoned, busy, no_answer, machine…)',
  labelNames: ['campaign', 'outcome'] as const,
  registers,
});

export const originateToAnswer = new Histogram({
  name: 'cobranza_originate_to_answer_seconds',
  help: 'From the originate to the callee answering, by campaign',
  labelNames: ['campaign'] as const,
  buckets: [1, 2, 3, 5, 8, 10, 15, 20, 25, 30, 45, 60],
  registers,
});

export const personToBridge = new Histogram({
  name: 'cobranza_person_to_bridge_seconds',
  help: 'From a person detected on the line to the bridge with an agent, by campaign (the abandon clock)',
  labelNames: ['campaign'] as const,
  buckets: [0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 3, 5, 10, 30],
  registers,
});

/** Run before each scrape of the campaign gauges: a dialer drops campaigns it no longer dials (another owns them). */
const beforeScrape = new Set<() => void>();

export function onScrape(hook: () => void): () => void {
  beforeScrape.add(hook);
  return () => void beforeScrape.delete(hook);
}

export const abandonRate = new Gauge({
  name: 'cobranza_abandon_rate',
  help: "Abandoned calls over live answers, by campaign: window=rolling is the campaign's regulatory window, today its local day",
  labelNames: ['campaign', 'window'] as const,
  registers,
  collect() {
    for (const hook of beforeScrape) hook();
  },
});

export const campaignInfo = new Gauge({
  name: 'cobranza_campaign_info',
  help: 'Always 1: the name and effective dial mode of each campaign this process dials (for dashboards)',
  labelNames: ['campaign', 'name', 'mode'] as const,
  registers,
});

export const pacingDecisions = new Counter({
  name: 'cobranza_pacing_decisions_total',
  help: 'Pacing decisions, by campaign, effective mode and outcome (dial: calls started, hold: none)',
  labelNames: ['campaign', 'mode', 'outcome'] as const,
  registers,
});

export const pacingDials = new Counter({
  name: 'cobranza_pacing_dials_total',
  help: 'Calls the pacing decided to start, by campaign and effective mode',
  labelNames: ['campaign', 'mode'] as const,
  registers,
});

export const ariReconnects = new Counter({
  name: 'cobranza_ari_reconnects_total',
  help: "Times the ARI event WebSocket came back after a drop (events in between were lost and reconciled)",
  registers,
});

/** Where the hopper depth comes from: each running dialer registers its campaigns and how to count them. */
export interface HopperSource {
  campaigns(): Iterable<string>;
  dueCount(campaignId: string): Promise<number>;
}
const hopperSources = new Set<HopperSource>();

export const hopperDepth = new Gauge({
  name: 'cobranza_hopper_depth',
  help: 'Leads of the campaign due to be dialled now (pending, next attempt passed), counted at scrape time',
  labelNames: ['campaign'] as const,
  registers,
  async collect() {
    this.reset();
    const seen = new Set<string>();
    for (const src of hopperSources) {
      for (const id of src.campaigns()) {
        if (seen.has(id)) continue;
        seen.add(id);
        // a failed count leaves the campaign out of this scrape rather than failing the whole /metrics
        const n = await src.dueCount(id).catch(() => null);
        if (n !== null) this.set({ campaign: id }, n);
      }
    }
  },
});

export function addHopperSource(src: HopperSource): () => void {
  hopperSources.add(src);
  return () => void hopperSources.delete(src);
}

/** The campaign label of a call with no campaign (an inbound call the IVR handed over). */
export const NO_CAMPAIGN = 'none';

/** Counts the reconnections of an ARI connection (the dialer's, or the IVR's own when it runs alone). */
export function countAriReconnects(ari: { onReconnected(handler: () => void): () => void }): () => void {
  return ari.onReconnected(() => ariReconnects.inc());
}
