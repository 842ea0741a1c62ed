// The narrow telephony surface the dialer needs. Two implementations: the ARI adapter (real
// Asterisk through @cobranza/ari) and the simulated adapter (virtual clock). Nothing else in the
// dialer sees Asterisk objects.
import type { CallOutcome } from '@cobranza/contracts';

export interface OriginateRequest {
  /** Our id for the call; becomes the ARI channel id and call_attempts.id. */
  callId: string;
  /** E.164 number to dial. */
  number: string;
  callerId?: string;
  /** Seconds to ring before giving up (never below 15: regulators require it). */
  ringTimeoutSec: number;
  /** Strategy's AMD setting decides whether answered calls go through AMD() first. */
  amd: boolean;
}

/** Outcome of an unanswered or failed call as mapped from the hangup cause + SIP code. */
export type NetworkOutcome = Extract<CallOutcome, 'busy' | 'no_answer' | 'congestion' | 'failed' | 'invalid_number'>;

export type AmdStatus = 'HUMAN' | 'MACHINE' | 'NOTSURE' | 'HANGUP';

export type TelephonyEvent =
  | { type: 'ringing'; callId: string; at: number }
  /** The callee answered (first StasisStart of an outbound channel). */
  | { type: 'answered'; callId: string; at: number }
  | { type: 'amd'; callId: string; status: AmdStatus; cause: string; at: number }
  | {
      type: 'hangup';
      callId: string;
      at: number;
      cause: number | null;
      sipCode: number | null;
      /** What the network said, for calls that never answered. */
      networkOutcome: NetworkOutcome | null;
    }
  | { type: 'playback_started'; callId: string; playbackId: string; at: number }
  | { type: 'playback_finished'; callId: string; playbackId: string; at: number }
  | { type: 'dtmf'; callId: string; digit: string; at: number }
  /** An agent's softphone called agent-login: its permanent channel is now in our application. */
  | { type: 'agent_channel'; agentId: string; channelId: string; at: number }
  | { type: 'agent_channel_gone'; channelId: string; at: number }
  /** A supervisor's softphone called supervisor-login: a permanent channel to listen, whisper or barge with. */
  | { type: 'supervisor_channel'; supervisorRef: string; channelId: string; at: number }
  /** The connection to Asterisk came back after a drop: events in between are lost, reconcile. */
  | { type: 'reconnected'; at: number };

export interface ChannelInfo {
  answered: boolean;
  amd: { status: AmdStatus; cause: string } | null;
}

export interface Telephony {
  readonly kind: 'ari' | 'simulated';
  start(onEvent: (e: TelephonyEvent) => void): Promise<void>;
  /** False while the connection to Asterisk is down: campaigns dial nothing meanwhile. */
  ready(): boolean;
  stop(): Promise<void>;
  originate(req: OriginateRequest): Promise<void>;
  /** Sends an answered call through AMD() in the dialplan; an `amd` event comes back. */
  continueToAmd(callId: string): Promise<void>;
  /** A mixing bridge for one agent's permanent channel. Returns the bridge id. */
  createAgentBridge(agentId: string, agentChannelId: string): Promise<string>;
  destroyBridge(bridgeId: string): Promise<void>;
  addToBridge(bridgeId: string, callId: string): Promise<void>;
  removeFromBridge(bridgeId: string, callId: string): Promise<void>;
  /** Plays media (sound:, digits:, number:, tone: URIs) on a channel; resolves with the playback id. */
  play(callId: string, media: string[], lang?: string): Promise<string>;
  /** Records a bridge (both sides). Resolves with the recording name. */
  recordBridge(bridgeId: string, name: string): Promise<string>;
  stopRecording(name: string): Promise<void>;
  hangup(callId: string): Promise<void>;
  /**
   * Connects a supervisor's channel to an agent: listen (hears both sides), whisper (also speaks to the
   * agent only) or barge (joins the agent's bridge). Returns a session id for stopMonitor.
   */
  monitor(req: { agentChannelId: string; agentBridgeId: string; supervisorChannelId: string; mode: 'listen' | 'whisper' | 'barge' }): Promise<string>;
  stopMonitor(sessionId: string): Promise<void>;
  /**
   * Follows a channel the dialer did not place (an inbound call the IVR hands over for press-to-talk):
   * its hangup is reported like an outbound call's, so the agent it was bridged to goes to wrap-up.
   */
  follow(callId: string): void;
  /**
   * What Asterisk says about a channel now (null: gone), for calls whose events were lost: answered or
   * still ringing, and the AMD verdict if the channel came back to our application with one.
   */
  channelInfo(callId: string): Promise<ChannelInfo | null>;
  /** Ids of channels Asterisk currently has (for reconciliation). */
  listChannels(): Promise<string[]>;
}

/** The channel is already gone: a normal race when the far end hangs up first. */
export class ChannelGoneError extends Error {
  readonly code = 'CHANNEL_GONE';
  constructor(readonly channelId: string) {
    super(`channel ${channelId} is gone`);
  }
}
