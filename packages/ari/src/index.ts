export { Ari, type AriOptions, type OriginateOptions, type PlayOptions, type RecordOptions, type SnoopOptions, type SnoopDirection, type HangupReason } from './client.js';
export { AriError, isAriError, isGone, type AriErrorCode } from './errors.js';
export type { Health, HealthState, Logger } from './connection.js';
export {
  parseEvent,
  routingKeys,
  type AriEvent,
  type AriEventType,
  type EventOf,
  type ChannelSnapshot,
  type ChannelState,
  type BridgeSnapshot,
  type PlaybackSnapshot,
  type RecordingSnapshot,
} from './events.js';
export { callOutcome, parseAmdArgs, type CallOutcome, type HangupInfo, type AmdResult, type AmdStatus } from './outcome.js';
export type { EventHandler } from './router.js';
export { CHANNEL_VARIABLES, DIALPLAN, stasisEntry, type StasisEntry } from './dialplan.js';
