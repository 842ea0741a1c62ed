// The Telephony interface over real Asterisk, through the project's ARI wrapper (@cobranza/ari).
// Outbound calls: originate PJSIP/<number>@<trunk> into our Stasis app with our own channel id,
// subscribed before the originate; the first StasisStart means answered, a StasisStart with args
// "amd,<STATUS>,<CAUSE>" is the AMD verdict, ChannelDestroyed carries the outcome (cause + SIP code).
// Agents: the softphone's agent-login call arrives as an unrouted StasisStart "agent,<endpoint>".
import { randomUUID } from 'node:crypto';
import { Ari, callOutcome, isAriError, isGone, parseAmdArgs, type AriEvent } from '@cobranza/ari';
import { ChannelGoneError, type ChannelInfo, type NetworkOutcome, type OriginateRequest, type Telephony, type TelephonyEvent } from './types.js';

export interface AriTelephonyOptions {
  url: string;
  user: string;
  password: string;
  app: string;
  trunk: string;
  /** An existing connection shared with other components of the process (one app, one WebSocket). */
  ari?: Ari;
  log?: (msg: string) => void;
}

interface Tracked {
  answered: boolean;
  ringing: boolean;
  unsubscribe: () => void;
}

export class AriTelephony implements Telephony {
  readonly kind = 'ari' as const;
  private ari: Ari | null = null;
  private ownsConnection = false;
  private emit: (e: TelephonyEvent) => void = () => undefined;
  private readonly calls = new Map<string, Tracked>();
  private readonly agentChannels = new Map<string, () => void>();
  private offs: Array<() => void> = [];

  constructor(private readonly o: AriTelephonyOptions) {}

  /** The underlying connection (the IVR and supervisors' snoop share it when in the same process). */
  get connection(): Ari {
    if (!this.ari) throw new Error('AriTelephony not started');
    return this.ari;
  }

  async start(onEvent: (e: TelephonyEvent) => void): Promise<void> {
    this.emit = onEvent;
    const log = this.o.log ?? (() => undefined);
    if (this.o.ari) this.ari = this.o.ari;
    else {
      this.ari = await Ari.connect({
        url: this.o.url,
        user: this.o.user,
        password: this.o.password,
        app: this.o.app,
        logger: { info: log, warn: log, error: log },
      });
      this.ownsConnection = true;
    }
    this.offs.push(this.ari.onUnrouted((e) => this.onUnrouted(e)));
    this.offs.push(this.ari.onReconnected(() => this.emit({ type: 'reconnected', at: Date.now() })));
    await this.adoptAgents();
  }

  /**
   * After a dialer restart the agents' softphones are still on their permanent channels in our app:
   * take them back instead of making every agent call in again.
   */
  private async adoptAgents(): Promise<void> {
    const prefix = `${this.o.app},agent,`;
    for (const c of await this.connection.listChannels()) {
      if (c.dialplan.appName !== 'Stasis' || !c.dialplan.appData.startsWith(prefix)) continue;
      const endpoint = c.dialplan.appData.slice(prefix.length).split(',')[0];
      if (!endpoint || this.agentChannels.has(c.id)) continue;
      this.onUnrouted({ type: 'StasisStart', channel: c, args: ['agent', endpoint], timestamp: '', receivedAt: Date.now() });
    }
  }

  async stop(): Promise<void> {
    for (const off of this.offs) off();
    this.offs = [];
    for (const t of this.calls.values()) t.unsubscribe();
    this.calls.clear();
    for (const off of this.agentChannels.values()) off();
    this.agentChannels.clear();
    if (this.ownsConnection) this.ari?.close();
    this.ari = null;
  }

  ready(): boolean {
    return this.ari?.health.state === 'connected';
  }

  private onUnrouted(e: AriEvent): void {
    if (e.type !== 'StasisStart') return;
    if (e.args[0] === 'agent' && e.args[1]) {
      const channelId = e.channel.id;
      const off = this.connection.subscribe(channelId, (ev) => {
        if (ev.type === 'ChannelDestroyed' || ev.type === 'StasisEnd') {
          this.agentChannels.get(channelId)?.();
          this.agentChannels.delete(channelId);
          this.emit({ type: 'agent_channel_gone', channelId, at: ev.receivedAt });
        }
      });
      this.agentChannels.set(channelId, off);
      this.emit({ type: 'agent_channel', agentId: e.args[1], channelId, at: e.receivedAt });
    }
    if (e.args[0] === 'supervisor' && e.args[1]) {
      this.emit({ type: 'supervisor_channel', supervisorRef: e.args[1], channelId: e.channel.id, at: e.receivedAt });
    }
    // inbound calls belong to the IVR; snoop channels we create need nothing here
  }

  private readonly monitors = new Map<string, { bridgeId: string | null; snoopId: string | null; bargeBridgeId: string | null; supervisorChannelId: string }>();

  async monitor(req: { agentChannelId: string; agentBridgeId: string; supervisorChannelId: string; mode: 'listen' | 'whisper' | 'barge' }): Promise<string> {
    const ari = this.connection;
    const id = randomUUID();
    if (req.mode === 'barge') {
      await this.gone(req.supervisorChannelId, ari.addChannel(req.agentBridgeId, req.supervisorChannelId));
      this.monitors.set(id, { bridgeId: null, snoopId: null, bargeBridgeId: req.agentBridgeId, supervisorChannelId: req.supervisorChannelId });
      return id;
    }
    // a snoop on the agent's channel hears both directions; whisper injects toward the agent only
    const snoop = await this.gone(
      req.agentChannelId,
      ari.snoop(req.agentChannelId, { spy: 'both', whisper: req.mode === 'whisper' ? 'out' : 'none', appArgs: ['snoop'] }),
    );
    const bridgeId = `monitor-${id}`;
    await ari.createBridge({ bridgeId, type: 'mixing', name: `monitor ${req.mode}` });
    await ari.addChannel(bridgeId, [snoop.id, req.supervisorChannelId]);
    this.monitors.set(id, { bridgeId, snoopId: snoop.id, bargeBridgeId: null, supervisorChannelId: req.supervisorChannelId });
    return id;
  }

  async stopMonitor(sessionId: string): Promise<void> {
    const m = this.monitors.get(sessionId);
    if (!m) return;
    this.monitors.delete(sessionId);
    const ari = this.connection;
    const quiet = (e: unknown) => {
      if (!isGone(e)) throw e;
    };
    if (m.bargeBridgeId) await ari.removeChannel(m.bargeBridgeId, m.supervisorChannelId).catch(quiet);
    if (m.snoopId) await ari.hangupQuietly(m.snoopId);
    if (m.bridgeId) await ari.destroyBridge(m.bridgeId).catch(quiet);
  }

  private onCallEvent(callId: string, t: Tracked, e: AriEvent): void {
    switch (e.type) {
      case 'ChannelStateChange':
        if (!t.ringing && (e.channel.state === 'Ringing' || e.channel.state === 'Ring')) {
          t.ringing = true;
          this.emit({ type: 'ringing', callId, at: e.receivedAt });
        }
        return;
      case 'StasisStart': {
        const amd = parseAmdArgs(e.args);
        if (amd) {
          this.emit({ type: 'amd', callId, status: amd.status, cause: amd.cause, at: e.receivedAt });
          return;
        }
        if (!t.answered) {
          t.answered = true;
          this.emit({ type: 'answered', callId, at: e.receivedAt });
        }
        return;
      }
      case 'ChannelDestroyed': {
        const o = callOutcome({ answered: t.answered, cause: e.cause, techCause: e.techCause });
        const networkOutcome: NetworkOutcome | null = o === 'answered' ? null : o;
        t.unsubscribe();
        this.calls.delete(callId);
        this.emit({ type: 'hangup', callId, at: e.receivedAt, cause: e.cause, sipCode: e.techCause ?? null, networkOutcome });
        return;
      }
      case 'PlaybackStarted':
        this.emit({ type: 'playback_started', callId, playbackId: e.playback.id, at: e.receivedAt });
        return;
      case 'PlaybackFinished':
        this.emit({ type: 'playback_finished', callId, playbackId: e.playback.id, at: e.receivedAt });
        return;
      case 'ChannelDtmfReceived':
        this.emit({ type: 'dtmf', callId, digit: e.digit, at: e.receivedAt });
        return;
      default:
        return;
    }
  }

  follow(callId: string): void {
    if (this.calls.has(callId)) return;
    const ari = this.connection;
    // answered already (the IVR answered it): its ChannelDestroyed maps to a hangup with no network outcome
    const t: Tracked = { answered: true, ringing: true, unsubscribe: () => undefined };
    t.unsubscribe = ari.subscribe(callId, (e) => {
      // a channel that entered Stasis from the dialplan (inbound, supervisor-login) gets no ChannelDestroyed
      // once it has left the application (measured): its StasisEnd is its end for us
      if (e.type === 'StasisEnd' && this.calls.get(callId) === t) {
        t.unsubscribe();
        this.calls.delete(callId);
        this.emit({ type: 'hangup', callId, at: e.receivedAt, cause: null, sipCode: null, networkOutcome: null });
        return;
      }
      this.onCallEvent(callId, t, e);
    });
    this.calls.set(callId, t);
    // the caller may have hung up before we subscribed: that ChannelDestroyed is gone, ask Asterisk
    void ari.getChannel(callId).catch((e: unknown) => {
      if (!isGone(e) || this.calls.get(callId) !== t) return;
      t.unsubscribe();
      this.calls.delete(callId);
      this.emit({ type: 'hangup', callId, at: Date.now(), cause: null, sipCode: null, networkOutcome: null });
    });
  }

  async originate(req: OriginateRequest): Promise<void> {
    const ari = this.connection;
    const t: Tracked = { answered: false, ringing: false, unsubscribe: () => undefined };
    // subscribe before the originate: the first events can arrive before its HTTP answer
    t.unsubscribe = ari.subscribe(req.callId, (e) => this.onCallEvent(req.callId, t, e));
    this.calls.set(req.callId, t);
    try {
      await ari.originate({
        endpoint: `PJSIP/${req.number}@${this.o.trunk}`,
        channelId: req.callId,
        appArgs: ['outbound'],
        callerId: req.callerId,
        timeoutSec: Math.max(15, req.ringTimeoutSec),
      });
    } catch (e) {
      // a timed-out request may still have placed the call: make sure it does not ring on unattended
      if (isAriError(e, 'TIMEOUT')) await ari.hangupQuietly(req.callId).catch(() => undefined);
      t.unsubscribe();
      this.calls.delete(req.callId);
      throw e;
    }
  }

  private gone<T>(channelId: string, p: Promise<T>): Promise<T> {
    return p.catch((e: unknown) => {
      if (isGone(e)) throw new ChannelGoneError(channelId);
      throw e;
    });
  }

  continueToAmd(callId: string): Promise<void> {
    return this.gone(callId, this.connection.runAmd(callId));
  }

  async createAgentBridge(agentId: string, agentChannelId: string): Promise<string> {
    const ari = this.connection;
    const bridgeId = `agent-${agentId.slice(0, 36)}-${randomUUID().slice(0, 8)}`;
    await ari.createBridge({ bridgeId, type: 'mixing', name: `agent ${agentId}` });
    // an adopted channel may still sit in the bridge of the dialer process that died
    for (const b of await ari.listBridges()) {
      if (b.id !== bridgeId && b.channels.includes(agentChannelId)) await ari.destroyBridge(b.id).catch(() => undefined);
    }
    await this.gone(agentChannelId, ari.addChannel(bridgeId, agentChannelId));
    return bridgeId;
  }

  async destroyBridge(bridgeId: string): Promise<void> {
    await this.connection.destroyBridge(bridgeId).catch((e: unknown) => {
      if (!isGone(e)) throw e;
    });
  }

  addToBridge(bridgeId: string, callId: string): Promise<void> {
    return this.gone(callId, this.connection.addChannel(bridgeId, callId));
  }

  removeFromBridge(bridgeId: string, callId: string): Promise<void> {
    return this.gone(callId, this.connection.removeChannel(bridgeId, callId));
  }

  async play(callId: string, media: string[], lang?: string): Promise<string> {
    const playbackId = randomUUID();
    await this.gone(callId, this.connection.play(callId, media, { lang, playbackId }));
    return playbackId;
  }

  async recordBridge(bridgeId: string, name: string): Promise<string> {
    const r = await this.connection.recordBridge(bridgeId, { name, format: 'wav', ifExists: 'overwrite' });
    return r.name || name;
  }

  async stopRecording(name: string): Promise<void> {
    await this.connection.stopRecording(name).catch((e: unknown) => {
      if (!isGone(e)) throw e;
    });
  }

  hangup(callId: string): Promise<void> {
    return this.gone(callId, this.connection.hangup(callId));
  }

  async channelInfo(callId: string): Promise<ChannelInfo | null> {
    let c;
    try {
      c = await this.connection.getChannel(callId);
    } catch (e) {
      if (isGone(e)) return null;
      throw e;
    }
    const answered = c.state === 'Up';
    // the answer event was lost: its hangup must still be mapped as an answered call's
    const t = this.calls.get(callId);
    if (t && answered) t.answered = true;
    // back in our application after AMD(): Stasis(<app>,amd,<STATUS>,<CAUSE>)
    const args = c.dialplan.appName === 'Stasis' ? c.dialplan.appData.split(',').slice(1) : [];
    const amd = parseAmdArgs(args) ?? null;
    return { answered, amd };
  }

  async listChannels(): Promise<string[]> {
    return (await this.connection.listChannels()).map((c) => c.id);
  }
}
