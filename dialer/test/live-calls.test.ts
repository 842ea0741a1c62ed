// Calls the dialer handles beyond its own campaign loop (inbound press-to-talk, machine flows of the IVR,
// transfers, lost events), on the simulated adapter and a virtual clock, against a real Postgres.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@cobranza/db';
import { buildWorld } from './fixtures.js';
import { agents, rig } from './sim-rig.js';
import { useTestDb } from './test-db.js';

const tdb = useTestDb('dialer_live_calls', 6);
let db: Db;
beforeAll(() => {
  db = tdb.db;
});

describe('inbound press-to-talk (a call the dialer did not place)', () => {
  it('when the caller hangs up, the agent leaves "talking" for wrap-up', async () => {
    const w = await buildWorld(db, { debtors: [{ phones: ['+573001515151'] }], dialMode: 'progressive', amdMode: 'off', settings: { mode: 'progressive', wrapUpSeconds: 60 }, campaignStatus: 'paused' });
    const r = await rig(db, w.campaignId);
    const [agent] = await agents(r, 1, w.campaignId);
    const channel = r.tel.inboundCall('inbound-1', 20);
    const d = w.debtors[0]!;
    r.dialer.routeToAgent({ callId: channel, campaignId: null, debtorId: d.debtorId, accountId: d.accountId, e164: '+573001515151', locale: 'es-CO', creditor: { id: w.creditorId, code: 'BA', businessName: 'Banco Andino', callbackNumber: '6015550000' } });
    await r.run(1);
    expect(r.dialer.agents.get(agent!)!.rec).toMatchObject({ state: 'talking', callId: channel });
    expect(r.pops).toContainEqual(expect.objectContaining({ callId: channel, agentId: agent, via: 'ivr_press_to_talk' }));
    await r.run(25); // the caller hangs up after 20 s of talk
    expect(r.dialer.agents.get(agent!)!.rec.state).toBe('wrapping');
    expect(r.dialer.calls.get(channel)).toBeUndefined();
    await r.close();
  }, 60_000);

  it('a caller who hung up before the routing never leaves an agent talking', async () => {
    const w = await buildWorld(db, { debtors: [{ phones: ['+573001515161'] }], dialMode: 'progressive', amdMode: 'off', settings: { mode: 'progressive' }, campaignStatus: 'paused' });
    const r = await rig(db, w.campaignId);
    const [agent] = await agents(r, 1, w.campaignId);
    const d = w.debtors[0]!;
    r.dialer.routeToAgent({ callId: 'inbound-gone', campaignId: null, debtorId: d.debtorId, accountId: d.accountId, e164: '+573001515161', locale: 'es-CO', creditor: { id: w.creditorId, code: 'BA', businessName: 'Banco Andino', callbackNumber: '6015550000' } });
    await r.run(2);
    expect(r.dialer.agents.get(agent!)!.rec.state).toBe('ready');
    expect(r.dialer.calls.get('inbound-gone')).toBeUndefined();
    await r.close();
  }, 60_000);
});

describe('machine message through the IVR', () => {
  const world = () =>
    buildWorld(db, { debtors: [{ phones: ['+573001616166'] }], dialMode: 'progressive', amdMode: 'message', settings: { mode: 'progressive', wrapUpSeconds: 1 } });

  it('a machine on a strategy with a machine flow hears the IVR flow, not the dialer\'s safe message', async () => {
    const w = await world();
    const r = await rig(db, w.campaignId);
    const seen: Array<{ callId: string; strategyId: string | null }> = [];
    r.dialer.setMachineHandler((ctx, controls) => {
      seen.push({ callId: ctx.callId, strategyId: ctx.strategyId });
      r.clock.setTimeout(() => controls.finish(), 6000); // the flow plays for 6 s
      return true;
    });
    await agents(r, 1, w.campaignId);
    await r.run(20);
    const [a] = await db.selectFrom('call_attempts').selectAll().where('campaign_id', '=', w.campaignId).execute();
    expect(a).toMatchObject({ outcome: 'machine', status: 'ended' });
    expect(seen).toEqual([{ callId: a!.id, strategyId: w.strategyId }]);
    expect(r.tel.counts.played).toBe(0); // the dialer played nothing on it
    const ended = a!.ended_at!.getTime() - a!.answered_at!.getTime();
    expect(ended).toBeGreaterThanOrEqual(6000); // hung up only once the flow finished
    await r.close();
  }, 60_000);

  it('without a flow for the strategy (the handler declines, or throws) the safe message plays', async () => {
    for (const handler of [() => false, () => Promise.reject(new Error('boom'))]) {
      const w = await world();
      const r = await rig(db, w.campaignId);
      r.dialer.setMachineHandler(handler);
      await agents(r, 1, w.campaignId);
      await r.run(20);
      const [a] = await db.selectFrom('call_attempts').selectAll().where('campaign_id', '=', w.campaignId).execute();
      expect(a).toMatchObject({ outcome: 'machine', status: 'ended' });
      expect(r.tel.counts.played).toBe(1);
      expect(r.obs.some((o) => o.type === 'playback_started' && o.message === 'machine' && o.call.id === a!.id)).toBe(true);
      await r.close();
    }
  }, 60_000);
});

describe('transfer to a supervisor', () => {
  it('moves the debtor to a free supervisor, pops their screen, sends the agent to wrap-up; the agent\'s hang-up no longer cuts the debtor', async () => {
    // last digit 1: a person who talks 40 s once bridged
    const w = await buildWorld(db, { debtors: [{ phones: ['+573001717171'] }], dialMode: 'progressive', amdMode: 'off', settings: { mode: 'progressive', wrapUpSeconds: 120 } });
    const r = await rig(db, w.campaignId);
    const [agent] = await agents(r, 1, w.campaignId);
    await r.run(4);
    const call = r.dialer.agents.get(agent!)!.rec.callId!;
    expect(r.dialer.agents.get(agent!)!.rec.state).toBe('talking');

    // nobody to take it: refused, the agent keeps the debtor
    await r.bus.publish('agent.command', { agentId: agent!, command: 'transfer' });
    await r.run(0.4);
    expect(r.dialer.agents.get(agent!)!.rec.state).toBe('talking');

    const sip = `sup${Math.random().toString(36).slice(2, 7)}`;
    const sup = await db.insertInto('users').values({ email: `${sip}@t.co`, name: 'Supervisora', password_hash: 'x', role: 'supervisor', sip_endpoint: sip }).returning('id').executeTakeFirstOrThrow();
    r.tel.loginSupervisor(sip);
    await r.run(0.4);
    const agentBridge = r.dialer.agents.get(agent!)!.bridgeId;
    await r.bus.publish('agent.command', { agentId: agent!, command: 'transfer' });
    await r.run(0.4);
    expect(r.dialer.agents.get(agent!)!.rec.state).toBe('wrapping');
    const live = r.dialer.calls.get(call)!;
    expect(live.transferredTo).toBe(sup.id);
    expect(live.bridgeId).not.toBe(agentBridge);
    expect(r.pops).toContainEqual(expect.objectContaining({ callId: call, agentId: sup.id, via: 'transfer' }));

    await r.bus.publish('agent.command', { agentId: agent!, command: 'hangup' });
    await r.run(5);
    expect(r.dialer.calls.get(call)?.state.phase).toBe('bridged'); // still talking to the supervisor

    await r.run(45); // the debtor hangs up after 40 s
    const row = await db.selectFrom('call_attempts').select(['outcome', 'agent_id']).where('id', '=', call).executeTakeFirstOrThrow();
    expect(row).toEqual({ outcome: 'connected', agent_id: agent });
    expect(r.dialer.calls.get(call)).toBeUndefined();
    expect(r.dialer.agents.get(agent!)!.rec.state).toBe('wrapping'); // released once, not twice
    await r.close();
  }, 60_000);

  it('the supervisor hanging up ends the transferred debtor\'s call', async () => {
    const w = await buildWorld(db, { debtors: [{ phones: ['+573001717181'] }], dialMode: 'progressive', amdMode: 'off', settings: { mode: 'progressive', wrapUpSeconds: 120 } });
    const r = await rig(db, w.campaignId);
    const [agent] = await agents(r, 1, w.campaignId);
    const sip = `sup${Math.random().toString(36).slice(2, 7)}`;
    await db.insertInto('users').values({ email: `${sip}@t.co`, name: 'Supervisor', password_hash: 'x', role: 'admin', sip_endpoint: sip }).execute();
    const supChannel = r.tel.loginSupervisor(sip);
    await r.run(4);
    const call = r.dialer.agents.get(agent!)!.rec.callId!;
    expect(await r.dialer.transfer(agent!)).not.toBeNull();
    await r.run(2);
    r.tel.dropChannel(supChannel);
    await r.run(1);
    expect(r.dialer.calls.get(call)).toBeUndefined();
    const row = await db.selectFrom('call_attempts').select(['outcome', 'status']).where('id', '=', call).executeTakeFirstOrThrow();
    expect(row).toEqual({ outcome: 'connected', status: 'ended' });
    await r.close();
  }, 60_000);
});

describe('events lost while the channel is up', () => {
  // a patient person: still on the line when the watchdog looks
  const patient = () => ({ kind: 'person' as const, ringSec: 1.3, greetingSec: 1.5, talkSec: 20, patienceSec: 300 });

  it('the watchdog reads the channel: a person who answered unseen is routed to the agent, not hung up on', async () => {
    const w = await buildWorld(db, { debtors: [{ phones: ['+573002222201'] }], dialMode: 'progressive', amdMode: 'off', settings: { mode: 'progressive', ringTimeoutSec: 15, wrapUpSeconds: 1 } });
    const r = await rig(db, w.campaignId, { plan: patient });
    r.tel.lose = (e) => e.type === 'answered';
    const [agent] = await agents(r, 1, w.campaignId);
    await r.run(45); // ring timeout 15 s + 20 s grace, then the 5 s watchdog
    const [a] = await db.selectFrom('call_attempts').selectAll().where('campaign_id', '=', w.campaignId).execute();
    expect(a!.answered_at).not.toBeNull();
    expect(a!.bridged_at).not.toBeNull();
    expect(r.pops).toContainEqual(expect.objectContaining({ callId: a!.id, agentId: agent }));
    await r.run(25);
    const done = await db.selectFrom('call_attempts').select(['outcome', 'status']).where('id', '=', a!.id).executeTakeFirstOrThrow();
    expect(done).toEqual({ outcome: 'connected', status: 'ended' });
    await r.close();
  }, 60_000);

  it('after a WebSocket drop the dialer resumes at once: the AMD verdict it missed is read from the channel', async () => {
    const w = await buildWorld(db, { debtors: [{ phones: ['+573002222211'] }], dialMode: 'progressive', amdMode: 'hangup', settings: { mode: 'progressive', wrapUpSeconds: 1 } });
    const r = await rig(db, w.campaignId, { plan: patient });
    let dropped = true;
    r.tel.lose = (e) => dropped && e.type === 'amd';
    const [agent] = await agents(r, 1, w.campaignId);
    await r.run(6); // answered at 1.3 s, AMD says HUMAN at ~4.3 s: lost
    const call = [...r.dialer.calls.calls.values()][0]!;
    expect(call.state.phase).toBe('amd');
    dropped = false;
    r.tel.reconnect();
    await r.run(1);
    expect(r.dialer.agents.get(agent!)!.rec).toMatchObject({ state: 'talking', callId: call.id });
    const row = await db.selectFrom('call_attempts').select(['amd_status', 'human_at']).where('id', '=', call.id).executeTakeFirstOrThrow();
    expect(row.amd_status).toBe('HUMAN');
    await r.close();
  }, 60_000);
});
