// Campaign supervision: which campaigns this dialer runs, and only those it owns. Several dialers may run
// at once; each campaign is paced by one of them, the holder of its lease in Postgres
// (@cobranza/db/stores/campaign-leases). Every round (about a second) the supervisor renews the leases it
// holds and tries to take the campaigns nobody holds; a lease lost (not renewed in time, taken over) stops
// that campaign's new calls at once, while its calls in flight finish. A campaign taken over gets its pacing
// history from the attempts in Postgres and the dead owner's open attempts settled (the `takeover` hook).
//
// Also here: loading the campaigns' definitions and the supervisor's commands (start, pause, stop, settings).
import type { BusEvents, CampaignStatus } from '@cobranza/contracts';
import type { Db } from '@cobranza/db';
import { CampaignLeaseStore, type Fence, type Lease } from '@cobranza/db/stores/campaign-leases';
import type { Clock } from '../clock.js';
import type { CampaignDefinition, CampaignRuntime } from './runtime.js';
import { CampaignStore } from './store.js';

export interface OwnershipOptions {
  /** Lease time to live: another dialer takes a campaign over within about this (plus one round) of its owner's death. */
  ttlMs: number;
  /** How often leases are renewed and free campaigns tried. */
  renewMs: number;
  /** A dialer whose heartbeat is older than this is dead: its open attempts are settled by others. */
  deadAfterMs: number;
}

/** Takeover within 5 s of the owner's death: its lease runs out within 3 s, the next round within 1 s takes it. */
export const DEFAULT_OWNERSHIP: OwnershipOptions = { ttlMs: 3000, renewMs: 1000, deadAfterMs: 5000 };

export interface CampaignSupervisorDeps {
  db: Db;
  clock: Clock;
  dialerId: string;
  /** Only these campaigns (tests); default: every running or paused one. */
  campaignIds?: string[];
  ownership: OwnershipOptions;
  /** A runtime for a campaign this dialer now owns; `fence`/`leaseLost` go into its dependencies. */
  runtime: (def: CampaignDefinition, lease: { fence: () => Fence | null; leaseLost: () => void }) => CampaignRuntime;
  prepareCampaign?: (def: CampaignDefinition) => void;
  /** A campaign just taken: settle what dead dialers left open in it before dialing. */
  takeover: (campaignId: string) => Promise<void>;
  /** Something the wallboard shows changed (owned campaigns, a status or settings). */
  changed: () => void;
  track: (p: Promise<unknown>) => void;
  log: (msg: string, extra?: Record<string, unknown>) => void;
}

export class CampaignSupervisor {
  /** The campaigns this dialer owns and paces. */
  readonly campaigns = new Map<string, CampaignRuntime>();
  readonly store: CampaignStore;
  readonly leases: CampaignLeaseStore;
  /** Every campaign to run, owned or not (from the last reload). */
  private readonly known = new Map<string, CampaignDefinition>();
  /** Leases held, each with the monotonic instant until which this process trusts it without asking. */
  private readonly held = new Map<string, { lease: Lease; validUntil: number }>();
  private round: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly d: CampaignSupervisorDeps) {
    this.store = new CampaignStore(d.db);
    this.leases = new CampaignLeaseStore(d.db);
  }

  /** The definition of a campaign to run, owned or not. */
  definition(campaignId: string): CampaignDefinition | undefined {
    return this.campaigns.get(campaignId)?.def ?? this.known.get(campaignId);
  }

  /**
   * The lease to write an attempt of this campaign under, while this process may still trust it: until its
   * TTL minus a margin, counted on the monotonic clock from when the renewal was sent (the lease ran at least
   * that long at the database). Null: start no call.
   */
  fence(campaignId: string): Fence | null {
    const h = this.held.get(campaignId);
    return h && performance.now() < h.validUntil ? h.lease : null;
  }

  /** Re-reads the campaigns to run: new campaigns, status and settings set by the API. */
  async reload(): Promise<void> {
    const { defs, refused } = await this.store.definitions(this.d.campaignIds);
    for (const r of refused) this.d.log(`campaign ${r.id} not started: ${r.error}`);
    this.known.clear();
    for (const def of defs) {
      this.known.set(def.id, def);
      // the database is the source of truth for status and settings changed by the API
      const rt = this.campaigns.get(def.id);
      if (rt) rt.def = { ...def };
    }
  }

  /** One round: heartbeat, renew the leases held, take the campaigns nobody holds. One at a time. */
  leaseRound(): Promise<void> {
    this.round ??= this.runRound().finally(() => {
      this.round = null;
    });
    return this.round;
  }

  private async runRound(): Promise<void> {
    if (this.stopped) return;
    const { ttlMs } = this.d.ownership;
    // trusted for less than the TTL: a renewal answered late must not let us dial on a lease already gone
    const margin = Math.min(1000, ttlMs / 6);
    await this.leases.heartbeat(this.d.dialerId);
    if (this.held.size > 0) {
      const sent = performance.now();
      const kept = await this.leases.renew(this.d.dialerId, [...this.held.values()].map((h) => h.lease), ttlMs);
      for (const l of kept) this.held.set(l.campaignId, { lease: l, validUntil: sent + ttlMs - margin });
      const keptIds = new Set(kept.map((l) => l.campaignId));
      for (const id of [...this.held.keys()]) if (!keptIds.has(id)) this.leaseLost(id, 'not renewed in time or taken over');
    }
    const candidates = [...this.known.keys()].filter((id) => !this.held.has(id));
    for (const id of await this.leases.takeable(candidates, this.d.dialerId)) {
      const def = this.known.get(id);
      if (!def || this.held.has(id) || this.stopped) continue;
      const sent = performance.now();
      const lease = await this.leases.acquire(def.id, this.d.dialerId, ttlMs).catch((e: unknown) => {
        this.d.log(`campaign ${def.id}: taking the lease failed`, { error: e instanceof Error ? e.message : String(e) });
        return null;
      });
      if (!lease) continue;
      this.held.set(def.id, { lease, validUntil: sent + ttlMs - margin });
      await this.own(def, lease);
    }
  }

  private async own(def: CampaignDefinition, lease: Lease): Promise<void> {
    let rt = this.campaigns.get(def.id);
    if (!rt) {
      try {
        this.d.prepareCampaign?.(def);
      } catch (e) {
        this.d.log(`campaign ${def.id}: preparing prompts failed: ${e instanceof Error ? e.message : String(e)}`);
      }
      rt = this.d.runtime(def, { fence: () => this.fence(def.id), leaseLost: () => this.leaseLost(def.id, 'an attempt was refused by the fence') });
      await this.seedPacing(rt);
    }
    await this.d.takeover(def.id).catch((e: unknown) => this.d.log(`campaign ${def.id}: settling a dead dialer's attempts failed`, { error: e instanceof Error ? e.message : String(e) }));
    if (this.held.get(def.id)?.lease !== lease) return; // lost again meanwhile
    this.campaigns.set(def.id, rt);
    this.d.log(`campaign ${def.id}: owned by this dialer (lease token ${lease.token})`);
    this.d.track(rt.tick());
    this.d.changed();
  }

  /** No new calls of the campaign from this dialer from now on; its calls in flight finish. */
  leaseLost(campaignId: string, why: string): void {
    if (!this.held.delete(campaignId)) return;
    const rt = this.campaigns.get(campaignId);
    this.campaigns.delete(campaignId);
    this.d.log(`campaign ${campaignId}: lease lost (${why}); this dialer starts no more calls for it`);
    // with no lease its tick only withdraws the preview offers it made
    if (rt) this.d.track(rt.tick());
  }

  /** The regulatory window's history (its jurisdictions': 30 days US, 24 h UK) feeds the pacing statistics of a campaign taken now. */
  private async seedPacing(rt: CampaignRuntime): Promise<void> {
    await rt.loadAbandonRules(); // the window of its debtors' jurisdictions: the history to replay
    const history = await this.store.history(rt.id, new Date(this.d.clock.now() - rt.pacing.abandonWindowMs));
    if (history.length > 0) this.d.log(`campaign ${rt.id}: pacing statistics seeded from ${history.length} attempts (${rt.pacing.seed(history)} events)`);
  }

  /** A supervisor's command. The owner applies it; another dialer looks whether the campaign is now for it to take. */
  async onCommand(m: BusEvents['campaign.command']): Promise<void> {
    if (!this.campaigns.has(m.campaignId)) {
      await this.reload();
      await this.leaseRound();
    }
    const rt = this.campaigns.get(m.campaignId);
    if (!rt) return;
    if (m.command === 'settings') {
      try {
        rt.updateSettings(m.settings ?? {});
      } catch (e) {
        this.d.log(`settings refused for campaign ${m.campaignId}: ${e instanceof Error ? e.message : String(e)}`);
        return;
      }
      await this.store.saveSettings(m.campaignId, m.settings ?? {});
    } else {
      const status: CampaignStatus = m.command === 'start' ? 'running' : m.command === 'pause' ? 'paused' : 'stopped';
      rt.setStatus(status);
      await this.store.saveStatus(m.campaignId, status);
      if (status === 'stopped') rt.cancelRinging();
    }
    this.d.track(rt.tick());
    this.d.changed();
  }

  /** A clean stop gives every campaign up at once: another dialer takes them at its next round. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.round?.catch(() => undefined);
    const held = [...this.held.values()].map((h) => h.lease);
    this.held.clear();
    for (const l of held) await this.leases.release(l).catch(() => undefined);
  }
}
