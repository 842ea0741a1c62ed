// One pacing path: the live dialer and the simulator turn the same situation into the same views
// and ask the same function (PacingSession.decide) in every mode, getting the same decision; an
// agent finishing a call before logging out or pausing is never counted available.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentRecord } from '../../src/agents/state.js';
import type { LiveCall } from '../../src/call/controller.js';
import { CampaignPacing, engineSettings, liveSituation } from '../../src/campaign/pacing.js';
import { DEFAULT_CAMPAIGN_SETTINGS, type CampaignSettings } from '../../src/campaign/settings.js';
import { PacingSession } from '../../src/pacing/session.js';
import type { CallEvent, DialMode } from '../../src/pacing/types.js';
import { parseScenario } from '../../src/sim/scenario.js';
import { runScenario, simSituation, type AgentState as SimAgentState } from '../../src/sim/simulator.js';

const MODES: DialMode[] = ['preview', 'progressive', 'predictive', 'agentless'];

interface AgentRow {
  state: 'ready' | 'talking' | 'wrapping';
  secs: number;
  leaving?: boolean;
}
interface CallRow {
  phase: 'ringing' | 'amd' | 'waiting';
  secs: number;
}
interface Situation {
  name: string;
  /** calls in the order both sides list them: ringing, then AMD, then waiting (first come first) */
  agents: AgentRow[];
  calls: CallRow[];
}

const many = <T>(n: number, row: T): T[] => Array.from({ length: n }, () => ({ ...row }));

const SITUATIONS: Situation[] = [
  { name: 'idle team, nothing in flight', agents: many(6, { state: 'ready', secs: 4 }), calls: [] },
  {
    name: 'busy team with calls ringing and in AMD',
    agents: [...many(2, { state: 'ready', secs: 1 } as AgentRow), ...many(4, { state: 'talking', secs: 90 } as AgentRow), ...many(2, { state: 'wrapping', secs: 3 } as AgentRow)],
    calls: [...many(3, { phase: 'ringing', secs: 6 } as CallRow), { phase: 'amd', secs: 1 }],
  },
  {
    name: 'a person waiting, everybody talking',
    agents: many(5, { state: 'talking', secs: 150 }),
    calls: [...many(2, { phase: 'ringing', secs: 12 } as CallRow), { phase: 'waiting', secs: 0.5 }],
  },
  {
    name: 'agents leaving after their calls',
    agents: [
      { state: 'ready', secs: 10 },
      { state: 'ready', secs: 2, leaving: true },
      { state: 'talking', secs: 200, leaving: true },
      { state: 'wrapping', secs: 9, leaving: true },
      ...many(3, { state: 'talking', secs: 30 } as AgentRow),
    ],
    calls: [],
  },
];

// Live side: the records and calls CampaignRuntime hands to CampaignPacing.
const NOW_MS = 1_000_000_000;
function liveAgents(rows: AgentRow[]): AgentRecord[] {
  return rows.map((r, i) => ({
    agentId: `a${i}`,
    name: `Agente ${i}`,
    state: r.state,
    since: NOW_MS - r.secs * 1000,
    campaignId: null,
    pauseReason: null,
    callId: null,
    pendingPause: null,
    pendingLogout: r.leaving ?? false,
  }));
}
function liveCalls(s: Situation): LiveCall[] {
  const out: Array<Pick<LiveCall, 'phaseSince' | 'createdAt'> & { state: { phase: string } }> = [];
  for (const c of s.calls) out.push({ state: { phase: c.phase }, phaseSince: NOW_MS - c.secs * 1000, createdAt: NOW_MS - c.secs * 1000 });
  // every agent talking holds a bridged line
  for (const a of s.agents) if (a.state === 'talking') out.push({ state: { phase: 'bridged' }, phaseSince: NOW_MS - a.secs * 1000, createdAt: NOW_MS - (a.secs + 20) * 1000 });
  // Only the fields liveSituation reads are built; the rest of a LiveCall (timers, ARI state) is irrelevant here.
  return out as unknown as LiveCall[];
}

// Simulator side: its own agents and calls, on its own clock (seconds).
const T = NOW_MS / 1000;
function simSide(s: Situation) {
  const state: Record<AgentRow['state'], SimAgentState> = { ready: 'idle', talking: 'talking', wrapping: 'wrapping' };
  const agents = s.agents.map((r) => ({ state: state[r.state], since: T - r.secs, leaving: r.leaving ?? false }));
  const ringing = s.calls.filter((c) => c.phase === 'ringing').map((c) => ({ dialAt: T - c.secs }));
  const inAmd = s.calls.filter((c) => c.phase === 'amd').map((c) => ({ answerAt: T - c.secs }));
  const waiting = s.calls.filter((c) => c.phase === 'waiting').map((c) => ({ needAt: T - c.secs }));
  return simSituation(agents, ringing, inAmd, waiting, T);
}

/** A regular campaign's history (1 dial in 4 a person; talks of 100..200 s), enough for predictive to be ready. */
function history(): CallEvent[] {
  const ev: CallEvent[] = [];
  let t = T - 900;
  for (let i = 0; i < 800; i++) {
    t += 1;
    ev.push({ type: 'dialed', at: t, callId: i });
    if (i % 4 === 0) {
      ev.push({ type: 'ringEnded', at: t, callId: i, result: 'answered', ringSeconds: 8, amd: false });
      ev.push({ type: 'connected', at: t, callId: i, waitSeconds: 0, afterAmd: false });
      ev.push({ type: 'talkEnded', at: t, callId: i, talkSeconds: 100 + ((i * 37) % 101), party: 'human' });
      ev.push({ type: 'wrapEnded', at: t, callId: i, wrapSeconds: 4 });
    } else {
      ev.push({ type: 'ringEnded', at: t, callId: i, result: 'noAnswer', ringSeconds: 25, amd: false });
    }
  }
  return ev;
}

function settingsFor(mode: DialMode): CampaignSettings {
  return { ...DEFAULT_CAMPAIGN_SETTINGS, mode, minAgentsForPredictive: 3, agentlessConcurrency: 8 };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the live dialer and the simulator pace through one function', () => {
  it('the same situation gives the same views and, in every mode, the same decision', () => {
    const events = history();
    const seen = new Set<string>();
    for (const mode of MODES) {
      for (const s of SITUATIONS) {
        const live = new CampaignPacing();
        const sim = new PacingSession();
        for (const e of events) {
          const { at, ...rest } = e;
          live.record(rest as Parameters<CampaignPacing['record']>[0], at * 1000);
          sim.record(e);
        }
        const liveView = liveSituation(liveAgents(s.agents), liveCalls(s), NOW_MS);
        const simView = simSide(s);
        expect(simView, `${s.name}: views`).toEqual({ ...liveView, leadsAvailable: undefined });

        const spy = vi.spyOn(PacingSession.prototype, 'decide');
        const cs = settingsFor(mode);
        const dLive = live.decide({ nowMs: NOW_MS, agents: liveAgents(s.agents), calls: liveCalls(s), settings: cs, paused: false });
        const dSim = sim.decide(simView, engineSettings(cs, false), T);
        expect(spy, 'both sides went through PacingSession.decide').toHaveBeenCalledTimes(2);
        spy.mockRestore();
        expect(dSim, `${mode} / ${s.name}`).toEqual(dLive);
        seen.add(dLive.mode);
        expect(dLive.mode === mode || (mode === 'predictive' && dLive.mode === 'progressive'), `${mode} / ${s.name}: ${dLive.mode}`).toBe(true);
      }
    }
    // the trained history lets predictive run its model (not only its progressive fallback)
    expect([...seen].sort()).toEqual(['agentless', 'predictive', 'preview', 'progressive']);
  });

  it('an agent finishing a call before logging out or pausing is not available', () => {
    const s = SITUATIONS.find((x) => x.name === 'agents leaving after their calls')!;
    const live = new CampaignPacing();
    const agents = liveAgents(s.agents);
    // the one talking and the one wrapping asked to log out / pause: their calls are their last
    agents[2] = { ...agents[2]!, pendingLogout: true };
    agents[3] = { ...agents[3]!, pendingLogout: false, pendingPause: 'break' };
    const progressive = live.decide({ nowMs: NOW_MS, agents, calls: liveCalls(s), settings: settingsFor('progressive'), paused: false });
    // two agents are ready, one of them leaving: one call, for the one who stays
    expect(progressive).toMatchObject({ mode: 'progressive', dials: 1 });
    const predictive = live.decide({ nowMs: NOW_MS, agents, calls: liveCalls(s), settings: { ...settingsFor('predictive'), minAgentsForPredictive: 5 }, paused: false });
    // 7 logged in, 3 leaving: 4 available, under the 5 predictive needs
    expect(predictive.mode).toBe('progressive');
    expect(predictive.reason).toContain('4 available agents');
  });

  it('the simulator asks PacingSession.decide in every mode', () => {
    const spy = vi.spyOn(PacingSession.prototype, 'decide');
    for (const mode of MODES) {
      spy.mockClear();
      runScenario({ scenario: tinyScenario(), mode });
      expect(spy.mock.calls.length, mode).toBeGreaterThan(0);
      expect(spy.mock.calls.every(([, settings]) => settings.mode === mode)).toBe(true);
      const modes = new Set(spy.mock.results.map((r) => (r.value as { mode: string }).mode));
      expect([...modes].every((m) => m === mode || (mode === 'predictive' && m === 'progressive')), `${mode}: ${[...modes].join(',')}`).toBe(true);
    }
  });
});

function tinyScenario() {
  return parseScenario(
    {
      name: 'tiny',
      seed: 3,
      durationSeconds: 60,
      agents: [{ count: 4, from: 0, to: 120 }],
      leads: 40,
      outcomes: { human: 0.4, machine: 0.1, busy: 0.2, noAnswer: 0.2, failed: 0.1 },
      answerDelaySeconds: { dist: 'const', value: 6 },
      failDelaySeconds: { dist: 'const', value: 3 },
      noAnswerTimeoutSeconds: 25,
      amd: null,
      talkSeconds: { dist: 'const', value: 20 },
      wrapSeconds: { dist: 'const', value: 3 },
    },
    'one-path test',
  );
}
