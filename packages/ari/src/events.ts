/**
 * Typed ARI events: the raw JSON from Asterisk's event WebSocket normalised into the project's types.
 * Only the events the platform uses are modelled; everything else arrives as `Other` with the raw body.
 */

export type ChannelState =
  | 'Down'
  | 'Rsrved'
  | 'OffHook'
  | 'Dialing'
  | 'Ring'
  | 'Ringing'
  | 'Up'
  | 'Busy'
  | 'Dialing Offhook'
  | 'Pre-ring'
  | 'Unknown';

export interface ChannelSnapshot {
  id: string;
  name: string;
  state: ChannelState;
  callerNumber: string;
  callerName: string;
  connectedNumber: string;
  dialplan: { context: string; exten: string; priority: number; appName: string; appData: string };
  /** ISO-ish timestamp from Asterisk. */
  createdAt: string;
  language: string;
}

export interface BridgeSnapshot {
  id: string;
  technology: string;
  bridgeType: string;
  channels: string[];
  name: string;
}

export interface PlaybackSnapshot {
  id: string;
  mediaUri: string;
  /** "channel:<id>" or "bridge:<id>" */
  targetUri: string;
  language: string;
  state: string;
}

export interface RecordingSnapshot {
  name: string;
  format: string;
  targetUri: string;
  state: string;
  durationSec?: number;
  cause?: string;
}

interface Base {
  /** Asterisk's event timestamp. */
  timestamp: string;
  /** When this process received it (Date.now()), for latency measurements. */
  receivedAt: number;
}

export type AriEvent =
  | (Base & { type: 'StasisStart'; channel: ChannelSnapshot; args: string[]; replaceChannel?: ChannelSnapshot })
  | (Base & { type: 'StasisEnd'; channel: ChannelSnapshot })
  | (Base & { type: 'ChannelStateChange'; channel: ChannelSnapshot })
  | (Base & {
      type: 'ChannelDestroyed';
      channel: ChannelSnapshot;
      /** Q.850 cause code (16 normal, 17 busy, 19 no answer, 1 unallocated, 34 congestion...). */
      cause: number;
      causeText: string;
      /** The SIP status behind the cause when the far end sent one (486, 404, 503...). */
      techCause?: number;
    })
  | (Base & { type: 'ChannelHangupRequest'; channel: ChannelSnapshot; cause?: number; techCause?: number; soft: boolean })
  | (Base & { type: 'ChannelDtmfReceived'; channel: ChannelSnapshot; digit: string; durationMs: number })
  | (Base & { type: 'Dial'; peer: ChannelSnapshot; caller?: ChannelSnapshot; dialstatus: string; dialstring?: string })
  | (Base & { type: 'PlaybackStarted' | 'PlaybackContinuing' | 'PlaybackFinished'; playback: PlaybackSnapshot })
  | (Base & { type: 'RecordingStarted' | 'RecordingFinished' | 'RecordingFailed'; recording: RecordingSnapshot })
  | (Base & { type: 'ChannelEnteredBridge' | 'ChannelLeftBridge'; bridge: BridgeSnapshot; channel: ChannelSnapshot })
  | (Base & { type: 'BridgeCreated' | 'BridgeDestroyed'; bridge: BridgeSnapshot })
  | (Base & { type: 'ChannelVarset'; variable: string; value: string; channel?: ChannelSnapshot })
  | (Base & { type: 'ApplicationReplaced'; application: string })
  | (Base & { type: 'Other'; rawType: string; raw: Record<string, unknown> });

export type AriEventType = AriEvent['type'];
export type EventOf<T extends AriEventType> = Extract<AriEvent, { type: T }>;

// Raw JSON is untyped by nature; these helpers read it defensively instead of trusting a cast.
type Raw = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const num = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
};
const obj = (v: unknown): Raw => (v && typeof v === 'object' ? (v as Raw) : {});

export function toChannel(raw: unknown): ChannelSnapshot {
  const c = obj(raw);
  const caller = obj(c.caller);
  const connected = obj(c.connected);
  const dp = obj(c.dialplan);
  return {
    id: str(c.id),
    name: str(c.name),
    state: (str(c.state) || 'Unknown') as ChannelState,
    callerNumber: str(caller.number),
    callerName: str(caller.name),
    connectedNumber: str(connected.number),
    dialplan: {
      context: str(dp.context),
      exten: str(dp.exten),
      priority: num(dp.priority) ?? 0,
      appName: str(dp.app_name),
      appData: str(dp.app_data),
    },
    createdAt: str(c.creationtime),
    language: str(c.language),
  };
}

export function toBridge(raw: unknown): BridgeSnapshot {
  const b = obj(raw);
  return {
    id: str(b.id),
    technology: str(b.technology),
    bridgeType: str(b.bridge_type),
    channels: Array.isArray(b.channels) ? b.channels.map(str) : [],
    name: str(b.name),
  };
}

export function toPlayback(raw: unknown): PlaybackSnapshot {
  const p = obj(raw);
  return {
    id: str(p.id),
    mediaUri: str(p.media_uri),
    targetUri: str(p.target_uri),
    language: str(p.language),
    state: str(p.state),
  };
}

export function toRecording(raw: unknown): RecordingSnapshot {
  const r = obj(raw);
  return {
    name: str(r.name),
    format: str(r.format),
    targetUri: str(r.target_uri),
    state: str(r.state),
    durationSec: num(r.duration),
    cause: r.cause === undefined ? undefined : str(r.cause),
  };
}

/** Parses one WebSocket message body into a typed event. */
export function parseEvent(raw: Raw, receivedAt = Date.now()): AriEvent {
  const base = { timestamp: str(raw.timestamp), receivedAt };
  const type = str(raw.type);
  switch (type) {
    case 'StasisStart':
      return {
        ...base,
        type,
        channel: toChannel(raw.channel),
        args: Array.isArray(raw.args) ? raw.args.map(str) : [],
        ...(raw.replace_channel ? { replaceChannel: toChannel(raw.replace_channel) } : {}),
      };
    case 'StasisEnd':
    case 'ChannelStateChange':
      return { ...base, type, channel: toChannel(raw.channel) };
    case 'ChannelDestroyed':
      return {
        ...base,
        type,
        channel: toChannel(raw.channel),
        cause: num(raw.cause) ?? 0,
        causeText: str(raw.cause_txt),
        techCause: techCause(raw.tech_cause),
      };
    case 'ChannelHangupRequest':
      return {
        ...base,
        type,
        channel: toChannel(raw.channel),
        cause: num(raw.cause),
        techCause: techCause(raw.tech_cause),
        soft: raw.soft === true,
      };
    case 'ChannelDtmfReceived':
      return { ...base, type, channel: toChannel(raw.channel), digit: str(raw.digit), durationMs: num(raw.duration_ms) ?? 0 };
    case 'Dial':
      return {
        ...base,
        type,
        peer: toChannel(raw.peer),
        ...(raw.caller ? { caller: toChannel(raw.caller) } : {}),
        dialstatus: str(raw.dialstatus),
        ...(raw.dialstring !== undefined ? { dialstring: str(raw.dialstring) } : {}),
      };
    case 'PlaybackStarted':
    case 'PlaybackContinuing':
    case 'PlaybackFinished':
      return { ...base, type, playback: toPlayback(raw.playback) };
    case 'RecordingStarted':
    case 'RecordingFinished':
    case 'RecordingFailed':
      return { ...base, type, recording: toRecording(raw.recording) };
    case 'ChannelEnteredBridge':
    case 'ChannelLeftBridge':
      return { ...base, type, bridge: toBridge(raw.bridge), channel: toChannel(raw.channel) };
    case 'BridgeCreated':
    case 'BridgeDestroyed':
      return { ...base, type, bridge: toBridge(raw.bridge) };
    case 'ChannelVarset':
      return {
        ...base,
        type,
        variable: str(raw.variable),
        value: str(raw.value),
        ...(raw.channel ? { channel: toChannel(raw.channel) } : {}),
      };
    case 'ApplicationReplaced':
      return { ...base, type, application: str(raw.application) };
    default:
      return { ...base, type: 'Other', rawType: type, raw };
  }
}

function techCause(v: unknown): number | undefined {
  const n = num(v);
  return n === undefined || n === 0 ? undefined : n;
}

/**
 * The object ids an event is about, used to route it to subscribers: channel ids, bridge ids, playback ids,
 * recording names, and the target of a playback/recording ("channel:<id>" → <id>).
 */
export function routingKeys(e: AriEvent): string[] {
  const keys: string[] = [];
  const add = (k: string | undefined) => {
    if (k && !keys.includes(k)) keys.push(k);
  };
  const target = (uri: string) => add(uri.slice(uri.indexOf(':') + 1));
  switch (e.type) {
    case 'StasisStart':
      add(e.channel.id);
      add(e.replaceChannel?.id);
      break;
    case 'Dial':
      add(e.peer.id);
      add(e.caller?.id);
      break;
    case 'PlaybackStarted':
    case 'PlaybackContinuing':
    case 'PlaybackFinished':
      add(e.playback.id);
      target(e.playback.targetUri);
      break;
    case 'RecordingStarted':
    case 'RecordingFinished':
    case 'RecordingFailed':
      add(e.recording.name);
      target(e.recording.targetUri);
      break;
    case 'ChannelEnteredBridge':
    case 'ChannelLeftBridge':
      add(e.channel.id);
      add(e.bridge.id);
      break;
    case 'BridgeCreated':
    case 'BridgeDestroyed':
      add(e.bridge.id);
      break;
    case 'ChannelVarset':
      add(e.channel?.id);
      break;
    case 'ApplicationReplaced':
    case 'Other':
      break;
    default:
      add(e.channel.id);
  }
  return keys;
}
