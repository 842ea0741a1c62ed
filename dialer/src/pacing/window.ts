/**
 * Counts over a sliding time window (e.g. 30 days), kept as time buckets with running totals so a
 * query costs O(1) and memory is bounded by window / bucket.
 */
export const ABANDON_FIELDS = [
  'connected',
  'connectedAfterAmd',
  'dropped',
  'droppedAfterAmd',
  'humanDisposition',
  'machineDisposition',
] as const;
export type AbandonField = (typeof ABANDON_FIELDS)[number];
export type AbandonCounts = Record<AbandonField, number>;

export function emptyCounts(): AbandonCounts {
  return { connected: 0, connectedAfterAmd: 0, dropped: 0, droppedAfterAmd: 0, humanDisposition: 0, machineDisposition: 0 };
}

interface Bucket {
  start: number;
  counts: AbandonCounts;
}

export class RollingWindow {
  private readonly buckets: Bucket[] = [];
  private head = 0;
  private readonly totals = emptyCounts();
  private firstAt: number | undefined;

  constructor(
    readonly windowSeconds: number,
    readonly bucketSeconds = Math.max(10, windowSeconds / 720),
  ) {}

  add(at: number, field: AbandonField, n = 1): void {
    this.firstAt ??= at;
    const start = Math.floor(at / this.bucketSeconds) * this.bucketSeconds;
    let last = this.buckets[this.buckets.length - 1];
    if (!last || last.start < start) {
      last = { start, counts: emptyCounts() };
      this.buckets.push(last);
    }
    last.counts[field] += n;
    this.totals[field] += n;
    this.expire(at);
  }

  /** Totals of the window ending at `now`, and how many seconds of it hold data. */
  read(now: number): { counts: AbandonCounts; coveredSeconds: number } {
    this.expire(now);
    const covered = this.firstAt === undefined ? 0 : Math.min(this.windowSeconds, Math.max(0, now - this.firstAt));
    return { counts: { ...this.totals }, coveredSeconds: covered };
  }

  private expire(now: number): void {
    const cutoff = now - this.windowSeconds;
    while (this.head < this.buckets.length && this.buckets[this.head]!.start + this.bucketSeconds <= cutoff) {
      const b = this.buckets[this.head++]!;
      for (const f of ABANDON_FIELDS) this.totals[f] -= b.counts[f];
    }
    if (this.head > 1024 && this.head * 2 > this.buckets.length) {
      this.buckets.splice(0, this.head);
      this.head = 0;
    }
  }
}
