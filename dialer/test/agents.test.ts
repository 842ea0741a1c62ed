import { describe, expect, it } from 'vitest';
import { agentTransition, offlineAgent, pickAgent, type AgentEvent, type AgentRecord } from '../src/agents/state.js';

function play(events: Array<[AgentEvent, number]>): AgentRecord {
  let a = offlineAgent('ag1', 0);
  for (const [e, t] of events) a = agentTransition(a, e, t);
  return a;
}

describe('agent states', () => {
  const table: Array<{ name: string; events: Array<[AgentEvent, number]>; state: string; since: number; extra?: Partial<AgentRecord> }> = [
    { name: 'login leaves the agent paused until ready', events: [[{ type: 'login', name: 'Ana' }, 10]], state: 'paused', since: 10 },
    { name: 'ready', events: [[{ type: 'login', name: 'Ana' }, 10], [{ type: 'ready', campaignId: 'c1' }, 20]], state: 'ready', since: 20, extra: { campaignId: 'c1' } },
    {
      name: 'call then wrap-up then ready',
      events: [
        [{ type: 'login', name: 'Ana' }, 1],
        [{ type: 'ready', campaignId: null }, 2],
        [{ type: 'talk', callId: 'x' }, 3],
        [{ type: 'call_ended' }, 4],
        [{ type: 'wrapup_done' }, 5],
      ],
      state: 'ready',
      since: 5,
      extra: { callId: null },
    },
    {
      name: 'pause asked while talking applies after wrap-up',
      events: [
        [{ type: 'login', name: 'Ana' }, 1],
        [{ type: 'ready', campaignId: null }, 2],
        [{ type: 'talk', callId: 'x' }, 3],
        [{ type: 'pause', reason: 'lunch' }, 4],
        [{ type: 'call_ended' }, 5],
        [{ type: 'wrapup_done' }, 6],
      ],
      state: 'paused',
      since: 6,
      extra: { pauseReason: 'lunch' },
    },
    {
      name: 'logout while talking waits for the call to end',
      events: [
        [{ type: 'login', name: 'Ana' }, 1],
        [{ type: 'ready', campaignId: null }, 2],
        [{ type: 'talk', callId: 'x' }, 3],
        [{ type: 'logout' }, 4],
      ],
      state: 'talking',
      since: 3,
    },
    {
      name: 'preview reserve then skip returns to ready',
      events: [
        [{ type: 'login', name: 'Ana' }, 1],
        [{ type: 'ready', campaignId: null }, 2],
        [{ type: 'reserve', callId: 'x' }, 3],
        [{ type: 'unreserve' }, 4],
      ],
      state: 'ready',
      since: 4,
    },
    {
      name: 'softphone gone: offline whatever the state',
      events: [
        [{ type: 'login', name: 'Ana' }, 1],
        [{ type: 'ready', campaignId: null }, 2],
        [{ type: 'talk', callId: 'x' }, 3],
        [{ type: 'channel_gone' }, 9],
      ],
      state: 'offline',
      since: 9,
    },
  ];
  for (const row of table) {
    it(row.name, () => {
      const a = play(row.events);
      expect(a.state).toBe(row.state);
      expect(a.since).toBe(row.since);
      if (row.extra) expect(a).toMatchObject(row.extra);
    });
  }

  it('refuses to make a talking agent ready or to reserve a paused one', () => {
    const talking = play([
      [{ type: 'login', name: 'Ana' }, 1],
      [{ type: 'ready', campaignId: null }, 2],
      [{ type: 'talk', callId: 'x' }, 3],
    ]);
    expect(() => agentTransition(talking, { type: 'ready', campaignId: null }, 4)).toThrow(/cannot ready while talking/);
    const paused = play([[{ type: 'login', name: 'Ana' }, 1]]);
    expect(() => agentTransition(paused, { type: 'reserve', callId: 'y' }, 2)).toThrow(/cannot reserve while paused/);
  });
});

describe('routing: idle-longest ready agent of the campaign', () => {
  const a = (agentId: string, state: AgentRecord['state'], since: number, campaignId: string | null): AgentRecord => ({
    ...offlineAgent(agentId, 0),
    state,
    since,
    campaignId,
  });
  const table: Array<{ name: string; agents: AgentRecord[]; campaign: string; want: string | null }> = [
    { name: 'none ready', agents: [a('x', 'paused', 1, 'c'), a('y', 'talking', 1, 'c')], campaign: 'c', want: null },
    { name: 'longest idle wins', agents: [a('x', 'ready', 50, 'c'), a('y', 'ready', 10, 'c'), a('z', 'ready', 30, 'c')], campaign: 'c', want: 'y' },
    { name: 'other campaign skipped', agents: [a('x', 'ready', 1, 'other'), a('y', 'ready', 10, 'c')], campaign: 'c', want: 'y' },
    { name: 'agent with no campaign takes any', agents: [a('x', 'ready', 5, null), a('y', 'ready', 10, 'c')], campaign: 'c', want: 'x' },
    { name: 'wrapping agents are not ready', agents: [a('x', 'wrapping', 1, 'c'), a('y', 'ready', 10, 'c')], campaign: 'c', want: 'y' },
    { name: 'tie broken by id', agents: [a('b', 'ready', 5, 'c'), a('a', 'ready', 5, 'c')], campaign: 'c', want: 'a' },
  ];
  for (const row of table) {
    it(row.name, () => expect(pickAgent(row.agents, row.campaign)?.agentId ?? null).toBe(row.want));
  }
});
