// A machine answers a call the real dialer placed (ARI adapter, AMD in the dialplan) for a strategy whose
// amd_mode is 'message' and which has its own machine flow: the machine hears the IVR's flow, not the
// dialer's safe message, and the attempt ends as `machine`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeNumber } from '@cobranza/asterisk-config';
import { seedDebtor } from '../fixtures.js';
import { heardOn, makeDialerHarness, sessionFor, type DialerHarness } from './harness.js';

let h: DialerHarness;

beforeAll(async () => {
  h = await makeDialerHarness('machine');
});
afterAll(async () => h?.close());

const MACHINE_FLOW = {
  version: 1,
  kind: 'machine',
  start: 'message',
  prompts: { message: { es: 'Mensaje para contestadora de {{creditor.businessName}}. Llámenos al', en: 'A message from {{creditor.businessName}}. Call us at' } },
  nodes: {
    message: { verb: 'play', prompts: [{ prompt: 'message' }, { say: 'digits', value: 'creditor.callbackNumber' }], next: 'end' },
    end: { verb: 'hangup', outcome: 'machine_message' },
  },
};

describe('machine message through the IVR', () => {
  it('a machine on a strategy with a machine flow hears that flow; the attempt ends as machine', async () => {
    const phone = fakeNumber('machine', 40_000 + Math.floor(Math.random() * 9_000));
    const s = await seedDebtor(h.tdb.db, { phone, ivrFlow: { machine: MACHINE_FLOW } });
    await h.tdb.db.updateTable('strategies').set({ amd_mode: 'message' }).where('id', '=', s.strategyId).execute();
    const c = await h.tdb.db
      .insertInto('campaigns')
      .values({ name: 'Contestadoras', strategy_id: s.strategyId, dial_mode: 'agentless', status: 'running', settings: JSON.stringify({ mode: 'agentless', agentlessConcurrency: 1 }) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await h.tdb.db.insertInto('campaign_leads').values({ campaign_id: c.id, debtor_id: s.debtorId, account_id: s.accountId, status: 'pending' }).execute();
    await h.until('an IVR session', async () => h.runtime.finished.length > 0, 90_000);
    const r = await sessionFor(h, h.runtime.finished[0]!.channelId);
    expect(r.outcome).toBe('machine_message');
    expect(heardOn(h, r.channelId)[0]).toMatch(/^Mensaje para contestadora de /);
    let attempt;
    for (let i = 0; i < 60; i++) {
      attempt = await h.tdb.db.selectFrom('call_attempts').select(['id', 'status', 'outcome', 'amd_status']).where('id', '=', r.channelId).executeTakeFirst();
      if (attempt?.status === 'ended') break;
      await new Promise((res) => setTimeout(res, 500));
    }
    expect(attempt).toMatchObject({ status: 'ended', outcome: 'machine', amd_status: 'MACHINE' });
  }, 150_000);
});
