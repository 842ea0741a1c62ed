// Wiring: the IVR on a live Asterisk. Outbound agentless calls arrive from the dialer's hook (a person
// answered); inbound calls arrive as StasisStart "inbound,<DID>,<caller>" on the shared ARI connection.
// Press-to-talk goes back to the dialer's agent routing, which bridges to an agent and pops the screen.
import type { Ari, AriEvent } from '@cobranza/ari';
import type { BusEvents, CallDebtorContext } from '@cobranza/contracts';
import type { Db } from '@cobranza/db';
import { AriMedia } from './ari-media.js';
import { localDate, type CallContext, type CreditorInfo } from './context.js';
import { DEFAULT_FLOWS } from './flows/defaults.js';
import type { Flow, FlowKind, Lang } from './flows/types.js';
import { FlowValidationError, validateStrategyFlows } from './flows/validate.js';
import type { AttemptLimiter } from './identity.js';
import type { PromptSource } from './prompts/library.js';
import { IvrSession, type AgentRouter, type Logger, type SessionResult, type SmsSender, type TransferResult } from './session.js';
import type { IvrStore } from './store/store.js';
import { ivrMetrics } from '@cobranza/metrics';

/** What the dialer hands the IVR for a person who answered an agentless call. */
export type DialerDebtorContext = CallDebtorContext;

export interface DialerControls {
  pressToTalk(): void;
  finish(): void;
  signal: AbortSignal;
}

/** The part of the dialer the IVR uses (the dialer's Dialer class satisfies it). */
export interface DialerHooks {
  setAgentlessHandler(h: ((ctx: DialerDebtorContext, controls: DialerControls) => void | Promise<void>) | null): void;
  routeToAgent(ctx: DialerDebtorContext): void;
  /** A machine answered a call whose strategy leaves machines a message: the IVR plays its machine flow. */
  setMachineHandler?(h: ((ctx: DialerDebtorContext & { strategyId: string | null }, controls: { finish(): void; signal: AbortSignal }) => boolean | Promise<boolean>) | null): void;
}

export interface ScreenPopSource {
  subscribe(topic: 'screen.pop', handler: (m: BusEvents['screen.pop']) => void): Promise<() => Promise<void>>;
}

export interface IvrRuntimeDeps {
  db: Db;
  ari: Ari;
  store: IvrStore;
  prompts: PromptSource;
  limiter: AttemptLimiter;
  sms: SmsSender;
  dialer: DialerHooks | null;
  bus: ScreenPopSource | null;
  log: Logger;
  /** The creditor the inbound line speaks for before the caller is identified. */
  inboundCreditor?: CreditorInfo | null;
  inboundLang?: Lang;
  /** The line's zone before the caller is identified (default America/Bogota). */
  inboundTimeZone?: string;
  /** How long press-to-talk waits to see the agent bridge before treating the call as queued. */
  transferWaitMs?: number;
  now?: () => Date;
}

export class IvrRuntime {
  private readonly active = new Map<string, IvrSession>();
  private readonly offs: Array<() => void> = [];
  /** Finished sessions, newest last (bounded), for health and tests. */
  readonly finished: SessionResult[] = [];
  /** Media of live and recent calls, by channel id, so tests can check what was actually played. */
  readonly media = new Map<string, AriMedia>();

  constructor(private readonly d: IvrRuntimeDeps) {}

  start(): void {
    this.d.dialer?.setAgentlessHandler(async (ctx, controls) => {
      await this.runAgentless(ctx, controls);
    });
    // the strategy's own machine flow; without one the dialer plays its safe message (business name, callback number)
    this.d.dialer?.setMachineHandler?.(async (ctx, controls) => {
      if ((await this.flowFor(ctx.strategyId, 'machine')).owner === 'default') return false;
      const lang: Lang = ctx.locale.startsWith('en') ? 'en' : 'es';
      const creditor: CreditorInfo = { id: ctx.creditor.id ?? '', businessName: ctx.creditor.businessName, callbackNumber: ctx.creditor.callbackNumber };
      void this.runMachineMessage(ctx.callId, creditor, ctx.strategyId, lang, async () => controls.finish())
        .catch((err: Error) => this.d.log.error('ivr: machine message failed', { channelId: ctx.callId, error: err.message }))
        .finally(() => controls.finish());
      return true;
    });
    this.offs.push(this.d.ari.onUnrouted((e) => this.onUnrouted(e)));
  }

  stop(): void {
    this.d.dialer?.setAgentlessHandler(null);
    this.d.dialer?.setMachineHandler?.(null);
    for (const off of this.offs) off();
    this.offs.length = 0;
  }

  get activeCount(): number {
    return this.active.size;
  }

  private onUnrouted(e: AriEvent): void {
    if (e.type !== 'StasisStart' || e.args[0] !== 'inbound') return;
    const caller = e.args[2] ?? e.channel.callerNumber ?? null;
    void this.runInbound(e.channel.id, caller ? normaliseCaller(caller) : null).catch((err: Error) =>
      this.d.log.error('ivr: inbound call failed', { channelId: e.channel.id, error: err.message }),
    );
  }

  /** The flow a strategy defines for this kind of call, or the default one (a broken stored flow is logged, never played). */
  async flowFor(strategyId: string | null, kind: FlowKind): Promise<{ flow: Flow; owner: string }> {
    if (strategyId) {
      const row = await this.d.db.selectFrom('strategies').select(['code', 'ivr_flow']).where('id', '=', strategyId).executeTakeFirst();
      if (row?.ivr_flow) {
        try {
          const flows = validateStrategyFlows(row.ivr_flow);
          const f = flows[kind];
          if (f) return { flow: f, owner: strategyId };
        } catch (e) {
          if (!(e instanceof FlowValidationError)) throw e;
          this.d.log.error(`ivr: strategy ${row.code} has an invalid flow; using the default ${kind} flow`, { issues: e.issues });
        }
      }
    }
    return { flow: DEFAULT_FLOWS[kind], owner: 'default' };
  }

  private baseContext(kind: FlowKind, channelId: string, direction: 'outbound' | 'inbound', lang: Lang, timeZone: string): CallContext {
    return {
      kind,
      lang,
      direction,
      channelId,
      remoteNumber: null,
      campaignId: null,
      callAttemptId: null,
      debtor: null,
      account: null,
      creditor: null,
      identified: false,
      vars: {},
      today: localDate(this.d.now?.() ?? new Date(), timeZone),
      now: () => this.d.now?.() ?? new Date(),
    };
  }

  private mediaFor(channelId: string): AriMedia {
    const m = new AriMedia(this.d.ari, channelId);
    this.media.set(channelId, m);
    if (this.media.size > 500) this.media.delete(this.media.keys().next().value as string);
    return m;
  }

  private async run(session: IvrSession): Promise<SessionResult> {
    this.active.set(session.ctx.channelId, session);
    try {
      const r = await ivrMetrics.countIvrSession(() => session.run());
      this.finished.push(r);
      if (this.finished.length > 200) this.finished.shift();
      this.d.log.info('ivr: session ended', { sessionId: r.sessionId, outcome: r.outcome, steps: r.path.length });
      return r;
    } finally {
      this.active.delete(session.ctx.channelId);
    }
  }

  /** Waits for the channel to enter a bridge (the agent's) and for the screen pop naming the agent. */
  private async awaitAgent(channelId: string, trigger: () => void): Promise<TransferResult> {
    let agentId: string | null = null;
    const unsub = this.d.bus ? await this.d.bus.subscribe('screen.pop', (p) => void (p.callId === channelId && (agentId = p.agentId))) : null;
    try {
      const bridged = this.d.ari.waitFor(channelId, (e) => e.type === 'ChannelEnteredBridge', { timeoutMs: this.d.transferWaitMs ?? 30_000, what: 'agent bridge' });
      trigger();
      try {
        await bridged;
      } catch {
        return { status: 'queued' };
      }
      for (let i = 0; i < 20 && !agentId; i++) await new Promise((r) => setTimeout(r, 50));
      return agentId ? { status: 'connected', agentId } : { status: 'queued' };
    } finally {
      await unsub?.();
    }
  }

  /** The dialer's agentless hook: a person answered; play the strategy's outbound message flow. */
  async runAgentless(ctx: DialerDebtorContext, controls: DialerControls): Promise<SessionResult | null> {
    const debtor = await this.d.store.loadDebtor(ctx.debtorId, ctx.accountId);
    if (!debtor) {
      this.d.log.error('ivr: agentless call for an unknown debtor', { callId: ctx.callId });
      controls.finish();
      return null;
    }
    const account = debtor.accounts.find((a) => a.id === ctx.accountId) ?? debtor.accounts[0] ?? null;
    const { flow, owner } = await this.flowFor(account?.strategyId ?? null, 'outbound');
    const lang: Lang = ctx.locale.startsWith('en') ? 'en' : 'es';
    const c = this.baseContext('outbound', ctx.callId, 'outbound', lang, debtor.timeZone);
    Object.assign(c, { remoteNumber: ctx.e164, campaignId: ctx.campaignId, callAttemptId: ctx.callId, debtor, account });
    c.creditor = account?.creditor ?? { id: ctx.creditor.id ?? '', businessName: ctx.creditor.businessName, callbackNumber: ctx.creditor.callbackNumber };
    const router: AgentRouter = { routeToAgent: () => this.awaitAgent(ctx.callId, () => controls.pressToTalk()) };
    const media = this.mediaFor(ctx.callId);
    const session = new IvrSession(flow, c, media, { ...this.sessionDeps(), agents: router }, owner, async () => controls.finish());
    const r = await this.run(session);
    if (r.handedOff) media.detach();
    return r;
  }

  /** The 24/7 self-service line. */
  async runInbound(channelId: string, callerNumber: string | null): Promise<SessionResult> {
    await this.d.ari.answer(channelId);
    const { flow, owner } = await this.flowFor(null, 'inbound');
    const lang = this.d.inboundLang ?? 'es';
    // the line's zone until the caller is identified; identify then moves `today` to the debtor's zone
    const c = this.baseContext('inbound', channelId, 'inbound', lang, this.d.inboundTimeZone ?? 'America/Bogota');
    c.remoteNumber = callerNumber;
    c.creditor = this.d.inboundCreditor ?? null;
    const dialer = this.d.dialer;
    const router: AgentRouter = {
      routeToAgent: async (req) => {
        if (!dialer || !c.debtor) return { status: 'no_agent' };
        const debtor = c.debtor;
        const account = c.account;
        return this.awaitAgent(channelId, () =>
          dialer.routeToAgent({
            callId: channelId,
            campaignId: null,
            debtorId: debtor.id,
            accountId: req.accountId,
            e164: callerNumber ?? '',
            locale: debtor.locale,
            creditor: { id: account?.creditor.id ?? null, code: account?.creditor.id ?? 'inbound', businessName: account?.creditor.businessName ?? '', callbackNumber: account?.creditor.callbackNumber ?? '' },
          }),
        );
      },
    };
    const media = this.mediaFor(channelId);
    const r = await this.run(new IvrSession(flow, c, media, { ...this.sessionDeps(), agents: router }, owner));
    if (r.handedOff) media.detach();
    return r;
  }

  /** The neutral message for an answering machine (or anyone who may not be the debtor). */
  async runMachineMessage(channelId: string, creditor: CreditorInfo, strategyId: string | null, lang: Lang = 'es', end?: () => Promise<void>): Promise<SessionResult> {
    const { flow, owner } = await this.flowFor(strategyId, 'machine');
    const c = this.baseContext('machine', channelId, 'outbound', lang, 'America/Bogota');
    c.creditor = creditor;
    const media = this.mediaFor(channelId);
    return this.run(new IvrSession(flow, c, media, { ...this.sessionDeps(), agents: { routeToAgent: async () => ({ status: 'no_agent' }) } }, owner, end ?? null));
  }

  private sessionDeps() {
    return { store: this.d.store, prompts: this.d.prompts, limiter: this.d.limiter, sms: this.d.sms, log: this.d.log };
  }
}

function normaliseCaller(n: string): string {
  const digits = n.replace(/[^\d+]/g, '');
  return digits.startsWith('+') ? digits : `+${digits}`;
}
