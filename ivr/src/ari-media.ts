// MediaChannel over a real Asterisk channel through @cobranza/ari. Events are routed by channel id and
// playback id (subscribed before the action that triggers them). Every playback that actually started is
// kept in `heard`, so tests (and logs) can tell what the caller was played, not what the code asked for.
import { randomUUID } from 'node:crypto';
import { isGone, type Ari, type AriEvent } from '@cobranza/ari';
import type { MediaChannel, Playback, PlaybackEnd } from './media.js';

export interface HeardPlayback {
  uris: string[];
  lang: string;
  startedAt: number;
  end: PlaybackEnd | 'playing';
}

export class AriMedia implements MediaChannel {
  readonly gone: Promise<void>;
  readonly heard: HeardPlayback[] = [];
  private down = false;
  private markGone!: () => void;
  private readonly listeners = new Set<(d: string) => void>();
  private readonly off: () => void;

  constructor(private readonly ari: Ari, readonly id: string) {
    this.gone = new Promise((r) => (this.markGone = r));
    this.off = ari.subscribe(id, (e) => this.onEvent(e));
  }

  private onEvent(e: AriEvent): void {
    if (e.type === 'ChannelDtmfReceived' && e.channel.id === this.id) {
      for (const l of [...this.listeners]) l(e.digit);
    } else if ((e.type === 'ChannelDestroyed' || e.type === 'ChannelHangupRequest' || e.type === 'StasisEnd') && 'channel' in e && e.channel.id === this.id) {
      this.setGone();
    }
  }

  private setGone(): void {
    if (this.down) return;
    this.down = true;
    this.markGone();
    this.off();
  }

  isGone(): boolean {
    return this.down;
  }

  onDtmf(listener: (digit: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async play(uris: string[], lang: string): Promise<Playback> {
    const playbackId = `ivr-${randomUUID()}`;
    const record: HeardPlayback = { uris, lang, startedAt: 0, end: 'playing' };
    let finish!: (e: PlaybackEnd) => void;
    const done = new Promise<PlaybackEnd>((r) => (finish = r));
    let stopping = false;
    const end = (how: PlaybackEnd) => {
      if (record.end !== 'playing' && record.end !== undefined) return;
      record.end = how;
      unsubscribe();
      finish(how);
    };
    const unsubscribe = this.ari.subscribe(playbackId, (e) => {
      if (e.type === 'PlaybackStarted' || e.type === 'PlaybackContinuing') {
        // Measured on Asterisk 22: stopping a playback of several URIs only skips the item playing, and the
        // next item starts (PlaybackStarted again, same id). Keep stopping until the whole list is done.
        if (stopping) void this.ari.stopPlayback(playbackId).catch(() => undefined);
        // one playback of several URIs reports a start per item: count it once
        if (record.startedAt === 0) {
          record.startedAt = Date.now();
          this.heard.push(record);
        }
      } else if (e.type === 'PlaybackFinished') end(stopping ? 'stopped' : 'finished');
    });
    void this.gone.then(() => end('hangup'));
    try {
      await this.ari.play(this.id, uris, { lang, playbackId });
    } catch (e) {
      unsubscribe();
      if (isGone(e)) {
        this.setGone();
        end('hangup');
      } else throw e;
    }
    return {
      done,
      stop: async () => {
        if (record.end !== 'playing') return;
        stopping = true;
        // Measured on Asterisk 22: DELETE answers 500 "Could not stop playback" while a number:/digits: saying
        // is being read (for the whole saying) and before the playback starts. Retry until the playback has
        // ended (it ends at the latest with its last item); each PlaybackStarted also re-sends the stop.
        while (record.end === 'playing' && !this.down) {
          const ok = await this.ari.stopPlayback(playbackId).then(
            () => true,
            () => false,
          );
          if (ok) return;
          await new Promise((r) => setTimeout(r, 100));
        }
      },
    };
  }

  async hangup(): Promise<void> {
    if (this.down) return;
    await this.ari.hangupQuietly(this.id);
    this.setGone();
  }

  /** Stop listening without hanging up (the channel now belongs to an agent bridge). */
  detach(): void {
    this.off();
    this.listeners.clear();
  }

  /** Every URI whose playback started, in order. */
  heardUris(): string[] {
    return this.heard.flatMap((h) => h.uris);
  }
}
