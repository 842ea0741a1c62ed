import { describe, expect, it } from 'vitest';
import { sample, type Dist } from '../../src/sim/distributions.js';
import { parseScenario, ScenarioError, type Scenario } from '../../src/sim/scenario.js';
import { fateOf, runScenario, type NumberFate } from '../../src/sim/simulator.js';

const c = (value: number): Dist => ({ dist: 'const', value });

/** A tiny scenario with constant durations; override what the test needs. */
function scenario(over: Record<string, unknown> = {}): Scenario {
  return parseScenario(
    {
      name: 'tiny',
      seed: 7,
      durationSeconds: 1,
      agents: [{ count: 1, from: 0, to: 1000 }],
      leads: 1,
      outcomes: { human: 1, machine: 0, busy: 0, noAnswer: 0, failed: 0 },
      answerDelaySeconds: c(5),
      failDelaySeconds: c(3),
      noAnswerTimeoutSeconds: 25,
      amd: null,
      talkSeconds: c(100),
      wrapSeconds: c(10),
      ...over,
    },
    'test scenario',
  );
}

describe('call rules (hand-computed outcomes)', () => {
  it('a person answering at 5 s with one idle agent is connected, talks, wraps, and the agent leaves when idle', () => {
    const m = runScenario({ scenario: scenario(), mode: 'progressive' });
    expect(m).toMatchObject({ attempts: 1, humanAnswered: 1, connected: 1, abandoned: 0, talkSeconds: 100, wrapSeconds: 10, maxConcurrentCalls: 1, leadsUsed: 1 });
    // Logged in at 0; bridged at 5; free at 115, when idle agents outnumber calls in flight (0): leaves.
    expect(m.agentSeconds).toBe(115);
    expect(m.occupancy).toBeCloseTo(110 / 115, 9);
    expect(m.talkMinutesPerAgentHour).toBeCloseTo((60 * 100) / 115, 9);
    expect(m.meanAgentWaitSeconds).toBe(5);
  });

  it.each([
    // The agent logs out at 3 s while the call rings; a second agent logs in at `late`.
    { late: 6.5, connected: 1, abandoned: 0, why: 'bridged 1.5 s after the answer, within 2 s' },
    { late: 7, connected: 1, abandoned: 0, why: 'bridged exactly at the 2 s limit' },
    { late: 7.5, connected: 0, abandoned: 1, why: 'nobody within 2 s: dropped and abandoned' },
  ])('a waiting person is dropped after connectWithinSeconds (second agent at $late s: $why)', ({ late, connected, abandoned }) => {
    const sc = scenario({
      durationSeconds: 10,
      agents: [
        { count: 1, from: 0, to: 3 },
        { count: 1, from: late, to: 1000 },
      ],
    });
    const m = runScenario({ scenario: sc, mode: 'progressive' });
    expect(m.humanAnswered).toBe(1);
    expect(m.connected).toBe(connected);
    expect(m.abandoned).toBe(abandoned);
  });

  it('a machine without AMD is sent to an agent, holds it machineAgentSeconds, and is no abandon when dropped', () => {
    const sc = scenario({ outcomes: { human: 0, machine: 1, busy: 0, noAnswer: 0, failed: 0 }, machineAgentSeconds: 8 });
    const m = runScenario({ scenario: sc, mode: 'progressive' });
    expect(m).toMatchObject({ humanAnswered: 0, connected: 0, abandoned: 0, talkSeconds: 0, agentSeconds: 13 });
    expect(m.occupancy).toBeCloseTo(8 / 13, 9);
    const dropped = runScenario({ scenario: { ...sc, agents: [{ count: 1, from: 0, to: 3 }], durationSeconds: 10 }, mode: 'progressive' });
    expect(dropped).toMatchObject({ humanAnswered: 0, abandoned: 0 });
  });

  it('AMD that calls every person a machine abandons every person', () => {
    const sc = scenario({
      durationSeconds: 120,
      leads: 1000,
      agents: [{ count: 3, from: 0, to: 120 }],
      amd: { seconds: c(2), humanAsMachine: 1, machineAsHuman: 0 },
    });
    const m = runScenario({ scenario: sc, mode: 'progressive' });
    expect(m.humanAnswered).toBeGreaterThan(10);
    expect(m.abandoned).toBe(m.humanAnswered);
    expect(m.connected).toBe(0);
    expect(m.abandonRate).toBe(1);
  });

  it('an answer delay at or beyond the timeout is a no-answer at the timeout', () => {
    const sc = scenario({ answerDelaySeconds: c(20), noAnswerTimeoutSeconds: 15, durationSeconds: 1 });
    const m = runScenario({ scenario: sc, mode: 'progressive' });
    expect(m).toMatchObject({ attempts: 1, humanAnswered: 0, connected: 0 });
    // The agent waits for the call in flight, then leaves at 15 s.
    expect(m.agentSeconds).toBe(15);
  });

  it('busy numbers end after min(failDelay, timeout); progressive redials for the idle agent every time', () => {
    const sc = scenario({ outcomes: { human: 0, machine: 0, busy: 1, noAnswer: 0, failed: 0 }, failDelaySeconds: c(4), durationSeconds: 20, leads: 100 });
    const m = runScenario({ scenario: sc, mode: 'progressive' });
    // Dials at 0, 4, 8, 12, 16 (a decision as soon as the line frees, every second otherwise).
    expect(m.attempts).toBe(5);
    expect(m.maxConcurrentCalls).toBe(1);
  });

  it('dialing stops when the numbers run out', () => {
    const sc = scenario({ outcomes: { human: 0, machine: 0, busy: 1, noAnswer: 0, failed: 0 }, durationSeconds: 600, leads: 7 });
    expect(runScenario({ scenario: sc, mode: 'progressive' }).leadsUsed).toBe(7);
  });

  it('the idle-longest agent gets the call', () => {
    // Two agents; the one logged in first has been idle longest and gets the only person.
    const sc = scenario({
      durationSeconds: 10,
      agents: [
        { count: 1, from: 0, to: 1000 },
        { count: 1, from: 4, to: 1000 },
      ],
    });
    const m = runScenario({ scenario: sc, mode: 'progressive' });
    expect(m.meanAgentWaitSeconds).toBe(5);
  });
});

describe('common random numbers', () => {
  const pub = parseScenario(
    {
      name: 'crn',
      seed: 11,
      durationSeconds: 900,
      agents: [{ count: 6, from: 0, to: 900 }],
      leads: 100000,
      outcomes: { human: 0.3, machine: 0.3, busy: 0.1, noAnswer: 0.2, failed: 0.1 },
      drift: [{ at: 450, outcomes: { human: 0.15, machine: 0.45, busy: 0.1, noAnswer: 0.2, failed: 0.1 } }],
      answerDelaySeconds: { dist: 'lognormal', mean: 9, sd: 5 },
      failDelaySeconds: { dist: 'uniform', min: 2, max: 6 },
      noAnswerTimeoutSeconds: 25,
      amd: { seconds: { dist: 'uniform', min: 1.5, max: 3.5 }, humanAsMachine: 0.02, machineAsHuman: 0.1 },
      talkSeconds: { dist: 'lognormal', mean: 150, sd: 100 },
      wrapSeconds: { dist: 'lognormal', mean: 20, sd: 10 },
    },
    'crn scenario',
  );

  it('the same seed gives every number the same fate in both modes', () => {
    const fates = { progressive: new Map<number, NumberFate>(), predictive: new Map<number, NumberFate>() };
    for (const mode of ['progressive', 'predictive'] as const) {
      runScenario({ scenario: { ...pub, drift: [] }, mode, onDial: (i, _t, f) => fates[mode].set(i, f) });
    }
    const common = Math.min(fates.progressive.size, fates.predictive.size);
    expect(common).toBeGreaterThan(100);
    for (let i = 0; i < common; i++) expect(fates.predictive.get(i)).toEqual(fates.progressive.get(i));
  });

  it('a different seed gives a different workload', () => {
    const a = Array.from({ length: 50 }, (_, i) => fateOf(pub, 1, i, 0).talk);
    const b = Array.from({ length: 50 }, (_, i) => fateOf(pub, 2, i, 0).talk);
    expect(a).not.toEqual(b);
  });

  it('with drift, the same per-number draw decides the outcome: people who stop being people become machines', () => {
    let changed = 0;
    for (let i = 0; i < 2000; i++) {
      const before = fateOf(pub, 5, i, 0).outcome;
      const after = fateOf(pub, 5, i, 500).outcome;
      if (after === 'human') expect(before).toBe('human');
      if (before !== after) {
        expect([before, after]).toEqual(['human', 'machine']);
        changed++;
      }
    }
    expect(changed / 2000).toBeGreaterThan(0.1);
    expect(changed / 2000).toBeLessThan(0.2);
  });

  it('lognormal draws have the mean and standard deviation of the scenario', () => {
    const d: Dist = { dist: 'lognormal', mean: 150, sd: 100 };
    const xs = Array.from({ length: 40000 }, (_, i) => sample(d, 3, i, 6));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(mean).toBeGreaterThan(147);
    expect(mean).toBeLessThan(153);
    expect(sd).toBeGreaterThan(93);
    expect(sd).toBeLessThan(107);
  });
});

describe('scenario validation', () => {
  it.each([
    { over: { outcomes: { human: 0.5, machine: 0.3, busy: 0, noAnswer: 0, failed: 0 } }, field: 'outcomes', msg: /sum to 1, they sum to 0.8/ },
    { over: { noAnswerTimeoutSeconds: 10 }, field: 'noAnswerTimeoutSeconds', msg: />= 15/ },
    { over: { talkSeconds: { dist: 'lognormal', mean: 150 } }, field: 'talkSeconds.sd', msg: /finite number/ },
    { over: { wrapSeconds: { dist: 'gamma', mean: 3 } }, field: 'wrapSeconds.dist', msg: /one of/ },
    { over: { answerDelaySeconds: { dist: 'uniform', min: 5, max: 2 } }, field: 'answerDelaySeconds.max', msg: />= min/ },
    { over: { drift: [{ at: 10, outcomes: { human: 1, machine: 0.1, busy: 0, noAnswer: 0, failed: 0 } }] }, field: 'drift[0].outcomes', msg: /sum to 1/ },
    { over: { amd: { seconds: { dist: 'const', value: 2 }, humanAsMachine: 1.5, machineAsHuman: 0 } }, field: 'amd.humanAsMachine', msg: /<= 1/ },
  ])('rejects a bad $field, naming the source and field', ({ over, field, msg }) => {
    let err: unknown;
    try {
      scenario(over);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as ScenarioError).field).toBe(field);
    expect((err as Error).message).toContain('test scenario: field "' + field + '"');
    expect((err as Error).message).toMatch(msg);
  });
});
