// The dialer's agentless mode driving the IVR: the real Dialer (ARI adapter, real compliance gate) places the
// call through the fake PSTN, a person answers and presses 9 during the message; the IVR records the opt-out,
// and the second campaign holding the same debtor is refused by the gate: nobody calls that debtor again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeNumber } from '@cobranza/asterisk-config';
import { ComplianceGate } from '@cobranza/compliance';
import { PgComplianceStore } from '@cobranza/db/stores/compliance-store';
import { seedDebtor } from '../fixtures.js';
import { heardOn, makeDialerHarness, sessionFor, type DialerHarness } from './harness.js';

let h: DialerHarness;

beforeAll(async () => {
  h = await makeDialerHarness('agentless');
});
afterAll(async () => h?.close());

describe('agentless campaign → IVR → opt-out', () => {
  it('a person presses 9 on an agentless call: opted out, and the other campaign never calls the debtor', async () => {
    // the fake PSTN's "person who presses a key": answers, says hello, presses 9 two seconds later
    const phone = fakeNumber('personPressesKey', 30_000 + Math.floor(Math.random() * 9_000), '9');
    const s = await seedDebtor(h.tdb.db, { phone });
    await h.tdb.db.updateTable('strategies').set({ amd_mode: 'off' }).where('id', '=', s.strategyId).execute();
    const campaigns = [];
    for (const name of ['Mora temprana IVR', 'Recordatorio IVR']) {
      const c = await h.tdb.db
        .insertInto('campaigns')
        .values({ name, strategy_id: s.strategyId, dial_mode: 'agentless', status: 'running', settings: JSON.stringify({ mode: 'agentless', agentlessConcurrency: 2 }) })
        .returning('id')
        .executeTakeFirstOrThrow();
      await h.tdb.db.insertInto('campaign_leads').values({ campaign_id: c.id, debtor_id: s.debtorId, account_id: s.accountId, status: 'pending' }).execute();
      campaigns.push(c.id);
    }
    // both campaigns' leads are due at once: the gate lets one call through; the other may be refused (CO allows
    // one contact a day), which is the rules working, not a call that never comes
    await h.until('an IVR session to end', async () => h.runtime.finished.length > 0, 60_000, { refusals: 'fail-until-dialled' });
    const r = h.runtime.finished[0]!;
    expect(r.outcome).toBe('opt_out');
    await sessionFor(h, r.channelId);
    expect(heardOn(h, r.channelId)[0]).toBe('Hola Lucía. Le llamamos de Banco Andino.');
    expect(await h.tdb.db.selectFrom('opt_outs').select(['channel', 'source']).where('debtor_id', '=', s.debtorId).execute()).toEqual([{ channel: 'all', source: 'ivr_keypad' }]);
    // the session is tied to the dialer's attempt (same id as the channel) and shows in the debtor's history
    const session = await h.tdb.db.selectFrom('ivr_sessions').select(['call_attempt_id', 'debtor_id', 'outcome']).where('id', '=', r.sessionId).executeTakeFirstOrThrow();
    expect(session).toEqual({ call_attempt_id: r.channelId, debtor_id: s.debtorId, outcome: 'opt_out' });
    await h.until('the attempt to end', async () => (await h.tdb.db.selectFrom('call_attempts').select('status').where('id', '=', r.channelId).executeTakeFirst())?.status === 'ended', 30_000, { refusals: 'expected' });
    // The other campaign's lead was due at the same time: the gate refuses it (the day's one contact is spent, or
    // the opt-out once recorded), or the one-live-call-per-debtor rule defers it until the gate does. No second call.
    await h.until('the other campaign to ask the gate', async () => {
      const d = await h.tdb.db.selectFrom('compliance_decisions').select('allowed').where('debtor_id', '=', s.debtorId).where('allowed', '=', false).execute();
      return d.length > 0;
    }, 100_000, { refusals: 'expected' });
    await new Promise((r) => setTimeout(r, 3000));
    const attempts = await h.tdb.db.selectFrom('call_attempts').select(['id', 'campaign_id', 'outcome']).where('debtor_id', '=', s.debtorId).execute();
    expect(attempts).toHaveLength(1);
    expect(attempts[0]!.outcome).toBe('ivr_completed');
    const blocked = await h.tdb.db.selectFrom('compliance_decisions').selectAll().where('debtor_id', '=', s.debtorId).where('allowed', '=', false).execute();
    const other = campaigns.find((c) => c !== attempts[0]!.campaign_id)!;
    expect(blocked.some((b) => b.campaign_id === other)).toBe(true);
    // and the opt-out holds on every later day, whatever the cap: the same gate, for that campaign, a week later
    const gate = new ComplianceGate({ store: new PgComplianceStore(h.tdb.db) });
    const later = new Date(h.clock.now() + 8 * 86_400_000);
    const d = await gate.preview({ channel: 'ivr', automated: true, at: later, debtorId: s.debtorId, accountId: s.accountId, campaignId: other, phone: { e164: phone, type: 'mobile', consentAutomated: true, optedOut: false } });
    expect(d.allowed).toBe(false);
    expect(d.blockedBy.map((b) => b.ruleId).join(' ')).toMatch(/opt/i);
  }, 200_000);
});
