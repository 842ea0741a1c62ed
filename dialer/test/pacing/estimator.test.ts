import { describe, expect, it } from 'vitest';
import { estimateAbandons } from '../../src/pacing/abandon.js';
import { StatsEstimator } from '../../src/pacing/estimator.js';
import { emptyCounts } from '../../src/pacing/window.js';
import { trainedEstimator } from './helpers.js';

describe('abandon accounting', () => {
  it.each([
    // connected, dropped, all after AMD?, human-as-machine estimate, machine dispositions -> rate
    { name: 'no AMD, 30 of 1000 dropped', connected: 970, dropped: 30, amd: false, h: 0.02, machines: 0, rate: 0.03 },
    { name: 'AMD victims are counted: 1000 passed AMD, h = 3%', connected: 1000, dropped: 0, amd: true, h: 0.03, machines: 0, rate: 0.03 },
    { name: 'AMD victims plus drops', connected: 980, dropped: 20, amd: true, h: 0.01, machines: 0, rate: (20 + 1000 * (0.01 / 0.99)) / (1000 + 1000 * (0.01 / 0.99)) },
    // agents marked 1 call in 4 as a machine: only 3/4 of the drops were people
    { name: 'dropped machines are not people', connected: 960, dropped: 40, amd: false, h: 0, machines: 250, rate: 30 / 750 },
  ])('$name', ({ connected, dropped, amd, h, machines, rate }) => {
    const c = { ...emptyCounts(), connected, dropped, connectedAfterAmd: amd ? connected : 0, droppedAfterAmd: amd ? dropped : 0 };
    const people = connected - (machines * connected) / (connected + 0);
    c.humanDisposition = machines ? Math.round(people) - 1 : connected;
    c.machineDisposition = machines;
    const est = estimateAbandons(c, h);
    expect(est.rate).toBeCloseTo(rate, 3);
  });

  it('nothing observed: rate 0, and the AMD share assumed from the estimate', () => {
    const est = estimateAbandons(emptyCounts(), 0.02);
    expect(est.rate).toBe(0);
    expect(est.amdVictimShare).toBe(0.02);
  });

  it('the rolling windows forget old events', () => {
    const e = new StatsEstimator({ abandonWindowSeconds: 3600, guardWindowSeconds: 600 });
    e.record({ type: 'dropped', at: 10, callId: 1, waitSeconds: 2, afterAmd: false });
    e.record({ type: 'connected', at: 20, callId: 2, waitSeconds: 0, afterAmd: false });
    expect(e.snapshot(30).abandon.short.dropped).toBe(1);
    expect(e.snapshot(1000).abandon.short.dropped).toBe(0);
    expect(e.snapshot(1000).abandon.long.dropped).toBe(1);
    expect(e.snapshot(5000).abandon.long.dropped).toBe(0);
  });
});

describe('statistics estimator', () => {
  it('rejects events out of time order, naming the event', () => {
    const e = new StatsEstimator();
    e.record({ type: 'dialed', at: 10, callId: 1 });
    expect(() => e.record({ type: 'dialed', at: 5, callId: 2 })).toThrow(/dialed at 5/);
  });

  it('is not ready before it has seen calls, and says what it is missing', () => {
    const s = new StatsEstimator().snapshot(0);
    expect(s.ready).toBe(false);
    expect(s.notReadyReason).toMatch(/dial results/);
  });

  it('learns the chance that a new call reaches a person', () => {
    const { est, now } = trainedEstimator({ answerShare: 0.25 });
    const f = est.snapshot(now).forecast!;
    expect(f.needProbabilityNewCall).toBeCloseTo(0.25, 2);
    // The person is recognised 8 s after the dial (no AMD): not before, certainly by 9 s.
    expect(f.newCallNeedCdf()[6]!).toBe(0);
    expect(f.newCallNeedCdf()[9]!).toBeCloseTo(0.25, 2);
  });

  it('follows drift: when the answer rate halves, the estimate follows within a few hundred dials', () => {
    const { est, now } = trainedEstimator({ answerShare: 0.25, dials: 2000 });
    let t = now;
    for (let i = 0; i < 1500; i++) {
      t += 1;
      const id = 10_000 + i;
      est.record({ type: 'dialed', at: t, callId: id });
      const answered = i % 8 === 0;
      est.record({ type: 'ringEnded', at: t, callId: id, result: answered ? 'answered' : 'noAnswer', ringSeconds: answered ? 8 : 25, amd: false });
    }
    const p = est.snapshot(t + 100).forecast!.needProbabilityNewCall;
    expect(p).toBeGreaterThan(0.11);
    expect(p).toBeLessThan(0.15);
  });

  it('a ringing call that has outlived the usual answer time is unlikely to reach a person', () => {
    const { est, now } = trainedEstimator();
    const f = est.snapshot(now).forecast!;
    expect(f.needCdfRinging(2)[f.horizon]!).toBeGreaterThan(0.2);
    expect(f.needCdfRinging(12)[f.horizon]!).toBe(0);
  });

  it('an agent late in a conversation frees sooner than one who just started', () => {
    const { est, now } = trainedEstimator();
    const f = est.snapshot(now).forecast!;
    const K = f.horizon;
    expect(f.freeCdfTalking(195)[K]!).toBeGreaterThan(0.9);
    expect(f.freeCdfTalking(10)[K]!).toBe(0);
    expect(f.freeCdfWrapping(1)[K]!).toBeGreaterThan(0.9);
  });

  it('counts conversations still going (censoring): early short calls do not make talk look short', () => {
    // 20 short calls ended; 30 agents are still talking after 300 s.
    const biased = new StatsEstimator();
    const censored = new StatsEstimator();
    let t = 0;
    for (const e of [biased, censored]) {
      t = 0;
      for (let i = 0; i < 60; i++) {
        t += 1;
        e.record({ type: 'dialed', at: t, callId: i });
        e.record({ type: 'ringEnded', at: t, callId: i, result: 'answered', ringSeconds: 5, amd: false });
      }
    }
    for (let i = 0; i < 30; i++) censored.record({ type: 'connected', at: 60, callId: 100 + i, waitSeconds: 0, afterAmd: false });
    for (const e of [biased, censored]) {
      for (let i = 0; i < 20; i++) e.record({ type: 'connected', at: 61, callId: i, waitSeconds: 0, afterAmd: false });
      for (let i = 0; i < 20; i++) e.record({ type: 'talkEnded', at: 61 + 60, callId: i, talkSeconds: 60, party: 'human' });
      for (let i = 0; i < 20; i++) e.record({ type: 'wrapEnded', at: 61 + 65, callId: i, wrapSeconds: 5 });
    }
    const at = 60 + 300;
    // Without censoring an agent 57 s into a call looks certain to be free within the horizon
    // (every call seen lasted 60 s, wrap-up 5 s); counting the 30 calls still going past 300 s,
    // that is less likely than not.
    const b = biased.snapshot(at).forecast!;
    const c = censored.snapshot(at).forecast!;
    expect(b.freeCdfTalking(57)[b.horizon]!).toBeGreaterThan(0.9);
    expect(c.freeCdfTalking(57)[c.horizon]!).toBeLessThan(0.5);
  });
});
