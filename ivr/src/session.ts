// Runs one call through a flow, node by node. Owns the call's set-up and clean-up on every path: the DTMF
// buffer, the ivr_sessions row (path and outcome written as the call goes), and the final hang-up unless
// the call was handed to an agent.
import type { AccountInfo, CallContext } from './context.js';
import type { Flow, FlowNode, Segment } from './flows/types.js';
import { DtmfBuffer, gather, playInterruptible, type GatherOptions, type GatherResult } from './gather.js';
import { CallerGoneError, type MediaChannel } from './media.js';
import type { AttemptLimiter } from './identity.js';
import type { PromptSource } from './prompts/library.js';
import { SegmentRenderer } from './render.js';
import type { IvrStore, PathStep } from './store/store.js';
import { SYSTEM_PROMPTS, type SystemPromptId } from './system-prompts.js';
import { VERB_RUNNERS } from './verbs/index.js';

export interface Logger {
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

export interface TransferRequest {
  channelId: string;
  callAttemptId: string | null;
  debtorId: string | null;
  accountId: string | null;
  campaignId: string | null;
  priority: number;
  ivrSessionId: string;
}
/** connected: an agent has the call; queued: the dialer has it and will connect it (the IVR is done); no_agent: no routing. */
export type TransferResult = { status: 'connected'; agentId: string } | { status: 'queued' } | { status: 'no_agent' };

/** The dialer's agent routing, seen from the IVR (press-to-talk). */
export interface AgentRouter {
  routeToAgent(req: TransferRequest): Promise<TransferResult>;
}

export interface SmsRequest {
  debtorId: string;
  account: AccountInfo;
  template: string;
  to: string;
  lang: 'es' | 'en';
  campaignId: string | null;
  source: string;
}
export type SmsResult = { status: 'sent'; messageId: string } | { status: 'blocked'; reason: string } | { status: 'failed'; reason: string };

export interface SmsSender {
  sendTemplate(req: SmsRequest): Promise<SmsResult>;
}

export interface SessionDeps {
  store: IvrStore;
  prompts: PromptSource;
  limiter: AttemptLimiter;
  agents: AgentRouter;
  sms: SmsSender;
  log: Logger;
  /** Guards against a flow that loops forever. */
  maxSteps?: number;
}

/** Stronger outcomes replace weaker ones: a promise made before hanging up stays the outcome. */
const OUTCOME_RANK: Record<string, number> = {
  error: 1,
  caller_hangup: 2,
  completed: 3,
  no_input: 4,
  machine_message: 5,
  no_agent: 6,
  self_service: 7,
  identify_failed: 8,
  identify_locked: 9,
  sms_sent: 10,
  promise: 11,
  agent: 12,
  opt_out: 13,
};

export interface SessionResult {
  sessionId: string;
  channelId: string;
  outcome: string;
  path: PathStep[];
  identified: boolean;
  handedOff: boolean;
}

export class IvrSession {
  readonly buffer: DtmfBuffer;
  readonly renderer: SegmentRenderer;
  readonly path: PathStep[] = [];
  outcome: string | null = null;
  handedOff = false;
  sessionId = '';

  constructor(
    readonly flow: Flow,
    readonly ctx: CallContext,
    readonly media: MediaChannel,
    readonly deps: SessionDeps,
    /** Whose uploaded recordings replace the flow's text prompts (strategy id, or "default"). */
    readonly promptOwner = 'default',
    /** How the call ends when the flow is done: hang up (default), or give it back to its owner (the dialer). */
    private readonly endCall: (() => Promise<void>) | null = null,
  ) {
    this.buffer = new DtmfBuffer(media);
    this.renderer = new SegmentRenderer(deps.prompts, promptOwner);
  }

  setOutcome(o: string): void {
    if (!this.outcome || (OUTCOME_RANK[o] ?? 0) >= (OUTCOME_RANK[this.outcome] ?? 0)) this.outcome = o;
  }

  async step(step: string, input?: string, result?: string): Promise<void> {
    const s: PathStep = { at: new Date().toISOString(), step };
    if (input !== undefined) s.input = input;
    if (result !== undefined) s.result = result;
    this.path.push(s);
    await this.persist({});
  }

  async persist(extra: { ended?: boolean }): Promise<void> {
    try {
      await this.deps.store.updateSession(this.sessionId, {
        path: this.path,
        identified: this.ctx.identified,
        debtorId: this.ctx.debtor?.id ?? null,
        outcome: this.outcome,
        ...extra,
      });
    } catch (e) {
      this.deps.log.error('ivr: could not save the session', { sessionId: this.sessionId, error: (e as Error).message });
    }
  }

  /** A built-in prompt (or the flow's replacement with the same id) as a media URI. */
  async system(id: SystemPromptId): Promise<string> {
    const own = this.flow.prompts[id];
    const t = own ?? SYSTEM_PROMPTS[id];
    const text = (this.ctx.lang === 'en' ? t.en : undefined) ?? t.es;
    return this.deps.prompts.resolve(this.promptOwner, id.replace('.', '_'), this.ctx.lang, text);
  }

  async render(segments: Segment[], account?: AccountInfo | null): Promise<string[]> {
    return this.renderer.render(segments, this.ctx, this.flow, account === undefined ? this.ctx.account : account);
  }

  /** Plays; a key pressed meanwhile stops it and waits for the next gather (type-ahead). */
  async play(uris: string[]): Promise<void> {
    await playInterruptible(this.media, this.buffer, uris, this.ctx.lang);
  }

  /** Plays to the end whatever is pressed (goodbyes, confirmations of something already done). */
  async playAll(uris: string[]): Promise<void> {
    if (uris.length === 0) return;
    if (this.media.isGone()) throw new CallerGoneError(this.media.id);
    const pb = await this.media.play(uris, this.ctx.lang);
    if ((await pb.done) === 'hangup') throw new CallerGoneError(this.media.id);
  }

  /** Ends the call: hangs up, or hands it back to the dialer, which hangs up and records the outcome. */
  async end(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    if (this.endCall) await this.endCall();
    else await this.media.hangup();
  }
  private ended = false;

  async gather(uris: string[], opts: GatherOptions): Promise<GatherResult> {
    return gather(this.media, this.buffer, uris, this.ctx.lang, opts);
  }

  async run(): Promise<SessionResult> {
    const { ctx, deps } = this;
    this.sessionId = await deps.store.createSession({
      direction: ctx.direction,
      callAttemptId: ctx.callAttemptId,
      debtorId: ctx.debtor?.id ?? null,
      callerNumber: ctx.remoteNumber,
    });
    const maxSteps = deps.maxSteps ?? 200;
    let current: string | null = this.flow.start;
    let steps = 0;
    try {
      while (current !== null) {
        if (++steps > maxSteps) throw new Error(`flow ran ${maxSteps} steps without ending (a loop?) at node "${current}"`);
        const node: FlowNode | undefined = this.flow.nodes[current];
        if (!node) throw new Error(`node "${current}" missing from a validated flow`);
        const run = VERB_RUNNERS[node.verb] as (n: FlowNode, s: IvrSession, id: string) => Promise<string | null>;
        current = await run(node, this, current);
      }
      if (!this.outcome) this.setOutcome('completed');
    } catch (e) {
      if (e instanceof CallerGoneError || this.media.isGone()) {
        this.setOutcome('caller_hangup');
        this.path.push({ at: new Date().toISOString(), step: 'hangup', result: 'caller' });
      } else {
        this.setOutcome('error');
        this.path.push({ at: new Date().toISOString(), step: 'error', result: (e as Error).message.slice(0, 200) });
        deps.log.error('ivr: session failed', { sessionId: this.sessionId, channelId: ctx.channelId, node: current, error: (e as Error).message });
      }
    } finally {
      this.buffer.close();
      if (!this.handedOff && !this.media.isGone()) await this.end().catch(() => undefined);
      await this.persist({ ended: true });
    }
    return { sessionId: this.sessionId, channelId: ctx.channelId, outcome: this.outcome ?? 'completed', path: this.path, identified: ctx.identified, handedOff: this.handedOff };
  }
}
