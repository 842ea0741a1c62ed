import { estimateAbandons, type AbandonEstimate } from './abandon.js';
import type { Forecast, StatsSnapshot } from './estimator.js';
import { normalCdf } from './normal.js';
import type { AgentView, CallView, EffectiveMode, PacingSettings } from './types.js';

export interface PacingInput {
  agents: readonly AgentView[];
  calls: readonly CallView[];
  /** Lines bridged to an agent (or, agentless, to the IVR). Default: agents talking. */
  bridgedCalls?: number;
  /** Numbers left to dial, when known. */
  leadsAvailable?: number;
  stats: StatsSnapshot;
  settings: PacingSettings;
  /** Budget-controller state returned by the previous decision (initialController() at start). */
  controller: ControllerState;
}

/**
 * State the predictive budget controller carries between decisions. Plain data: the live dialer
 * may persist it; losing it only costs a short re-learning period.
 */
export interface ControllerState {
  /** Largest accepted probability that the next dial's person finds no agent in time. */
  threshold: number;
  /** Recency-weighted predicted people and predicted drops of recent dials (monitoring: their ratio is the planned drop share). */
  recentNeeds: number;
  recentDrops: number;
  /** Totals of the predictions, compared with the observed drops to calibrate the model. */
  predictedNeeds: number;
  predictedDrops: number;
  /** Drops observed when this controller started (the estimator's total may predate it). */
  observedDropsAtStart: number | undefined;
}

export function initialController(): ControllerState {
  return { threshold: 0.01, recentNeeds: 0, recentDrops: 0, predictedNeeds: 0, predictedDrops: 0, observedDropsAtStart: undefined };
}

export interface PacingDecision {
  /** Calls to originate now. */
  dials: number;
  /** Mode in force for this decision and why (fallbacks are explained). */
  mode: EffectiveMode;
  reason: string;
  /** Model's expectation for the new dials: people needing an agent, and of those, dropped. */
  predictedNeeds: number;
  predictedDrops: number;
  abandon: {
    /** Estimated rolling-window rate, AMD victims included. */
    rollingRate: number;
    shortWindowRate: number;
    /** Rate the budget allows for the next stretch of calls (pacing drops + AMD victims). */
    allowedRate: number;
    threshold: number;
    calibration: number;
  };
  controller: ControllerState;
}

/** Seconds over which a surplus (or deficit) of the abandon budget is spread. */
const SPEND_HORIZON_SECONDS = 3600;
const MIN_UPCOMING_LIVE = 50;
/** Minimum live answers before the rolling rates are trusted for fallbacks. */
const MIN_LIVE_FOR_RATE = 500;
const MIN_LIVE_FOR_GUARD = 100;
/** Memory of the threshold controller, in predicted people. */
const RECENT_NEEDS_MEMORY = 150;
const THRESHOLD_GAIN = 0.1;
const THRESHOLD_MIN = 1e-4;
const THRESHOLD_MAX = 0.5;
/** Variance floor: keeps the normal approximation from claiming certainty. */
const VARIANCE_FLOOR = 0.04;
/** Relative error of the estimated answer and timing rates, common to all calls in flight. */
const RATE_ERROR = 0.2;

interface Counts {
  available: number;
  idle: number;
  talking: number;
}

function countAgents(agents: readonly AgentView[]): Counts {
  let available = 0;
  let idle = 0;
  let talking = 0;
  for (const a of agents) {
    if (a.state === 'talking') talking++;
    if (a.state === 'paused' || a.leaving) continue;
    available++;
    if (a.state === 'ready') idle++;
  }
  return { available, idle, talking };
}

/**
 * Decides how many calls to start now. Pure: the same input gives the same output, and the
 * controller state to use next time is part of the output.
 */
export function decide(input: PacingInput): PacingDecision {
  const { settings: cfg, stats, controller } = input;
  const counts = countAgents(input.agents);
  const inFlight = input.calls.length;
  const bridged = input.bridgedCalls ?? counts.talking;
  const leadRoom = input.leadsAvailable ?? Number.POSITIVE_INFINITY;
  const longEst = estimateAbandons(stats.abandon.long, cfg.amdHumanAsMachine);
  const shortEst = estimateAbandons(stats.abandon.short, cfg.amdHumanAsMachine);
  const cap = cfg.abandonTarget;

  const out = (mode: EffectiveMode, dials: number, reason: string, extra: Partial<PacingDecision> = {}): PacingDecision => ({
    dials: Math.max(0, Math.floor(dials)),
    mode,
    reason,
    predictedNeeds: 0,
    predictedDrops: 0,
    abandon: { rollingRate: longEst.rate, shortWindowRate: shortEst.rate, allowedRate: 0, threshold: controller.threshold, calibration: 1 },
    controller,
    ...extra,
  });

  if (cfg.paused) return out('paused', 0, 'campaign paused');
  const lineRoom = Math.max(0, Math.floor(cfg.maxLinesPerAgent * counts.available) - inFlight - bridged);

  switch (cfg.mode) {
    case 'preview':
      return out('preview', 0, 'preview: the agent dials from the debtor card');
    case 'agentless': {
      const room = Math.max(0, Math.floor(cfg.agentlessConcurrency) - inFlight - bridged);
      return out('agentless', Math.min(room, leadRoom), `agentless: ${inFlight + bridged}/${cfg.agentlessConcurrency} lines in use`);
    }
    case 'progressive':
      // One line per idle agent at most: the line cap can never bind, so it is not applied (it
      // would wrongly block an idle agent while colleagues who are logging out finish calls).
      return progressive(counts, inFlight, leadRoom, 'progressive: one call per idle agent', out);
    case 'predictive':
      break;
  }

  const room = Math.min(lineRoom, leadRoom);
  if (counts.available < cfg.minAgentsForPredictive) {
    return progressive(counts, inFlight, leadRoom, `fallback: ${counts.available} available agents, predictive needs ${cfg.minAgentsForPredictive}`, out);
  }
  if (!stats.ready || !stats.forecast) {
    return progressive(counts, inFlight, leadRoom, `fallback: ${stats.notReadyReason ?? 'no statistics yet'}`, out);
  }
  if (longEst.live >= MIN_LIVE_FOR_RATE && longEst.rate >= cfg.nearCapFraction * cap) {
    return progressive(counts, inFlight, leadRoom, `fallback: rolling abandon rate ${pct(longEst.rate)} is near the cap ${pct(cap)}`, out);
  }
  if (shortEst.live >= MIN_LIVE_FOR_GUARD && shortEst.rate > cfg.guardFactor * cap) {
    return progressive(counts, inFlight, leadRoom, `fallback: short-window abandon rate ${pct(shortEst.rate)} above ${pct(cfg.guardFactor * cap)}`, out);
  }

  const allowed = allowedRate(longEst, shortEst, stats, cfg);
  const pacingAllowance = allowed - longEst.amdVictimShare;
  if (pacingAllowance <= 0.0005) {
    return progressive(counts, inFlight, leadRoom, `fallback: abandon budget spent (allowed ${pct(allowed)}, AMD errors alone ${pct(longEst.amdVictimShare)})`, out);
  }
  const observedStart = controller.observedDropsAtStart ?? stats.totals.dropped;
  const observedDrops = stats.totals.dropped - observedStart;
  // Prior of a few drops on each side: trust the model until reality has had a say.
  const calibration = clamp((observedDrops + 3) / (controller.predictedDrops + 3), 0.25, 4);
  const modelTarget = pacingAllowance / calibration;

  // The progressive share (one call per idle agent not yet covered) cannot drop anybody: always dialed.
  const floor = Math.min(leadRoom, Math.max(0, counts.idle - inFlight));
  const plan = planDials(input, stats.forecast, controller.threshold, floor, Math.max(floor, room));

  // Steer the threshold so the predicted drop share of recent dials matches what the budget allows.
  // Robbins-Monro on the threshold: each predicted person moves it by the gap between the drop
  // probability the budget allows and the one the model gave that dial, so the threshold settles
  // where the dials' average predicted drop share equals the allowance.
  const decay = Math.pow(1 - 1 / RECENT_NEEDS_MEMORY, plan.needs);
  const recentNeeds = controller.recentNeeds * decay + plan.needs;
  const recentDrops = controller.recentDrops * decay + plan.drops;
  const step = clamp((modelTarget * plan.needs - plan.drops) / modelTarget, -3, 3);
  const threshold = clamp(controller.threshold * Math.exp(THRESHOLD_GAIN * step), THRESHOLD_MIN, THRESHOLD_MAX);
  const next: ControllerState = {
    threshold,
    recentNeeds,
    recentDrops,
    predictedNeeds: controller.predictedNeeds + plan.needs,
    predictedDrops: controller.predictedDrops + plan.drops,
    observedDropsAtStart: observedStart,
  };
  return {
    dials: plan.dials,
    mode: 'predictive',
    reason: plan.reason,
    predictedNeeds: plan.needs,
    predictedDrops: plan.drops,
    abandon: { rollingRate: longEst.rate, shortWindowRate: shortEst.rate, allowedRate: allowed, threshold: controller.threshold, calibration },
    controller: next,
  };
}

function progressive(
  counts: Counts,
  inFlight: number,
  room: number,
  reason: string,
  out: (mode: EffectiveMode, dials: number, reason: string) => PacingDecision,
): PacingDecision {
  return out('progressive', Math.min(room, Math.max(0, counts.idle - inFlight)), reason);
}

/**
 * The abandon rate the next stretch of calls may run at: the aim, plus the budget surplus (or
 * minus the overspend) of the rolling window spread over the live answers expected in the next
 * hour, never above the cap itself.
 */
function allowedRate(longEst: AbandonEstimate, shortEst: AbandonEstimate, stats: StatsSnapshot, cfg: PacingSettings): number {
  const aim = cfg.abandonAim * cfg.abandonTarget;
  const surplus = aim * longEst.live - longEst.abandoned;
  const liveRate = shortEst.live / Math.max(60, stats.abandon.shortCoveredSeconds);
  // Not shortened near the end of a session: measured, squeezing the spread there turns small
  // deficits into progressive stretches and costs more talk than the surplus it spends.
  const upcoming = Math.max(MIN_UPCOMING_LIVE, liveRate * SPEND_HORIZON_SECONDS);
  return clamp(aim + surplus / upcoming, 0, cfg.abandonTarget);
}

interface Plan {
  dials: number;
  needs: number;
  drops: number;
  reason: string;
}

/**
 * Forecast on a 1-second grid, s = 0..K seconds from now:
 *   Z(s) = agents free by s - calls whose connect deadline falls by s.
 * Every agent and call contributes an independent Bernoulli (from its age in its state), so Z(s)
 * is approximated as normal. Serving is first come first served by the time a call is recognised as
 * a person, and all calls have the same connect allowance, so by Hall's condition the calls of the
 * horizon can all be served iff Z(t) >= 0 for every t. A new call due at s adds one drop (its own,
 * or that of a call due later whose agent it takes) when Z(t) < 1 for some t >= s; we use the
 * largest pointwise probability over t >= s. Counting every call ahead as served is pessimistic (a
 * dropped call uses no agent), which errs towards safety; the calibration factor in decide()
 * corrects the remaining bias from observed drops.
 * Dials are added one at a time while the drop probability of the next one stays under the
 * threshold; the progressive floor (one call per idle agent not already covered) is always dialed
 * since it cannot drop anybody.
 */
function planDials(input: PacingInput, f: Forecast, threshold: number, floor: number, room: number): Plan {
  const K = f.horizon;
  const c = Math.max(0, Math.floor(input.settings.connectWithinSeconds));
  const mu = new Float64Array(K + 1);
  const v = new Float64Array(K + 1);
  for (const a of input.agents) {
    if (a.state === 'paused' || a.leaving) continue;
    if (a.state === 'ready') {
      for (let s = 0; s <= K; s++) mu[s]! += 1;
      continue;
    }
    const cdf = a.state === 'talking' ? f.freeCdfTalking(a.secondsInState) : f.freeCdfWrapping(a.secondsInState);
    for (let s = 1; s <= K; s++) {
      const p = cdf[s]!;
      mu[s]! += p;
      v[s]! += p * (1 - p);
    }
  }
  // A machine that slipped through (or every machine, without AMD) holds its agent only briefly: a
  // call needing an agent by s - hold is, with probability machineShare, handing one back by s.
  const ms = f.machineShare;
  const hold = Math.max(c + 1, f.machineHoldSeconds + 1);
  const netDemand = (cdf: Float64Array, s: number): number => {
    const due = s >= c ? cdf[s - c]! : 0;
    const back = ms > 0 && s >= hold ? ms * cdf[s - hold]! : 0;
    return due - back;
  };
  // Expected calls due by s: their count is also uncertain through the estimated rates themselves
  // (a common error, not independent per call), which matters when many calls are in flight.
  const dueMean = new Float64Array(K + 1);
  for (const call of input.calls) {
    if (call.phase === 'waiting') {
      const due = Math.max(0, Math.floor(input.settings.connectWithinSeconds - call.secondsInPhase));
      const back = due + hold - c;
      for (let s = due; s <= K; s++) mu[s]! -= s >= back ? 1 - ms : 1;
      for (let s = back; s <= K; s++) v[s]! += ms * (1 - ms);
      continue;
    }
    const cdf = call.phase === 'ringing' ? f.needCdfRinging(call.secondsInPhase) : f.needCdfAmd(call.secondsInPhase);
    for (let s = c; s <= K; s++) {
      const p = netDemand(cdf, s);
      mu[s]! -= p;
      v[s]! += p * (1 - p);
      dueMean[s]! += p;
    }
  }
  const G = f.newCallNeedCdf();
  const pNeed = G[K]!;
  const Gnet = new Float64Array(K + 1);
  for (let s = 0; s <= K; s++) Gnet[s] = netDemand(G, s);
  let dials = 0;
  let needs = 0;
  let drops = 0;
  let lastRisk = 0;
  if (pNeed <= 1e-9) {
    return { dials: floor, needs: 0, drops: 0, reason: `predictive: no live answers expected, ${floor} dial(s) for idle agents` };
  }
  const surv = new Float64Array(K + 2);
  while (dials < room) {
    const k = dials;
    // worst[s]: probability that at some t >= s the agents free by t do not cover the calls due by t.
    surv[K + 1] = 0;
    for (let s = K; s >= c; s--) {
      const g = Gnet[s]!;
      const m = mu[s]! - k * g;
      const due = dueMean[s]! + k * g;
      const sd = Math.sqrt(v[s]! + k * g * (1 - g) + RATE_ERROR * RATE_ERROR * due * due + VARIANCE_FLOOR);
      const p = normalCdf((0.5 - m) / sd);
      surv[s] = p > surv[s + 1]! ? p : surv[s + 1]!;
    }
    let risk = 0;
    for (let s = c; s <= K; s++) {
      const g = G[s - c]!;
      const pmf = g - (s > c ? G[s - c - 1]! : 0);
      if (pmf > 0) risk += pmf * surv[s]!;
    }
    const conditional = risk / pNeed;
    if (dials >= floor && conditional > threshold) {
      lastRisk = conditional;
      break;
    }
    dials++;
    needs += pNeed;
    drops += risk;
  }
  const reason =
    dials >= room
      ? `predictive: ${dials} dial(s), line or lead limit reached`
      : `predictive: ${dials} dial(s); the next would be dropped with p=${pct(lastRisk)} > ${pct(threshold)}`;
  return { dials, needs, drops, reason };
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(2)}%`;
}
