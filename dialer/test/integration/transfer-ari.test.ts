// Transfer to a supervisor on the real Asterisk: a SIP agent talks with a fake-PSTN debtor the dialer
// called; the agent transfers; the debtor ends up in one bridge with the supervisor's permanent channel
// (a SIP endpoint that called supervisor-login), the agent's bridge holds only the agent, the agent wraps up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeNumber, type AsteriskEnv } from '@cobranza/asterisk-config';
import { startSippAgents, type SippProcess } from '@cobranza/asterisk-config/sipp';
import { createTestDatabase, type TestDatabase } from '@cobranza/db/testing';
import { connectPostgres, type Db, type DbHandle } from '@cobranza/db';
import { buildWorld } from '../fixtures.js';
import { appName, asterisk, colombianBusinessHours, startAriRig, until, type AriRig } from './harness.js';

let t: TestDatabase;
let own: DbHandle;
let db: Db;
let env: AsteriskEnv;
let rig: AriRig | null = null;
const sipps: SippProcess[] = [];

beforeAll(async () => {
  env = asterisk();
  t = await createTestDatabase('dialer_transfer_ari');
  own = connectPostgres(t.url, 6);
  db = own.db;
});
afterAll(async () => {
  await rig?.stop();
  for (const s of sipps) await s.stop();
  await own?.close();
  await new Promise((r) => setTimeout(r, 500));
  await t?.drop();
});

describe('transfer to a supervisor (real Asterisk)', () => {
  it('moves the debtor into the supervisor\'s bridge and sends the agent to wrap-up', async () => {
    const n = 130 + Math.floor(Math.random() * 10) * 2; // sipagent1..200 exist; the IVR tests use 150..199
    const [agentEp, supEp] = [`sipagent${n}`, `sipagent${n + 1}`];
    const w = await buildWorld(db, { debtors: [{ phones: [fakeNumber('person', 50_000 + Math.floor(Math.random() * 9_000))] }], dialMode: 'progressive', amdMode: 'off', settings: { mode: 'progressive', wrapUpSeconds: 120 }, campaignStatus: 'paused' });
    const app = appName('transfer');
    // the debtor is in Colombia: the dialer's clock runs from the next hours the CO profile allows
    rig = await startAriRig({ db, env, app, campaignId: w.campaignId, creditor: { code: 'BA', businessName: 'Banco Andino', callbackNumber: '6015550000' }, clock: await colombianBusinessHours() });
    const agent = await db.insertInto('users').values({ email: `${agentEp}-${app}@t.co`, name: 'Agente', password_hash: 'x', role: 'agent', sip_endpoint: agentEp }).returning('id').executeTakeFirstOrThrow();
    const sup = await db.insertInto('users').values({ email: `${supEp}-${app}@t.co`, name: 'Supervisora', password_hash: 'x', role: 'supervisor', sip_endpoint: supEp }).returning('id').executeTakeFirstOrThrow();
    const sip = { sipHost: env.sipHost, sipPort: env.sipPort };
    sipps.push(await startSippAgents({ asterisk: sip, agents: [agentEp], app, script: [{ silenceMs: 90_000 }], shiftMs: 90_000 }));
    sipps.push(await startSippAgents({ asterisk: sip, agents: [supEp], app, extension: 'supervisor-login', script: [{ silenceMs: 90_000 }], shiftMs: 90_000 }));
    const r = rig;
    await until('the agent to log in', () => !!r.dialer.agents.get(agent.id)?.bridgeId, 20_000);
    await new Promise((res) => setTimeout(res, 1500)); // the supervisor's login arrives on its own
    await r.bus.publish('agent.command', { agentId: agent.id, command: 'ready', campaignId: w.campaignId });
    await r.bus.publish('campaign.command', { campaignId: w.campaignId, command: 'start', by: 'test' });
    await r.untilCalled('the debtor to be bridged to the agent', () => r.dialer.agents.get(agent.id)?.rec.state === 'talking', 30_000);
    const callId = r.dialer.agents.get(agent.id)!.rec.callId!;
    const agentBridge = r.dialer.agents.get(agent.id)!.bridgeId!;

    expect(await r.dialer.transfer(agent.id)).toBe(sup.id);
    expect(r.dialer.agents.get(agent.id)!.rec.state).toBe('wrapping');
    const bridges = await r.telephony.connection.listBridges();
    const withDebtor = bridges.find((b) => b.channels.includes(callId));
    expect(withDebtor?.id).not.toBe(agentBridge);
    expect(withDebtor?.channels).toHaveLength(2); // the debtor and the supervisor's permanent channel
    expect(bridges.find((b) => b.id === agentBridge)?.channels).toHaveLength(1); // the agent alone
    expect(r.pops).toContainEqual(expect.objectContaining({ callId, agentId: sup.id, via: 'transfer' }));

    // the supervisor's softphone hangs up: the debtor's call ends, connected
    await r.telephony.hangup(withDebtor!.channels.find((c) => c !== callId)!);
    await until('the attempt to end', async () => (await db.selectFrom('call_attempts').select('status').where('id', '=', callId).executeTakeFirst())?.status === 'ended', 20_000);
    expect(await db.selectFrom('call_attempts').select(['outcome']).where('id', '=', callId).executeTakeFirstOrThrow()).toEqual({ outcome: 'connected' });
  }, 120_000);
});
