import { DecayGroup, type DecayingCounter, type DecayingHistogram } from './decay.js';
import type { CallEvent, CallId } from './types.js';
import { RollingWindow, type AbandonCounts } from './window.js';

/** COMPLIANCE.md: a person must reach an agent within 2 s of being recognised, else the call is abandoned. */
export const LATE_CONNECT_SECONDS = 2;

export interface EstimatorOptions {
  /** Rolling window of the regulatory abandon rate (default 30 days). */
  abandonWindowSeconds?: number;
  /** Short-window guard length (default 1 hour). */
  guardWindowSeconds?: number;
  /** Effective sample sizes of the recency weighting (see decay.ts). */
  dialSamples?: number;
  talkSamples?: number;
  wrapSamples?: number;
  amdSamples?: number;
  /** Seconds between rebuilds of the forecast tables (they change slowly). */
  snapshotEverySeconds?: number;
}

const RING_MAX = 180;
const AMD_BIN = 0.25;
const AMD_MAX = 30;
const TALK_MAX = 7200;
const WRAP_MAX = 1800;
/** Mean residual time assumed once an agent is beyond everything observed. */
const TAIL_MEAN_SECONDS = 300;

/**
 * Incremental campaign statistics, fed by CallEvents in time order. Used unchanged by the live
 * dialer and the simulator. Pure: it never reads a clock, time comes from the events.
 */
export class StatsEstimator {
  private readonly dialGroup: DecayGroup;
  private readonly ringAnswered: DecayingHistogram;
  private readonly ringOther: DecayingHistogram;
  private readonly answerGroup: DecayGroup;
  private readonly answeredWithAmd: DecayingCounter;
  private readonly answeredWithoutAmd: DecayingCounter;
  private readonly amdGroup: DecayGroup;
  private readonly amdSeconds: DecayingHistogram;
  private readonly amdHuman: DecayingCounter;
  private readonly amdMachine: DecayingCounter;
  private readonly talkGroup: DecayGroup;
  private readonly talkHuman: DecayingHistogram;
  private readonly talkMachine: DecayingHistogram;
  private readonly wrapGroup: DecayGroup;
  private readonly wrap: DecayingHistogram;
  private readonly longWindow: RollingWindow;
  private readonly shortWindow: RollingWindow;
  /** Bridged calls whose talk has not ended: censored observations of the talk time. */
  private readonly openTalks = new Map<CallId, { start: number; afterAmd: boolean }>();
  private readonly snapshotEvery: number;
  private cached: StatsSnapshot | undefined;
  private dirtyObservations = 0;
  readonly totals = { dialed: 0, ringEnded: 0, answered: 0, amdDone: 0, connected: 0, dropped: 0, talkEnded: 0, wrapEnded: 0 };
  private lastAt = -Infinity;

  constructor(opts: EstimatorOptions = {}) {
    this.dialGroup = new DecayGroup(opts.dialSamples ?? 600);
    this.ringAnswered = this.dialGroup.histogram(1, RING_MAX);
    this.ringOther = this.dialGroup.histogram(1, RING_MAX);
    this.answerGroup = new DecayGroup(opts.dialSamples ?? 600);
    this.answeredWithAmd = this.answerGroup.counter();
    this.answeredWithoutAmd = this.answerGroup.counter();
    this.amdGroup = new DecayGroup(opts.amdSamples ?? 400);
    this.amdSeconds = this.amdGroup.histogram(AMD_BIN, AMD_MAX);
    this.amdHuman = this.amdGroup.counter();
    this.amdMachine = this.amdGroup.counter();
    this.talkGroup = new DecayGroup(opts.talkSamples ?? 400);
    this.talkHuman = this.talkGroup.histogram(1, TALK_MAX);
    this.talkMachine = this.talkGroup.histogram(1, TALK_MAX);
    this.wrapGroup = new DecayGroup(opts.wrapSamples ?? 400);
    this.wrap = this.wrapGroup.histogram(1, WRAP_MAX);
    this.longWindow = new RollingWindow(opts.abandonWindowSeconds ?? 30 * 24 * 3600);
    this.shortWindow = new RollingWindow(opts.guardWindowSeconds ?? 3600, 60);
    this.snapshotEvery = opts.snapshotEverySeconds ?? 20;
  }

  record(e: CallEvent): void {
    if (e.at < this.lastAt) throw new Error(`StatsEstimator: event ${e.type} at ${e.at} is earlier than the previous one (${this.lastAt})`);
    this.lastAt = e.at;
    this.dirtyObservations++;
    switch (e.type) {
      case 'dialed':
        this.totals.dialed++;
        return;
      case 'ringEnded': {
        this.totals.ringEnded++;
        const w = this.dialGroup.tick();
        if (e.result === 'answered') {
          this.totals.answered++;
          this.ringAnswered.add(e.ringSeconds, w);
          const wa = this.answerGroup.tick();
          (e.amd ? this.answeredWithAmd : this.answeredWithoutAmd).add(wa);
        } else {
          this.ringOther.add(e.ringSeconds, w);
        }
        return;
      }
      case 'amdDone': {
        this.totals.amdDone++;
        const w = this.amdGroup.tick();
        this.amdSeconds.add(e.amdSeconds, w);
        (e.verdict === 'human' ? this.amdHuman : this.amdMachine).add(w);
        return;
      }
      case 'connected':
        this.totals.connected++;
        this.openTalks.set(e.callId, { start: e.at, afterAmd: e.afterAmd });
        // a person who waited more than 2 s was abandoned in the regulator's sense even if an agent
        // answered later (COMPLIANCE.md): it spends the abandon budget like a drop
        if (e.waitSeconds > LATE_CONNECT_SECONDS) {
          this.addWindow(e.at, 'dropped');
          if (e.afterAmd) this.addWindow(e.at, 'droppedAfterAmd');
          return;
        }
        this.addWindow(e.at, 'connected');
        if (e.afterAmd) this.addWindow(e.at, 'connectedAfterAmd');
        return;
      case 'dropped':
        this.totals.dropped++;
        this.addWindow(e.at, 'dropped');
        if (e.afterAmd) this.addWindow(e.at, 'droppedAfterAmd');
        return;
      case 'talkEnded': {
        this.totals.talkEnded++;
        this.openTalks.delete(e.callId);
        const w = this.talkGroup.tick();
        (e.party === 'human' ? this.talkHuman : this.talkMachine).add(e.talkSeconds, w);
        this.addWindow(e.at, e.party === 'human' ? 'humanDisposition' : 'machineDisposition');
        return;
      }
      case 'wrapEnded':
        this.totals.wrapEnded++;
        this.wrap.add(e.wrapSeconds, this.wrapGroup.tick());
        return;
    }
  }

  private addWindow(at: number, f: keyof AbandonCounts): void {
    this.longWindow.add(at, f);
    this.shortWindow.add(at, f);
  }

  /**
   * Statistics as of `now`. The forecast tables are rebuilt at most every `snapshotEverySeconds`
   * (they move slowly); the abandon counts are always current.
   */
  snapshot(now: number): StatsSnapshot {
    const long = this.longWindow.read(now);
    const short = this.shortWindow.read(now);
    const abandon: AbandonAccounting = {
      long: long.counts,
      longCoveredSeconds: long.coveredSeconds,
      short: short.counts,
      shortCoveredSeconds: short.coveredSeconds,
    };
    if (!this.cached || now - this.cached.builtAt >= this.snapshotEvery || (this.cached.ready === false && this.dirtyObservations > 0)) {
      this.cached = this.build(now, abandon);
      this.dirtyObservations = 0;
    }
    return { ...this.cached, abandon, totals: { ...this.totals } };
  }

  private build(now: number, abandon: AbandonAccounting): StatsSnapshot {
    const ringEnds = this.ringAnswered.count + this.ringOther.count;
    const talkEnds = this.talkHuman.count + this.talkMachine.count;
    const notReady: string[] = [];
    if (ringEnds < 50) notReady.push(`${ringEnds}/50 dial results`);
    if (this.talkHuman.count < 15) notReady.push(`${this.talkHuman.count}/15 finished conversations`);
    if (this.wrap.count < 10) notReady.push(`${this.wrap.count}/10 finished wrap-ups`);
    const base = {
      builtAt: now,
      abandon,
      totals: { ...this.totals },
    };
    if (notReady.length > 0) {
      return { ...base, ready: false, notReadyReason: `learning: ${notReady.join(', ')}`, forecast: undefined };
    }
    const forecast = new Forecast({
      ringAnswered: Float64Array.from(this.ringAnswered.bins),
      ringOther: Float64Array.from(this.ringOther.bins),
      amdShare: share(this.answeredWithAmd.value, this.answeredWithoutAmd.value),
      amdHumanShare: this.amdSeconds.count > 0 ? share(this.amdHuman.value, this.amdMachine.value) : 1,
      amdSeconds: normalise(this.amdSeconds.bins),
      talkHuman: Float64Array.from(this.talkHuman.bins),
      talkMachine: Float64Array.from(this.talkMachine.bins),
      openTalkAges: [...this.openTalks.values()].map((o) => now - o.start),
      openTalkWeight: this.talkGroup.weight,
      wrap: normalise(this.wrap.bins),
    });
    void talkEnds;
    return { ...base, ready: true, notReadyReason: undefined, forecast };
  }
}

function share(a: number, b: number): number {
  return a + b > 0 ? a / (a + b) : 0;
}

function normalise(bins: Float64Array): Float64Array {
  let t = 0;
  for (const v of bins) t += v;
  const out = new Float64Array(bins.length);
  if (t > 0) for (let i = 0; i < bins.length; i++) out[i] = bins[i]! / t;
  return out;
}

export interface AbandonAccounting {
  /** Counts over the rolling regulatory window and over the short guard window. */
  long: AbandonCounts;
  longCoveredSeconds: number;
  short: AbandonCounts;
  shortCoveredSeconds: number;
}

export interface StatsSnapshot {
  builtAt: number;
  ready: boolean;
  notReadyReason: string | undefined;
  /** Forecast tables; present when ready. */
  forecast: Forecast | undefined;
  abandon: AbandonAccounting;
  totals: StatsEstimator['totals'];
}

interface ForecastInput {
  ringAnswered: Float64Array;
  ringOther: Float64Array;
  amdShare: number;
  amdHumanShare: number;
  amdSeconds: Float64Array;
  talkHuman: Float64Array;
  talkMachine: Float64Array;
  openTalkAges: number[];
  openTalkWeight: number;
  wrap: Float64Array;
}

/**
 * Per-call and per-agent forecasts on a 1-second grid over a short horizon, built from the
 * observed distributions. Arrays are cumulative: cdf[s] = probability that the event happens
 * within s (+ a fraction) seconds from now. Memoised per age bin: the pacer asks for the same
 * ages again and again.
 */
export class Forecast {
  /** Grid length: covers the longest ring-to-person delay plus the connect allowance. */
  readonly horizon: number;
  /** pmf of "seconds from answer to being recognised as a person" on the 1-s grid, total = P(needs an agent | answered). */
  private readonly afterAnswer: Float64Array;
  private readonly ringSurvival: Float64Array;
  private readonly talkSurvival: Float64Array;
  private readonly wrapShareAt: Float64Array;
  private readonly wrapCdf: Float64Array;
  private readonly wrapSurvival: Float64Array;
  private readonly amdSurvival: Float64Array;
  private readonly memoRinging = new Map<number, Float64Array>();
  private readonly memoAmd = new Map<number, Float64Array>();
  private readonly memoTalking = new Map<number, Float64Array>();
  private readonly memoWrapping = new Map<number, Float64Array>();
  /** Probability that a call dialed now ends up needing an agent. */
  readonly needProbabilityNewCall: number;
  /** Share of bridged calls that agents marked as machines (they hand the agent back quickly). */
  readonly machineShare: number;
  /** Whole seconds an agent is held by a machine that reached it (mean, rounded up). */
  readonly machineHoldSeconds: number;

  constructor(private readonly d: ForecastInput) {
    let lastRing = 0;
    for (let i = 0; i < d.ringAnswered.length; i++) if (d.ringAnswered[i]! > 0) lastRing = i;
    let lastAmd = 0;
    for (let i = 0; i < d.amdSeconds.length; i++) if (d.amdSeconds[i]! > 0) lastAmd = i;
    const amdMaxSeconds = d.amdShare > 0 ? Math.ceil((lastAmd + 1) * AMD_BIN) : 0;
    this.horizon = Math.min(120, lastRing + amdMaxSeconds + 6);

    // After the answer: immediately (no AMD), or after AMD with probability amdHumanShare.
    const aa = new Float64Array(amdMaxSeconds + 2);
    aa[0]! += 1 - d.amdShare;
    if (d.amdShare > 0) {
      for (let j = 0; j < d.amdSeconds.length; j++) {
        const p = d.amdSeconds[j]!;
        if (p > 0) aa[Math.floor((j + 0.5) * AMD_BIN)]! += d.amdShare * d.amdHumanShare * p;
      }
    }
    this.afterAnswer = aa;

    const n = d.ringAnswered.length;
    this.ringSurvival = new Float64Array(n + 1);
    for (let i = n - 1; i >= 0; i--) this.ringSurvival[i] = this.ringSurvival[i + 1]! + d.ringAnswered[i]! + d.ringOther[i]!;

    const m = d.amdSeconds.length;
    this.amdSurvival = new Float64Array(m + 1);
    for (let i = m - 1; i >= 0; i--) this.amdSurvival[i] = this.amdSurvival[i + 1]! + d.amdSeconds[i]!;

    // Talk survival by Kaplan-Meier: conversations still going are censored observations, which
    // removes the early bias towards short calls (the first calls to finish are the short ones).
    const t = d.talkHuman.length;
    const ends = new Float64Array(t);
    for (let i = 0; i < t; i++) ends[i] = d.talkHuman[i]! + d.talkMachine[i]!;
    const censored = new Float64Array(t);
    for (const age of d.openTalkAges) censored[Math.min(t - 1, Math.floor(age))]! += d.openTalkWeight;
    const atRisk = new Float64Array(t + 1);
    for (let i = t - 1; i >= 0; i--) atRisk[i] = atRisk[i + 1]! + ends[i]! + censored[i]!;
    this.talkSurvival = new Float64Array(t + 1);
    let s = 1;
    this.talkSurvival[0] = 1;
    for (let i = 0; i < t; i++) {
      const r = atRisk[i]!;
      if (r > 0) s *= 1 - ends[i]! / r;
      this.talkSurvival[i + 1] = s;
    }
    this.wrapShareAt = new Float64Array(t);
    const overallWrapShare = share(sumOf(d.talkHuman), sumOf(d.talkMachine));
    for (let i = 0; i < t; i++) {
      const e = ends[i]!;
      this.wrapShareAt[i] = e > 0 ? d.talkHuman[i]! / e : overallWrapShare;
    }

    const w = d.wrap.length;
    this.wrapCdf = new Float64Array(w + 1);
    this.wrapSurvival = new Float64Array(w + 1);
    let c = 0;
    for (let i = 0; i < w; i++) {
      this.wrapCdf[i] = c; // P(wrap < i): wrap in bin b < i
      c += d.wrap[i]!;
    }
    this.wrapCdf[w] = c;
    for (let i = 0; i <= w; i++) this.wrapSurvival[i] = 1 - this.wrapCdf[i]!;

    this.needProbabilityNewCall = this.needCdfRinging(0)[this.horizon]!;
    const humanTalks = sumOf(d.talkHuman);
    const machineTalks = sumOf(d.talkMachine);
    this.machineShare = share(machineTalks, humanTalks);
    let weighted = 0;
    for (let i = 0; i < d.talkMachine.length; i++) weighted += (i + 0.5) * d.talkMachine[i]!;
    this.machineHoldSeconds = machineTalks > 0 ? Math.ceil(weighted / machineTalks) : 0;
  }

  /** Probability that a call dialed now will need an agent, by how many seconds from now. */
  newCallNeedCdf(): Float64Array {
    return this.needCdfRinging(0);
  }

  /** For a call ringing for `ageSeconds`: P(it is recognised as a person within s seconds from now). */
  needCdfRinging(ageSeconds: number): Float64Array {
    const a = Math.max(0, Math.floor(ageSeconds));
    let out = this.memoRinging.get(a);
    if (out) return out;
    const K = this.horizon;
    const pmf = new Float64Array(K + 1);
    const n = this.d.ringAnswered.length;
    const alive = a < n ? this.ringSurvival[a]! : 0;
    if (alive > 0) {
      for (let dbin = a; dbin < n; dbin++) {
        const pa = this.d.ringAnswered[dbin]! / alive;
        if (pa === 0) continue;
        const base = dbin - a;
        for (let j = 0; j < this.afterAnswer.length; j++) {
          const k = base + j;
          if (k > K) break;
          pmf[k]! += pa * this.afterAnswer[j]!;
        }
      }
    }
    out = cumulate(pmf);
    this.memoRinging.set(a, out);
    return out;
  }

  /** For a call in machine detection for `ageSeconds`: P(recognised as a person within s seconds). */
  needCdfAmd(ageSeconds: number): Float64Array {
    const b = Math.max(0, Math.floor(ageSeconds / AMD_BIN));
    let out = this.memoAmd.get(b);
    if (out) return out;
    const K = this.horizon;
    const pmf = new Float64Array(K + 1);
    const m = this.d.amdSeconds.length;
    const alive = b < m ? this.amdSurvival[b]! : 0;
    if (alive > 0) {
      for (let j = b; j < m; j++) {
        const p = this.d.amdSeconds[j]!;
        if (p === 0) continue;
        const k = Math.min(K, Math.floor((j - b + 0.5) * AMD_BIN));
        pmf[k]! += (this.d.amdHumanShare * p) / alive;
      }
    } else {
      // Longer than any observed analysis: assume the verdict is imminent.
      pmf[0] = this.d.amdHumanShare;
    }
    out = cumulate(pmf);
    this.memoAmd.set(b, out);
    return out;
  }

  /** For an agent talking for `elapsedSeconds`: P(ready again, after any wrap-up, within s seconds). */
  freeCdfTalking(elapsedSeconds: number): Float64Array {
    const e = Math.max(0, Math.floor(elapsedSeconds));
    let out = this.memoTalking.get(e);
    if (out) return out;
    const K = this.horizon;
    out = new Float64Array(K + 1);
    const S = this.talkSurvival;
    const t = S.length - 1;
    const se = e < t ? S[e]! : 0;
    if (se < 1e-9) {
      for (let s = 0; s <= K; s++) out[s] = 1 - Math.exp(-s / TAIL_MEAN_SECONDS);
    } else {
      // Talk ends x seconds from now (bin e+x), then wrap-up (if a person) of w: free by s when x + w <= s - 1.
      for (let x = 0; x < K; x++) {
        const bin = e + x;
        if (bin >= t) break;
        const pEnd = (S[bin]! - S[bin + 1]!) / se;
        if (pEnd <= 0) continue;
        const pw = this.wrapShareAt[bin]!;
        for (let s = x + 1; s <= K; s++) {
          const wrapDone = this.wrapCdf[Math.min(this.wrapCdf.length - 1, s - 1 - x + 1)]!;
          out[s]! += pEnd * (pw * wrapDone + (1 - pw));
        }
      }
    }
    this.memoTalking.set(e, out);
    return out;
  }

  /** For an agent in wrap-up for `elapsedSeconds`: P(ready within s seconds). */
  freeCdfWrapping(elapsedSeconds: number): Float64Array {
    const e = Math.max(0, Math.floor(elapsedSeconds));
    let out = this.memoWrapping.get(e);
    if (out) return out;
    const K = this.horizon;
    out = new Float64Array(K + 1);
    const W = this.wrapSurvival;
    const last = W.length - 1;
    const se = e < last ? W[e]! : 0;
    if (se < 1e-9) {
      for (let s = 0; s <= K; s++) out[s] = 1 - Math.exp(-s / 30);
    } else {
      for (let s = 0; s <= K; s++) out[s] = Math.min(1, (se - W[Math.min(last, e + s)]!) / se);
    }
    this.memoWrapping.set(e, out);
    return out;
  }
}

function cumulate(pmf: Float64Array): Float64Array {
  const out = new Float64Array(pmf.length);
  let c = 0;
  for (let i = 0; i < pmf.length; i++) {
    c += pmf[i]!;
    out[i] = c;
  }
  return out;
}

function sumOf(a: Float64Array): number {
  let t = 0;
  for (const v of a) t += v;
  return t;
}
