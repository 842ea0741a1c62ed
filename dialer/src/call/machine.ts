// One outbound call's life as pure transitions: (state, event) -> (state, effects). The runner in
// call/controller.ts performs the effects (telephony, persistence, agents) and feeds the results back
// as events. Keeping this pure lets every path, including the unusual ones (hangup during AMD, a
// bridge that fails, a cancel racing an answer), be checked with tables.
import type { AmdMode, CallOutcome, CallStatus, DialMode } from '@cobranza/contracts';
import type { AmdStatus, NetworkOutcome } from '../telephony/types.js';

export type Phase =
  | 'reserved' // attempt row written, originate not sent yet
  | 'dialing' // originate sent
  | 'ringing'
  | 'amd' // answered, machine detection running in the dialplan
  | 'waiting' // a person, waiting for an agent (connect deadline running)
  | 'connecting' // an agent is assigned, bridge operation in flight
  | 'bridged'
  | 'ivr' // agentless: handed to the outbound message flow
  | 'safe_message' // no agent in time: hearing business name + callback number, then hangup
  | 'machine_message' // machine: hearing the non-revealing message, then hangup
  | 'hanging_up' // we asked Asterisk to hang up, waiting for the hangup event
  | 'ended';

export interface CallState {
  phase: Phase;
  mode: DialMode;
  amdMode: AmdMode;
  /** Set by the first event that decides it; the hangup keeps it. */
  outcome: CallOutcome | null;
  agentId: string | null;
  /** Preview/manual: the agent was chosen before dialing and waits for this call. */
  agentPreassigned: boolean;
  answered: boolean;
  human: boolean;
  /** The person was bridged to an agent at some point (the agent goes to wrap-up afterwards). */
  talked: boolean;
  cancelRequested: boolean;
}

export type CallEvent =
  | { type: 'originated' }
  | { type: 'originate_failed' }
  | { type: 'ringing' }
  | { type: 'answered' }
  | { type: 'amd'; status: AmdStatus }
  | { type: 'agent_assigned'; agentId: string }
  | { type: 'bridged' }
  | { type: 'bridge_failed' }
  | { type: 'connect_deadline' }
  | { type: 'playback_finished' }
  /** IVR flow asked to talk to an agent (press-to-talk). */
  | { type: 'press_to_talk' }
  /** The IVR flow finished with the caller. */
  | { type: 'ivr_done' }
  | { type: 'agent_hangup' }
  | { type: 'cancel' }
  | { type: 'hangup'; networkOutcome: NetworkOutcome | null };

export type Effect =
  | { kind: 'originate' }
  | { kind: 'continue_to_amd' }
  /** Find a ready agent now; if none, keep asking as agents free up until the deadline. */
  | { kind: 'request_agent'; priority: boolean }
  | { kind: 'start_connect_deadline' }
  | { kind: 'cancel_connect_deadline' }
  | { kind: 'bridge' }
  | { kind: 'start_recording' }
  | { kind: 'screen_pop' }
  | { kind: 'play'; message: 'safe' | 'machine' }
  | { kind: 'handoff_ivr' }
  | { kind: 'hangup' }
  /** The agent goes to wrap-up (after talking) or back to ready (never talked). */
  | { kind: 'release_agent'; talked: boolean }
  | { kind: 'mark'; stamp: 'answered' | 'human' | 'bridged' }
  | { kind: 'finalize' };

export interface Transition {
  state: CallState;
  effects: Effect[];
}

export function initialCall(mode: DialMode, amdMode: AmdMode, preassignedAgentId: string | null = null): CallState {
  return {
    phase: 'reserved',
    mode,
    amdMode,
    outcome: null,
    agentId: preassignedAgentId,
    agentPreassigned: preassignedAgentId !== null,
    answered: false,
    human: false,
    talked: false,
    cancelRequested: false,
  };
}

/** The call status published to the console and stored in call_attempts.status. */
export function statusOf(phase: Phase): CallStatus {
  switch (phase) {
    case 'reserved':
      return 'reserved';
    case 'dialing':
      return 'dialing';
    case 'ringing':
      return 'ringing';
    case 'amd':
      return 'amd';
    case 'waiting':
    case 'connecting':
    case 'safe_message':
      return 'waiting';
    case 'bridged':
      return 'bridged';
    case 'ivr':
    case 'machine_message':
      return 'ivr';
    case 'hanging_up':
    case 'ended':
      return 'ended';
  }
}

const LIVE_BEFORE_ANSWER: Phase[] = ['dialing', 'ringing'];
/** Phases in which an answer can arrive: events may overtake the originate's HTTP answer. */
const ANSWERABLE: Phase[] = ['reserved', 'dialing', 'ringing'];

function same(state: CallState): Transition {
  return { state, effects: [] };
}

/** A person has been recognised: connect, hand to the IVR, or start waiting for an agent. */
function personRecognised(s: CallState): Transition {
  const state: CallState = { ...s, human: true };
  const mark: Effect = { kind: 'mark', stamp: 'human' };
  if (s.mode === 'agentless') return { state: { ...state, phase: 'ivr' }, effects: [mark, { kind: 'handoff_ivr' }] };
  if (s.agentId !== null) {
    return { state: { ...state, phase: 'connecting' }, effects: [mark, { kind: 'bridge' }] };
  }
  return {
    state: { ...state, phase: 'waiting' },
    effects: [mark, { kind: 'start_connect_deadline' }, { kind: 'request_agent', priority: false }],
  };
}

/** The outcome when the call ends in `phase` without an earlier decision. */
function outcomeAtHangup(s: CallState, networkOutcome: NetworkOutcome | null): CallOutcome {
  if (s.outcome) return s.outcome;
  switch (s.phase) {
    case 'reserved':
    case 'dialing':
    case 'ringing':
      if (s.cancelRequested) return 'cancelled';
      return networkOutcome ?? (s.answered ? 'failed' : 'no_answer');
    case 'amd':
      // hung up while detection ran: nobody can tell person from machine; counting it as an
      // abandoned live answer is the safe side for the abandon budget and the lock-outs
      return 'abandoned';
    case 'waiting':
    case 'connecting':
    case 'safe_message':
      return 'abandoned';
    case 'bridged':
      return 'connected';
    case 'ivr':
      return 'ivr_completed';
    case 'machine_message':
      return 'machine';
    case 'hanging_up':
      return s.human ? 'abandoned' : s.answered ? 'failed' : 'cancelled';
    case 'ended':
      return 'failed';
  }
}

export function transition(s: CallState, e: CallEvent): Transition {
  if (s.phase === 'ended') return same(s);

  if (e.type === 'hangup') {
    const outcome = outcomeAtHangup(s, e.networkOutcome);
    const effects: Effect[] = [{ kind: 'cancel_connect_deadline' }];
    if (s.agentId !== null) effects.push({ kind: 'release_agent', talked: s.talked });
    effects.push({ kind: 'finalize' });
    return { state: { ...s, phase: 'ended', outcome }, effects };
  }

  switch (e.type) {
    case 'originated':
      if (s.phase !== 'reserved') return same(s);
      // dialed_at is stamped by the controller BEFORE the originate goes out (crash safety)
      return { state: { ...s, phase: 'dialing' }, effects: [] };

    case 'originate_failed': {
      // the call's own events got here first (Asterisk placed it, then the HTTP answer failed):
      // end it through Asterisk, the hangup event decides the outcome
      if (s.phase !== 'reserved') return { state: { ...s, cancelRequested: true }, effects: [{ kind: 'hangup' }] };
      const effects: Effect[] = [];
      if (s.agentId !== null) effects.push({ kind: 'release_agent', talked: false });
      effects.push({ kind: 'finalize' });
      return { state: { ...s, phase: 'ended', outcome: s.outcome ?? 'failed' }, effects };
    }

    case 'ringing':
      // under load Asterisk's events can overtake the originate's HTTP answer
      if (s.phase !== 'dialing' && s.phase !== 'reserved') return same(s);
      return { state: { ...s, phase: 'ringing' }, effects: [] };

    case 'answered': {
      if (!ANSWERABLE.includes(s.phase)) return same(s);
      const answered: CallState = { ...s, answered: true };
      const mark: Effect = { kind: 'mark', stamp: 'answered' };
      if (s.cancelRequested) {
        // answered while we were cancelling: a person may be there, hanging up now is an abandon
        return { state: { ...answered, phase: 'hanging_up', outcome: 'abandoned' }, effects: [mark, { kind: 'hangup' }] };
      }
      if (s.amdMode !== 'off') {
        return { state: { ...answered, phase: 'amd' }, effects: [mark, { kind: 'continue_to_amd' }] };
      }
      const t = personRecognised(answered);
      return { state: t.state, effects: [mark, ...t.effects] };
    }

    case 'amd': {
      if (s.phase !== 'amd') return same(s);
      if (e.status === 'MACHINE') {
        if (s.amdMode === 'message') {
          return {
            state: { ...s, phase: 'machine_message', outcome: 'machine' },
            effects: [{ kind: 'play', message: 'machine' }],
          };
        }
        return { state: { ...s, phase: 'hanging_up', outcome: 'machine' }, effects: [{ kind: 'hangup' }] };
      }
      if (e.status === 'HANGUP') return same(s); // the hangup event follows
      // HUMAN and NOTSURE: treat as a person (hanging up on an unsure person is an abandon)
      return personRecognised(s);
    }

    case 'agent_assigned':
      if (s.phase !== 'waiting') return same(s);
      return {
        state: { ...s, phase: 'connecting', agentId: e.agentId },
        effects: [{ kind: 'cancel_connect_deadline' }, { kind: 'bridge' }],
      };

    case 'bridged':
      if (s.phase !== 'connecting') return same(s);
      return {
        state: { ...s, phase: 'bridged', talked: true },
        effects: [{ kind: 'mark', stamp: 'bridged' }, { kind: 'start_recording' }, { kind: 'screen_pop' }],
      };

    case 'bridge_failed':
      if (s.phase !== 'connecting') return same(s);
      // the agent's channel went away under us: try another agent, the deadline still applies
      return {
        state: { ...s, phase: 'waiting', agentId: null, agentPreassigned: false },
        effects: [
          { kind: 'release_agent', talked: false },
          { kind: 'start_connect_deadline' },
          { kind: 'request_agent', priority: true },
        ],
      };

    case 'connect_deadline':
      if (s.phase !== 'waiting') return same(s);
      return {
        state: { ...s, phase: 'safe_message', outcome: 'abandoned' },
        effects: [{ kind: 'play', message: 'safe' }],
      };

    case 'playback_finished':
      if (s.phase !== 'safe_message' && s.phase !== 'machine_message') return same(s);
      return { state: { ...s, phase: 'hanging_up' }, effects: [{ kind: 'hangup' }] };

    case 'press_to_talk':
      if (s.phase !== 'ivr') return same(s);
      return {
        state: { ...s, phase: 'waiting' },
        effects: [{ kind: 'start_connect_deadline' }, { kind: 'request_agent', priority: true }],
      };

    case 'ivr_done':
      if (s.phase !== 'ivr') return same(s);
      return { state: { ...s, phase: 'hanging_up', outcome: 'ivr_completed' }, effects: [{ kind: 'hangup' }] };

    case 'agent_hangup':
      if (s.phase !== 'bridged') return same(s);
      return { state: { ...s, phase: 'hanging_up', outcome: 'connected' }, effects: [{ kind: 'hangup' }] };

    case 'cancel':
      if (s.phase === 'reserved') {
        const effects: Effect[] = [];
        if (s.agentId !== null) effects.push({ kind: 'release_agent', talked: false });
        effects.push({ kind: 'finalize' });
        return { state: { ...s, phase: 'ended', outcome: 'cancelled', cancelRequested: true }, effects };
      }
      if (!LIVE_BEFORE_ANSWER.includes(s.phase)) return same(s); // answered calls run to their end
      return { state: { ...s, cancelRequested: true }, effects: [{ kind: 'hangup' }] };
  }
}
