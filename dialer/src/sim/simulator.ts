import type { PacingDecision } from '../pacing/pacer.js';
import { PacingSession, type PacingSituation } from '../pacing/session.js';
import { DEFAULT_SETTINGS, type AgentView, type CallView, type DialMode, type PacingSettings } from '../pacing/types.js';
import { sample } from './distributions.js';
import { EventQueue, type Timed } from './heap.js';
import { Field, uniform } from './rng.js';
import { OUTCOME_ORDER, type Outcome, type OutcomeMix, type Scenario } from './scenario.js';

/** Metrics of one run, as defined in shared/bench/SCENARIOS.md (plus scenario and seed). */
export interface SimMetrics {
  scenario: string;
  seed: number;
  mode: DialMode;
  agentSeconds: number;
  talkSeconds: number;
  wrapSeconds: number;
  occupancy: number;
  talkShare: number;
  talkMinutesPerAgentHour: number;
  attempts: number;
  humanAnswered: number;
  connected: number;
  abandoned: number;
  abandonRate: number;
  meanAgentWaitSeconds: number;
  maxConcurrentCalls: number;
  leadsUsed: number;
}

export interface SimOptions {
  scenario: Scenario;
  mode: DialMode;
  /** Replaces scenario.seed. */
  seed?: number;
  /** Pacing settings on top of those the scenario implies. */
  settings?: Partial<PacingSettings>;
  /** Called after every pacing decision (diagnostics). */
  onDecision?: (t: number, d: PacingDecision) => void;
  /** Called for every number dialed with its fate (tests of common random numbers). */
  onDial?: (index: number, t: number, fate: NumberFate) => void;
}

/** Everything random about the i-th number: a pure function of (seed, i) and, with drift, the dial time. */
export interface NumberFate {
  /** Outcome drawn from the mix in force at dial time (before the no-answer timeout applies). */
  outcome: Outcome;
  answerDelay: number;
  failDelay: number;
  amdSeconds: number;
  /** Uniform draw deciding the AMD verdict. */
  amdDraw: number;
  talk: number;
  wrap: number;
}

export function fateOf(sc: Scenario, seed: number, i: number, dialAt: number): NumberFate {
  return {
    outcome: outcomeFor(mixAt(sc, dialAt), uniform(seed, i, Field.outcome)),
    answerDelay: sample(sc.answerDelaySeconds, seed, i, Field.answerDelay),
    failDelay: sample(sc.failDelaySeconds, seed, i, Field.failDelay),
    amdSeconds: sc.amd ? sample(sc.amd.seconds, seed, i, Field.amdSeconds) : 0,
    amdDraw: uniform(seed, i, Field.amdVerdict),
    talk: sample(sc.talkSeconds, seed, i, Field.talk),
    wrap: sample(sc.wrapSeconds, seed, i, Field.wrap),
  };
}

// Same-time ordering: an agent freed at t serves a call that must be bridged by t; decisions see the settled state.
const P_FREE = 0;
const P_CALL = 1;
const P_LOGOUT = 2;
const P_DEADLINE = 3;
const P_TICK = 4;

type EventKind = 'login' | 'logout' | 'ringEnd' | 'amdEnd' | 'deadline' | 'talkEnd' | 'wrapEnd' | 'tick' | 'endDialing';
interface SimEvent extends Timed {
  kind: EventKind;
  call?: Call;
  agent?: Agent;
}

type CallPhase = 'ringing' | 'amd' | 'waiting' | 'bridged' | 'done';
interface Call {
  index: number;
  outcome: Outcome;
  phase: CallPhase;
  dialAt: number;
  answerAt: number;
  needAt: number;
  afterAmd: boolean;
  /** The party: a real person (outcome human) or not. */
  person: boolean;
  talk: number;
  wrap: number;
  fate: NumberFate;
}

export type AgentState = 'out' | 'idle' | 'talking' | 'machine' | 'wrapping' | 'gone';
interface Agent {
  id: number;
  from: number;
  to: number;
  state: AgentState;
  since: number;
  loginAt: number;
  leaving: boolean;
  /** Idle time accumulated since the end of the previous person's wrap-up (or login). */
  idleAccum: number;
  call: Call | undefined;
}

export function mixAt(s: Scenario, t: number): OutcomeMix {
  let mix = s.outcomes;
  for (const d of s.drift) if (t >= d.at) mix = d.outcomes;
  return mix;
}

export function outcomeFor(mix: OutcomeMix, u: number): Outcome {
  let acc = 0;
  for (const k of OUTCOME_ORDER) {
    acc += mix[k];
    if (u < acc) return k;
  }
  return 'failed';
}

/**
 * Event-driven run of one scenario on a virtual clock, following shared/bench/SCENARIOS.md.
 * The pacing decisions come from the live pacing module (../pacing), fed only with what a dialer
 * observes: agent states, calls in flight and the statistics estimator's view of past calls.
 */
export function runScenario(opts: SimOptions): SimMetrics {
  const sc = opts.scenario;
  const seed = opts.seed ?? sc.seed;
  const T = sc.durationSeconds;
  const c = sc.connectWithinSeconds;
  const settings: PacingSettings = {
    ...DEFAULT_SETTINGS,
    mode: opts.mode,
    abandonTarget: sc.maxAbandonRate,
    connectWithinSeconds: c,
    // The one scenario parameter the dialer may know: the operator's measured AMD error rate.
    amdHumanAsMachine: sc.amd ? sc.amd.humanAsMachine : 0,
    ...opts.settings,
  };
  // the same pacing session (statistics, controller, decision) the live dialer holds per campaign
  const est = new PacingSession();
  const q = new EventQueue<SimEvent>();

  const agents: Agent[] = [];
  for (const w of sc.agents) {
    for (let k = 0; k < w.count; k++) {
      const a: Agent = { id: agents.length, from: w.from, to: w.to, state: 'out', since: 0, loginAt: 0, leaving: false, idleAccum: 0, call: undefined };
      agents.push(a);
      if (w.from < T && w.to > w.from) {
        q.push({ t: w.from, prio: P_FREE, kind: 'login', agent: a });
        if (w.to < T) q.push({ t: w.to, prio: P_LOGOUT, kind: 'logout', agent: a });
      }
    }
  }
  if (T > 0) q.push({ t: 0, prio: P_TICK, kind: 'tick' });
  q.push({ t: T, prio: P_TICK, kind: 'endDialing' });

  const ringing = new Set<Call>();
  const inAmd = new Set<Call>();
  const waiting: Call[] = [];
  let waitHead = 0;
  let dialing = true;
  let lines = 0;

  const m = {
    agentSeconds: 0,
    talkSeconds: 0,
    wrapSeconds: 0,
    machineSeconds: 0,
    attempts: 0,
    humanAnswered: 0,
    connected: 0,
    abandoned: 0,
    waitSum: 0,
    waitCount: 0,
    maxLines: 0,
  };

  const addLine = () => {
    lines++;
    if (lines > m.maxLines) m.maxLines = lines;
  };
  const waitingCount = () => waiting.length - waitHead;
  const inFlight = () => ringing.size + inAmd.size + waitingCount();

  const logout = (a: Agent, t: number) => {
    if (a.state === 'idle') a.idleAccum += t - a.since;
    m.agentSeconds += t - a.loginAt;
    a.state = 'gone';
  };

  /** After dialing stops: an idle agent leaves as soon as idle agents outnumber the calls in flight. */
  const drain = (t: number) => {
    if (dialing) return;
    let idle = 0;
    for (const a of agents) if (a.state === 'idle') idle++;
    const flying = inFlight();
    while (idle > flying) {
      // The most recently idle leaves; the longest idle stay first in line for the remaining calls.
      let pick: Agent | undefined;
      for (const a of agents) if (a.state === 'idle' && (!pick || a.since > pick.since)) pick = a;
      logout(pick!, t);
      idle--;
    }
  };

  const bridge = (call: Call, a: Agent, t: number) => {
    a.idleAccum += t - a.since;
    call.phase = 'bridged';
    a.call = call;
    a.since = t;
    est.record({ type: 'connected', at: t, callId: call.index, waitSeconds: t - call.needAt, afterAmd: call.afterAmd });
    if (call.person) {
      m.connected++;
      m.talkSeconds += call.talk;
      m.wrapSeconds += call.wrap;
      m.waitSum += a.idleAccum;
      m.waitCount++;
      a.idleAccum = 0;
      a.state = 'talking';
      q.push({ t: t + call.talk, prio: P_FREE, kind: 'talkEnd', agent: a });
    } else {
      m.machineSeconds += sc.machineAgentSeconds;
      a.state = 'machine';
      q.push({ t: t + sc.machineAgentSeconds, prio: P_FREE, kind: 'talkEnd', agent: a });
    }
  };

  const idleLongest = (): Agent | undefined => {
    let pick: Agent | undefined;
    for (const a of agents) if (a.state === 'idle' && !a.leaving && (!pick || a.since < pick.since)) pick = a;
    return pick;
  };

  const needsAgent = (call: Call, t: number) => {
    call.needAt = t;
    const a = idleLongest();
    if (a) {
      bridge(call, a, t);
      return;
    }
    call.phase = 'waiting';
    waiting.push(call);
    q.push({ t: t + c, prio: P_DEADLINE, kind: 'deadline', call });
  };

  const agentFree = (a: Agent, t: number) => {
    a.call = undefined;
    if (a.leaving) {
      a.state = 'idle';
      a.since = t;
      logout(a, t);
    } else {
      a.state = 'idle';
      a.since = t;
      if (waitingCount() > 0) {
        const call = waiting[waitHead++]!;
        bridge(call, a, t);
      }
    }
    drain(t);
    if (dialing) pace(t);
  };

  const dialOne = (t: number) => {
    const i = m.attempts++;
    const fate = fateOf(sc, seed, i, t);
    opts.onDial?.(i, t, fate);
    const outcome = fate.outcome;
    const call: Call = {
      index: i,
      outcome,
      phase: 'ringing',
      dialAt: t,
      answerAt: NaN,
      needAt: NaN,
      afterAmd: false,
      person: outcome === 'human',
      talk: fate.talk,
      wrap: fate.wrap,
      fate,
    };
    addLine();
    ringing.add(call);
    est.record({ type: 'dialed', at: t, callId: i });
    let end: number;
    if (outcome === 'human' || outcome === 'machine') {
      const d = fate.answerDelay;
      if (d >= sc.noAnswerTimeoutSeconds) {
        call.outcome = 'noAnswer';
        end = sc.noAnswerTimeoutSeconds;
      } else {
        end = d;
      }
    } else if (outcome === 'busy' || outcome === 'failed') {
      end = Math.min(fate.failDelay, sc.noAnswerTimeoutSeconds);
    } else {
      end = sc.noAnswerTimeoutSeconds;
    }
    q.push({ t: t + end, prio: P_CALL, kind: 'ringEnd', call });
  };

  const pace = (t: number) => {
    const situation = simSituation(agents, ringing, inAmd, waiting.slice(waitHead), t, sc.leads - m.attempts);
    const d = est.decide(situation, settings, t);
    opts.onDecision?.(t, d);
    for (let k = 0; k < d.dials; k++) dialOne(t);
  };

  for (let ev = q.pop(); ev; ev = q.pop()) {
    const t = ev.t;
    switch (ev.kind) {
      case 'tick':
        if (dialing) {
          pace(t);
          if (t + 1 < T) q.push({ t: t + 1, prio: P_TICK, kind: 'tick' });
        }
        break;
      case 'endDialing':
        dialing = false;
        drain(t);
        break;
      case 'login': {
        const a = ev.agent!;
        a.state = 'idle';
        a.since = t;
        a.loginAt = t;
        if (waitingCount() > 0) bridge(waiting[waitHead++]!, a, t);
        drain(t);
        break;
      }
      case 'logout': {
        const a = ev.agent!;
        if (a.state === 'idle') logout(a, t);
        else if (a.state !== 'gone' && a.state !== 'out') a.leaving = true;
        break;
      }
      case 'ringEnd': {
        const call = ev.call!;
        ringing.delete(call);
        const ringSeconds = t - call.dialAt;
        if (call.outcome === 'human' || call.outcome === 'machine') {
          call.answerAt = t;
          if (call.person) m.humanAnswered++;
          est.record({ type: 'ringEnded', at: t, callId: call.index, result: 'answered', ringSeconds, amd: sc.amd !== null });
          if (sc.amd) {
            call.phase = 'amd';
            inAmd.add(call);
            q.push({ t: t + call.fate.amdSeconds, prio: P_CALL, kind: 'amdEnd', call });
          } else {
            needsAgent(call, t);
          }
        } else {
          lines--;
          call.phase = 'done';
          est.record({ type: 'ringEnded', at: t, callId: call.index, result: call.outcome, ringSeconds, amd: false });
        }
        drain(t);
        break;
      }
      case 'amdEnd': {
        const call = ev.call!;
        const amd = sc.amd!;
        inAmd.delete(call);
        const u = call.fate.amdDraw;
        const saysMachine = call.person ? u < amd.humanAsMachine : !(u < amd.machineAsHuman);
        est.record({ type: 'amdDone', at: t, callId: call.index, verdict: saysMachine ? 'machine' : 'human', amdSeconds: t - call.answerAt });
        if (saysMachine) {
          if (call.person) m.abandoned++;
          call.phase = 'done';
          lines--;
        } else {
          call.afterAmd = true;
          needsAgent(call, t);
        }
        drain(t);
        break;
      }
      case 'deadline': {
        const call = ev.call!;
        if (call.phase !== 'waiting') break;
        // FCFS with one connect allowance for all: the call at its deadline is the head of the queue.
        if (waiting[waitHead] !== call) throw new Error('simulator invariant: dropped call is not the head of the queue');
        waitHead++;
        call.phase = 'done';
        lines--;
        if (call.person) m.abandoned++;
        est.record({ type: 'dropped', at: t, callId: call.index, waitSeconds: t - call.needAt, afterAmd: call.afterAmd });
        drain(t);
        break;
      }
      case 'talkEnd': {
        const a = ev.agent!;
        const call = a.call!;
        lines--;
        call.phase = 'done';
        if (a.state === 'talking') {
          est.record({ type: 'talkEnded', at: t, callId: call.index, talkSeconds: call.talk, party: 'human' });
          a.state = 'wrapping';
          a.since = t;
          q.push({ t: t + call.wrap, prio: P_FREE, kind: 'wrapEnd', agent: a });
        } else {
          est.record({ type: 'talkEnded', at: t, callId: call.index, talkSeconds: sc.machineAgentSeconds, party: 'machine' });
          agentFree(a, t);
        }
        break;
      }
      case 'wrapEnd': {
        const a = ev.agent!;
        est.record({ type: 'wrapEnded', at: t, callId: a.call!.index, wrapSeconds: a.call!.wrap });
        agentFree(a, t);
        break;
      }
    }
  }
  // Agents never freed by the drain (no calls at all after the end) leave at the end.
  for (const a of agents) if (a.state === 'idle') logout(a, T);

  const share = (x: number) => (m.agentSeconds > 0 ? x / m.agentSeconds : 0);
  return {
    scenario: sc.name,
    seed,
    mode: opts.mode,
    agentSeconds: m.agentSeconds,
    talkSeconds: m.talkSeconds,
    wrapSeconds: m.wrapSeconds,
    occupancy: share(m.talkSeconds + m.wrapSeconds + m.machineSeconds),
    talkShare: share(m.talkSeconds),
    talkMinutesPerAgentHour: 60 * share(m.talkSeconds),
    attempts: m.attempts,
    humanAnswered: m.humanAnswered,
    connected: m.connected,
    abandoned: m.abandoned,
    abandonRate: m.humanAnswered > 0 ? m.abandoned / m.humanAnswered : 0,
    meanAgentWaitSeconds: m.waitCount > 0 ? m.waitSum / m.waitCount : 0,
    maxConcurrentCalls: m.maxLines,
    leadsUsed: m.attempts,
  };
}

/** What the simulator knows of an agent, as far as pacing is concerned. */
export interface SimAgentLike {
  state: AgentState;
  since: number;
  leaving: boolean;
}

/**
 * The simulator's agents and calls as the pacing engine's views (the live dialer's counterpart is
 * liveSituation in campaign/pacing.ts): an idle agent is ready, one on a person or a machine is
 * talking; ringing calls are aged from the dial, AMD from the answer, waiting from recognition.
 */
export function simSituation(
  agents: Iterable<SimAgentLike>,
  ringing: Iterable<{ dialAt: number }>,
  inAmd: Iterable<{ answerAt: number }>,
  waiting: Iterable<{ needAt: number }>,
  t: number,
  leadsAvailable?: number,
): PacingSituation {
  const agentViews: AgentView[] = [];
  let talking = 0;
  for (const a of agents) {
    switch (a.state) {
      case 'idle':
        agentViews.push({ state: 'ready', secondsInState: t - a.since, leaving: a.leaving });
        break;
      case 'talking':
      case 'machine':
        talking++;
        agentViews.push({ state: 'talking', secondsInState: t - a.since, leaving: a.leaving });
        break;
      case 'wrapping':
        agentViews.push({ state: 'wrapping', secondsInState: t - a.since, leaving: a.leaving });
        break;
      default:
        break;
    }
  }
  const calls: CallView[] = [];
  for (const call of ringing) calls.push({ phase: 'ringing', secondsInPhase: t - call.dialAt });
  for (const call of inAmd) calls.push({ phase: 'amd', secondsInPhase: t - call.answerAt });
  for (const call of waiting) calls.push({ phase: 'waiting', secondsInPhase: t - call.needAt });
  return { agents: agentViews, calls, bridgedCalls: talking, leadsAvailable };
}
