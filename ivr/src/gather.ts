// Collecting keypad digits. Asterisk does not stop a playback on DTMF, so this code does: the first key
// stops the prompt, and the timers (first digit, between digits, overall) run here, not in Asterisk.
import { CallerGoneError, type MediaChannel, type Playback } from './media.js';

export interface GatherOptions {
  maxDigits: number;
  /** Fewer digits than this at the terminator or a timeout is reported as 'too_short'. */
  minDigits?: number;
  /** Ends the entry early and is not part of the digits; '' for none. Default '#'. */
  terminator?: string;
  /** From the end of the prompt to the first key. */
  firstDigitTimeoutMs?: number;
  /** Between two keys. */
  interDigitTimeoutMs?: number;
  /** From the end of the prompt (or the first key, if earlier) to the end of the entry. */
  overallTimeoutMs?: number;
}

export type GatherEnd = 'max_digits' | 'terminator' | 'no_input' | 'inter_digit_timeout' | 'overall_timeout';

export interface GatherResult {
  digits: string;
  end: GatherEnd;
  /** True when a key interrupted the prompt. */
  interrupted: boolean;
}

export const GATHER_DEFAULTS = { firstDigitTimeoutMs: 6000, interDigitTimeoutMs: 3000, overallTimeoutMs: 30000 };

/**
 * Digits typed ahead (during a message, before the menu that wants them) wait here; a gather takes them
 * first. One per call, subscribed for the whole session so no key is lost between verbs.
 */
export class DtmfBuffer {
  private queue: string[] = [];
  private waiter: ((d: string) => void) | null = null;
  private readonly unsubscribe: () => void;
  /** A terminator pressed right after an entry that was already complete (max digits) is not type-ahead. */
  private dropNext: { key: string; until: number } | null = null;
  /** Called on every key, e.g. to stop the prompt that is playing. */
  onKey: (() => void) | null = null;

  constructor(private readonly media: MediaChannel) {
    this.unsubscribe = media.onDtmf((d) => {
      if (this.shouldDrop(d)) return;
      this.onKey?.();
      if (this.waiter) {
        const w = this.waiter;
        this.waiter = null;
        w(d);
      } else this.queue.push(d);
    });
  }

  private shouldDrop(d: string): boolean {
    const drop = this.dropNext;
    this.dropNext = null;
    return drop !== null && drop.key === d && Date.now() <= drop.until;
  }

  /** Ignore `key` if it is the next key and comes within `ms` (also if it is already queued). */
  dropIfNext(key: string, ms: number): void {
    if (this.queue.length > 0) {
      if (this.queue[0] === key) this.queue.shift();
      return;
    }
    this.dropNext = { key, until: Date.now() + ms };
  }

  pending(): number {
    return this.queue.length;
  }

  clear(): void {
    this.queue = [];
  }

  /** The next key, or null after `timeoutMs` (or when the call ends, which rejects). */
  next(timeoutMs: number): Promise<string | null> {
    const queued = this.queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.media.isGone()) return Promise.reject(new CallerGoneError(this.media.id));
    return new Promise<string | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        resolve(null);
      }, timeoutMs);
      this.waiter = (d) => {
        clearTimeout(timer);
        resolve(d);
      };
      this.media.gone.then(() => {
        clearTimeout(timer);
        if (this.waiter) {
          this.waiter = null;
          reject(new CallerGoneError(this.media.id));
        }
      });
    });
  }

  close(): void {
    this.unsubscribe();
  }
}

/** Plays `uris` (interruptible by any key) and returns once it ends or a key stops it. */
export async function playInterruptible(media: MediaChannel, buffer: DtmfBuffer, uris: string[], lang: string): Promise<{ interrupted: boolean }> {
  if (uris.length === 0) return { interrupted: buffer.pending() > 0 };
  if (buffer.pending() > 0) return { interrupted: true };
  if (media.isGone()) throw new CallerGoneError(media.id);
  let playback: Playback | null = null;
  let keyed = false;
  buffer.onKey = () => {
    keyed = true;
    void playback?.stop().catch(() => undefined);
  };
  try {
    playback = await media.play(uris, lang);
    if (keyed) await playback.stop();
    const end = await playback.done;
    if (end === 'hangup' || media.isGone()) throw new CallerGoneError(media.id);
    return { interrupted: keyed };
  } finally {
    buffer.onKey = null;
  }
}

/** Plays the prompt, then collects digits with the three timers. */
export async function gather(media: MediaChannel, buffer: DtmfBuffer, uris: string[], lang: string, opts: GatherOptions): Promise<GatherResult> {
  const terminator = opts.terminator ?? '#';
  const firstMs = opts.firstDigitTimeoutMs ?? GATHER_DEFAULTS.firstDigitTimeoutMs;
  const interMs = opts.interDigitTimeoutMs ?? GATHER_DEFAULTS.interDigitTimeoutMs;
  const overallMs = opts.overallTimeoutMs ?? GATHER_DEFAULTS.overallTimeoutMs;
  const { interrupted } = await playInterruptible(media, buffer, uris, lang);
  const deadline = Date.now() + overallMs;
  let digits = '';
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) return { digits, end: digits ? 'overall_timeout' : 'no_input', interrupted };
    const wait = Math.min(digits === '' ? firstMs : interMs, left);
    const key = await buffer.next(wait);
    if (key === null) {
      if (digits === '') return { digits, end: Date.now() >= deadline ? 'overall_timeout' : 'no_input', interrupted };
      return { digits, end: Date.now() >= deadline ? 'overall_timeout' : 'inter_digit_timeout', interrupted };
    }
    if (terminator && key === terminator) return { digits, end: 'terminator', interrupted };
    digits += key;
    if (digits.length >= opts.maxDigits) {
      if (terminator) buffer.dropIfNext(terminator, interMs);
      return { digits, end: 'max_digits', interrupted };
    }
  }
}

/** True when the entry has enough digits to be used. */
export function gatheredEnough(r: GatherResult, minDigits = 1): boolean {
  return r.digits.length >= Math.max(1, minDigits);
}
