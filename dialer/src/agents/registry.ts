// Logged-in agents: their state (agents/state.ts), their permanent channel and mixing bridge, and
// the wrap-up timers. Every change is reported through onChange (published as agent.status).
import type { AgentStatus, PauseReason } from '@cobranza/contracts';
import type { Clock, TimerHandle } from '../clock.js';
import { agentTransition, offlineAgent, pickAgent, type AgentEvent, type AgentRecord } from './state.js';

export interface AgentSlot {
  rec: AgentRecord;
  channelId: string | null;
  bridgeId: string | null;
  wrapTimer: TimerHandle | null;
}

export interface AgentRegistryOptions {
  clock: Clock;
  /** Wrap-up time limit for an agent's campaign (seconds); 0 = until the agent says done. */
  wrapUpSecondsFor: (campaignId: string | null) => number;
  onChange: (status: AgentStatus, slot: AgentSlot) => void;
  /** Agents served first when several are ready (the demo: the person trying it before the simulated agents). */
  prefer?: (agentId: string) => boolean;
  /** The wrap-up time is up (default: wrap-up ends). The dialer first checks the call's disposition. */
  onWrapUpTime?: (agentId: string, callId: string | null) => void;
}

export class AgentRegistry {
  private readonly slots = new Map<string, AgentSlot>();
  private readonly byChannel = new Map<string, string>();

  constructor(private readonly o: AgentRegistryOptions) {}

  get(agentId: string): AgentSlot | undefined {
    return this.slots.get(agentId);
  }

  agentOfChannel(channelId: string): AgentSlot | undefined {
    const id = this.byChannel.get(channelId);
    return id ? this.slots.get(id) : undefined;
  }

  all(): AgentSlot[] {
    return [...this.slots.values()];
  }

  records(): AgentRecord[] {
    return this.all().map((s) => s.rec);
  }

  /** The softphone's permanent channel arrived and its bridge exists: logged in, paused. */
  login(agentId: string, name: string, channelId: string, bridgeId: string): AgentSlot {
    let slot = this.slots.get(agentId);
    if (!slot) {
      slot = { rec: offlineAgent(agentId, this.o.clock.now()), channelId: null, bridgeId: null, wrapTimer: null };
      this.slots.set(agentId, slot);
    }
    if (slot.channelId) this.byChannel.delete(slot.channelId);
    slot.channelId = channelId;
    slot.bridgeId = bridgeId;
    this.byChannel.set(channelId, agentId);
    this.apply(agentId, { type: 'login', name });
    return slot;
  }

  /** Applies an event; returns the new record. Throws AgentTransitionError on a refused change. */
  apply(agentId: string, e: AgentEvent): AgentRecord {
    const slot = this.slots.get(agentId);
    if (!slot) throw new Error(`agent ${agentId} is not logged in`);
    const before = slot.rec;
    const after = agentTransition(before, e, this.o.clock.now());
    slot.rec = after;
    if (after.state !== 'wrapping' && slot.wrapTimer) {
      slot.wrapTimer.cancel();
      slot.wrapTimer = null;
    }
    if (after.state === 'wrapping' && before.state !== 'wrapping') {
      const secs = this.o.wrapUpSecondsFor(after.campaignId);
      const callId = after.callId;
      const timeUp = this.o.onWrapUpTime ?? (() => this.tryApply(agentId, { type: 'wrapup_done' }));
      if (secs > 0) slot.wrapTimer = this.o.clock.setTimeout(() => timeUp(agentId, callId), secs * 1000);
    }
    if (after.state === 'offline') {
      if (slot.channelId) this.byChannel.delete(slot.channelId);
      slot.channelId = null;
      slot.bridgeId = null;
    }
    if (after !== before) this.o.onChange(this.status(slot), slot);
    return after;
  }

  tryApply(agentId: string, e: AgentEvent): AgentRecord | null {
    try {
      return this.apply(agentId, e);
    } catch {
      return null;
    }
  }

  pick(campaignId: string | null): AgentSlot | null {
    const connected = this.all()
      .filter((s) => s.bridgeId !== null)
      .map((s) => s.rec);
    const prefer = this.o.prefer;
    const rec = (prefer && pickAgent(connected.filter((r) => prefer(r.agentId)), campaignId)) || pickAgent(connected, campaignId);
    return rec ? (this.slots.get(rec.agentId) ?? null) : null;
  }

  status(slot: AgentSlot): AgentStatus {
    const r = slot.rec;
    return {
      agentId: r.agentId,
      name: r.name,
      state: r.state,
      since: new Date(r.since).toISOString(),
      campaignId: r.campaignId,
      pauseReason: r.pauseReason as PauseReason | null,
      callId: r.callId,
    };
  }
}
