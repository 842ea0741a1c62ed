/**
 * Recency-weighted counting. Every observation of a group is worth `growth` times the previous one,
 * so an observation k steps old weighs (1 - 1/effectiveSamples)^k: the estimates follow drift within
 * roughly `effectiveSamples` observations while staying smooth. Histograms and counters of one group
 * share the clock, so their ratios are ratios of the same recent past.
 */
export class DecayGroup {
  /** Weight of the next observation. */
  weight = 1;
  private readonly growth: number;
  private readonly members: { rescale(f: number): void }[] = [];

  constructor(effectiveSamples: number) {
    this.growth = 1 / (1 - 1 / Math.max(2, effectiveSamples));
  }

  /** Advances the clock by one observation and returns its weight. */
  tick(): number {
    this.weight *= this.growth;
    if (this.weight > 1e100) {
      // Rebase before overflow; ratios are unchanged.
      const f = 1 / this.weight;
      this.weight = 1;
      for (const m of this.members) m.rescale(f);
    }
    return this.weight;
  }

  histogram(binWidth: number, maxValue: number): DecayingHistogram {
    const h = new DecayingHistogram(this, binWidth, maxValue);
    this.members.push(h);
    return h;
  }

  counter(): DecayingCounter {
    const c = new DecayingCounter();
    this.members.push(c);
    return c;
  }
}

export class DecayingCounter {
  value = 0;
  add(w: number): void {
    this.value += w;
  }
  rescale(f: number): void {
    this.value *= f;
  }
}

/** Histogram of non-negative values; the last bin collects everything at or beyond maxValue. */
export class DecayingHistogram {
  readonly bins: Float64Array;
  total = 0;
  /** Raw number of observations (not decayed). */
  count = 0;

  constructor(
    readonly group: DecayGroup,
    readonly binWidth: number,
    maxValue: number,
  ) {
    this.bins = new Float64Array(Math.ceil(maxValue / binWidth) + 1);
  }

  binOf(x: number): number {
    const b = Math.floor(Math.max(0, x) / this.binWidth);
    return b < this.bins.length ? b : this.bins.length - 1;
  }

  /** Adds x with weight w (the group's weight for this observation). */
  add(x: number, w: number): void {
    this.bins[this.binOf(x)]! += w;
    this.total += w;
    this.count++;
  }

  rescale(f: number): void {
    for (let i = 0; i < this.bins.length; i++) this.bins[i]! *= f;
    this.total *= f;
  }
}
