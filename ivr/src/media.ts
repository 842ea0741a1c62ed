// The narrow media interface the IVR runs on. The ARI adapter (ari-media.ts) implements it over a real
// Asterisk channel; FakeMedia (test/fake-media.ts) implements it in memory for unit tests of flow logic.

export type PlaybackEnd = 'finished' | 'stopped' | 'hangup';

export interface Playback {
  readonly done: Promise<PlaybackEnd>;
  /** Stops it now (a no-op once it has ended). */
  stop(): Promise<void>;
}

export interface MediaChannel {
  /** The channel id (= call_attempts.id for dialer calls). */
  readonly id: string;
  /** Plays the media URIs (sound:, number:, digits: …) as one playback, read in `lang`. */
  play(uris: string[], lang: string): Promise<Playback>;
  /** DTMF digits as they arrive; returns the unsubscribe function. */
  onDtmf(listener: (digit: string) => void): () => void;
  /** Resolves when the far end hangs up or the channel is otherwise gone. */
  readonly gone: Promise<void>;
  isGone(): boolean;
  hangup(): Promise<void>;
}

/** Thrown out of any verb when the caller hangs up: the session ends its work and records the outcome. */
export class CallerGoneError extends Error {
  readonly code = 'IVR_CALLER_GONE';
  constructor(channelId: string) {
    super(`channel ${channelId} hung up`);
    this.name = 'CallerGoneError';
  }
}
