// What the dialer tells compliance: the channel it asks the gate about, the ledger row's conversation
// (only once a disposition confirms the debtor), and late connects spending the abandon budget.
import { beforeAll, describe, expect, it } from 'vitest';
import { ComplianceGate, defineProfile, type ContactRequest } from '@cobranza/compliance';
import type { Db } from '@cobranza/db';
import { PgComplianceStore } from '@cobranza/db/stores/compliance-store';
import { AttemptStore } from '../src/attempts/store.js';
import { recordRightParty } from '@cobranza/db/stores/contact-ledger';
import { contactGateFrom } from '../src/compliance-gate.js';
import { StatsEstimator } from '../src/pacing/estimator.js';
import { estimateAbandons } from '../src/pacing/abandon.js';
import { buildWorld } from './fixtures.js';
import { agents, rig } from './sim-rig.js';
import { useTestDb } from './test-db.js';

const tdb = useTestDb('dialer_compliance_ledger', 6);
let db: Db;
beforeAll(() => {
  db = tdb.db;
});

describe('gate binding', () => {
  it('asks about the ivr channel for agentless calls and voice for agent calls', async () => {
    const asked: ContactRequest[] = [];
    // only contact() is used by the binding; the rest of the gate is not needed here
    const fake = { contact: async (r: ContactRequest) => (asked.push(r), { decision: { allowed: true, ruleId: 'ok', reason: { es: 'ok', en: 'ok' }, nextAllowedAt: null } }) } as unknown as ComplianceGate<PgComplianceStore>;
    const gate = contactGateFrom(fake);
    const base = { debtorId: 'd', accountId: null, creditorId: null, campaignId: 'c', phone: { id: 'p', e164: '+573000000001', type: 'mobile', consentAutomated: true }, at: new Date(), agentGuaranteed: false };
    for (const mode of ['agentless', 'predictive', 'progressive', 'preview'] as const) await gate.evaluate({ ...base, mode }, async () => undefined);
    expect(asked.map((r) => [r.channel, r.automated])).toEqual([
      ['ivr', true],
      ['voice', true],
      ['voice', true],
      ['voice', false],
    ]);
  });
});

describe('the debtor contact lock, through the dialer binding', () => {
  it('campaign calls and SMS asked for in the same instant give one contact under a one-a-day policy', async () => {
    const w = await buildWorld(db, { debtors: [{ phones: ['+12125550177'], timeZone: 'America/New_York', country: 'US' }], dialMode: 'progressive', amdMode: 'off', campaignStatus: 'paused' });
    const d = w.debtors[0]!;
    // a creditor's own policy, stricter than Reg F: one contact a day across calls and texts
    const house = defineProfile({
      id: 'creditor:one-a-day',
      label: 'one contact a day',
      scope: { kind: 'creditor', creditorId: w.creditorId },
      caps: [{ id: 'one-a-day', key: 'person', channels: ['voice', 'ivr', 'sms'], counts: 'attempt', window: { kind: 'day' }, limit: 1 }],
    });
    const dialerGate = contactGateFrom(new ComplianceGate({ store: new PgComplianceStore(db), overrides: { additional: [house] } }));
    const smsGate = new ComplianceGate({ store: new PgComplianceStore(db), overrides: { additional: [house] } });
    const attempts = new AttemptStore(db);
    // Tuesday 10 March 2026, 11:00 in New York
    const at = new Date('2026-03-10T15:00:00Z');
    const phone = { id: d.phoneIds[0]!, e164: d.phones[0]!, type: 'mobile', consentAutomated: true };
    const calls = Array.from({ length: 6 }, (_, i) =>
      dialerGate.evaluate({ debtorId: d.debtorId, accountId: d.accountId, creditorId: w.creditorId, campaignId: w.campaignId, phone, at, mode: 'progressive', agentGuaranteed: false }, (tx) =>
        attempts.create({ id: `race-${d.debtorId}-${i}`, campaignId: w.campaignId, leadId: null, debtorId: d.debtorId, accountId: d.accountId, phoneId: phone.id, e164: phone.e164, dialMode: 'progressive', dialerId: 'dialer-test', agentId: null }, at.getTime(), tx),
      ),
    );
    const texts = Array.from({ length: 6 }, () =>
      smsGate.contact(
        { channel: 'sms', automated: true, at, debtorId: d.debtorId, accountId: d.accountId, creditorId: w.creditorId, phone: { e164: phone.e164, type: 'mobile', consentAutomated: true, optedOut: false } },
        (_d, locked) => locked.db.insertInto('sms_messages').values({ debtor_id: d.debtorId, account_id: d.accountId, e164: phone.e164, direction: 'outbound', body: 'x', status: 'queued', created_at: at }).execute(),
      ),
    );
    const results = await Promise.all([...calls.map((c) => c.then((x) => x.allowed)), ...texts.map((t) => t.then((x) => x.decision.allowed))]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const made = await db.selectFrom('call_attempts').select('id').where('debtor_id', '=', d.debtorId).execute();
    const sent = await db.selectFrom('sms_messages').select('id').where('debtor_id', '=', d.debtorId).execute();
    expect(made.length + sent.length).toBe(1);
    const blocked = await db.selectFrom('compliance_decisions').select('rule').where('debtor_id', '=', d.debtorId).where('allowed', '=', false).execute();
    expect(blocked.map((b) => b.rule)).toEqual(Array(11).fill('creditor:one-a-day/one-a-day'));
  });
});

describe('contact ledger', () => {
  it('a bridged call is a conversation only once the disposition confirms the debtor', async () => {
    const w = await buildWorld(db, { debtors: [{ phones: ['+573002020201'] }, { phones: ['+573002020211'] }, { phones: ['+573002020221'] }], dialMode: 'progressive', amdMode: 'off', settings: { mode: 'progressive', wrapUpSeconds: 1 } });
    const r = await rig(db, w.campaignId);
    await agents(r, 3, w.campaignId);
    await r.run(4);
    // the third call's disposition is saved while it is still going on
    const third = w.debtors[2]!;
    let early = '';
    for (let i = 0; i < 300 && !early; i++) {
      await r.run(1);
      const live = await db.selectFrom('call_attempts').select(['id', 'bridged_at', 'status']).where('debtor_id', '=', third.debtorId).where('status', '=', 'bridged').executeTakeFirst();
      if (live) {
        early = live.id;
        await recordRightParty(db, live.id, 'refused');
      }
    }
    await r.run(80);
    const ledger = async () =>
      db.selectFrom('contact_events').innerJoin('call_attempts', 'call_attempts.id', 'contact_events.source_id').select(['call_attempts.debtor_id', 'contact_events.source_id', 'contact_events.channel', 'contact_events.conversation', 'contact_events.right_party', 'contact_events.connected']).where('contact_events.campaign_id', '=', w.campaignId).execute();
    const rows = await ledger();
    expect(rows).toHaveLength(3);
    const of = (i: number) => rows.find((x) => x.debtor_id === w.debtors[i]!.debtorId)!;
    expect(of(0)).toMatchObject({ channel: 'voice', connected: true, conversation: false, right_party: false });
    expect(of(2)).toMatchObject({ conversation: true, right_party: true });
    expect(await recordRightParty(db, of(0).source_id!, 'promise_to_pay')).toBe(true);
    expect(await recordRightParty(db, of(1).source_id!, 'third_party')).toBe(false);
    const after = await ledger();
    expect(after.find((x) => x.source_id === of(0).source_id)).toMatchObject({ conversation: true, right_party: true });
    expect(after.find((x) => x.source_id === of(1).source_id)).toMatchObject({ conversation: false, right_party: false });
    await r.close();
  }, 120_000);

  it('agentless calls are recorded on the ivr channel', async () => {
    const w = await buildWorld(db, { debtors: [{ phones: ['+573002121201'] }], dialMode: 'agentless', amdMode: 'off', settings: { mode: 'agentless', agentlessConcurrency: 1 } });
    const r = await rig(db, w.campaignId);
    r.dialer.setAgentlessHandler((_ctx, controls) => controls.finish());
    await r.run(8);
    const rows = await db.selectFrom('contact_events').select(['channel', 'live', 'conversation']).where('campaign_id', '=', w.campaignId).execute();
    expect(rows).toEqual([{ channel: 'ivr', live: true, conversation: false }]);
    await r.close();
  }, 60_000);
});

describe('pacing statistics', () => {
  it('a person connected more than 2 s after being recognised counts as abandoned', () => {
    const e = new StatsEstimator();
    e.record({ type: 'connected', at: 10, callId: 1, waitSeconds: 0.4, afterAmd: false });
    e.record({ type: 'connected', at: 20, callId: 2, waitSeconds: 2.6, afterAmd: true });
    const s = e.snapshot(30).abandon;
    expect(s.long).toMatchObject({ connected: 1, dropped: 1, droppedAfterAmd: 1 });
    expect(estimateAbandons(s.long, 0).rate).toBeCloseTo(0.5, 5);
  });
});
