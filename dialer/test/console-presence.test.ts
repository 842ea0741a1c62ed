// The agent's console going away: no calls at once, logged out after the grace period, back as before
// when the console returns in time. Runs the real state machine (agents/state.ts) on a virtual clock.
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../src/clock.js';
import { ConsolePresence } from '../src/agents/console-presence.js';
import { agentTransition, offlineAgent, pickAgent, type AgentEvent, type AgentRecord } from '../src/agents/state.js';

function setup(graceMs = 60_000) {
  const clock = new VirtualClock();
  let rec: AgentRecord = offlineAgent('a1', clock.now());
  const apply = (e: AgentEvent) => (rec = agentTransition(rec, e, clock.now()));
  apply({ type: 'login', name: 'Ana' });
  apply({ type: 'ready', campaignId: 'c1' });
  const presence = new ConsolePresence({
    clock,
    graceMs,
    record: () => rec,
    command: async (_id, command, extra) => {
      if (command === 'pause') apply({ type: 'pause', reason: extra!.pauseReason! });
      else if (command === 'ready') apply({ type: 'ready', campaignId: extra?.campaignId ?? null });
      else apply({ type: 'logout' });
    },
    pauseAfterWork: (_id, reason) => apply({ type: 'pause_after_work', reason }),
    log: () => undefined,
  });
  return { clock, presence, apply, rec: () => rec };
}

describe('an agent whose console went away', () => {
  it('is not picked for a call at once, and is logged out when the grace period ends', async () => {
    const { clock, presence, rec } = setup();
    expect(pickAgent([rec()], 'c1')?.agentId).toBe('a1');
    await presence.onConsole('a1', false);
    expect(rec()).toMatchObject({ state: 'paused', pauseReason: 'console_lost' });
    expect(pickAgent([rec()], 'c1')).toBeNull();
    await clock.advance(59_000);
    expect(rec().state).toBe('paused');
    await clock.advance(2_000);
    expect(rec().state).toBe('offline');
  });

  it('is ready again for the same campaign when the console comes back within the grace period (a reload)', async () => {
    const { clock, presence, rec } = setup();
    await presence.onConsole('a1', false);
    await clock.advance(5_000);
    await presence.onConsole('a1', true);
    expect(rec()).toMatchObject({ state: 'ready', campaignId: 'c1', pauseReason: null });
    await clock.advance(120_000);
    expect(rec().state).toBe('ready');
  });

  it('keeps a call in progress; the logout waits for the call to end, nothing is cut', async () => {
    const { clock, presence, apply, rec } = setup(10_000);
    apply({ type: 'talk', callId: 'call-1' });
    await presence.onConsole('a1', false);
    expect(rec()).toMatchObject({ state: 'talking', callId: 'call-1', pendingPause: 'console_lost' });
    await clock.advance(11_000);
    expect(rec()).toMatchObject({ state: 'talking', callId: 'call-1', pendingLogout: true });
    apply({ type: 'call_ended' });
    apply({ type: 'wrapup_done' });
    expect(rec().state).toBe('offline');
  });

  it('a reload (F5) during a call or its wrap-up keeps the agent at work, and ready after the wrap-up, as before', async () => {
    const { clock, presence, apply, rec } = setup();
    apply({ type: 'talk', callId: 'call-1' });
    await presence.onConsole('a1', false);
    await clock.advance(2_000);
    await presence.onConsole('a1', true);
    expect(rec()).toMatchObject({ state: 'talking', callId: 'call-1', pendingPause: null });
    apply({ type: 'call_ended' });
    await presence.onConsole('a1', false); // F5 again, in wrap-up: still in wrap-up (the disposition is due)
    expect(rec()).toMatchObject({ state: 'wrapping', callId: 'call-1', pendingPause: 'console_lost' });
    expect(pickAgent([rec()], 'c1')).toBeNull();
    await presence.onConsole('a1', true);
    apply({ type: 'wrapup_done' });
    expect(rec()).toMatchObject({ state: 'ready', pauseReason: null });
  });

  it("a reload keeps the pause the agent asked for during the call (only the absence's own is withdrawn)", async () => {
    const { presence, apply, rec } = setup();
    apply({ type: 'talk', callId: 'call-1' });
    apply({ type: 'pause', reason: 'lunch' });
    await presence.onConsole('a1', false);
    await presence.onConsole('a1', true);
    apply({ type: 'call_ended' });
    apply({ type: 'wrapup_done' });
    expect(rec()).toMatchObject({ state: 'paused', pauseReason: 'lunch' });
  });

  it('a console back after the agent paused on purpose does not make the agent ready', async () => {
    const { presence, apply, rec } = setup();
    apply({ type: 'pause', reason: 'lunch' });
    await presence.onConsole('a1', false);
    await presence.onConsole('a1', true);
    expect(rec()).toMatchObject({ state: 'paused', pauseReason: 'lunch' });
  });
});
