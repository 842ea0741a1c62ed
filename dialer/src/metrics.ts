// The dialer's narrow port to its Prometheus figures (@cobranza/metrics). Everything is observed from the
// outside: the call controller's observations, what the dialer publishes on the bus (campaign.stats), the
// ARI connection's reconnections and the hopper's due count at scrape time. The one hook inside the
// dialer's code is `pacingObserved`, called by the campaign loop on each decision.
import type { Bus } from '@cobranza/bus';
import type { BusEvents } from '@cobranza/contracts';
import { dialerMetrics as m } from '@cobranza/metrics';
import type { CallObservation } from './call/controller.js';
import { statusOf } from './call/machine.js';

/** The campaign loop decided how many calls to start (0: it holds). */
export function pacingObserved(campaignId: string, mode: string, dials: number): void {
  m.pacingDecisions.inc({ campaign: campaignId, mode, outcome: dials > 0 ? 'dial' : 'hold' });
  if (dials > 0) m.pacingDials.inc({ campaign: campaignId, mode }, dials);
}

/** A campaign no longer in this process's stats for this long is dropped from its gauges (another dialer owns it). */
const STALE_MS = 30_000;

export class DialerMetrics {
  /** Each live call's campaign and state as last counted in cobranza_calls_active. */
  private readonly counted = new Map<string, { campaign: string; state: string }>();
  /** Campaigns this process published stats for, with when. */
  private readonly campaigns = new Map<string, { at: number; name: string; mode: string }>();
  private readonly offs: Array<() => void> = [];

  /** `now` is injectable so a test can age a campaign's stats without waiting. */
  constructor(private readonly now: () => number = Date.now) {}

  /** The dialer's call observer (DialerOptions.observer). */
  readonly observeCall = (o: CallObservation): void => {
    const campaign = o.call.debtor.campaignId ?? m.NO_CAMPAIGN;
    switch (o.type) {
      case 'status': {
        const state = statusOf(o.call.state.phase);
        m.callsTotal.inc({ campaign, state });
        this.move(o.call.id, { campaign, state });
        return;
      }
      case 'finalized':
        m.callsEnded.inc({ campaign, outcome: o.outcome });
        this.move(o.call.id, null);
        return;
      case 'ring_ended':
        if (o.result === 'answered') m.originateToAnswer.observe({ campaign }, o.ringSeconds);
        return;
      case 'connected':
        m.personToBridge.observe({ campaign }, o.waitSeconds);
        return;
      default:
        return;
    }
  };

  private move(callId: string, next: { campaign: string; state: string } | null): void {
    const prev = this.counted.get(callId);
    if (prev) m.callsActive.dec(prev);
    if (next) {
      m.callsActive.inc(next);
      this.counted.set(callId, next);
    } else this.counted.delete(callId);
  }

  /** The bus the dialer publishes on, seen through: its campaign.stats set the abandon gauges. */
  bus(bus: Bus): Bus {
    const onStats = (s: BusEvents['campaign.stats']) => this.onStats(s);
    return {
      kind: bus.kind,
      publish(topic, msg) {
        if (topic === 'campaign.stats') onStats(msg as BusEvents['campaign.stats']);
        return bus.publish(topic, msg);
      },
      subscribe: (topic, handler) => bus.subscribe(topic, handler),
      ping: () => bus.ping(),
      close: () => bus.close(),
    };
  }

  private onStats(s: BusEvents['campaign.stats']): void {
    const prev = this.campaigns.get(s.campaignId);
    if (prev && (prev.name !== s.name || prev.mode !== s.effectiveMode)) m.campaignInfo.remove({ campaign: s.campaignId, name: prev.name, mode: prev.mode });
    this.campaigns.set(s.campaignId, { at: this.now(), name: s.name, mode: s.effectiveMode });
    m.abandonRate.set({ campaign: s.campaignId, window: 'rolling' }, s.abandonRateRolling);
    m.abandonRate.set({ campaign: s.campaignId, window: 'today' }, s.abandonRateToday);
    m.campaignInfo.set({ campaign: s.campaignId, name: s.name, mode: s.effectiveMode }, 1);
    this.prune();
  }

  /** Drops campaigns whose stats stopped (this dialer no longer dials them), also when it dials none at all. */
  private prune(): void {
    const now = this.now();
    for (const [id, c] of this.campaigns) {
      if (now - c.at < STALE_MS) continue;
      this.campaigns.delete(id);
      m.abandonRate.remove({ campaign: id, window: 'rolling' });
      m.abandonRate.remove({ campaign: id, window: 'today' });
      m.campaignInfo.remove({ campaign: id, name: c.name, mode: c.mode });
    }
  }

  /** Starts counting the hopper depth (at scrape time) of the campaigns this process publishes, and ARI reconnections. */
  attach(hopper: { dueCount(campaignId: string): Promise<number> }, ari?: { onReconnected(handler: () => void): () => void }): void {
    this.offs.push(m.onScrape(() => this.prune()));
    this.offs.push(m.addHopperSource({ campaigns: () => this.campaigns.keys(), dueCount: (id) => hopper.dueCount(id) }));
    if (ari) this.offs.push(m.countAriReconnects(ari));
  }

  /** The dialer stopped: its campaigns' gauges go with it (another dialer reports them from now on). */
  detach(): void {
    for (const off of this.offs.splice(0)) off();
    for (const c of this.campaigns.values()) c.at = -Infinity;
    this.prune();
  }
}
