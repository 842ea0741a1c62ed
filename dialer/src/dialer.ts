// The dialer process: wires telephony events, bus commands, agents, calls and campaign loops.
import { logLine } from '@cobranza/domain/format/redact';
import type { AgentStatus, BusEvents, CampaignLiveStats } from '@cobranza/contracts';
import { DEFAULT_PACING } from '@cobranza/contracts';
import type { Bus } from '@cobranza/bus';
import type { Db } from '@cobranza/db';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Clock, TimerHandle } from './clock.js';
import { AgentRegistry, type AgentSlot } from './agents/registry.js';
import { AttemptStore, outcomeFromWhatIsKnown } from './attempts/store.js';
import { CallController, type CallObservation } from './call/controller.js';
import { statusOf } from './call/machine.js';
import { CampaignRuntime, type CampaignDefinition } from './campaign/runtime.js';
import { parseCampaignSettings } from './campaign/settings.js';
import { CampaignSupervisor, DEFAULT_OWNERSHIP, type OwnershipOptions } from './campaign/supervisor.js';
import { LeaseLostError } from '@cobranza/db/stores/campaign-leases';
import { localDayStart } from './campaign/local-day.js';
import { COUNTRIES } from '@cobranza/domain/portfolio/regions';
import { Hopper } from './hopper/hopper.js';
import { parseRetryRules } from '@cobranza/domain/retry/rules';
import type { AbandonRules, AgentlessHandler, ContactGate, DebtorContext, MachineHandler } from './ports.js';
import type { Telephony, TelephonyEvent } from './telephony/types.js';
import { CONSOLE_GRACE_SECONDS, ConsolePresence } from './agents/console-presence.js';
import { AgentStateIntervals } from './agents/state-intervals.js';
import { screenPop } from './screen-pop.js';

export interface DialerOptions {
  db: Db;
  bus: Bus;
  telephony: Telephony;
  gate: ContactGate;
  /** The abandon cap and window of each campaign's debtor jurisdictions (default: the platform's safe default, 3 % over 30 days). */
  abandonRules?: AbandonRules;
  clock: Clock;
  dialerId: string;
  /** Tick period of campaign loops. */
  tickMs?: number;
  /** How often running campaigns are re-read from Postgres (new campaigns, status set by the API). */
  reloadMs?: number;
  statsMs?: number;
  /** Only these campaigns (tests); default: every campaign with status running or paused. */
  campaignIds?: string[];
  reservationMs?: number;
  log?: (msg: string, extra?: Record<string, unknown>) => void;
  /** Everything the calls do, for tests and benchmarks (playbacks, bridges, errors). */
  observer?: (o: CallObservation) => void;
  /**
   * Simulated telephony only: an agent who sends a command without a softphone channel gets a
   * simulated one (the `npm start` demo has no Asterisk for the console's softphone to reach).
   */
  simulatedLogin?: (agentId: string) => void;
  /** Called once per campaign loaded (e.g. render the creditor's safe-message prompt). */
  prepareCampaign?: (def: CampaignDefinition) => void;
  /** Every telephony event, for tests and benchmarks. */
  telephonyTap?: (e: TelephonyEvent) => void;
  /**
   * Whether this agent's calls wait for their disposition: when the wrap-up time is up and the call has
   * none yet, the agent stays in wrap-up (an overrun the wallboard shows) instead of going ready for the
   * next call. Absent, or false (simulated agents, who never write one): the wrap-up time ends wrap-up.
   */
  awaitsDisposition?: (agentId: string) => boolean;
  /** How long an agent whose console went away stays logged in (paused) before being logged out. */
  consoleGraceMs?: number;
  /** Campaign leases (campaign/supervisor.ts); tests on a virtual clock give a long TTL. */
  ownership?: Partial<OwnershipOptions>;
}

export class Dialer {
  readonly agents: AgentRegistry;
  readonly calls: CallController;
  readonly store: AttemptStore;
  readonly hopper: Hopper;
  /** Which campaigns this dialer owns and paces (leases), their definitions and commands. */
  readonly supervisor: CampaignSupervisor;
  private readonly ownership: OwnershipOptions;
  private agentlessHandler: AgentlessHandler | null = null;
  private machineHandler: MachineHandler | null = null;
  private timers: TimerHandle[] = [];
  private unsubs: Array<() => Promise<void>> = [];
  private stopped = false;
  private readonly log: (msg: string, extra?: Record<string, unknown>) => void;
  private lastWrap = new Map<string, { callId: string; campaignId: string | null; since: number }>();
  private ready = false;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly presence: ConsolePresence;
  private readonly stateIntervals: AgentStateIntervals;

  constructor(private readonly o: DialerOptions) {
    this.log = o.log ?? ((m, e) => console.log(logLine(`[dialer ${o.dialerId}]`, m, e)));
    this.presence = new ConsolePresence({
      clock: o.clock,
      graceMs: o.consoleGraceMs ?? CONSOLE_GRACE_SECONDS * 1000,
      record: (agentId) => this.agents.get(agentId)?.rec,
      command: (agentId, command, extra) => this.onAgentCommand({ agentId, command, ...extra }),
      pauseAfterWork: (agentId, reason) => void this.agents.tryApply(agentId, { type: 'pause_after_work', reason }),
      log: (m, e) => this.log(m, e),
    });
    this.store = new AttemptStore(o.db);
    this.stateIntervals = new AgentStateIntervals(o.db);
    this.hopper = new Hopper(o.db, { dialerId: o.dialerId, reservationMs: o.reservationMs, now: () => o.clock.now() });
    this.agents = new AgentRegistry({
      clock: o.clock,
      wrapUpSecondsFor: (cid) => (cid ? (this.campaigns.get(cid)?.def.settings.wrapUpSeconds ?? DEFAULT_PACING.wrapUpSeconds) : DEFAULT_PACING.wrapUpSeconds),
      onChange: (status, slot) => this.onAgentChange(status, slot),
      // a person is served before the demo's simulated agents, who never write a disposition
      ...(o.awaitsDisposition ? { prefer: o.awaitsDisposition } : {}),
      onWrapUpTime: (agentId, callId) => this.onWrapUpTime(agentId, callId),
    });
    this.calls = new CallController({
      clock: o.clock,
      telephony: o.telephony,
      store: this.store,
      agents: this.agents,
      agentlessHandler: () => this.agentlessHandler,
      machineHandler: () => this.machineHandler,
      strategyOf: (cid) => (cid ? (this.campaigns.get(cid)?.def.strategyId ?? null) : null),
      observe: (obs) => this.onObservation(obs),
    });
    this.ownership = { ...DEFAULT_OWNERSHIP, ...o.ownership };
    this.supervisor = new CampaignSupervisor({
      db: o.db,
      clock: o.clock,
      dialerId: o.dialerId,
      campaignIds: o.campaignIds,
      ownership: this.ownership,
      prepareCampaign: o.prepareCampaign,
      runtime: (def, lease) =>
        new CampaignRuntime(def, {
          clock: o.clock,
          hopper: this.hopper,
          store: this.store,
          gate: o.gate,
          calls: this.calls,
          agents: this.agents,
          dialerId: o.dialerId,
          // nothing is dialed before our own leftovers are reconciled
          telephonyReady: () => this.ready && o.telephony.ready(),
          publishPop: (p) => void o.bus.publish('screen.pop', p).catch(() => undefined),
          ...lease,
          log: this.log,
          abandonRules: o.abandonRules,
        }),
      takeover: (campaignId) => this.reconcileDead(campaignId).then(() => undefined),
      changed: () => this.statsSoon(),
      track: (p) => this.track(p),
      log: (m, e) => this.log(m, e),
    });
  }

  /** The campaigns this dialer owns now. */
  get campaigns(): Map<string, CampaignRuntime> {
    return this.supervisor.campaigns;
  }

  /** The IVR attaches its outbound message flow for agentless campaigns here. */
  setAgentlessHandler(h: AgentlessHandler | null): void {
    this.agentlessHandler = h;
  }

  /**
   * The IVR attaches its machine flow here: a machine answering a call of a strategy with amd_mode
   * 'message' hears it instead of the dialer's safe message (which stays the fallback).
   */
  setMachineHandler(h: MachineHandler | null): void {
    this.machineHandler = h;
  }

  /**
   * Press-to-talk from an IVR session on a channel the dialer did not place (inbound): route it to an
   * agent with priority; the screen pop carries the debtor.
   */
  routeToAgent(ctx: DebtorContext): void {
    const existing = this.calls.get(ctx.callId);
    if (existing) {
      void this.calls.dispatch(ctx.callId, { type: 'press_to_talk' });
      return;
    }
    const campaign = ctx.campaignId ? this.campaigns.get(ctx.campaignId) : undefined;
    const settings = campaign?.settings ?? (() => parseCampaignSettings({}, 'agentless'));
    this.calls.register({
      id: ctx.callId,
      mode: 'agentless',
      amdMode: 'off',
      agentId: null,
      debtor: ctx,
      leadId: null,
      phoneId: null,
      settings,
      retryRules: parseRetryRules({}),
      persist: false,
      phase: 'ivr',
    });
    // we did not place it, so nothing told us about its hangup: without this an agent stays "talking"
    this.o.telephony.follow(ctx.callId);
    void this.calls.dispatch(ctx.callId, { type: 'press_to_talk' });
  }

  async start(): Promise<void> {
    // commands first: agents adopted or logging in while we start answer "ready" right away, and a
    // pub/sub message sent before the subscription would be lost
    const sub = <T extends keyof BusEvents>(topic: T, h: (m: BusEvents[T]) => void | Promise<void>) =>
      this.o.bus.subscribe(topic, h).then((u) => void this.unsubs.push(u));
    await sub('agent.command', (m) => this.track(this.onAgentCommand(m)));
    await sub('agent.console', (m) => this.track(this.presence.onConsole(m.agentId, m.connected)));
    await sub('campaign.command', (m) => this.track(this.supervisor.onCommand(m)));
    await sub('supervisor.command', (m) => this.track(this.onSupervisorCommand(m)));
    await this.supervisor.reload();
    await this.o.telephony.start((e) => this.onTelephony(e));
    await this.reconcileOwn();
    this.ready = true;
    await this.supervisor.leaseRound(); // the campaigns nobody holds are ours from now on
    this.every(this.o.tickMs ?? 1000, () => this.tickAll());
    this.every(this.o.reloadMs ?? 5000, () => this.supervisor.reload());
    this.every(this.ownership.renewMs, () => this.supervisor.leaseRound());
    this.every(Math.min(20_000, (this.o.reservationMs ?? 60_000) / 3), () => this.hopper.heartbeat());
    this.every(Math.max(1000, this.ownership.deadAfterMs / 2), () => this.reconcileOrphans());
    this.every(this.o.statsMs ?? 1000, () => {
      const p = this.queueStats();
      this.track(p); // idle() waits for it (tests on a virtual clock)
      return p;
    });
    this.every(5000, () => this.watchdog());
  }

  /**
   * A call that outlived every timeout of its phase has lost its events (an overloaded Asterisk, a
   * WebSocket drop between two reconnect checks): settle it from what Asterisk says now.
   */
  async watchdog(): Promise<number> {
    const now = this.o.clock.now();
    const late = [...this.calls.calls.values()].filter((c) => {
      const age = now - c.phaseSince;
      switch (c.state.phase) {
        case 'dialing':
        case 'ringing':
          return now - c.createdAt > (c.settings().ringTimeoutSec + 20) * 1000;
        case 'amd':
          return age > 30_000;
        case 'waiting':
        case 'connecting':
        case 'hanging_up':
          return age > 15_000;
        case 'safe_message':
        case 'machine_message':
          return age > 120_000;
        case 'bridged':
        case 'ivr':
          return age > 60_000; // long calls are normal: only settled if the channel is gone
        default:
          return false;
      }
    });
    if (late.length === 0) return 0;
    const up = new Set(await this.o.telephony.listChannels());
    for (const c of late) {
      const talking = c.state.phase === 'bridged' || c.state.phase === 'ivr';
      if (talking && up.has(c.id)) continue;
      this.log('watchdog: call lost its events', { id: c.id, phase: c.state.phase, channelUp: up.has(c.id) });
      // still up: what Asterisk says now may let the call go on (a person answered meanwhile)
      if (up.has(c.id) && (await this.resume(c.id))) continue;
      if (up.has(c.id)) {
        await this.o.telephony.hangup(c.id).catch(() => undefined);
        // the hangup event normally follows; if it was lost too, the next round settles it as gone
        continue;
      }
      const unanswered = c.state.phase === 'dialing' || c.state.phase === 'ringing';
      await this.calls.hangupEvent(c.id, null, null, unanswered ? 'failed' : null);
    }
    return late.length;
  }

  /**
   * A call whose events may have been lost (a WebSocket drop, an overloaded Asterisk) while its channel
   * is up: read the channel and feed the machine what it missed, so a person who answered meanwhile goes
   * to AMD, an agent or the safe message instead of silence. True when the call moved on.
   */
  async resume(callId: string): Promise<boolean> {
    const c = this.calls.get(callId);
    if (!c) return false;
    const info = await this.o.telephony.channelInfo(callId).catch((e) => {
      this.log('resume: reading the channel failed', { id: callId, error: e instanceof Error ? e.message : String(e) });
      return null;
    });
    if (!info) return false;
    const before = c.state.phase;
    if ((before === 'dialing' || before === 'ringing') && info.answered) {
      this.log('resume: the callee answered while events were lost', { id: callId });
      await this.calls.dispatch(callId, { type: 'answered' });
    } else if (before === 'amd' && info.amd) {
      this.log('resume: AMD verdict read from the channel', { id: callId, status: info.amd.status });
      if (c.persist) this.track(this.store.setAmd(callId, info.amd.status, info.amd.cause));
      await this.calls.dispatch(callId, { type: 'amd', status: info.amd.status });
    }
    return this.calls.get(callId)?.state.phase !== before;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.presence.stop();
    this.statsTimer?.cancel();
    for (const t of this.timers) t.cancel();
    await this.supervisor.stop();
    for (const u of this.unsubs) await u();
    await this.idle();
    await this.o.telephony.stop();
  }

  /** Keeps a promise of background work so idle() can wait for it (tests on a virtual clock). */
  private track(p: Promise<unknown>): void {
    const q = p.catch((e) => this.log('background task failed', { error: e instanceof Error ? e.message : String(e) }));
    this.pending.add(q);
    void q.finally(() => this.pending.delete(q));
  }

  /** Resolves when no background work, campaign tick, call event or database write is in flight. */
  async idle(): Promise<void> {
    for (let i = 0; i < 50; i++) {
      await Promise.all([...this.pending, ...[...this.campaigns.values()].map((c) => c.idle())]);
      await this.calls.settled();
      await new Promise((r) => setImmediate(r));
      if (this.pending.size === 0 && [...this.campaigns.values()].every((c) => c.isIdle())) return;
    }
  }

  isReady(): boolean {
    return this.ready;
  }

  private every(ms: number, fn: () => Promise<unknown> | unknown): void {
    const loop = () => {
      if (this.stopped) return;
      Promise.resolve()
        .then(fn)
        .catch((e) => this.log('periodic task failed', { error: String(e) }))
        .finally(() => {
          if (!this.stopped) this.timers.push(this.o.clock.setTimeout(loop, ms));
        });
    };
    this.timers.push(this.o.clock.setTimeout(loop, ms));
  }

  async tickAll(): Promise<void> {
    await Promise.all([...this.campaigns.values()].map((c) => c.tick()));
  }

  // --- agents ---------------------------------------------------------------------------------

  private onWrapUpTime(agentId: string, callId: string | null): void {
    if (!callId || !this.o.awaitsDisposition?.(agentId)) {
      this.agents.tryApply(agentId, { type: 'wrapup_done' });
      return;
    }
    this.track(
      this.store.dispositionPending(callId).then(
        (yes) => {
          if (yes) this.log('wrap-up overrun: the disposition is not saved yet', { agentId, callId });
          // the agent may have moved on meanwhile (wrapup_done after the disposition); tryApply ignores that
          else if (this.agents.get(agentId)?.rec.callId === callId) this.agents.tryApply(agentId, { type: 'wrapup_done' });
        },
        (e: unknown) => this.log('wrap-up check failed; the agent stays in wrap-up', { agentId, callId, error: e instanceof Error ? e.message : String(e) }),
      ),
    );
  }

  private onAgentChange(status: AgentStatus, slot: AgentSlot): void {
    void this.o.bus.publish('agent.status', status).catch(() => undefined);
    this.track(this.stateIntervals.changed(status)); // talk, wrap and idle time for the reports
    this.statsSoon(); // agents logged in, lines per agent
    const prevWrap = this.lastWrap.get(status.agentId);
    if (status.state === 'wrapping' && slot.rec.callId) {
      const call = this.calls.get(slot.rec.callId);
      this.lastWrap.set(status.agentId, { callId: slot.rec.callId, campaignId: call?.debtor.campaignId ?? status.campaignId, since: slot.rec.since });
    } else if (prevWrap && status.state !== 'wrapping') {
      this.lastWrap.delete(status.agentId);
      const rt = prevWrap.campaignId ? this.campaigns.get(prevWrap.campaignId) : undefined;
      rt?.pacing.record({ type: 'wrapEnded', callId: prevWrap.callId, wrapSeconds: (this.o.clock.now() - prevWrap.since) / 1000 }, this.o.clock.now());
    }
    if (status.state === 'ready') {
      // a person already waiting comes first; then the campaigns may dial for the free agent
      if (!this.calls.offerAgent(slot)) this.track(this.tickAll());
    }
  }

  private async onAgentCommand(m: BusEvents['agent.command']): Promise<void> {
    let slot = this.agents.get(m.agentId);
    if ((!slot || slot.rec.state === 'offline') && this.o.simulatedLogin && m.command === 'ready') {
      this.o.simulatedLogin(m.agentId);
      // up to 5 s: on a loaded host the first login's bridge can take more than a second, and a ready
      // command dropped here would leave the agent waiting for calls that never come
      for (let i = 0; i < 250 && !(slot = this.agents.get(m.agentId))?.bridgeId; i++) await new Promise((r) => setTimeout(r, 20));
      if (!slot?.bridgeId) this.log('simulated login: no channel after 5 s, ready not applied', { agentId: m.agentId });
    }
    if (!slot) return; // not logged in on this dialer
    try {
      switch (m.command) {
        case 'ready':
          this.agents.apply(m.agentId, { type: 'ready', campaignId: m.campaignId ?? slot.rec.campaignId });
          break;
        case 'pause':
          await this.withdrawPreview(m.agentId);
          this.agents.apply(m.agentId, { type: 'pause', reason: m.pauseReason ?? 'break' });
          break;
        case 'logout':
          await this.withdrawPreview(m.agentId);
          this.agents.apply(m.agentId, { type: 'logout' });
          if (slot.channelId && slot.rec.state === 'offline') await this.o.telephony.hangup(slot.channelId).catch(() => undefined);
          break;
        case 'wrapup_done':
          this.agents.apply(m.agentId, { type: 'wrapup_done' });
          break;
        case 'hangup': {
          const callId = slot.rec.callId;
          // a debtor transferred to a supervisor is theirs now: the agent's hang-up must not cut them off
          if (callId && !this.calls.get(callId)?.transferredTo) void this.calls.dispatch(callId, { type: 'agent_hangup' });
          break;
        }
        case 'transfer':
          await this.transfer(m.agentId);
          break;
        case 'dial':
        case 'skip': {
          const rt = [...this.campaigns.values()].find((c) => c.hasPreview(m.agentId));
          const offered = rt?.previewDebtor(m.agentId) ?? null;
          if (m.command === 'dial' && m.phoneId && m.debtorId && m.debtorId !== offered) {
            // a manual dial of a chosen debtor phone (a callback, a number the agent picked)
            if (rt) await rt.previewSkip(m.agentId, 0);
            await this.manualDial(m.agentId, m.debtorId, m.phoneId, m.campaignId ?? slot.rec.campaignId);
            return;
          }
          if (!rt) return;
          if (m.command === 'dial') await rt.previewDial(m.agentId);
          else await rt.previewSkip(m.agentId);
          break;
        }
      }
    } catch (e) {
      this.log(`agent command ${m.command} refused`, { agentId: m.agentId, error: e instanceof Error ? e.message : String(e) });
    }
  }

  /**
   * An agent dials one debtor's phone by hand: not autodialed (the gate is told so), the agent is
   * guaranteed, the attempt is written like any other but not tied to a hopper lead.
   */
  async manualDial(agentId: string, debtorId: string, phoneId: string, campaignId: string | null): Promise<string | null> {
    const slot = this.agents.get(agentId);
    if (!slot || slot.rec.state !== 'ready' || !slot.bridgeId) {
      this.log('manual dial refused: the agent is not ready', { agentId });
      return null;
    }
    const phone = await this.o.db
      .selectFrom('phones')
      .innerJoin('debtors', 'debtors.id', 'phones.debtor_id')
      .select(['phones.id', 'phones.e164', 'phones.type', 'phones.consent_automated', 'phones.status', 'debtors.locale'])
      .where('phones.id', '=', phoneId)
      .where('phones.debtor_id', '=', debtorId)
      .executeTakeFirst();
    if (!phone) {
      this.log('manual dial refused: phone not found for that debtor', { agentId, phoneId });
      return null;
    }
    const account = await this.o.db
      .selectFrom('accounts')
      .innerJoin('portfolios', 'portfolios.id', 'accounts.portfolio_id')
      .innerJoin('creditors', 'creditors.id', 'portfolios.creditor_id')
      .select(['accounts.id', 'creditors.id as creditor_id', 'creditors.code', 'creditors.business_name', 'creditors.callback_number'])
      .where('accounts.debtor_id', '=', debtorId)
      .orderBy('accounts.balance', 'desc')
      .executeTakeFirst();
    // a campaign's calls are written under its lease: only its owner dials for it, never a stalled former one
    const fence = campaignId ? this.supervisor.fence(campaignId) : null;
    if (campaignId && !fence) {
      this.log('manual dial refused: the campaign is not owned by this dialer', { agentId, campaignId });
      return null;
    }
    const rt = campaignId ? this.campaigns.get(campaignId) : undefined;
    const settings = rt?.settings ?? (() => parseCampaignSettings({ mode: 'preview' }, 'preview'));
    const creditor = rt?.def.creditor ?? {
      id: account?.creditor_id ?? null,
      code: account?.code ?? 'default',
      businessName: account?.business_name ?? '',
      callbackNumber: account?.callback_number ?? '',
    };
    const now = this.o.clock.now();
    const callId = randomUUID();
    let reserved = false;
    let decision;
    try {
      // the attempt row is written under the debtor's contact lock, as for campaign calls
      decision = await this.o.gate.evaluate(
        {
          debtorId,
          accountId: account?.id ?? null,
          creditorId: creditor.id,
          campaignId: campaignId ?? '',
          phone: { id: phone.id, e164: phone.e164, type: phone.type, consentAutomated: phone.consent_automated },
          at: new Date(now),
          mode: 'preview',
          agentGuaranteed: true,
        },
        (tx) => {
          this.agents.apply(agentId, { type: 'reserve', callId });
          reserved = true;
          return this.store.create(
            { id: callId, campaignId, leadId: null, debtorId, accountId: account?.id ?? null, phoneId: phone.id, e164: phone.e164, dialMode: 'preview', dialerId: this.o.dialerId, agentId, fence },
            now,
            tx,
          );
        },
      );
    } catch (e) {
      if (reserved) this.agents.tryApply(agentId, { type: 'unreserve' });
      if (e instanceof LeaseLostError && campaignId) this.supervisor.leaseLost(campaignId, 'a manual dial was refused by the fence');
      this.log('manual dial refused', { agentId, error: e instanceof Error ? e.message : String(e) });
      return null;
    }
    if (!decision.allowed) {
      this.log('manual dial blocked by the compliance gate', { agentId, rule: decision.rule });
      return null;
    }
    const call = this.calls.register({
      id: callId,
      mode: 'preview',
      amdMode: 'off',
      agentId,
      debtor: { callId, campaignId, debtorId, accountId: account?.id ?? null, e164: phone.e164, locale: phone.locale, creditor },
      leadId: null,
      phoneId: phone.id,
      settings,
      retryRules: rt?.def.retryRules ?? parseRetryRules({}),
    });
    await this.calls.originate(call, phone.e164);
    return callId;
  }

  private async withdrawPreview(agentId: string): Promise<void> {
    const rt = [...this.campaigns.values()].find((c) => c.hasPreview(agentId));
    if (rt) await rt.previewSkip(agentId, 0);
  }

  private async agentLogin(agentRef: string, channelId: string): Promise<void> {
    // softphones send their users.id or their SIP endpoint name (agent1, sipagent3)
    const user = await this.o.db
      .selectFrom('users')
      .select(['id', 'name'])
      .where((eb) => eb.or([eb('sip_endpoint', '=', agentRef), ...(isUuid(agentRef) ? [eb('id', '=', agentRef)] : [])]))
      .executeTakeFirst();
    if (!user) {
      this.log(`agent-login from unknown agent "${agentRef}": hanging up`);
      await this.o.telephony.hangup(channelId).catch(() => undefined);
      return;
    }
    const old = this.agents.get(user.id);
    if (old?.bridgeId && old.channelId && old.channelId !== channelId) {
      await this.o.telephony.hangup(old.channelId).catch(() => undefined);
    }
    const bridgeId = await this.o.telephony.createAgentBridge(user.id, channelId);
    this.agents.login(user.id, user.name, channelId, bridgeId);
  }

  // --- supervisors ----------------------------------------------------------------------------

  /** callId: the debtor transferred to this supervisor; bridgeId: the bridge they talk in. */
  private readonly supervisors = new Map<string, { channelId: string; session: string | null; callId: string | null; bridgeId: string | null }>();

  private async supervisorLogin(ref: string, channelId: string): Promise<void> {
    const user = await this.o.db
      .selectFrom('users')
      .select(['id'])
      .where('role', 'in', ['supervisor', 'admin'])
      .where((eb) => eb.or([eb('sip_endpoint', '=', ref), ...(isUuid(ref) ? [eb('id', '=', ref)] : [])]))
      .executeTakeFirst();
    if (!user) {
      this.log(`supervisor-login from unknown supervisor "${ref}": hanging up`);
      await this.o.telephony.hangup(channelId).catch(() => undefined);
      return;
    }
    this.supervisors.set(user.id, { channelId, session: null, callId: null, bridgeId: null });
    // its hangup must reach us: a debtor transferred to this supervisor would otherwise stay up alone
    this.o.telephony.follow(channelId);
  }

  private supervisorOfChannel(channelId: string): [string, { channelId: string; session: string | null; callId: string | null; bridgeId: string | null }] | undefined {
    return [...this.supervisors.entries()].find(([, s]) => s.channelId === channelId);
  }

  /**
   * The agent hands the debtor to a free supervisor (logged in, not listening to anyone, not on a
   * transferred call): the debtor moves from the agent's bridge to a bridge with the supervisor's
   * permanent channel, the supervisor's screen pops, the agent goes to wrap-up. Returns the supervisor.
   */
  async transfer(agentId: string): Promise<string | null> {
    const slot = this.agents.get(agentId);
    const callId = slot?.rec.state === 'talking' ? slot.rec.callId : null;
    if (!callId) {
      this.log('transfer refused: the agent is not on a call', { agentId });
      return null;
    }
    const done = await this.calls.exclusive(callId, async (call) => {
      if (call.state.phase !== 'bridged' || call.transferredTo || call.state.agentId !== agentId) return null;
      const free = [...this.supervisors.entries()].find(([, s]) => !s.session && !s.callId);
      if (!free) {
        this.log('transfer refused: no supervisor free', { agentId });
        return null;
      }
      const [supervisorId, sup] = free;
      sup.callId = call.id;
      const tel = this.o.telephony;
      let bridgeId: string;
      try {
        bridgeId = await tel.createAgentBridge(supervisorId, sup.channelId);
      } catch (e) {
        sup.callId = null;
        this.log('transfer failed: supervisor bridge', { agentId, error: e instanceof Error ? e.message : String(e) });
        return null;
      }
      // the recording runs on the agent's bridge, where the agent's next call will be: stop it there
      if (call.recordingName) await tel.stopRecording(call.recordingName).catch(() => undefined);
      call.recordingName = null;
      try {
        if (call.bridgeId) await tel.removeFromBridge(call.bridgeId, call.id);
        await tel.addToBridge(bridgeId, call.id);
      } catch (e) {
        // the debtor hung up meanwhile (its hangup event follows) or Asterisk refused: the agent keeps the call
        sup.callId = null;
        await tel.destroyBridge(bridgeId).catch(() => undefined);
        if (call.bridgeId) await tel.addToBridge(call.bridgeId, call.id).catch(() => undefined);
        this.log('transfer failed: moving the debtor', { agentId, error: e instanceof Error ? e.message : String(e) });
        return null;
      }
      sup.bridgeId = bridgeId;
      call.transferredTo = supervisorId;
      call.bridgeId = bridgeId;
      if (call.settings().record) {
        call.recordingName = await tel.recordBridge(bridgeId, `call-${call.id}-transfer`).catch(() => null);
      }
      const now = this.o.clock.now();
      const rt = call.debtor.campaignId ? this.campaigns.get(call.debtor.campaignId) : undefined;
      if (call.bridgedAt !== null) rt?.pacing.record({ type: 'talkEnded', callId: call.id, talkSeconds: (now - call.bridgedAt) / 1000, party: 'human' }, now);
      this.agents.tryApply(agentId, { type: 'call_ended' });
      void this.o.bus
        .publish('screen.pop', screenPop({ callId: call.id, agentId: supervisorId, campaignId: call.debtor.campaignId, debtorId: call.debtor.debtorId, e164: call.debtor.e164, via: 'transfer', at: now }))
        .catch(() => undefined);
      this.publishCall(call.id, call.debtor, 'bridged', supervisorId, null);
      this.log('transferred to a supervisor', { callId: call.id, agentId, supervisorId });
      return supervisorId;
    });
    return done ?? null;
  }

  /** Listen, whisper or barge on an agent's calls through the supervisor's permanent channel. */
  private async onSupervisorCommand(m: BusEvents['supervisor.command']): Promise<void> {
    const sup = this.supervisors.get(m.supervisorId);
    if (!sup) return; // the supervisor's softphone is not on this dialer
    if (sup.session) {
      const s = sup.session;
      sup.session = null;
      await this.o.telephony.stopMonitor(s).catch((e) => this.log('stop monitor failed', { error: String(e) }));
    }
    if (m.command === 'stop') return;
    if (sup.callId) {
      this.log(`supervisor ${m.command} refused: the supervisor is on a transferred call`);
      return;
    }
    const agent = this.agents.get(m.agentId);
    if (!agent?.channelId || !agent.bridgeId) {
      this.log(`supervisor ${m.command}: agent ${m.agentId} is not logged in here`);
      return;
    }
    sup.session = await this.o.telephony.monitor({ agentChannelId: agent.channelId, agentBridgeId: agent.bridgeId, supervisorChannelId: sup.channelId, mode: m.command });
  }

  // --- telephony ------------------------------------------------------------------------------

  private onTelephony(e: TelephonyEvent): void {
    this.o.telephonyTap?.(e);
    switch (e.type) {
      case 'ringing':
        void this.calls.dispatch(e.callId, { type: 'ringing' });
        return;
      case 'answered':
        void this.calls.dispatch(e.callId, { type: 'answered' });
        return;
      case 'amd': {
        const c = this.calls.get(e.callId);
        if (c?.persist) this.track(this.store.setAmd(e.callId, e.status, e.cause));
        void this.calls.dispatch(e.callId, { type: 'amd', status: e.status });
        return;
      }
      case 'hangup': {
        const agent = this.agents.agentOfChannel(e.callId);
        if (agent) {
          this.agentChannelGone(agent);
          return;
        }
        const sup = this.supervisorOfChannel(e.callId);
        if (sup) {
          this.supervisors.delete(sup[0]);
          // the supervisor left with a transferred debtor on the line: nobody is left on our side
          if (sup[1].callId) void this.calls.dispatch(sup[1].callId, { type: 'agent_hangup' });
          return;
        }
        void this.calls.hangupEvent(e.callId, e.cause, e.sipCode, e.networkOutcome);
        return;
      }
      case 'playback_finished':
        this.calls.playbackFinished(e.callId, e.playbackId);
        return;
      case 'agent_channel':
        this.track(this.agentLogin(e.agentId, e.channelId));
        return;
      case 'supervisor_channel':
        this.track(this.supervisorLogin(e.supervisorRef, e.channelId));
        return;
      case 'agent_channel_gone': {
        const agent = this.agents.agentOfChannel(e.channelId);
        if (agent) this.agentChannelGone(agent);
        return;
      }
      case 'reconnected':
        this.track(this.reconcileLive());
        return;
      default:
        return;
    }
  }

  private agentChannelGone(slot: AgentSlot): void {
    const callId = slot.rec.callId;
    const bridgeId = slot.bridgeId;
    this.agents.apply(slot.rec.agentId, { type: 'channel_gone' });
    if (bridgeId) void this.o.telephony.destroyBridge(bridgeId).catch(() => undefined);
    // the debtor was talking to this agent: nobody is left on our side, end the call
    const call = callId ? this.calls.get(callId) : undefined;
    if (call?.state.phase === 'bridged' && !call.transferredTo) void this.calls.dispatch(call.id, { type: 'agent_hangup' });
  }

  // --- reconciliation -------------------------------------------------------------------------

  /**
   * At start: attempts this dialer left open (it crashed or was killed) are settled from what is
   * known and never re-dialed; channels still up are hung up (nobody is handling them).
   */
  async reconcileOwn(): Promise<number> {
    const open = await this.store.open({ dialerId: this.o.dialerId });
    const n = await this.settleOpen(open);
    // reservations we held but never dialed go back to the hopper
    await this.o.db
      .updateTable('campaign_leads')
      .set({ status: 'pending', reserved_by: null, reserved_until: null })
      .where('reserved_by', '=', this.o.dialerId)
      .where('status', '=', 'reserved')
      .execute();
    return n;
  }

  /** Attempts of dead dialers (their heartbeat stopped): settled from what is known, never re-dialed. */
  async reconcileOrphans(): Promise<number> {
    const open = (await this.store.open({ deadAfterMs: this.ownership.deadAfterMs })).filter((a) => a.dialer_id !== this.o.dialerId);
    return this.settleOpen(open);
  }

  /** A campaign just taken over: what dead dialers left open in it is settled, their reservations freed. */
  async reconcileDead(campaignId: string): Promise<number> {
    const open = (await this.store.open({ deadAfterMs: this.ownership.deadAfterMs, campaignId })).filter((a) => a.dialer_id !== this.o.dialerId);
    const n = await this.settleOpen(open);
    await this.supervisor.store.releaseReservationsOfDead(campaignId, this.ownership.deadAfterMs);
    return n;
  }

  private async settleOpen(open: Awaited<ReturnType<AttemptStore['open']>>): Promise<number> {
    if (open.length === 0) return 0;
    const up = new Set(await this.o.telephony.listChannels());
    const rules = new Map<string, ReturnType<typeof parseRetryRules>>();
    for (const a of open) {
      if (this.calls.get(a.id)) continue;
      if (up.has(a.id)) await this.o.telephony.hangup(a.id).catch(() => undefined);
      const rt = a.campaign_id ? this.campaigns.get(a.campaign_id) : undefined;
      let r = rt?.def.retryRules ?? rules.get(a.campaign_id ?? '');
      if (!r) {
        r = await this.supervisor.store.retryRules(a.campaign_id);
        rules.set(a.campaign_id ?? '', r);
      }
      const outcome = outcomeFromWhatIsKnown(a);
      await this.store.finalize(a.id, { outcome, at: this.o.clock.now(), cause: null, sipCode: null, creditorId: rt?.def.creditor.id ?? null }, r);
      this.log('reconciled attempt', { id: a.id, outcome, channelWasUp: up.has(a.id) });
    }
    return open.length;
  }

  /** After an ARI reconnect: calls whose channel vanished meanwhile end with what is known. */
  async reconcileLive(): Promise<void> {
    const up = new Set(await this.o.telephony.listChannels());
    // agents first: a call settled below frees its campaign to dial, and only real agents count
    for (const slot of this.agents.all()) {
      if (slot.channelId && !up.has(slot.channelId)) this.agentChannelGone(slot);
    }
    for (const c of [...this.calls.calls.values()]) {
      if (up.has(c.id) && ['dialing', 'ringing', 'amd'].includes(c.state.phase)) {
        await this.resume(c.id);
        continue;
      }
      if (up.has(c.id) || c.state.phase === 'reserved') continue;
      const unanswered = c.state.phase === 'dialing' || c.state.phase === 'ringing';
      await this.calls.hangupEvent(c.id, null, null, unanswered ? 'failed' : null);
    }
    await this.reconcileOwn();
  }

  // --- observations and stats -----------------------------------------------------------------

  private onObservation(o: CallObservation): void {
    this.o.observer?.(o);
    const rt = o.call.debtor.campaignId ? this.campaigns.get(o.call.debtor.campaignId) : undefined;
    const now = this.o.clock.now();
    switch (o.type) {
      case 'status':
        this.publishCall(o.call.id, o.call.debtor, statusOf(o.call.state.phase), o.call.state.agentId, null);
        this.statsSoon(); // calls ringing / waiting
        return;
      case 'finalized':
        this.statsSoon();
        if (o.call.transferredTo) {
          const sup = this.supervisors.get(o.call.transferredTo);
          if (sup?.callId === o.call.id) {
            sup.callId = null;
            if (sup.bridgeId) void this.o.telephony.destroyBridge(sup.bridgeId).catch(() => undefined);
            sup.bridgeId = null;
          }
        }
        this.publishCall(o.call.id, o.call.debtor, 'ended', o.call.state.agentId, o.outcome);
        if (rt) this.track(rt.tick());
        return;
      case 'ring_ended':
        rt?.pacing.record({ type: 'ringEnded', callId: o.call.id, result: o.result, ringSeconds: o.ringSeconds, amd: o.amd }, now);
        return;
      case 'amd_done':
        rt?.pacing.record({ type: 'amdDone', callId: o.call.id, verdict: o.verdict, amdSeconds: o.amdSeconds }, now);
        return;
      case 'connected':
        rt?.pacing.record({ type: 'connected', callId: o.call.id, waitSeconds: o.waitSeconds, afterAmd: o.call.afterAmd }, now);
        return;
      case 'dropped':
        rt?.pacing.record({ type: 'dropped', callId: o.call.id, waitSeconds: o.waitSeconds, afterAmd: o.call.afterAmd }, now);
        return;
      case 'talk_ended':
        rt?.pacing.record({ type: 'talkEnded', callId: o.call.id, talkSeconds: o.talkSeconds, party: 'human' }, now);
        return;
      case 'screen_pop':
        void this.o.bus
          .publish(
            'screen.pop',
            screenPop({ callId: o.call.id, agentId: o.agentId, campaignId: o.call.debtor.campaignId, debtorId: o.call.debtor.debtorId, e164: o.call.debtor.e164, via: o.call.persist ? 'dialer' : 'ivr_press_to_talk', at: now }),
          )
          .catch(() => undefined);
        this.publishCall(o.call.id, o.call.debtor, 'bridged', o.agentId, null);
        return;
      case 'error':
        this.log(`call ${o.call.id}: ${o.where} failed`, { error: o.error instanceof Error ? o.error.message : String(o.error) });
        return;
      default:
        return;
    }
  }

  private publishCall(callId: string, d: DebtorContext, status: ReturnType<typeof statusOf>, agentId: string | null, outcome: BusEvents['call.status']['outcome']): void {
    void this.o.bus
      .publish('call.status', { callId, campaignId: d.campaignId, debtorId: d.debtorId, status, since: new Date(this.o.clock.now()).toISOString(), agentId, outcome })
      .catch(() => undefined);
  }

  private statsChain: Promise<void> = Promise.resolve();
  private statsTimer: TimerHandle | null = null;

  /** One publication at a time, in order (the wallboard keeps the last one it got). */
  private queueStats(): Promise<void> {
    this.statsChain = this.statsChain.then(() => this.publishStats()).catch((e) => this.log('stats failed', { error: String(e) }));
    return this.statsChain;
  }

  /**
   * Something the wallboard shows changed (a call's state, an agent's, the settings): publish now rather
   * than at the next tick. Changes within 200 ms share one publication.
   */
  statsSoon(): void {
    if (this.statsTimer || this.stopped || this.campaigns.size === 0) return;
    this.statsTimer = this.o.clock.setTimeout(() => {
      this.statsTimer = null;
      this.track(this.queueStats());
    }, 200);
  }

  /** The zone of a campaign's day: its setting, else its portfolio's (or creditor's) country. */
  zoneOf(rt: CampaignRuntime): string {
    return rt.def.settings.timeZone ?? (rt.def.country ? COUNTRIES[rt.def.country]?.defaultZone : undefined) ?? 'UTC';
  }

  async publishStats(): Promise<void> {
    if (this.campaigns.size === 0) return;
    const now = this.o.clock.now();
    const days = [...this.campaigns.values()].map((rt) => ({ id: rt.id, tz: this.zoneOf(rt), start: localDayStart(now, this.zoneOf(rt)) }));
    // each campaign's own local day, in one statement per figure
    const cte = sql`with c(id, tz, day_start) as (values ${sql.join(days.map((d) => sql`(${d.id}::uuid, ${d.tz}::text, ${d.start.toISOString()}::timestamptz)`))})`;
    const { rows } = await sql<{ campaign_id: string; attempts: string; live: string; abandoned: string }>`${cte}
      select a.campaign_id, count(*) as attempts, count(a.human_at) as live, count(*) filter (where a.outcome = 'abandoned') as abandoned
      from call_attempts a join c on c.id = a.campaign_id
      where a.created_at >= c.day_start
      group by a.campaign_id`.execute(this.o.db);
    const { rows: hours } = await sql<{ campaign_id: string; h: number; n: string }>`${cte}
      select a.campaign_id, extract(hour from a.human_at at time zone c.tz)::int as h, count(*) as n
      from call_attempts a join c on c.id = a.campaign_id
      where a.human_at >= c.day_start
      group by 1, 2`.execute(this.o.db);
    // right-party contacts and promises come from the agents' dispositions on today's calls
    const { rows: parties } = await sql<{ campaign_id: string; n: string }>`${cte}
      select a.campaign_id, count(*) as n
      from dispositions d join call_attempts a on a.id = d.call_attempt_id join c on c.id = a.campaign_id
      where d.created_at >= c.day_start and d.outcome not in ('third_party', 'wrong_number', 'no_contact', 'skip')
      group by 1`.execute(this.o.db);
    const { rows: dispo } = await sql<{ campaign_id: string; promises: string; currency: string; amount: string }>`${cte}
      select a.campaign_id, count(*) as promises, p.currency, sum(p.amount) as amount
      from promises p
      join dispositions d on d.id = p.disposition_id
      join call_attempts a on a.id = d.call_attempt_id
      join c on c.id = a.campaign_id
      where d.created_at >= c.day_start
      group by a.campaign_id, p.currency`.execute(this.o.db);
    for (const rt of this.campaigns.values()) {
      const mine = dispo.filter((d) => d.campaign_id === rt.id);
      const rightParty = Number(parties.find((p) => p.campaign_id === rt.id)?.n ?? 0);
      const promised: Record<string, number> = {};
      let promises = 0;
      for (const d of mine) {
        promises += Number(d.promises);
        promised[d.currency] = Math.round(Number(d.amount) * 100) / 100;
      }
      const r = rows.find((x) => x.campaign_id === rt.id);
      const attempts = Number(r?.attempts ?? 0);
      const live = Number(r?.live ?? 0);
      const abandoned = Number(r?.abandoned ?? 0);
      const byHour = new Array<number>(24).fill(0);
      for (const h of hours.filter((x) => x.campaign_id === rt.id)) byHour[Number(h.h)] = Number(h.n);
      const calls = this.calls.inFlight(rt.id);
      const s = rt.def.settings;
      const stats: CampaignLiveStats = {
        campaignId: rt.id,
        name: rt.def.name,
        status: rt.def.status,
        settings: {
          mode: s.mode,
          abandonTarget: s.abandonTarget,
          maxLinesPerAgent: s.maxLinesPerAgent,
          minAgentsForPredictive: s.minAgentsForPredictive,
          amdErrorEstimate: s.amdErrorEstimate,
          agentlessConcurrency: s.agentlessConcurrency,
          wrapUpSeconds: s.wrapUpSeconds,
        },
        effectiveMode: rt.effectiveMode === 'paused' ? s.mode : rt.effectiveMode,
        linesPerAgent: (() => {
          const avail = this.agents.records().filter((a) => ['ready', 'reserved', 'talking', 'wrapping'].includes(a.state) && (a.campaignId === null || a.campaignId === rt.id)).length;
          return avail > 0 ? calls.length / avail : 0;
        })(),
        agentsLoggedIn: this.agents.records().filter((a) => a.state !== 'offline' && (a.campaignId === null || a.campaignId === rt.id)).length,
        callsRinging: calls.filter((c) => ['dialing', 'ringing'].includes(c.state.phase)).length,
        callsWaiting: calls.filter((c) => c.state.phase === 'waiting').length,
        today: {
          attempts,
          liveAnswers: live,
          abandoned,
          rightPartyContacts: rightParty,
          promises,
          promisedAmount: promised,
          contactsByHour: byHour,
        },
        abandonRateToday: live > 0 ? abandoned / live : 0,
        abandonRateRolling: rt.pacing.last?.abandon.rollingRate ?? 0,
        abandonWindowHours: rt.pacing.abandon.windowHours,
        abandonCap: Math.min(s.abandonTarget, rt.pacing.abandon.maxRate),
        contactRate: attempts > 0 ? live / attempts : 0,
        at: new Date(now).toISOString(),
      };
      await this.o.bus.publish('campaign.stats', stats).catch(() => undefined);
    }
  }
}

function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}
