// One campaign's loop: every tick (each second, and whenever an agent frees up) it decides how many
// calls to start for its dial mode, takes that many debtors from the hopper, asks the compliance gate
// about each, writes the attempt row and originates. Preview mode instead offers one debtor to each
// ready agent and dials on the agent's click.
import { randomUUID } from 'node:crypto';
import type { AmdMode, CampaignStatus, DialMode, ScreenPop } from '@cobranza/contracts';
import type { Clock } from '../clock.js';
import type { AgentRegistry } from '../agents/registry.js';
import type { CallController } from '../call/controller.js';
import { DebtorBusyError, type AttemptStore } from '../attempts/store.js';
import type { Hopper, LeadToDial } from '../hopper/hopper.js';
import type { RetryRules } from '@cobranza/domain/retry/rules';
import type { AbandonRules, ContactGate, DebtorContext } from '../ports.js';
import { LeaseLostError, type Fence } from '@cobranza/db/stores/campaign-leases';
import { CampaignPacing } from './pacing.js';
import { screenPop } from '../screen-pop.js';
import { mergeSettings, type CampaignSettings } from './settings.js';
import { pacingObserved } from '../metrics.js';

export interface CampaignDefinition {
  id: string;
  name: string;
  status: CampaignStatus;
  settings: CampaignSettings;
  amdMode: AmdMode;
  retryRules: RetryRules;
  creditor: { id: string | null; code: string; businessName: string; callbackNumber: string };
  /** The campaign's strategy (the IVR's machine flow is looked up by it). */
  strategyId?: string | null;
  /** Country of the campaign's portfolio (else its creditor's): the default zone of its day. */
  country?: string | null;
}

export interface CampaignRuntimeDeps {
  clock: Clock;
  hopper: Hopper;
  store: AttemptStore;
  gate: ContactGate;
  calls: CallController;
  agents: AgentRegistry;
  dialerId: string;
  /** False while telephony is down: nothing is dialed (an originate then would only fail). */
  telephonyReady: () => boolean;
  publishPop: (p: ScreenPop) => void;
  /** This dialer's live lease on the campaign (campaign/supervisor.ts); null: start no call. */
  fence: () => Fence | null;
  /** A write was refused for a lease lost meanwhile: stop now rather than at the next renewal. */
  leaseLost: () => void;
  log: (msg: string, extra?: Record<string, unknown>) => void;
  /** The abandon cap and window of the campaign's debtor jurisdictions; absent: the platform's safe default. */
  abandonRules?: AbandonRules;
}

interface PreviewOffer {
  callId: string;
  lead: LeadToDial;
  agentId: string;
}

export class CampaignRuntime {
  readonly pacing = new CampaignPacing();
  private ticking = false;
  private again = false;
  private readonly previews = new Map<string, PreviewOffer>(); // by agent id
  /** Leads reserved but not yet turned into calls, so a slow tick cannot over-dial. */
  private starting = 0;
  effectiveMode: DialMode | 'paused' = 'paused';
  lastReason = '';

  constructor(
    public def: CampaignDefinition,
    private readonly d: CampaignRuntimeDeps,
  ) {}

  get id(): string {
    return this.def.id;
  }

  settings = (): CampaignSettings => this.def.settings;

  /** Paces under the abandon cap and window of the campaign's debtors' jurisdictions (before its history is seeded). */
  async loadAbandonRules(): Promise<void> {
    if (!this.d.abandonRules) return;
    try {
      const r = await this.d.abandonRules.forCampaign({ id: this.id, creditorId: this.def.creditor.id, country: this.def.country ?? null });
      this.pacing.useAbandonRules(r.settings);
      this.d.log(`campaign ${this.id}: abandon cap ${(r.settings.maxRate * 100).toFixed(1)} % over ${r.settings.windowHours} h (${r.profileIds.join(', ') || 'platform default'})`);
    } catch (e) {
      // the platform's safe default (3 % over 30 days) stays in force
      this.d.log(`campaign ${this.id}: abandon rules not loaded, safe default kept: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  updateSettings(patch: unknown): void {
    this.def = { ...this.def, settings: mergeSettings(this.def.settings, patch) };
  }

  setStatus(status: CampaignStatus): void {
    this.def = { ...this.def, status };
  }

  private running: Promise<void> | null = null;

  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  isIdle(): boolean {
    return this.running === null;
  }

  /** Runs a tick now, or right after the one in progress. */
  tick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async loop(): Promise<void> {
    this.ticking = true;
    try {
      do {
        this.again = false;
        await this.tickOnce();
      } while (this.again);
    } finally {
      this.ticking = false;
    }
  }

  private agentsOfCampaign() {
    return this.d.agents.records().filter((a) => a.state !== 'offline' && (a.campaignId === null || a.campaignId === this.id));
  }

  private async tickOnce(): Promise<void> {
    if (this.def.status !== 'running') {
      this.effectiveMode = 'paused';
      await this.withdrawPreviews();
      return;
    }
    if (!this.d.telephonyReady()) return;
    if (!this.d.fence()) {
      await this.withdrawPreviews(); // the campaign is another dialer's now
      return;
    }
    const s = this.def.settings;
    // every mode asks the same pacing function (preview gets 0 dials: the agent dials from the card)
    const calls = this.d.calls.inFlight(this.id);
    const decision = this.pacing.decide({ nowMs: this.d.clock.now(), agents: this.agentsOfCampaign(), calls, pendingDials: this.starting, settings: s, paused: false });
    this.effectiveMode = decision.mode;
    this.lastReason = decision.reason;
    pacingObserved(this.id, decision.mode, decision.dials);
    if (s.mode === 'preview') {
      await this.offerPreviews();
      return;
    }
    await this.withdrawPreviews();
    const n = decision.dials;
    if (n <= 0) return;
    const leads = await this.d.hopper.reserve(this.id, n);
    this.starting += leads.length;
    await Promise.all(
      leads.map((lead) =>
        this.dialLead(lead, null)
          .catch((e) => this.d.log('dial failed', { lead: lead.leadId, error: String(e) }))
          .finally(() => this.starting--),
      ),
    );
  }

  /** Compliance, attempt row, originate. Returns the call id, or null when not dialed. */
  private async dialLead(lead: LeadToDial, agentId: string | null, callId: string = randomUUID()): Promise<string | null> {
    const phone = lead.phones[0];
    if (!phone) {
      await this.d.hopper.exhaust(lead.leadId, 'no_callable_phone');
      return null;
    }
    const s = this.def.settings;
    const now = this.d.clock.now();
    const fence = this.d.fence();
    if (!fence) {
      await this.d.hopper.release(lead.leadId);
      return null;
    }
    let decision;
    try {
      // the attempt row is written under the debtor's contact lock, before any other channel's contact is decided
      decision = await this.d.gate.evaluate(
        {
          debtorId: lead.debtorId,
          accountId: lead.accountId,
          creditorId: lead.creditorId ?? this.def.creditor.id,
          campaignId: this.id,
          phone: { id: phone.id, e164: phone.e164, type: phone.type, consentAutomated: phone.consentAutomated },
          at: new Date(now),
          mode: s.mode,
          agentGuaranteed: agentId !== null,
        },
        (tx) =>
          this.d.store.create(
            { id: callId, campaignId: this.id, leadId: lead.leadId, debtorId: lead.debtorId, accountId: lead.accountId, phoneId: phone.id, e164: phone.e164, dialMode: s.mode, dialerId: this.d.dialerId, agentId, fence },
            now,
            tx,
          ),
      );
    } catch (e) {
      if (e instanceof LeaseLostError) this.d.leaseLost();
      await this.d.hopper.release(lead.leadId, e instanceof LeaseLostError ? undefined : this.d.clock.now() + 60_000);
      if (e instanceof DebtorBusyError || e instanceof LeaseLostError) return null;
      throw e;
    }
    if (!decision.allowed) {
      await this.d.hopper.block(lead.leadId, decision.nextAllowedAt ? decision.nextAllowedAt.getTime() : null, decision.rule);
      return null;
    }
    const debtor: DebtorContext = {
      callId,
      campaignId: this.id,
      debtorId: lead.debtorId,
      accountId: lead.accountId,
      e164: phone.e164,
      locale: lead.locale,
      creditor: this.def.creditor,
    };
    const call = this.d.calls.register({
      id: callId,
      mode: s.mode,
      amdMode: this.def.amdMode,
      agentId,
      debtor,
      leadId: lead.leadId,
      phoneId: phone.id,
      settings: this.settings,
      retryRules: this.def.retryRules,
    });
    if (!this.d.fence()) {
      // the lease ran out between the row and the originate (this process stalled): the call is not placed
      await this.d.calls.dispatch(callId, { type: 'cancel' });
      return null;
    }
    this.pacing.record({ type: 'dialed', callId }, this.d.clock.now());
    await this.d.calls.originate(call, phone.e164);
    return callId;
  }

  // --- preview ------------------------------------------------------------------------------

  private async offerPreviews(): Promise<void> {
    const ready = this.d.agents.all().filter((s) => s.rec.state === 'ready' && s.bridgeId && (s.rec.campaignId === null || s.rec.campaignId === this.id));
    for (const slot of ready) {
      if (this.previews.has(slot.rec.agentId)) continue;
      const [lead] = await this.d.hopper.reserve(this.id, 1);
      if (!lead) return;
      if (slot.rec.state !== 'ready') {
        await this.d.hopper.release(lead.leadId);
        continue;
      }
      const callId = randomUUID();
      this.d.agents.apply(slot.rec.agentId, { type: 'reserve', callId });
      this.previews.set(slot.rec.agentId, { callId, lead, agentId: slot.rec.agentId });
      const phone = lead.phones[0];
      this.d.publishPop(
        screenPop({ callId, agentId: slot.rec.agentId, campaignId: this.id, debtorId: lead.debtorId, e164: phone?.e164 ?? null, via: 'preview', at: this.d.clock.now() }),
      );
    }
  }

  private async withdrawPreviews(): Promise<void> {
    for (const [agentId, offer] of [...this.previews]) {
      this.previews.delete(agentId);
      await this.d.hopper.release(offer.lead.leadId);
      this.d.agents.tryApply(agentId, { type: 'unreserve' });
    }
  }

  previewDebtor(agentId: string): string | null {
    return this.previews.get(agentId)?.lead.debtorId ?? null;
  }

  hasPreview(agentId: string): boolean {
    return this.previews.has(agentId);
  }

  /** The agent clicked dial on the debtor shown. */
  async previewDial(agentId: string): Promise<string | null> {
    const offer = this.previews.get(agentId);
    if (!offer) return null;
    this.previews.delete(agentId);
    const id = await this.dialLead(offer.lead, agentId, offer.callId);
    if (id === null) {
      this.d.agents.tryApply(agentId, { type: 'unreserve' });
      void this.tick();
    }
    return id;
  }

  /** The agent skipped the debtor shown: it goes back to the hopper for later. */
  async previewSkip(agentId: string, retryInMs = 30 * 60_000): Promise<void> {
    const offer = this.previews.get(agentId);
    if (!offer) return;
    this.previews.delete(agentId);
    await this.d.hopper.release(offer.lead.leadId, this.d.clock.now() + retryInMs);
    this.d.agents.tryApply(agentId, { type: 'unreserve' });
    void this.tick();
  }

  /** Stop: hang up calls still ringing (nobody has answered them yet). */
  cancelRinging(): void {
    for (const c of this.d.calls.inFlight(this.id)) {
      if (['reserved', 'dialing', 'ringing'].includes(c.state.phase)) void this.d.calls.dispatch(c.id, { type: 'cancel' });
    }
  }
}
