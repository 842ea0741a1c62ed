// A telephony adapter with no Asterisk: numbers behave per a plan (person, busy, no answer, invalid,
// congestion, machine), on any Clock (a VirtualClock in tests and in the demo). Implements the same
// Telephony interface as the ARI adapter, so the whole dialer runs on it unchanged.
import type { Clock, TimerHandle } from '../clock.js';
import { ChannelGoneError, type AmdStatus, type ChannelInfo, type NetworkOutcome, type OriginateRequest, type Telephony, type TelephonyEvent } from './types.js';

export type SimBehaviour =
  | { kind: 'person'; ringSec: number; greetingSec: number; talkSec: number; patienceSec: number }
  | { kind: 'machine'; ringSec: number; greetingSec: number }
  | { kind: 'busy'; afterSec: number }
  | { kind: 'no_answer' }
  | { kind: 'invalid'; afterSec: number }
  | { kind: 'congestion'; afterSec: number };

/**
 * The same number plan as the fake PSTN in asterisk-config (the LAST digit picks the behaviour), so a
 * test list works against both: 0-1 person, 2 busy (486), 3 no answer, 4 unallocated (404),
 * 5 congestion (503), 6 machine, 7 announcement then 404, 8 person answering late, 9 silent line
 * (AMD says NOTSURE: treated as a person).
 */
export function digitPlan(e164: string): SimBehaviour {
  const d = Number(e164.at(-1));
  switch (d) {
    case 2:
      return { kind: 'busy', afterSec: 0.2 };
    case 3:
      return { kind: 'no_answer' };
    case 4:
      return { kind: 'invalid', afterSec: 0.2 };
    case 5:
      return { kind: 'congestion', afterSec: 0.2 };
    case 6:
      return { kind: 'machine', ringSec: 1.3, greetingSec: 2 };
    case 7:
      return { kind: 'invalid', afterSec: 3 };
    case 8:
      return { kind: 'person', ringSec: 8, greetingSec: 1.5, talkSec: 40, patienceSec: 15 };
    case 9:
      return { kind: 'person', ringSec: 1.3, greetingSec: 3, talkSec: 20, patienceSec: 15 };
    default:
      return { kind: 'person', ringSec: 1.3, greetingSec: 1.5, talkSec: 30 + d * 10, patienceSec: 15 };
  }
}

/** A small seeded generator in [0, 1): the same seed gives the same list. */
function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** A random plan: contact rates like a real collections list. */
export function randomPlan(seed = 1): (e164: string) => SimBehaviour {
  const rnd = lcg(seed);
  return () => {
    const r = rnd();
    const ringSec = 2 + rnd() * 12;
    if (r < 0.3) return { kind: 'person', ringSec, greetingSec: 1.5 + rnd() * 2, talkSec: 30 + rnd() * 150, patienceSec: 10 + rnd() * 20 };
    if (r < 0.42) return { kind: 'machine', ringSec, greetingSec: 1.5 + rnd() };
    if (r < 0.52) return { kind: 'busy', afterSec: 1 + rnd() * 3 };
    if (r < 0.9) return { kind: 'no_answer' };
    if (r < 0.96) return { kind: 'invalid', afterSec: 0.3 + rnd() };
    return { kind: 'congestion', afterSec: 0.5 };
  };
}

/**
 * The `npm start` demo's plan: a brisker list than randomPlan (more people answer, conversations last
 * seconds, not minutes), so that within a minute of starting the pacing has learned enough to dial
 * predictively and a newcomer sees what the product is for.
 */
export function demoPlan(seed = 1): (e164: string) => SimBehaviour {
  const rnd = lcg(seed);
  return () => {
    const r = rnd();
    const ringSec = 1.5 + rnd() * 5;
    if (r < 0.45) return { kind: 'person', ringSec, greetingSec: 1 + rnd(), talkSec: 6 + rnd() * 16, patienceSec: 10 + rnd() * 15 };
    if (r < 0.55) return { kind: 'machine', ringSec, greetingSec: 1.5 + rnd() };
    if (r < 0.72) return { kind: 'busy', afterSec: 0.5 + rnd() * 1.5 };
    if (r < 0.88) return { kind: 'no_answer' };
    if (r < 0.96) return { kind: 'invalid', afterSec: 0.3 + rnd() };
    return { kind: 'congestion', afterSec: 0.5 };
  };
}

interface SimChannel {
  id: string;
  behaviour: SimBehaviour | null; // null: an agent's channel
  answered: boolean;
  bridgeId: string | null;
  timers: TimerHandle[];
  /** false for an inbound call nobody follows yet: like ARI, its events reach only subscribers. */
  followed?: boolean;
  /** The AMD verdict once given (kept even when its event is lost, as Asterisk's channel keeps it). */
  amd?: { status: AmdStatus; cause: string };
}

const NETWORK: Record<'busy' | 'invalid' | 'congestion' | 'no_answer', { cause: number; sip: number; outcome: NetworkOutcome }> = {
  busy: { cause: 17, sip: 486, outcome: 'busy' },
  invalid: { cause: 1, sip: 404, outcome: 'invalid_number' },
  congestion: { cause: 34, sip: 503, outcome: 'congestion' },
  no_answer: { cause: 19, sip: 480, outcome: 'no_answer' },
};

export class SimulatedTelephony implements Telephony {
  readonly kind = 'simulated' as const;
  private emit: (e: TelephonyEvent) => void = () => undefined;
  private readonly channels = new Map<string, SimChannel>();
  private readonly bridges = new Map<string, Set<string>>();
  private seq = 0;
  /** Counters a test or the demo can read. */
  readonly counts = { originated: 0, bridged: 0, played: 0, recorded: 0 };

  /** Tests: events for which this returns true are lost on the way (a WebSocket hiccup). */
  lose: (e: TelephonyEvent) => boolean = () => false;

  constructor(
    private readonly clock: Clock,
    private readonly plan: (e164: string) => SimBehaviour = digitPlan,
    private readonly playbackSec = 4,
  ) {}

  async start(onEvent: (e: TelephonyEvent) => void): Promise<void> {
    this.emit = (e) => {
      if (!this.lose(e)) onEvent(e);
    };
  }

  ready(): boolean {
    return true;
  }

  async stop(): Promise<void> {
    for (const c of this.channels.values()) for (const t of c.timers) t.cancel();
    this.channels.clear();
  }

  private later(c: SimChannel, sec: number, fn: () => void): void {
    c.timers.push(this.clock.setTimeout(fn, sec * 1000));
  }

  private end(c: SimChannel, cause: number, sip: number | null, outcome: NetworkOutcome | null): void {
    if (!this.channels.has(c.id)) return;
    for (const t of c.timers) t.cancel();
    this.channels.delete(c.id);
    if (c.bridgeId) this.bridges.get(c.bridgeId)?.delete(c.id);
    if (c.followed === false) return;
    this.emit({ type: 'hangup', callId: c.id, at: this.clock.now(), cause, sipCode: sip, networkOutcome: outcome });
  }

  async originate(req: OriginateRequest): Promise<void> {
    if (this.channels.has(req.callId)) throw new Error(`channel ${req.callId} already exists`);
    const b = this.plan(req.number);
    const c: SimChannel = { id: req.callId, behaviour: b, answered: false, bridgeId: null, timers: [] };
    this.channels.set(c.id, c);
    this.counts.originated++;
    const now = () => this.clock.now();
    this.later(c, 0.2, () => this.emit({ type: 'ringing', callId: c.id, at: now() }));
    const net = (k: keyof typeof NETWORK, sec: number) => this.later(c, sec, () => this.end(c, NETWORK[k].cause, NETWORK[k].sip, NETWORK[k].outcome));
    switch (b.kind) {
      case 'busy':
        return net('busy', b.afterSec);
      case 'invalid':
        return net('invalid', b.afterSec);
      case 'congestion':
        return net('congestion', b.afterSec);
      case 'no_answer':
        return net('no_answer', req.ringTimeoutSec);
      case 'person':
      case 'machine':
        if (b.ringSec >= req.ringTimeoutSec) return net('no_answer', req.ringTimeoutSec);
        this.later(c, b.ringSec, () => {
          c.answered = true;
          this.emit({ type: 'answered', callId: c.id, at: now() });
          if (b.kind === 'person') {
            // a person who is not connected hangs up after a while
            this.later(c, b.patienceSec, () => {
              if (!c.bridgeId) this.end(c, 16, null, null);
            });
          } else {
            // a machine records for a while then hangs up
            this.later(c, b.greetingSec + 30, () => this.end(c, 16, null, null));
          }
        });
        return;
    }
  }

  async continueToAmd(callId: string): Promise<void> {
    const c = this.need(callId);
    const b = c.behaviour;
    if (!b || (b.kind !== 'person' && b.kind !== 'machine')) return;
    // AMD decides at the end of the greeting (a person's "¿aló?" is short, a machine's long)
    this.later(c, b.greetingSec + (b.kind === 'person' ? 1.5 : 0), () => {
      c.amd = b.kind === 'person' ? { status: 'HUMAN', cause: 'HUMAN-1-1' } : { status: 'MACHINE', cause: 'LONGGREETING' };
      this.emit({ type: 'amd', callId, ...c.amd, at: this.clock.now() });
    });
  }

  /** An agent's softphone calls agent-login. */
  loginAgent(agentRef: string): string {
    const id = `agent-${agentRef}-${++this.seq}`;
    this.channels.set(id, { id, behaviour: null, answered: true, bridgeId: null, timers: [] });
    this.emit({ type: 'agent_channel', agentId: agentRef, channelId: id, at: this.clock.now() });
    return id;
  }

  /**
   * An inbound caller (the IVR's self-service line) already answered and talking to the IVR: the dialer
   * hears of its hangup only once it follows the channel.
   */
  inboundCall(id: string, talkSec = 30): string {
    const behaviour: SimBehaviour = { kind: 'person', ringSec: 0, greetingSec: 0, talkSec, patienceSec: 3600 };
    this.channels.set(id, { id, behaviour, answered: true, bridgeId: null, timers: [], followed: false });
    return id;
  }

  follow(callId: string): void {
    const c = this.channels.get(callId);
    if (c) c.followed = true;
    // already gone: report it, as the ARI adapter does when Asterisk no longer has the channel
    else this.emit({ type: 'hangup', callId, at: this.clock.now(), cause: null, sipCode: null, networkOutcome: null });
  }

  dropChannel(id: string): void {
    const c = this.channels.get(id);
    if (c) this.end(c, 16, null, null);
  }

  /** A WebSocket drop Asterisk survived: channels go on, the events in between were lost (see `lose`). */
  reconnect(): void {
    this.emit({ type: 'reconnected', at: this.clock.now() });
  }

  /** Asterisk restart: every channel vanishes without events, then the connection comes back. */
  restart(): void {
    for (const c of this.channels.values()) for (const t of c.timers) t.cancel();
    this.channels.clear();
    this.bridges.clear();
    this.emit({ type: 'reconnected', at: this.clock.now() });
  }

  async createAgentBridge(agentId: string, agentChannelId: string): Promise<string> {
    const id = `bridge-${agentId}-${++this.seq}`;
    this.bridges.set(id, new Set([agentChannelId]));
    const ch = this.channels.get(agentChannelId);
    if (ch) ch.bridgeId = id;
    return id;
  }

  async destroyBridge(bridgeId: string): Promise<void> {
    this.bridges.delete(bridgeId);
  }

  async addToBridge(bridgeId: string, callId: string): Promise<void> {
    const c = this.need(callId);
    const br = this.bridges.get(bridgeId);
    if (!br) throw new Error(`bridge ${bridgeId} not found`);
    br.add(callId);
    c.bridgeId = bridgeId;
    this.counts.bridged++;
    const b = c.behaviour;
    if (b?.kind === 'person') this.later(c, b.talkSec, () => this.end(c, 16, null, null));
  }

  async removeFromBridge(bridgeId: string, callId: string): Promise<void> {
    this.bridges.get(bridgeId)?.delete(callId);
    const c = this.channels.get(callId);
    if (c) c.bridgeId = null;
  }

  async play(callId: string, _media: string[]): Promise<string> {
    const c = this.need(callId);
    const id = `pb-${++this.seq}`;
    this.counts.played++;
    this.emit({ type: 'playback_started', callId, playbackId: id, at: this.clock.now() });
    this.later(c, this.playbackSec, () => this.emit({ type: 'playback_finished', callId, playbackId: id, at: this.clock.now() }));
    return id;
  }

  async recordBridge(_bridgeId: string, name: string): Promise<string> {
    this.counts.recorded++;
    return name;
  }

  async stopRecording(): Promise<void> {}

  async hangup(callId: string): Promise<void> {
    const c = this.need(callId);
    this.end(c, 16, null, null);
  }

  /** Supervisor sessions in progress (tests read it). */
  readonly monitors = new Map<string, { agentChannelId: string; supervisorChannelId: string; mode: string }>();

  loginSupervisor(ref: string): string {
    const id = `supervisor-${ref}-${++this.seq}`;
    this.channels.set(id, { id, behaviour: null, answered: true, bridgeId: null, timers: [] });
    this.emit({ type: 'supervisor_channel', supervisorRef: ref, channelId: id, at: this.clock.now() });
    return id;
  }

  async monitor(req: { agentChannelId: string; agentBridgeId: string; supervisorChannelId: string; mode: 'listen' | 'whisper' | 'barge' }): Promise<string> {
    this.need(req.agentChannelId);
    this.need(req.supervisorChannelId);
    const id = `mon-${++this.seq}`;
    this.monitors.set(id, { agentChannelId: req.agentChannelId, supervisorChannelId: req.supervisorChannelId, mode: req.mode });
    return id;
  }

  async stopMonitor(sessionId: string): Promise<void> {
    this.monitors.delete(sessionId);
  }

  async channelInfo(callId: string): Promise<ChannelInfo | null> {
    const c = this.channels.get(callId);
    return c ? { answered: c.answered, amd: c.amd ?? null } : null;
  }

  async listChannels(): Promise<string[]> {
    return [...this.channels.keys()];
  }

  private need(id: string): SimChannel {
    const c = this.channels.get(id);
    if (!c) throw new ChannelGoneError(id);
    return c;
  }
}
