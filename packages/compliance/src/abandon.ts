// Abandoned-call accounting for a campaign: pure helpers the dialer's pacing and the reports
// share. Rate = abandoned / live answers, where people machine detection wrongly hung up on are
// estimated (a campaign setting, as the UK regulator requires) and added to both sides.
import { ComplianceConfigError } from './errors.js';
import { HOUR } from './localtime.js';
import type { AbandonSettings, ComplianceProfile } from './types.js';

/** Safe platform defaults when no applicable profile sets abandon rules (US/UK values, strictest window). */
export const DEFAULT_ABANDON: AbandonSettings = {
  maxRate: 0.03,
  windowHours: 30 * 24,
  connectDeadlineMs: 2000,
  minRingMs: 15_000,
  noRedialHours: 72,
  countAmdFalsePositives: true,
};

/** Strictest combination: lowest cap, longest window, shortest deadline, longest ring and no-redial, largest AMD error estimate. */
export function strictestAbandonSettings(profiles: ComplianceProfile[]): AbandonSettings {
  return strictestOf(profiles.map((p) => p.abandon).filter((a): a is AbandonSettings => a !== undefined));
}

/** strictestAbandonSettings over the settings themselves (the platform default has no profile). */
export function strictestOf(all: AbandonSettings[]): AbandonSettings {
  if (all.length === 0) return { ...DEFAULT_ABANDON };
  const estimates = all.map((a) => a.amdErrorEstimate).filter((e): e is number => e !== undefined);
  return {
    maxRate: Math.min(...all.map((a) => a.maxRate)),
    windowHours: Math.max(...all.map((a) => a.windowHours)),
    connectDeadlineMs: Math.min(...all.map((a) => a.connectDeadlineMs)),
    minRingMs: Math.max(...all.map((a) => a.minRingMs)),
    noRedialHours: Math.max(...all.map((a) => a.noRedialHours)),
    countAmdFalsePositives: all.some((a) => a.countAmdFalsePositives),
    ...(estimates.length > 0 ? { amdErrorEstimate: Math.max(...estimates) } : {}),
  };
}

/** One time bucket (e.g. a minute) of a campaign's outcomes. */
export interface AbandonTally {
  at: Date;
  /** People recognised as live (connected to an agent or abandoned). */
  liveAnswers: number;
  /** Of those, not connected within the connect deadline (heard the safe message, or dropped). */
  abandoned: number;
  /** Of liveAnswers, how many went through machine detection (default: all). */
  amdScreened?: number;
}

export interface AbandonCounts {
  liveAnswers: number;
  abandoned: number;
  amdScreened?: number;
}

export interface AbandonRate {
  rate: number;
  /** People estimated to have been hung up on by AMD. */
  estimatedAmdFalsePositives: number;
  numerator: number;
  denominator: number;
}

function checkRate(p: number, field: string): void {
  if (!(p >= 0 && p < 1)) throw new ComplianceConfigError(field, `expected a fraction in [0, 1), got ${p}`);
}

/**
 * humanAsMachineRate: share of people AMD classifies as machines (campaign setting measured by
 * the operator). Of N people recognised after AMD, N·p/(1−p) more were hung up on.
 */
export function abandonRate(counts: AbandonCounts, humanAsMachineRate = 0, countAmdFalsePositives = true): AbandonRate {
  checkRate(humanAsMachineRate, 'humanAsMachineRate');
  const q = countAmdFalsePositives ? humanAsMachineRate / (1 - humanAsMachineRate) : 0;
  const est = (counts.amdScreened ?? counts.liveAnswers) * q;
  const numerator = counts.abandoned + est;
  const denominator = counts.liveAnswers + est;
  return { rate: denominator === 0 ? 0 : numerator / denominator, estimatedAmdFalsePositives: est, numerator, denominator };
}

export interface RollingAbandonStats extends AbandonRate {
  liveAnswers: number;
  abandoned: number;
  windowStart: Date;
  windowEnd: Date;
}

/** Rate over (now − windowHours, now]; pass a shorter window for a short-term guard. */
export function rollingAbandonStats(
  tallies: AbandonTally[],
  now: Date,
  settings: Pick<AbandonSettings, 'windowHours' | 'countAmdFalsePositives'>,
  humanAsMachineRate = 0,
): RollingAbandonStats {
  const end = now.getTime();
  const start = end - settings.windowHours * HOUR;
  let liveAnswers = 0;
  let abandoned = 0;
  let amdScreened = 0;
  for (const t of tallies) {
    const ms = t.at.getTime();
    if (ms <= start || ms > end) continue;
    liveAnswers += t.liveAnswers;
    abandoned += t.abandoned;
    amdScreened += t.amdScreened ?? t.liveAnswers;
  }
  const r = abandonRate({ liveAnswers, abandoned, amdScreened }, humanAsMachineRate, settings.countAmdFalsePositives);
  return { ...r, liveAnswers, abandoned, windowStart: new Date(start), windowEnd: now };
}

/**
 * How many more abandoned calls the campaign can afford while staying at or under maxRate,
 * given the current window and `projectedConnected` more people expected to reach an agent
 * (0 = right now). Abandoned calls are live answers too, and every new live answer carries its
 * estimated AMD false positives. May be fractional; negative means already over the cap.
 */
export function abandonBudget(current: Pick<AbandonRate, 'numerator' | 'denominator'>, maxRate: number, projectedConnected = 0, humanAsMachineRate = 0): number {
  checkRate(maxRate, 'maxRate');
  checkRate(humanAsMachineRate, 'humanAsMachineRate');
  const q = humanAsMachineRate / (1 - humanAsMachineRate);
  const r = maxRate;
  const L = projectedConnected;
  return (r * (current.denominator + L * (1 + q)) - current.numerator - L * q) / ((1 + q) * (1 - r));
}

/** A live person not bridged to an agent within the deadline after being recognised is abandoned. */
export function isAbandoned(recognisedAt: Date, connectedAt: Date | null, connectDeadlineMs: number): boolean {
  return connectedAt === null || connectedAt.getTime() - recognisedAt.getTime() > connectDeadlineMs;
}

/** Instant by which a recognised person must be bridged (or hear the safe message). */
export function connectDeadline(recognisedAt: Date, settings: Pick<AbandonSettings, 'connectDeadlineMs'>): Date {
  return new Date(recognisedAt.getTime() + settings.connectDeadlineMs);
}

/** An unanswered call may be given up only after ringing at least minRingMs. */
export function mayStopRinging(ringingSince: Date, now: Date, settings: Pick<AbandonSettings, 'minRingMs'>): boolean {
  return now.getTime() - ringingSince.getTime() >= settings.minRingMs;
}

/** Earliest redial of a number after an abandoned call (null: no restriction). */
export function noRedialUntil(abandonedAt: Date, settings: Pick<AbandonSettings, 'noRedialHours'>, agentGuaranteed: boolean): Date | null {
  if (agentGuaranteed || settings.noRedialHours <= 0) return null;
  return new Date(abandonedAt.getTime() + settings.noRedialHours * HOUR);
}
