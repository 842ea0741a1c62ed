import { randomUUID } from 'node:crypto';
import { AriConnection, type ConnectionOptions, type Health, type Logger } from './connection.js';
import { CHANNEL_VARIABLES, DIALPLAN } from './dialplan.js';
import { AriError } from './errors.js';
import {
  parseEvent,
  toBridge,
  toChannel,
  toPlayback,
  type AriEvent,
  type BridgeSnapshot,
  type ChannelSnapshot,
  type PlaybackSnapshot,
  type RecordingSnapshot,
  toRecording,
} from './events.js';
import { AriRest } from './rest.js';
import { EventRouter, type EventHandler } from './router.js';

export interface AriOptions extends ConnectionOptions {
  /** Per REST request timeout (default 5 s). */
  requestTimeoutMs?: number;
}

export interface OriginateOptions {
  /** e.g. "PJSIP/+573001234560@carrier". */
  endpoint: string;
  /** Assign it yourself and subscribe before originating: it ties every event to the attempt. Default: a UUID. */
  channelId?: string;
  /** Stasis app that gets the channel (default: this connection's app). */
  app?: string;
  appArgs?: readonly string[];
  /** "Name <number>" or a number. */
  callerId?: string;
  /** Ring timeout in seconds (Asterisk's default is 30). */
  timeoutSec?: number;
  /** Channel variables; functions work too, e.g. { "PJSIP_HEADER(add,X-Foo)": "bar" }. */
  variables?: Record<string, string>;
  /** Id for the other half when the endpoint is a Local channel. */
  otherChannelId?: string;
  /** Channel that caused this one (codec choice, linkedid). */
  originator?: string;
}

export interface PlayOptions {
  /** Prompt language, e.g. "es" (needs asterisk-core-sounds-es, else Asterisk silently uses English). */
  lang?: string;
  playbackId?: string;
  offsetMs?: number;
  skipMs?: number;
}

export interface RecordOptions {
  /** Recording name (file name without extension, may contain "/"). */
  name: string;
  format?: string;
  maxDurationSeconds?: number;
  maxSilenceSeconds?: number;
  ifExists?: 'fail' | 'overwrite' | 'append';
  beep?: boolean;
  terminateOn?: 'none' | 'any' | '*' | '#';
}

export type SnoopDirection = 'none' | 'both' | 'out' | 'in';

export interface SnoopOptions {
  /** Audio the snoop channel hears from the snooped channel ("both" = the whole conversation). */
  spy?: SnoopDirection;
  /** Audio the snoop channel injects: "out" = heard by the snooped channel's owner (whisper to the agent). */
  whisper?: SnoopDirection;
  snoopId?: string;
  app?: string;
  appArgs?: readonly string[];
}

export type HangupReason =
  | 'normal'
  | 'busy'
  | 'congestion'
  | 'no_answer'
  | 'timeout'
  | 'rejected'
  | 'unallocated'
  | 'normal_unspecified'
  | 'number_incomplete'
  | 'codec_mismatch'
  | 'interworking'
  | 'failure'
  | 'answered_elsewhere';

/** The operations on a connected ARI application. Everything the platform does with Asterisk goes through here. */
export class Ari {
  readonly app: string;
  private readonly rest: AriRest;
  private readonly router: EventRouter;
  private readonly conn: AriConnection;
  private readonly log: Logger;

  private constructor(opts: AriOptions) {
    this.app = opts.app;
    this.log = opts.logger ?? { info() {}, warn() {}, error() {} };
    this.rest = new AriRest({ url: opts.url, user: opts.user, password: opts.password, timeoutMs: opts.requestTimeoutMs });
    this.router = new EventRouter((err, ev) => this.log.error(`ari: handler for ${ev.type} threw: ${String(err)}`));
    this.conn = new AriConnection(opts);
    this.conn.on('message', (raw) => this.router.dispatch(parseEvent(raw)));
    // Another connection registered the same app name: Asterisk now sends it our events. Reconnecting would
    // steal the app back and make the two processes flap, so this is reported loudly instead.
    this.router.onEvent((e) => {
      if (e.type === 'ApplicationReplaced') {
        this.log.error(`ari: Stasis app "${e.application}" was taken over by another connection; this process gets no more events`);
      }
    });
  }

  /** Connects (retrying until connectTimeoutMs) and registers the Stasis app. */
  static async connect(opts: AriOptions): Promise<Ari> {
    const ari = new Ari(opts);
    await ari.conn.start();
    return ari;
  }

  close(): void {
    this.conn.close();
    this.rest.close();
  }

  // ------------------------------------------------------------------ health and events
  get health(): Health {
    return this.conn.health;
  }

  /** Health changes (connected / disconnected / closed). */
  onHealth(handler: (h: Health) => void): () => void {
    this.conn.on('health', handler);
    return () => this.conn.off('health', handler);
  }

  /** After a reconnection: events were possibly lost; reconcile with listChannels(). */
  onReconnected(handler: (h: Health) => void): () => void {
    this.conn.on('reconnected', handler);
    return () => this.conn.off('reconnected', handler);
  }

  /** Events about an id: channel id, bridge id, playback id or recording name. Dropped after the object is destroyed. */
  subscribe(id: string, handler: EventHandler): () => void {
    return this.router.subscribe(id, handler);
  }

  unsubscribe(id: string, handler?: EventHandler): void {
    this.router.unsubscribe(id, handler);
  }

  /** Events no subscriber claimed (StasisStart of agent logins, inbound calls, snoop channels...). */
  onUnrouted(handler: EventHandler): () => void {
    return this.router.onUnrouted(handler);
  }

  /** Every event of the app (logging, metrics). */
  onEvent(handler: EventHandler): () => void {
    return this.router.onEvent(handler);
  }

  get subscriptionCount(): number {
    return this.router.subscriptionCount;
  }

  /**
   * Resolves with the first event about `id` that matches, or rejects with TIMEOUT / the signal's reason.
   * Subscribe-then-act races are avoided by calling this before the action that triggers the event.
   */
  waitFor<E extends AriEvent>(
    id: string,
    match: (e: AriEvent) => e is E,
    opts: { timeoutMs: number; signal?: AbortSignal; what?: string },
  ): Promise<E>;
  waitFor(id: string, match: (e: AriEvent) => boolean, opts: { timeoutMs: number; signal?: AbortSignal; what?: string }): Promise<AriEvent>;
  waitFor(id: string, match: (e: AriEvent) => boolean, opts: { timeoutMs: number; signal?: AbortSignal; what?: string }): Promise<AriEvent> {
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        unsubscribe();
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
      };
      const unsubscribe = this.router.subscribe(id, (e) => {
        if (!match(e)) return;
        cleanup();
        resolve(e);
      });
      const timer = setTimeout(() => {
        cleanup();
        reject(new AriError('TIMEOUT', `wait ${opts.what ?? 'event'} on ${id}`, `nothing within ${opts.timeoutMs} ms`));
      }, opts.timeoutMs);
      const onAbort = () => {
        cleanup();
        reject(opts.signal?.reason ?? new Error('aborted'));
      };
      if (opts.signal?.aborted) onAbort();
      else opts.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private requireConnected(operation: string): void {
    const h = this.conn.health;
    if (h.state !== 'connected') {
      throw new AriError('UNAVAILABLE', operation, `ARI event connection is ${h.state} since ${h.since.toISOString()}`);
    }
  }

  // ------------------------------------------------------------------ channels
  /**
   * Places a call. Refused (UNAVAILABLE) while the event connection is down, since its events would be lost.
   * Sets COBRANZA_APP so the dialplan (AMD, transfers) sends the channel back to this app.
   */
  async originate(o: OriginateOptions): Promise<ChannelSnapshot> {
    const channelId = o.channelId ?? randomUUID();
    this.requireConnected('originate');
    const app = o.app ?? this.app;
    const raw = await this.rest.request('POST', `/channels/${enc(channelId)}`, undefined, {
      endpoint: o.endpoint,
      app,
      appArgs: (o.appArgs ?? []).join(','),
      ...(o.callerId !== undefined ? { callerId: o.callerId } : {}),
      ...(o.timeoutSec !== undefined ? { timeout: o.timeoutSec } : {}),
      ...(o.otherChannelId !== undefined ? { otherChannelId: o.otherChannelId } : {}),
      ...(o.originator !== undefined ? { originator: o.originator } : {}),
      variables: { [CHANNEL_VARIABLES.app]: app, ...o.variables },
    });
    return toChannel(raw);
  }

  /** Leaves Stasis and continues in the dialplan (the channel gets StasisEnd, and StasisStart if it comes back). */
  async continueInDialplan(channelId: string, to: { context: string; extension?: string; priority?: number; label?: string }): Promise<void> {
    await this.rest.request('POST', `/channels/${enc(channelId)}/continue`, undefined, {
      context: to.context,
      extension: to.extension ?? 's',
      ...(to.label !== undefined ? { label: to.label } : { priority: to.priority ?? 1 }),
    });
  }

  /**
   * Runs AMD() on an answered channel (asterisk-config's cobranza-amd context). The channel returns to
   * this app with StasisStart args ["amd", STATUS, CAUSE] (see parseAmdArgs). Set the channel variable
   * AMD_PARAMS first to override amd.conf for this call.
   */
  runAmd(channelId: string): Promise<void> {
    return this.continueInDialplan(channelId, { context: DIALPLAN.amdContext, extension: DIALPLAN.amdExtension, priority: 1 });
  }

  /** Moves a channel to another Stasis app (e.g. from the IVR process to the dialer's agent routing). */
  async move(channelId: string, app: string, appArgs: readonly string[] = []): Promise<void> {
    await this.rest.request('POST', `/channels/${enc(channelId)}/move`, undefined, { app, appArgs: appArgs.join(',') });
  }

  /**
   * This app also gets the events of a channel that is in another app (another process's): its keys, playbacks
   * and hang-up. What the IVR as its own process does with a call the dialer handed over.
   */
  async watchChannel(channelId: string): Promise<void> {
    await this.rest.request('POST', `/applications/${enc(this.app)}/subscription`, { eventSource: `channel:${channelId}` });
  }

  async unwatchChannel(channelId: string): Promise<void> {
    await this.rest.request('DELETE', `/applications/${enc(this.app)}/subscription`, { eventSource: `channel:${channelId}` }).catch(() => undefined);
  }

  async hangup(channelId: string, reason: HangupReason = 'normal'): Promise<void> {
    await this.rest.request('DELETE', `/channels/${enc(channelId)}`, { reason });
  }

  /** Hangs up and treats "already gone" as success (the usual race at the end of a call). */
  async hangupQuietly(channelId: string, reason: HangupReason = 'normal'): Promise<void> {
    try {
      await this.hangup(channelId, reason);
    } catch (e) {
      if (!(e instanceof AriError && e.code === 'NOT_FOUND')) throw e;
    }
  }

  async answer(channelId: string): Promise<void> {
    await this.rest.request('POST', `/channels/${enc(channelId)}/answer`);
  }

  /** Indicates ringing to the caller (e.g. an inbound call while we look the caller up). */
  async ring(channelId: string): Promise<void> {
    await this.rest.request('POST', `/channels/${enc(channelId)}/ring`);
  }

  async ringStop(channelId: string): Promise<void> {
    await this.rest.request('DELETE', `/channels/${enc(channelId)}/ring`);
  }

  /**
   * Plays media to a channel: sound:, recording:, number:, digits:, characters:, tone: URIs; an array plays
   * as one playback. DTMF does not stop it: call stopPlayback on ChannelDtmfReceived.
   */
  async play(channelId: string, media: string | readonly string[], opts: PlayOptions = {}): Promise<PlaybackSnapshot> {
    const playbackId = opts.playbackId ?? randomUUID();
    const raw = await this.rest.request('POST', `/channels/${enc(channelId)}/play/${enc(playbackId)}`, undefined, {
      media: typeof media === 'string' ? [media] : [...media],
      ...(opts.lang !== undefined ? { lang: opts.lang } : {}),
      ...(opts.offsetMs !== undefined ? { offsetms: opts.offsetMs } : {}),
      ...(opts.skipMs !== undefined ? { skipms: opts.skipMs } : {}),
    });
    return toPlayback(raw);
  }

  /** Stops a playback; a playback that already finished is not an error. */
  async stopPlayback(playbackId: string): Promise<void> {
    try {
      await this.rest.request('DELETE', `/playbacks/${enc(playbackId)}`);
    } catch (e) {
      if (!(e instanceof AriError && e.code === 'NOT_FOUND')) throw e;
    }
  }

  async sendDtmf(channelId: string, dtmf: string, opts: { betweenMs?: number; durationMs?: number } = {}): Promise<void> {
    await this.rest.request('POST', `/channels/${enc(channelId)}/dtmf`, undefined, {
      dtmf,
      ...(opts.betweenMs !== undefined ? { between: opts.betweenMs } : {}),
      ...(opts.durationMs !== undefined ? { duration: opts.durationMs } : {}),
    });
  }

  async mute(channelId: string, direction: 'both' | 'in' | 'out' = 'in'): Promise<void> {
    await this.rest.request('POST', `/channels/${enc(channelId)}/mute`, { direction });
  }

  async unmute(channelId: string, direction: 'both' | 'in' | 'out' = 'in'): Promise<void> {
    await this.rest.request('DELETE', `/channels/${enc(channelId)}/mute`, { direction });
  }

  async hold(channelId: string): Promise<void> {
    await this.rest.request('POST', `/channels/${enc(channelId)}/hold`);
  }

  async unhold(channelId: string): Promise<void> {
    await this.rest.request('DELETE', `/channels/${enc(channelId)}/hold`);
  }

  async getChannel(channelId: string): Promise<ChannelSnapshot> {
    return toChannel(await this.rest.request('GET', `/channels/${enc(channelId)}`));
  }

  /** All channels Asterisk has (not only this app's): reconcile after `reconnected`. */
  async listChannels(): Promise<ChannelSnapshot[]> {
    const raw = await this.rest.request<unknown[]>('GET', '/channels');
    return (raw ?? []).map(toChannel);
  }

  /** Reads a channel variable or function, e.g. "AMDSTATUS", "CHANNEL(rtt)". NOT_FOUND if unset. */
  async getChannelVariable(channelId: string, variable: string): Promise<string> {
    const raw = await this.rest.request<{ value?: string }>('GET', `/channels/${enc(channelId)}/variable`, { variable });
    return raw?.value ?? '';
  }

  async setChannelVariable(channelId: string, variable: string, value: string): Promise<void> {
    await this.rest.request('POST', `/channels/${enc(channelId)}/variable`, undefined, { variable, value });
  }

  /**
   * Creates a snoop channel on `channelId` that enters the app (StasisStart args = appArgs): spy "both" to
   * listen, whisper "out" to talk to the snooped channel's side only; bridge it with the supervisor's channel.
   * Barge = add the supervisor's channel to the call's bridge instead.
   */
  async snoop(channelId: string, o: SnoopOptions = {}): Promise<ChannelSnapshot> {
    const snoopId = o.snoopId ?? randomUUID();
    const raw = await this.rest.request('POST', `/channels/${enc(channelId)}/snoop/${enc(snoopId)}`, undefined, {
      app: o.app ?? this.app,
      spy: o.spy ?? 'both',
      whisper: o.whisper ?? 'none',
      appArgs: (o.appArgs ?? []).join(','),
    });
    return toChannel(raw);
  }

  // ------------------------------------------------------------------ bridges
  /** Creates a bridge with the id you give (mixing by default: audio of all members mixed). */
  async createBridge(o: { bridgeId?: string; type?: string; name?: string } = {}): Promise<BridgeSnapshot> {
    const id = o.bridgeId ?? randomUUID();
    const raw = await this.rest.request('POST', `/bridges/${enc(id)}`, undefined, {
      type: o.type ?? 'mixing',
      ...(o.name !== undefined ? { name: o.name } : {}),
    });
    return toBridge(raw);
  }

  async getBridge(bridgeId: string): Promise<BridgeSnapshot> {
    return toBridge(await this.rest.request('GET', `/bridges/${enc(bridgeId)}`));
  }

  async listBridges(): Promise<BridgeSnapshot[]> {
    const raw = await this.rest.request<unknown[]>('GET', '/bridges');
    return (raw ?? []).map(toBridge);
  }

  async addChannel(
    bridgeId: string,
    channelId: string | readonly string[],
    o: { role?: string; absorbDtmf?: boolean; mute?: boolean } = {},
  ): Promise<void> {
    // A JSON array: in a JSON body Asterisk takes "a,b" as one (unknown) channel id.
    const body = {
      channel: typeof channelId === 'string' ? [channelId] : [...channelId],
      ...(o.role !== undefined ? { role: o.role } : {}),
      ...(o.absorbDtmf !== undefined ? { absorbDTMF: o.absorbDtmf } : {}),
      ...(o.mute !== undefined ? { mute: o.mute } : {}),
    };
    await this.rest.request('POST', `/bridges/${enc(bridgeId)}/addChannel`, undefined, body, BRIDGE_MEMBER_ERRORS);
  }

  async removeChannel(bridgeId: string, channelId: string | readonly string[]): Promise<void> {
    await this.rest.request(
      'POST',
      `/bridges/${enc(bridgeId)}/removeChannel`,
      undefined,
      { channel: typeof channelId === 'string' ? [channelId] : [...channelId] },
      BRIDGE_MEMBER_ERRORS,
    );
  }

  async destroyBridge(bridgeId: string): Promise<void> {
    await this.rest.request('DELETE', `/bridges/${enc(bridgeId)}`);
  }

  async playOnBridge(bridgeId: string, media: string | readonly string[], opts: PlayOptions = {}): Promise<PlaybackSnapshot> {
    const playbackId = opts.playbackId ?? randomUUID();
    const raw = await this.rest.request('POST', `/bridges/${enc(bridgeId)}/play/${enc(playbackId)}`, undefined, {
      media: typeof media === 'string' ? [media] : [...media],
      ...(opts.lang !== undefined ? { lang: opts.lang } : {}),
    });
    return toPlayback(raw);
  }

  /**
   * Records everything said in the bridge (both sides: recording a bridged channel alone produced no file
   * on Asterisk 22). File: <spool>/recording/<name>.<format> in the Asterisk host.
   */
  async recordBridge(bridgeId: string, o: RecordOptions): Promise<RecordingSnapshot> {
    const raw = await this.rest.request('POST', `/bridges/${enc(bridgeId)}/record`, undefined, {
      name: o.name,
      format: o.format ?? 'wav',
      ifExists: o.ifExists ?? 'fail',
      beep: o.beep ?? false,
      terminateOn: o.terminateOn ?? 'none',
      ...(o.maxDurationSeconds !== undefined ? { maxDurationSeconds: o.maxDurationSeconds } : {}),
      ...(o.maxSilenceSeconds !== undefined ? { maxSilenceSeconds: o.maxSilenceSeconds } : {}),
    });
    return toRecording(raw);
  }

  async stopRecording(name: string): Promise<void> {
    await this.rest.request('POST', `/recordings/live/${enc(name)}/stop`);
  }

  /** A finished recording's file, fetched over HTTP (the Asterisk may be on another host); NOT_FOUND when none. */
  storedRecordingFile(name: string): Promise<Buffer> {
    return this.rest.requestBytes('GET', `/recordings/stored/${enc(name)}/file`);
  }

  /** Removes a finished recording from Asterisk's disk (once it is kept elsewhere). */
  async deleteStoredRecording(name: string): Promise<void> {
    await this.rest.request('DELETE', `/recordings/stored/${enc(name)}`);
  }

  // ------------------------------------------------------------------ asterisk
  async asteriskInfo(): Promise<{ version: string; startedAt: string }> {
    const raw = await this.rest.request<{ system?: { version?: string }; status?: { startup_time?: string } }>(
      'GET',
      '/asterisk/info',
    );
    return { version: raw?.system?.version ?? '', startedAt: raw?.status?.startup_time ?? '' };
  }
}

/**
 * addChannel/removeChannel answer 400 when a channel does not exist (the debtor hung up meanwhile) and 422
 * when it is not in a Stasis app / not in that bridge (ARI's documented responses for these two operations).
 */
const BRIDGE_MEMBER_ERRORS = { 400: 'NOT_FOUND', 422: 'CONFLICT' } as const;

function enc(id: string): string {
  return encodeURIComponent(id);
}
