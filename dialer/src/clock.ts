// Time as the dialer sees it. Everything that waits (ticks, connect deadlines, wrap-up limits) goes
// through a Clock so the same code runs in real time against Asterisk and on a virtual clock in the
// simulated adapter and in tests.

export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, Math.max(0, ms));
    return { cancel: () => clearTimeout(t) };
  },
};

/**
 * Real time read from another origin: now() starts at `start` and runs at wall speed, timers are real. For
 * tests on real telephony that need business hours whatever the hour they run at, and the DIALER_CLOCK_AHEAD_MS
 * setting of a dialer process started by such a test. Everything the dialer decides and writes then reads this
 * one clock, so it stays consistent; only a start at or after the real now keeps opt-outs and contacts recorded
 * by other processes in its past.
 */
export function clockStartingAt(start: Date, base: Clock = realClock): Clock {
  const offset = start.getTime() - base.now();
  return { now: () => base.now() + offset, setTimeout: (fn, ms) => base.setTimeout(fn, ms) };
}

interface Pending {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/**
 * A clock that only moves when told to. Timers fire in (time, creation) order; a timer set while
 * advancing fires in the same advance if it falls inside the interval.
 */
export class VirtualClock implements Clock {
  private t: number;
  private seq = 0;
  private queue: Pending[] = [];

  constructor(start = Date.UTC(2026, 10, 23, 15, 0, 0)) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const p: Pending = { at: this.t + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.queue.push(p);
    return { cancel: () => void (p.cancelled = true) };
  }

  /** Runs every timer due up to now+ms, letting promises settle between timers. */
  async advance(ms: number): Promise<void> {
    const until = this.t + ms;
    for (;;) {
      await flushMicrotasks();
      this.queue = this.queue.filter((p) => !p.cancelled);
      this.queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.queue[0];
      if (!next || next.at > until) break;
      this.queue.shift();
      this.t = Math.max(this.t, next.at);
      next.fn();
    }
    this.t = until;
    await flushMicrotasks();
  }

  pendingTimers(): number {
    return this.queue.filter((p) => !p.cancelled).length;
  }
}

async function flushMicrotasks(): Promise<void> {
  // several rounds: an awaited chain of promises needs one turn per link
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise<void>((r) => setImmediate(r));
}

/** Runs a VirtualClock at wall speed × factor, for the `npm start` demo. */
export function driveInRealTime(clock: VirtualClock, factor = 1, stepMs = 100): () => void {
  let stopped = false;
  const loop = async () => {
    while (!stopped) {
      await clock.advance(stepMs * factor);
      await new Promise((r) => setTimeout(r, stepMs));
    }
  };
  void loop();
  return () => void (stopped = true);
}
