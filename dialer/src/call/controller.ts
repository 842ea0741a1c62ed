// Runs calls: feeds telephony events and agent decisions into the pure machine (call/machine.ts) and
// performs the effects it returns. Events of one call are handled one at a time, in order. Database
// writes of one call go through their own ordered chain so a slow write never delays a bridge.
import type { CallOutcome, DialMode } from '@cobranza/contracts';
import type { Clock, TimerHandle } from '../clock.js';
import type { AttemptStore, Stamp } from '../attempts/store.js';
import type { RetryRules } from '@cobranza/domain/retry/rules';
import type { AgentRegistry, AgentSlot } from '../agents/registry.js';
import type { CampaignSettings } from '../campaign/settings.js';
import type { AgentlessHandler, DebtorContext, MachineHandler } from '../ports.js';
import { ChannelGoneError, type NetworkOutcome, type Telephony } from '../telephony/types.js';
import { safePromptName } from '../telephony/prompts.js';
import { initialCall, statusOf, transition, type CallEvent, type CallState, type Effect, type Phase } from './machine.js';

export interface LiveCall {
  id: string;
  state: CallState;
  debtor: DebtorContext;
  leadId: number | null;
  phoneId: string | null;
  /** false for calls the dialer routes but did not place (IVR press-to-talk on an inbound call). */
  persist: boolean;
  settings: () => CampaignSettings;
  retryRules: RetryRules;
  phaseSince: number;
  createdAt: number;
  answeredAt: number | null;
  humanAt: number | null;
  bridgedAt: number | null;
  afterAmd: boolean;
  priority: boolean;
  deadline: TimerHandle | null;
  recordingName: string | null;
  bridgeId: string | null;
  playbacks: Set<string>;
  ivr: AbortController | null;
  /** The supervisor the agent transferred the debtor to (the agent is already in wrap-up). */
  transferredTo: string | null;
  queue: Promise<void>;
  dbChain: Promise<void>;
}

export type CallObservation =
  | { type: 'status'; call: LiveCall; outcome: CallOutcome | null }
  | { type: 'ring_ended'; call: LiveCall; result: 'answered' | 'busy' | 'failed' | 'noAnswer'; ringSeconds: number; amd: boolean }
  | { type: 'amd_done'; call: LiveCall; verdict: 'human' | 'machine'; amdSeconds: number }
  | { type: 'connected'; call: LiveCall; waitSeconds: number }
  | { type: 'dropped'; call: LiveCall; waitSeconds: number }
  | { type: 'talk_ended'; call: LiveCall; talkSeconds: number; agentId: string }
  | { type: 'screen_pop'; call: LiveCall; agentId: string }
  | { type: 'playback_started'; call: LiveCall; message: 'safe' | 'machine' }
  | { type: 'finalized'; call: LiveCall; outcome: CallOutcome; leadStatus: string | null }
  | { type: 'error'; call: LiveCall; where: string; error: unknown };

export interface CallControllerDeps {
  clock: Clock;
  telephony: Telephony;
  store: AttemptStore;
  agents: AgentRegistry;
  agentlessHandler: () => AgentlessHandler | null;
  /** The IVR's machine flow for calls whose strategy leaves machines a message (null: the safe message). */
  machineHandler?: () => MachineHandler | null;
  /** The campaign's strategy id, for the machine flow. */
  strategyOf?: (campaignId: string | null) => string | null;
  observe: (o: CallObservation) => void;
}

function safeMedia(c: LiveCall): string[] {
  const callback = c.debtor.creditor.callbackNumber.replace(/\D/g, '');
  const code = safePromptName(c.debtor.creditor.code).slice('safe-'.length);
  return c.settings().safeMessageMedia.map((m) => m.replace('{callback}', callback).replace('{creditor}', code));
}

const MASK = (e164: string) => e164.replace(/\d(?=\d{4})/g, '*');

export class CallController {
  readonly calls = new Map<string, LiveCall>();
  /** People waiting for an agent, served priority first then oldest. */
  private waiting: string[] = [];

  constructor(private readonly d: CallControllerDeps) {}

  get(callId: string): LiveCall | undefined {
    return this.calls.get(callId);
  }

  /** Registers a call about to be originated; the attempt row already exists. */
  register(input: {
    id: string;
    mode: DialMode;
    amdMode: 'off' | 'hangup' | 'message';
    agentId: string | null;
    debtor: DebtorContext;
    leadId: number | null;
    phoneId: string | null;
    settings: () => CampaignSettings;
    retryRules: RetryRules;
    persist?: boolean;
    phase?: Phase;
  }): LiveCall {
    const now = this.d.clock.now();
    const c: LiveCall = {
      id: input.id,
      state: { ...initialCall(input.mode, input.amdMode, input.agentId), ...(input.phase ? { phase: input.phase } : {}) },
      debtor: input.debtor,
      leadId: input.leadId,
      phoneId: input.phoneId,
      persist: input.persist ?? true,
      settings: input.settings,
      retryRules: input.retryRules,
      phaseSince: now,
      createdAt: now,
      answeredAt: null,
      humanAt: null,
      bridgedAt: null,
      afterAmd: false,
      priority: false,
      deadline: null,
      recordingName: null,
      bridgeId: null,
      playbacks: new Set(),
      ivr: null,
      transferredTo: null,
      queue: Promise.resolve(),
      dbChain: Promise.resolve(),
    };
    this.calls.set(c.id, c);
    return c;
  }

  /** Stamps dialed_at, sends the originate, and reports the result to the machine. */
  async originate(c: LiveCall, number: string): Promise<void> {
    const s = c.settings();
    if (c.persist) await this.d.store.stamp(c.id, 'dialed', this.d.clock.now(), 'dialing');
    try {
      await this.d.telephony.originate({
        callId: c.id,
        number,
        callerId: s.callerId ?? undefined,
        ringTimeoutSec: Math.max(15, s.ringTimeoutSec),
        amd: c.state.amdMode !== 'off',
      });
      this.dispatch(c.id, { type: 'originated' });
    } catch (e) {
      this.d.observe({ type: 'error', call: c, where: `originate ${MASK(number)}`, error: e });
      this.dispatch(c.id, { type: 'originate_failed' });
    }
  }

  /** Runs work on a call in turn with its events (a transfer must not interleave with its hangup). */
  exclusive<T>(callId: string, fn: (c: LiveCall) => Promise<T>): Promise<T | undefined> {
    const c = this.calls.get(callId);
    if (!c) return Promise.resolve(undefined);
    const run = c.queue.then(() => (this.calls.has(callId) ? fn(c) : undefined));
    c.queue = run.then(
      () => undefined,
      (err) => this.d.observe({ type: 'error', call: c, where: 'exclusive', error: err }),
    );
    return run;
  }

  /** Queues an event for a call; unknown calls are ignored (events for calls of another process). */
  dispatch(callId: string, e: CallEvent): Promise<void> {
    const c = this.calls.get(callId);
    if (!c) return Promise.resolve();
    c.queue = c.queue.then(() => this.handle(c, e)).catch((err) => this.d.observe({ type: 'error', call: c, where: `event ${e.type}`, error: err }));
    return c.queue;
  }

  private async handle(c: LiveCall, e: CallEvent): Promise<void> {
    const before = c.state;
    const t = transition(before, e);
    c.state = t.state;
    const now = this.d.clock.now();
    this.observeTransition(c, before, e, now);
    if (before.phase !== t.state.phase) c.phaseSince = now;
    for (const eff of t.effects) await this.run(c, eff, now);
    // 'ended' is written only by finalize, together with the outcome
    const settledPhase = t.state.phase === 'ended' || t.state.phase === 'hanging_up';
    if (statusOf(before.phase) !== statusOf(t.state.phase) && !settledPhase) {
      this.d.observe({ type: 'status', call: c, outcome: null });
      if (c.persist && !t.effects.some((x) => x.kind === 'mark')) this.db(c, () => this.d.store.setStatus(c.id, statusOf(t.state.phase)));
    }
  }

  private observeTransition(c: LiveCall, before: CallState, e: CallEvent, now: number): void {
    const sec = (ms: number) => Math.max(0, ms / 1000);
    if ((before.phase === 'dialing' || before.phase === 'ringing') && c.state.phase !== before.phase && !before.cancelRequested) {
      const ringSeconds = sec(now - c.createdAt);
      if (e.type === 'answered') this.d.observe({ type: 'ring_ended', call: c, result: 'answered', ringSeconds, amd: c.state.amdMode !== 'off' });
      else if (e.type === 'hangup') {
        const r = e.networkOutcome === 'busy' ? 'busy' : e.networkOutcome === 'no_answer' || e.networkOutcome === null ? 'noAnswer' : 'failed';
        this.d.observe({ type: 'ring_ended', call: c, result: r, ringSeconds, amd: false });
      }
    }
    if (before.phase === 'amd' && e.type === 'amd' && c.answeredAt !== null && (e.status === 'MACHINE' || c.state.human)) {
      this.d.observe({ type: 'amd_done', call: c, verdict: e.status === 'MACHINE' ? 'machine' : 'human', amdSeconds: sec(now - c.answeredAt) });
    }
  }

  private db(c: LiveCall, fn: () => Promise<unknown>): void {
    c.dbChain = c.dbChain.then(fn).then(
      () => undefined,
      (err) => this.d.observe({ type: 'error', call: c, where: 'database', error: err }),
    );
  }

  private mark(c: LiveCall, stamp: Exclude<Stamp, 'dialed'>, now: number): void {
    if (stamp === 'answered') c.answeredAt = now;
    if (stamp === 'human') {
      c.humanAt = now;
      c.afterAmd = c.state.amdMode !== 'off';
    }
    if (stamp === 'bridged') c.bridgedAt = now;
    if (!c.persist) return;
    const status = statusOf(c.state.phase);
    const agentId = stamp === 'bridged' ? c.state.agentId : undefined;
    this.db(c, () => this.d.store.stamp(c.id, stamp, now, status, { agentId }));
  }

  private async run(c: LiveCall, eff: Effect, now: number): Promise<void> {
    const tel = this.d.telephony;
    const ignoreGone = (e: unknown) => {
      if (!(e instanceof ChannelGoneError)) throw e;
    };
    switch (eff.kind) {
      case 'originate':
        return; // originate() drives the first step itself
      case 'mark':
        this.mark(c, eff.stamp, now);
        return;
      case 'continue_to_amd':
        await tel.continueToAmd(c.id).catch(ignoreGone);
        return;
      case 'start_connect_deadline':
        c.deadline?.cancel();
        c.deadline = this.d.clock.setTimeout(() => void this.dispatch(c.id, { type: 'connect_deadline' }), c.settings().connectDeadlineMs);
        return;
      case 'cancel_connect_deadline':
        c.deadline?.cancel();
        c.deadline = null;
        this.waiting = this.waiting.filter((id) => id !== c.id);
        return;
      case 'request_agent': {
        c.priority = c.priority || eff.priority;
        const slot = this.d.agents.pick(c.debtor.campaignId);
        if (slot) {
          this.assign(c, slot);
        } else if (!this.waiting.includes(c.id)) {
          this.waiting.push(c.id);
        }
        return;
      }
      case 'bridge': {
        const agentId = c.state.agentId;
        const slot = agentId ? this.d.agents.get(agentId) : undefined;
        if (!slot || !slot.bridgeId) {
          void this.dispatch(c.id, { type: 'bridge_failed' });
          return;
        }
        try {
          await tel.addToBridge(slot.bridgeId, c.id);
          c.bridgeId = slot.bridgeId;
          this.d.agents.apply(slot.rec.agentId, { type: 'talk', callId: c.id });
          void this.dispatch(c.id, { type: 'bridged' });
        } catch (e) {
          if (e instanceof ChannelGoneError && e.channelId === c.id) return; // the debtor left: hangup event follows
          this.d.observe({ type: 'error', call: c, where: 'bridge', error: e });
          void this.dispatch(c.id, { type: 'bridge_failed' });
        }
        return;
      }
      case 'start_recording': {
        if (!c.settings().record || !c.bridgeId) return;
        const name = `call-${c.id}`;
        try {
          c.recordingName = await tel.recordBridge(c.bridgeId, name);
          if (c.persist) this.db(c, () => this.d.store.setRecording(c.id, c.recordingName!));
        } catch (e) {
          this.d.observe({ type: 'error', call: c, where: 'record', error: e });
        }
        return;
      }
      case 'screen_pop':
        if (c.state.agentId) {
          this.d.observe({ type: 'connected', call: c, waitSeconds: Math.max(0, (now - (c.humanAt ?? now)) / 1000) });
          this.d.observe({ type: 'screen_pop', call: c, agentId: c.state.agentId });
        }
        return;
      case 'play': {
        if (eff.message === 'machine' && (await this.machineFlow(c))) return;
        const s = c.settings();
        const media = safeMedia(c);
        if (eff.message === 'safe') this.d.observe({ type: 'dropped', call: c, waitSeconds: Math.max(0, (now - (c.humanAt ?? now)) / 1000) });
        try {
          const id = await tel.play(c.id, media, s.lang);
          c.playbacks.add(id);
          this.d.observe({ type: 'playback_started', call: c, message: eff.message });
        } catch (e) {
          ignoreGone(e);
        }
        return;
      }
      case 'handoff_ivr': {
        const handler = this.d.agentlessHandler();
        const ac = new AbortController();
        c.ivr = ac;
        if (!handler) {
          // no flow attached: the person hears the safe message and the call ends as completed
          try {
            const id = await tel.play(c.id, safeMedia(c), c.settings().lang);
            c.playbacks.add(id);
          } catch (e) {
            ignoreGone(e);
          }
          return;
        }
        void Promise.resolve()
          .then(() =>
            handler(c.debtor, {
              signal: ac.signal,
              pressToTalk: () => void this.dispatch(c.id, { type: 'press_to_talk' }),
              finish: () => void this.dispatch(c.id, { type: 'ivr_done' }),
            }),
          )
          .catch((e) => this.d.observe({ type: 'error', call: c, where: 'agentless handler', error: e }));
        return;
      }
      case 'hangup':
        await tel.hangup(c.id).catch(ignoreGone);
        return;
      case 'release_agent': {
        if (c.transferredTo) return; // the agent was released when the debtor moved to the supervisor
        const agentId = c.state.agentId ?? null;
        // the machine clears agentId on bridge_failed after emitting this; use the slot's call id
        const slot = agentId ? this.d.agents.get(agentId) : this.findAgentOf(c.id);
        if (!slot || slot.rec.callId !== c.id) return;
        if (eff.talked) {
          if (c.bridgedAt !== null) this.d.observe({ type: 'talk_ended', call: c, talkSeconds: (now - c.bridgedAt) / 1000, agentId: slot.rec.agentId });
          this.d.agents.tryApply(slot.rec.agentId, { type: 'call_ended' });
        } else {
          this.d.agents.tryApply(slot.rec.agentId, { type: 'unreserve' });
        }
        return;
      }
      case 'finalize':
        await this.finalize(c, now);
        return;
    }
  }

  /** Hands a machine to the IVR's machine flow; false when nobody takes it (the safe message plays). */
  private async machineFlow(c: LiveCall): Promise<boolean> {
    const handler = this.d.machineHandler?.();
    if (!handler) return false;
    const ac = new AbortController();
    c.ivr = ac;
    try {
      const taken = await handler(
        { ...c.debtor, strategyId: this.d.strategyOf?.(c.debtor.campaignId) ?? null },
        { signal: ac.signal, finish: () => void this.dispatch(c.id, { type: 'playback_finished' }) },
      );
      if (taken) {
        this.d.observe({ type: 'playback_started', call: c, message: 'machine' });
        return true;
      }
    } catch (e) {
      this.d.observe({ type: 'error', call: c, where: 'machine handler', error: e });
    }
    c.ivr = null;
    return false;
  }

  private findAgentOf(callId: string): AgentSlot | undefined {
    return this.d.agents.all().find((s) => s.rec.callId === callId);
  }

  private assign(c: LiveCall, slot: AgentSlot): void {
    this.d.agents.apply(slot.rec.agentId, { type: 'reserve', callId: c.id });
    void this.dispatch(c.id, { type: 'agent_assigned', agentId: slot.rec.agentId });
  }

  /** An agent became ready: give them the person who has waited longest (priority first). Returns true if used. */
  offerAgent(slot: AgentSlot): boolean {
    if (this.waiting.length === 0) return false;
    const order = [...this.waiting].sort((a, b) => {
      const ca = this.calls.get(a);
      const cb = this.calls.get(b);
      return Number(cb?.priority ?? 0) - Number(ca?.priority ?? 0) || (ca?.phaseSince ?? 0) - (cb?.phaseSince ?? 0);
    });
    for (const id of order) {
      const c = this.calls.get(id);
      if (!c || c.state.phase !== 'waiting') continue;
      const campaign = c.debtor.campaignId;
      if (slot.rec.campaignId !== null && campaign !== null && slot.rec.campaignId !== campaign) continue;
      this.waiting = this.waiting.filter((x) => x !== id);
      this.assign(c, slot);
      return true;
    }
    return false;
  }

  private async finalize(c: LiveCall, now: number): Promise<void> {
    c.deadline?.cancel();
    c.ivr?.abort();
    this.waiting = this.waiting.filter((id) => id !== c.id);
    if (c.recordingName) await this.d.telephony.stopRecording(c.recordingName).catch(() => undefined);
    const outcome = c.state.outcome ?? 'failed';
    let leadStatus: string | null = null;
    if (c.persist) {
      await c.dbChain;
      try {
        const r = await this.d.store.finalize(c.id, { outcome, at: now, cause: this.lastCause.get(c.id)?.cause ?? null, sipCode: this.lastCause.get(c.id)?.sipCode ?? null, creditorId: c.debtor.creditor.id }, c.retryRules);
        leadStatus = r.leadStatus;
      } catch (e) {
        this.d.observe({ type: 'error', call: c, where: 'finalize', error: e });
      }
    }
    this.lastCause.delete(c.id);
    this.calls.delete(c.id);
    this.d.observe({ type: 'finalized', call: c, outcome, leadStatus });
  }

  private readonly lastCause = new Map<string, { cause: number | null; sipCode: number | null }>();

  /** The channel ended: remember the cause for the attempt row, then let the machine decide. */
  hangupEvent(callId: string, cause: number | null, sipCode: number | null, networkOutcome: NetworkOutcome | null): Promise<void> {
    if (!this.calls.has(callId)) return Promise.resolve();
    this.lastCause.set(callId, { cause, sipCode });
    return this.dispatch(callId, { type: 'hangup', networkOutcome });
  }

  playbackFinished(callId: string, playbackId: string): void {
    const c = this.calls.get(callId);
    if (!c || !c.playbacks.has(playbackId)) return;
    c.playbacks.delete(playbackId);
    if (c.state.phase === 'ivr' && !this.d.agentlessHandler()) {
      void this.dispatch(callId, { type: 'ivr_done' });
      return;
    }
    void this.dispatch(callId, { type: 'playback_finished' });
  }

  /** Calls in flight per campaign and phase, for pacing. */
  inFlight(campaignId: string): LiveCall[] {
    return [...this.calls.values()].filter((c) => c.debtor.campaignId === campaignId);
  }

  /** Resolves when every queued event and database write of every call has been handled. */
  async settled(): Promise<void> {
    for (let i = 0; i < 5; i++) await Promise.all([...this.calls.values()].flatMap((c) => [c.queue, c.dbChain]));
  }
}
