// Press 1 on a real call: the IVR hands the debtor to the real dialer's agent routing, which bridges the
// call to a SIP agent (SIPp logged in on its permanent channel) and publishes the screen pop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusEvents } from '@cobranza/contracts';
import { startSippAgents, type SippProcess } from '@cobranza/asterisk-config/sipp';
import { seedDebtor } from '../fixtures.js';
import { callDebtor, callInbound, fakeVoice, heardOn, makeDialerHarness, sessionFor, type DialerHarness } from './harness.js';

let h: DialerHarness;
const pops: BusEvents['screen.pop'][] = [];
let agentSipp: SippProcess | null = null;
const endpoint = `sipagent${150 + Math.floor(Math.random() * 50)}`;
let agentId = '';

beforeAll(async () => {
  h = await makeDialerHarness('ptt');
  await h.bus.subscribe('screen.pop', (p) => void pops.push(p));
  const user = await h.tdb.db
    .insertInto('users')
    .values({ email: `${endpoint}@test.co`, name: 'Agente SIP', role: 'agent', password_hash: 'x', sip_endpoint: endpoint })
    .returning('id')
    .executeTakeFirstOrThrow();
  agentId = user.id;
  agentSipp = await startSippAgents({ asterisk: { sipHost: h.env.sipHost, sipPort: h.env.sipPort }, agents: [endpoint], app: h.app, script: [{ silenceMs: 120_000 }], shiftMs: 120_000 });
  const deadline = Date.now() + 15_000;
  while (!h.running.dialer.agents.get(agentId)) {
    if (Date.now() > deadline) throw new Error(`SIP agent ${endpoint} did not log in to the dialer`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await h.bus.publish('agent.command', { agentId, command: 'ready' });
  while (h.running.dialer.agents.get(agentId)?.rec.state !== 'ready') {
    if (Date.now() > deadline) throw new Error(`agent ${endpoint} never became ready`);
    await new Promise((r) => setTimeout(r, 100));
  }
}, 120_000);

afterAll(async () => {
  await agentSipp?.stop();
  await h?.close();
});

describe('press-to-talk on a real call', () => {
  it('a debtor presses 1 and is bridged to the SIP agent, whose screen pops with the debtor', async () => {
    const s = await seedDebtor(h.tdb.db, { phone: '+573001230001' });
    const call = await callDebtor(h, [{ silenceMs: 300 }, { wav: fakeVoice(h.env, 'fake-person-hello') }, { silenceMs: 6000 }, { dtmf: '1' }, { silenceMs: 60_000 }]);
    try {
      expect(call.amd.status).toBe('HUMAN');
      const ctx = { callId: call.channelId, campaignId: null, debtorId: s.debtorId, accountId: s.accountId, e164: s.phone, locale: 'es-CO', creditor: { id: s.creditorId, code: 'BA', businessName: 'Banco Andino', callbackNumber: '6015551234' } };
      const r = await h.runtime.runAgentless(ctx, {
        signal: new AbortController().signal,
        pressToTalk: () => h.running.dialer.routeToAgent(ctx),
        finish: () => void h.ari.hangupQuietly(call.channelId),
      });
      expect(r).toMatchObject({ outcome: 'agent', handedOff: true });
      expect(r!.path.find((p) => p.step === 'agent')?.result).toBe(`agent:${agentId}`);
      expect(pops).toContainEqual(expect.objectContaining({ callId: call.channelId, agentId, debtorId: s.debtorId, via: 'ivr_press_to_talk', e164Masked: '+********0001' }));
      // the debtor's channel and the agent's permanent channel share one bridge, and the debtor is still up
      const bridges = await h.ari.listBridges();
      const shared = bridges.find((b) => b.channels.includes(call.channelId));
      expect(shared?.channels).toHaveLength(2);
      expect(h.running.dialer.agents.get(agentId)?.rec.state).toBe('talking');
      expect(heardOn(h, call.channelId)).toContain('Le comunicamos con un asesor. Por favor espere.');
      const session = await h.tdb.db.selectFrom('ivr_sessions').select(['outcome', 'debtor_id']).where('id', '=', r!.sessionId).executeTakeFirstOrThrow();
      expect(session).toEqual({ outcome: 'agent', debtor_id: s.debtorId });
    } finally {
      await h.ari.hangupQuietly(call.channelId);
      await call.sipp.stop();
    }
  }, 90_000);

  it('an identified caller on the self-service line presses 4 and reaches the agent the same way', async () => {
    // the debtor of the previous test hung up (a call the IVR handed over, not placed by the dialer): the dialer
    // follows that channel, so the agent went to wrap-up by itself
    const deadline = Date.now() + 40_000;
    while (h.running.dialer.agents.get(agentId)?.rec.state !== 'wrapping') {
      if (Date.now() > deadline) throw new Error(`agent not in wrap-up after the debtor hung up: ${h.running.dialer.agents.get(agentId)?.rec.state}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    await h.bus.publish('agent.command', { agentId, command: 'wrapup_done' });
    await h.bus.publish('agent.command', { agentId, command: 'ready' });
    while (h.running.dialer.agents.get(agentId)?.rec.state !== 'ready') {
      if (Date.now() > deadline) throw new Error(`agent not ready again: ${h.running.dialer.agents.get(agentId)?.rec.state}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const s = await seedDebtor(h.tdb.db, { document: '81234567', birthDate: '1979-02-03', phone: '+573001230044' });
    const sipp = await callInbound(h, '+573005550044', [{ silenceMs: 7000 }, { dtmf: '81234567#' }, { silenceMs: 3000 }, { dtmf: '03021979#' }, { silenceMs: 12_000 }, { dtmf: '4' }, { silenceMs: 60_000 }], 60_000);
    try {
      const seen = new Set(h.runtime.finished.map((r) => r.channelId));
      let channelId = '';
      const until = Date.now() + 15_000;
      while (!channelId) {
        channelId = [...h.runtime.media.keys()].find((id) => !seen.has(id) && !id.startsWith('ivr-out-')) ?? '';
        if (!channelId && Date.now() > until) throw new Error('the inbound call never reached the IVR');
        await new Promise((r) => setTimeout(r, 50));
      }
      const r = await sessionFor(h, channelId);
      expect(r).toMatchObject({ outcome: 'agent', identified: true, handedOff: true });
      expect(pops).toContainEqual(expect.objectContaining({ callId: channelId, agentId, debtorId: s.debtorId, via: 'ivr_press_to_talk' }));
      const bridges = await h.ari.listBridges();
      expect(bridges.find((b) => b.channels.includes(channelId))?.channels).toHaveLength(2);
      expect(heardOn(h, channelId)).toContain('Le comunicamos con un asesor. Por favor espere.');
      // the caller's channel ends (SIPp killed would not send a BYE): the dialer, which follows the inbound
      // channel since press-to-talk, frees the agent
      await h.ari.hangupQuietly(channelId);
      const freeBy = Date.now() + 20_000;
      while (h.running.dialer.agents.get(agentId)?.rec.state !== 'wrapping') {
        if (Date.now() > freeBy) throw new Error(`agent not in wrap-up after the caller hung up: ${h.running.dialer.agents.get(agentId)?.rec.state}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      await sipp.stop();
    }
  }, 120_000);
});
