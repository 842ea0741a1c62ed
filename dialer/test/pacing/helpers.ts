import { StatsEstimator, type StatsSnapshot } from '../../src/pacing/estimator.js';
import type { AgentView, CallView } from '../../src/pacing/types.js';

export const ready = (n: number, secondsInState = 5): AgentView[] => Array.from({ length: n }, () => ({ state: 'ready', secondsInState }));
export const talking = (n: number, secondsInState = 60): AgentView[] => Array.from({ length: n }, () => ({ state: 'talking', secondsInState }));
export const wrapping = (n: number, secondsInState = 5): AgentView[] => Array.from({ length: n }, () => ({ state: 'wrapping', secondsInState }));
export const paused = (n: number): AgentView[] => Array.from({ length: n }, () => ({ state: 'paused', secondsInState: 30 }));
export const ringing = (n: number, secondsInPhase = 3): CallView[] => Array.from({ length: n }, () => ({ phase: 'ringing', secondsInPhase }));

/** A statistics snapshot with no history: predictive must fall back while it learns. */
export function emptyStats(now = 0): StatsSnapshot {
  return new StatsEstimator().snapshot(now);
}

/**
 * An estimator trained on a simple, regular campaign: 1 call in 4 answers by a person after 8 s,
 * the rest end unanswered at 25 s; conversations last 100..200 s and wrap-ups 4 s. Returns the
 * estimator and the time reached.
 */
export function trainedEstimator(opts: { dials?: number; answerShare?: number } = {}): { est: StatsEstimator; now: number } {
  const est = new StatsEstimator();
  const dials = opts.dials ?? 800;
  const every = Math.round(1 / (opts.answerShare ?? 0.25));
  let t = 0;
  for (let i = 0; i < dials; i++) {
    t += 1;
    est.record({ type: 'dialed', at: t, callId: i });
    if (i % every === 0) {
      est.record({ type: 'ringEnded', at: t, callId: i, result: 'answered', ringSeconds: 8, amd: false });
      est.record({ type: 'connected', at: t, callId: i, waitSeconds: 0, afterAmd: false });
      const talk = 100 + ((i * 37) % 101);
      est.record({ type: 'talkEnded', at: t, callId: i, talkSeconds: talk, party: 'human' });
      est.record({ type: 'wrapEnded', at: t, callId: i, wrapSeconds: 4 });
    } else {
      est.record({ type: 'ringEnded', at: t, callId: i, result: 'noAnswer', ringSeconds: 25, amd: false });
    }
  }
  return { est, now: t };
}
