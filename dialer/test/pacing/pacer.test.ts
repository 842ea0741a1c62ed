import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide, initialController, type PacingInput } from '../../src/pacing/pacer.js';
import { DEFAULT_SETTINGS, type AgentView, type CallView, type PacingSettings } from '../../src/pacing/types.js';
import type { StatsSnapshot } from '../../src/pacing/estimator.js';
import { emptyStats, paused, ready, ringing, talking, trainedEstimator, wrapping } from './helpers.js';

function input(agents: AgentView[], calls: CallView[], settings: Partial<PacingSettings> = {}, stats: StatsSnapshot = emptyStats()): PacingInput {
  return { agents, calls, stats, settings: { ...DEFAULT_SETTINGS, ...settings }, controller: initialController() };
}

describe('progressive', () => {
  it.each([
    { name: '3 idle, nothing in flight', agents: ready(3), calls: [], dials: 3 },
    { name: '3 idle, 2 ringing', agents: ready(3), calls: ringing(2), dials: 1 },
    { name: '3 idle, 3 ringing', agents: ready(3), calls: ringing(3), dials: 0 },
    { name: '1 idle, 4 ringing', agents: ready(1), calls: ringing(4), dials: 0 },
    { name: 'all talking or wrapping', agents: [...talking(4), ...wrapping(2)], calls: [], dials: 0 },
    { name: 'paused agents are not idle', agents: [...paused(5), ...ready(1)], calls: [], dials: 1 },
    { name: 'an idle agent who is logging out is not idle', agents: [{ state: 'ready' as const, secondsInState: 3, leaving: true }, ...ready(1)], calls: [], dials: 1 },
  ])('$name -> $dials', ({ agents, calls, dials }) => {
    const d = decide(input(agents, calls, { mode: 'progressive' }));
    expect(d.mode).toBe('progressive');
    expect(d.dials).toBe(dials);
  });

  it('never puts more calls in flight than idle agents (any mix of states)', () => {
    const agentArb = fc.record({
      state: fc.constantFrom('ready', 'talking', 'wrapping', 'paused' as const),
      secondsInState: fc.double({ min: 0, max: 600, noNaN: true }),
      leaving: fc.boolean(),
    });
    const callArb = fc.record({ phase: fc.constantFrom('ringing', 'amd', 'waiting' as const), secondsInPhase: fc.double({ min: 0, max: 30, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(agentArb, { maxLength: 40 }), fc.array(callArb, { maxLength: 40 }), (agents, calls) => {
        const idle = agents.filter((a) => a.state === 'ready' && !a.leaving).length;
        const d = decide(input(agents as AgentView[], calls as CallView[], { mode: 'progressive' }));
        expect(d.dials + calls.length <= Math.max(idle, calls.length)).toBe(true);
        expect(d.dials).toBe(Math.max(0, idle - calls.length));
      }),
    );
  });
});

describe('predictive fallbacks', () => {
  const { est, now } = trainedEstimator();
  const trained = est.snapshot(now);

  it('runs predictive on a trained campaign with enough agents', () => {
    const d = decide(input(talking(10, 150), [], { mode: 'predictive' }, trained));
    expect(d.mode).toBe('predictive');
  });

  it.each([
    { name: '2 available agents, minimum 3', agents: [...ready(2), ...talking(0)], min: 3 },
    { name: 'paused agents do not count towards the minimum', agents: [...ready(2), ...paused(6)], min: 3 },
    { name: 'agents logging out do not count', agents: [...ready(1), ...talking(4).map((a) => ({ ...a, leaving: true }))], min: 2 },
  ])('falls back to progressive: $name', ({ agents, min }) => {
    const d = decide(input(agents, [], { mode: 'predictive', minAgentsForPredictive: min }, trained));
    expect(d.mode).toBe('progressive');
    expect(d.reason).toMatch(/available agents/);
    expect(d.dials).toBe(agents.filter((a) => a.state === 'ready' && !a.leaving).length);
  });

  it('falls back to progressive while it has not seen enough calls', () => {
    const d = decide(input(talking(10, 150), ringing(1), { mode: 'predictive' }, emptyStats()));
    expect(d.mode).toBe('progressive');
    expect(d.reason).toMatch(/learning/);
    expect(d.dials).toBe(0);
  });

  it.each([
    { rate: 0.035, expected: 'progressive' },
    { rate: 0.0298, expected: 'progressive' },
    { rate: 0.02, expected: 'predictive' },
  ])('rolling abandon rate $rate with a 3% cap -> $expected', ({ rate, expected }) => {
    // 2000 recognised people, all confirmed people by agents, `rate` of them dropped.
    const dropped = Math.round(2000 * rate);
    const counts = { connected: 2000 - dropped, connectedAfterAmd: 0, dropped, droppedAfterAmd: 0, humanDisposition: 2000, machineDisposition: 0 };
    const stats: StatsSnapshot = { ...trained, abandon: { long: counts, longCoveredSeconds: 86400, short: { ...counts, dropped: 0 }, shortCoveredSeconds: 3600 } };
    const d = decide(input(talking(10, 150), [], { mode: 'predictive' }, stats));
    expect(d.mode).toBe(expected);
    if (expected === 'progressive') expect(d.reason).toMatch(/near the cap/);
  });

  it('counts the people AMD hangs up on against the cap although nobody saw them', () => {
    // 1000 people passed AMD; with a 3% human-as-machine estimate ~31 more were hung up on: 3.0% already.
    const counts = { connected: 1000, connectedAfterAmd: 1000, dropped: 0, droppedAfterAmd: 0, humanDisposition: 1000, machineDisposition: 0 };
    const stats: StatsSnapshot = { ...trained, abandon: { long: counts, longCoveredSeconds: 86400, short: counts, shortCoveredSeconds: 3600 } };
    const blind = decide(input(talking(10, 150), [], { mode: 'predictive', amdHumanAsMachine: 0 }, stats));
    const aware = decide(input(talking(10, 150), [], { mode: 'predictive', amdHumanAsMachine: 0.03 }, stats));
    expect(blind.mode).toBe('predictive');
    expect(aware.mode).toBe('progressive');
    expect(aware.abandon.rollingRate).toBeCloseTo(0.03, 3);
  });

  it('short-window guard: a bad hour stops predictive even when the long window is fine', () => {
    const long = { connected: 9700, connectedAfterAmd: 0, dropped: 100, droppedAfterAmd: 0, humanDisposition: 9800, machineDisposition: 0 };
    const short = { connected: 190, connectedAfterAmd: 0, dropped: 10, droppedAfterAmd: 0, humanDisposition: 200, machineDisposition: 0 };
    const stats: StatsSnapshot = { ...trained, abandon: { long, longCoveredSeconds: 86400 * 5, short, shortCoveredSeconds: 3600 } };
    const d = decide(input(talking(10, 150), [], { mode: 'predictive' }, stats));
    expect(d.mode).toBe('progressive');
    expect(d.reason).toMatch(/short-window/);
  });
});

describe('predictive dialing', () => {
  const { est, now } = trainedEstimator();
  const trained = est.snapshot(now);

  it('dials ahead for agents about to finish, where progressive would wait', () => {
    // 10 agents 190 s into conversations that last 100..200 s: most are free within seconds.
    const agents = talking(10, 190);
    const pred = decide(input(agents, [], { mode: 'predictive' }, trained));
    const prog = decide(input(agents, [], { mode: 'progressive' }, trained));
    expect(prog.dials).toBe(0);
    expect(pred.dials).toBeGreaterThan(0);
  });

  it('dials nothing extra when every agent has just started a long conversation', () => {
    const d = decide(input(talking(10, 1), [], { mode: 'predictive' }, trained));
    expect(d.mode).toBe('predictive');
    expect(d.dials).toBe(0);
  });

  it('dials fewer when more calls are already ringing', () => {
    const agents = talking(10, 190);
    const none = decide(input(agents, [], { mode: 'predictive' }, trained)).dials;
    const many = decide(input(agents, ringing(20, 2), { mode: 'predictive' }, trained)).dials;
    expect(many).toBeLessThan(none);
  });

  it('respects the maximum lines per agent', () => {
    const d = decide(input([...ready(4), ...talking(6, 190)], [], { mode: 'predictive', maxLinesPerAgent: 1 }, trained));
    // 10 agents x 1 line, 6 lines already bridged.
    expect(d.dials).toBeLessThanOrEqual(4);
  });

  it('a higher threshold never dials less (monotone in the controller)', () => {
    const agents = [...talking(8, 170), ...wrapping(2, 10)];
    let last = -1;
    for (const threshold of [0.001, 0.01, 0.05, 0.2]) {
      const d = decide({ ...input(agents, ringing(2), { mode: 'predictive' }, trained), controller: { ...initialController(), threshold } });
      expect(d.dials).toBeGreaterThanOrEqual(last);
      last = d.dials;
    }
  });
});

describe('other modes', () => {
  it.each([
    { limit: 10, calls: 3, bridged: 4, dials: 3 },
    { limit: 10, calls: 0, bridged: 0, dials: 10 },
    { limit: 10, calls: 6, bridged: 4, dials: 0 },
    { limit: 5, calls: 6, bridged: 4, dials: 0 },
  ])('agentless: limit $limit, $calls in flight, $bridged in the IVR -> $dials', ({ limit, calls, bridged, dials }) => {
    const d = decide({ ...input([], ringing(calls), { mode: 'agentless', agentlessConcurrency: limit }), bridgedCalls: bridged });
    expect(d.mode).toBe('agentless');
    expect(d.dials).toBe(dials);
  });

  it('agentless stops at the end of the list', () => {
    const d = decide({ ...input([], [], { mode: 'agentless', agentlessConcurrency: 10 }), leadsAvailable: 2 });
    expect(d.dials).toBe(2);
  });

  it('preview never dials by itself', () => {
    expect(decide(input(ready(5), [], { mode: 'preview' })).dials).toBe(0);
  });

  it.each(['preview', 'progressive', 'predictive', 'agentless'] as const)('a paused campaign dials nothing (%s)', (mode) => {
    const d = decide(input(ready(5), [], { mode, paused: true }));
    expect(d.dials).toBe(0);
    expect(d.mode).toBe('paused');
  });
});
