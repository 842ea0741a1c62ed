import { describe, expect, it } from 'vitest';
import type { NetworkOutcome } from '../src/telephony/types.js';
import { initialCall, transition, type CallEvent, type CallState, type Effect, type Phase } from '../src/call/machine.js';

function run(start: CallState, events: CallEvent[]): { state: CallState; effects: Effect['kind'][] } {
  let s = start;
  const effects: Effect['kind'][] = [];
  for (const e of events) {
    const t = transition(s, e);
    s = t.state;
    effects.push(...t.effects.map((x) => x.kind));
  }
  return { state: s, effects };
}

const hangup = (networkOutcome: NetworkOutcome | null = null): CallEvent => ({ type: 'hangup', networkOutcome });

describe('call state machine: paths to an outcome', () => {
  const table: Array<{
    name: string;
    mode?: 'predictive' | 'progressive' | 'preview' | 'agentless';
    amd?: 'off' | 'hangup' | 'message';
    agent?: string | null;
    events: CallEvent[];
    phase: Phase;
    outcome: string | null;
    includes?: Effect['kind'][];
    excludes?: Effect['kind'][];
  }> = [
    { name: 'busy before answer', events: [{ type: 'originated' }, { type: 'ringing' }, hangup('busy')], phase: 'ended', outcome: 'busy' },
    { name: 'unallocated number', events: [{ type: 'originated' }, hangup('invalid_number')], phase: 'ended', outcome: 'invalid_number' },
    { name: 'ring timeout', events: [{ type: 'originated' }, { type: 'ringing' }, hangup('no_answer')], phase: 'ended', outcome: 'no_answer' },
    { name: 'originate refused', events: [{ type: 'originate_failed' }], phase: 'ended', outcome: 'failed', includes: ['finalize'] },
    {
      name: 'person, amd off, no agent yet: waits with deadline',
      amd: 'off',
      events: [{ type: 'originated' }, { type: 'answered' }],
      phase: 'waiting',
      outcome: null,
      includes: ['mark', 'start_connect_deadline', 'request_agent'],
      excludes: ['continue_to_amd'],
    },
    {
      name: 'amd runs before recognising a person',
      amd: 'hangup',
      events: [{ type: 'originated' }, { type: 'answered' }],
      phase: 'amd',
      outcome: null,
      includes: ['continue_to_amd'],
      excludes: ['request_agent'],
    },
    {
      name: 'person bridged to agent: connected',
      amd: 'hangup',
      events: [{ type: 'originated' }, { type: 'answered' }, { type: 'amd', status: 'HUMAN' }, { type: 'agent_assigned', agentId: 'a1' }, { type: 'bridged' }, hangup()],
      phase: 'ended',
      outcome: 'connected',
      includes: ['bridge', 'start_recording', 'screen_pop', 'release_agent', 'finalize'],
    },
    {
      name: 'NOTSURE is treated as a person',
      amd: 'hangup',
      events: [{ type: 'originated' }, { type: 'answered' }, { type: 'amd', status: 'NOTSURE' }],
      phase: 'waiting',
      outcome: null,
      includes: ['request_agent'],
    },
    {
      name: 'machine, amd hangup',
      amd: 'hangup',
      events: [{ type: 'originated' }, { type: 'answered' }, { type: 'amd', status: 'MACHINE' }, hangup()],
      phase: 'ended',
      outcome: 'machine',
      includes: ['hangup'],
      excludes: ['play', 'request_agent'],
    },
    {
      name: 'machine, amd message: plays the non-revealing message then hangs up',
      amd: 'message',
      events: [{ type: 'originated' }, { type: 'answered' }, { type: 'amd', status: 'MACHINE' }, { type: 'playback_finished' }, hangup()],
      phase: 'ended',
      outcome: 'machine',
      includes: ['play', 'hangup'],
    },
    {
      name: 'no agent before the deadline: safe message, abandoned',
      amd: 'off',
      events: [{ type: 'originated' }, { type: 'answered' }, { type: 'connect_deadline' }, { type: 'playback_finished' }, hangup()],
      phase: 'ended',
      outcome: 'abandoned',
      includes: ['play', 'hangup'],
    },
    {
      name: 'agent assigned after the deadline fired is ignored',
      amd: 'off',
      events: [{ type: 'originated' }, { type: 'answered' }, { type: 'connect_deadline' }, { type: 'agent_assigned', agentId: 'a1' }],
      phase: 'safe_message',
      outcome: 'abandoned',
      excludes: ['bridge'],
    },
    {
      name: 'person hangs up while waiting: abandoned',
      amd: 'off',
      events: [{ type: 'originated' }, { type: 'answered' }, hangup()],
      phase: 'ended',
      outcome: 'abandoned',
    },
    {
      name: 'hangup during AMD counts as abandoned (safe side)',
      amd: 'hangup',
      events: [{ type: 'originated' }, { type: 'answered' }, hangup()],
      phase: 'ended',
      outcome: 'abandoned',
    },
    {
      name: 'preview: agent chosen before dialing, bridged at answer without waiting',
      mode: 'preview',
      amd: 'off',
      agent: 'a1',
      events: [{ type: 'originated' }, { type: 'answered' }],
      phase: 'connecting',
      outcome: null,
      includes: ['bridge'],
      excludes: ['request_agent', 'start_connect_deadline'],
    },
    {
      name: 'preview: busy releases the agent',
      mode: 'preview',
      agent: 'a1',
      events: [{ type: 'originated' }, hangup('busy')],
      phase: 'ended',
      outcome: 'busy',
      includes: ['release_agent'],
    },
    {
      name: 'agentless: person goes to the IVR, completes',
      mode: 'agentless',
      amd: 'off',
      events: [{ type: 'originated' }, { type: 'answered' }, { type: 'ivr_done' }, hangup()],
      phase: 'ended',
      outcome: 'ivr_completed',
      includes: ['handoff_ivr'],
      excludes: ['request_agent'],
    },
    {
      name: 'agentless: press-to-talk asks for an agent with priority',
      mode: 'agentless',
      amd: 'off',
      events: [{ type: 'originated' }, { type: 'answered' }, { type: 'press_to_talk' }, { type: 'agent_assigned', agentId: 'a1' }, { type: 'bridged' }, hangup()],
      phase: 'ended',
      outcome: 'connected',
      includes: ['handoff_ivr', 'request_agent', 'bridge', 'screen_pop'],
    },
    {
      name: 'bridge failure goes back to waiting for another agent',
      amd: 'off',
      events: [{ type: 'originated' }, { type: 'answered' }, { type: 'agent_assigned', agentId: 'a1' }, { type: 'bridge_failed' }],
      phase: 'waiting',
      outcome: null,
      includes: ['release_agent', 'request_agent'],
    },
    {
      name: 'cancel while ringing: cancelled',
      events: [{ type: 'originated' }, { type: 'ringing' }, { type: 'cancel' }, hangup('no_answer')],
      phase: 'ended',
      outcome: 'cancelled',
      includes: ['hangup'],
    },
    {
      name: 'cancel before originate: never dialed',
      events: [{ type: 'cancel' }],
      phase: 'ended',
      outcome: 'cancelled',
      excludes: ['hangup', 'originate'],
    },
    {
      name: 'answer racing a cancel is an abandon, not silence',
      amd: 'off',
      events: [{ type: 'originated' }, { type: 'cancel' }, { type: 'answered' }, hangup()],
      phase: 'ended',
      outcome: 'abandoned',
      excludes: ['request_agent'],
    },
    {
      name: 'agent hangs up on the debtor',
      amd: 'off',
      events: [{ type: 'originated' }, { type: 'answered' }, { type: 'agent_assigned', agentId: 'a1' }, { type: 'bridged' }, { type: 'agent_hangup' }, hangup()],
      phase: 'ended',
      outcome: 'connected',
    },
    {
      name: 'answer overtaking the originate response is not lost',
      amd: 'hangup',
      events: [{ type: 'ringing' }, { type: 'answered' }, { type: 'originated' }],
      phase: 'amd',
      outcome: null,
      includes: ['continue_to_amd'],
    },
    {
      name: 'originate reported failed after the call already rang: hung up, outcome from the hangup',
      events: [{ type: 'ringing' }, { type: 'originate_failed' }, hangup()],
      phase: 'ended',
      outcome: 'cancelled',
      includes: ['hangup', 'finalize'],
    },
    {
      name: 'events after the end change nothing',
      events: [{ type: 'originated' }, hangup('busy'), { type: 'answered' }, { type: 'amd', status: 'HUMAN' }],
      phase: 'ended',
      outcome: 'busy',
    },
  ];

  for (const row of table) {
    it(row.name, () => {
      const { state, effects } = run(initialCall(row.mode ?? 'predictive', row.amd ?? 'hangup', row.agent ?? null), row.events);
      expect(state.phase).toBe(row.phase);
      expect(state.outcome).toBe(row.outcome);
      for (const k of row.includes ?? []) expect(effects).toContain(k);
      for (const k of row.excludes ?? []) expect(effects).not.toContain(k);
    });
  }

  it('an agent who talked goes to wrap-up, also when the agent hung up first', () => {
    for (const last of [[] as CallEvent[], [{ type: 'agent_hangup' } as CallEvent]]) {
      let s = initialCall('predictive', 'off');
      const effects: Effect[] = [];
      for (const e of [{ type: 'originated' }, { type: 'answered' }, { type: 'agent_assigned', agentId: 'a1' }, { type: 'bridged' }, ...last, hangup()] as CallEvent[]) {
        const t = transition(s, e);
        s = t.state;
        effects.push(...t.effects);
      }
      expect(effects.filter((x) => x.kind === 'release_agent')).toEqual([{ kind: 'release_agent', talked: true }]);
    }
    let s = initialCall('predictive', 'off');
    for (const e of [{ type: 'originated' }, { type: 'answered' }, { type: 'agent_assigned', agentId: 'a1' }] as CallEvent[]) s = transition(s, e).state;
    expect(transition(s, hangup()).effects).toContainEqual({ kind: 'release_agent', talked: false });
  });

  it('finalizes exactly once on every path', () => {
    for (const row of table) {
      const { effects } = run(initialCall(row.mode ?? 'predictive', row.amd ?? 'hangup', row.agent ?? null), [...row.events, hangup(), hangup()]);
      expect(effects.filter((k) => k === 'finalize').length, row.name).toBe(1);
    }
  });
});
