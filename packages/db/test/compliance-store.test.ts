// The compliance gate over real Postgres: history from the ledger, call attempts and SMS, opt-outs,
// legal holds, preferences and stored profiles, and the audit row of every decision.
import { ComplianceGate, type ContactRequest } from '@cobranza/compliance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgComplianceStore } from '../src/stores/compliance-store.js';
import { createTestDatabase, type TestDatabase } from '../src/testing.js';
import { insertDebtor as insertDebtorRow, seedCreditor } from './compliance-fixtures.js';

let t: TestDatabase;
let store: PgComplianceStore;
let gate: ComplianceGate;
const ids: Record<string, string> = {};

const BOG = 'America/Bogota';
// Offsets of the zones on the dates used below (Santiago in January is on summer time, New York
// on 10 March 2026 already on daylight time).
const OFFSET: Record<string, string> = { [BOG]: '-05:00', 'America/Lima': '-05:00', 'America/Santiago': '-03:00', 'America/New_York': '-04:00' };
const local = (iso: string, zone = BOG) => new Date(`${iso.length === 16 ? `${iso}:00` : iso}${OFFSET[zone]}`);
const CO_MOBILE = '+573001112233';
const CO_LAND = '+5716001234';

function insertDebtor(n: string, country: string, zone: string, extra: { region?: string; email?: string; candidates?: string[] } = {}) {
  return insertDebtorRow(t.db, ids.portfolio!, n, country, zone, extra);
}

function req(debtorId: string, accountId: string, over: Partial<ContactRequest> & { at: Date }): ContactRequest {
  return {
    channel: 'voice',
    automated: true,
    debtorId,
    accountId,
    creditorId: ids.creditor!,
    campaignId: ids.campaign!,
    phone: { e164: CO_MOBILE, type: 'mobile', consentAutomated: true, optedOut: false },
    source: 'test',
    ...over,
  };
}

beforeAll(async () => {
  t = await createTestDatabase('compliance_store');
  const w = await seedCreditor(t.db);
  ids.creditor = w.creditorId;
  ids.portfolio = w.portfolioId;
  const k = await t.db.insertInto('campaigns').values({ name: 'Mora temprana', portfolio_id: w.portfolioId }).returning('id').executeTakeFirstOrThrow();
  ids.campaign = k.id;
  store = new PgComplianceStore(t.db);
  gate = new ComplianceGate({ store });
}, 60_000);
afterAll(async () => t?.drop());

describe('PgComplianceStore + ComplianceGate on Postgres', () => {
  it('a finished call attempt counts (CO 1 a day) and the blocked decision is audited', async () => {
    const { debtorId, accountId } = await insertDebtor('100', 'CO', BOG);
    await t.db.insertInto('phones').values({ debtor_id: debtorId, e164: CO_MOBILE, type: 'mobile', consent_automated: true }).execute();
    // Reserved, then given up before the originate: never dialed, not a contact.
    await t.db
      .insertInto('call_attempts')
      .values({ id: 'ca-100-0', debtor_id: debtorId, account_id: accountId, e164: CO_MOBILE, status: 'ended', outcome: 'failed', created_at: local('2026-01-13T08:00') })
      .execute();
    expect((await store.loadContext({ debtorId, at: local('2026-01-13T08:30'), lookbackDays: 35, channel: 'voice' })).history).toEqual([]);
    await t.db
      .insertInto('call_attempts')
      .values({ id: 'ca-100-1', debtor_id: debtorId, account_id: accountId, campaign_id: ids.campaign!, e164: CO_MOBILE, status: 'ended', outcome: 'no_answer', created_at: local('2026-01-13T09:00'), dialed_at: local('2026-01-13T09:00') })
      .execute();
    const d = await gate.check(req(debtorId, accountId, { at: local('2026-01-13T11:00') }));
    expect(d.allowed).toBe(false);
    expect(d.ruleId).toBe('CO/daily-one-contact');
    const row = await t.db.selectFrom('compliance_decisions').selectAll().where('debtor_id', '=', debtorId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ allowed: false, rule: 'CO/daily-one-contact', channel: 'voice', profiles: ['CO'], requested_by: 'test', campaign_id: ids.campaign });
    expect(row.phone_id).not.toBeNull();
    expect(row.next_allowed_at?.toISOString()).toBe(local('2026-01-14T07:00').toISOString());
    expect(row.reason).toMatch(/Tope CO/);
    const details = (row as unknown as { details: { reason: { en: string }; zones: string[]; phone: string } }).details;
    expect(details.reason.en).toMatch(/CO cap/);
    expect(details.zones).toEqual([BOG]);
    expect(details.phone).toBe('+********2233');
    // The next morning it is allowed, and that is audited too.
    expect((await gate.check(req(debtorId, accountId, { at: local('2026-01-14T07:00') }))).allowed).toBe(true);
    const n = await t.db.selectFrom('compliance_decisions').select((eb) => eb.fn.countAll().as('n')).where('debtor_id', '=', debtorId).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(2);
  });

  it('a call still ringing already blocks an SMS (one channel a week); the ledger copy is not counted twice', async () => {
    const { debtorId, accountId } = await insertDebtor('101', 'CO', BOG);
    await t.db.insertInto('phones').values({ debtor_id: debtorId, e164: CO_MOBILE, type: 'mobile' }).execute();
    await t.db.insertInto('call_attempts').values({ id: 'ca-101-1', debtor_id: debtorId, account_id: accountId, e164: CO_MOBILE, status: 'ringing', created_at: local('2026-01-13T09:00') }).execute();
    const sms = await gate.check(req(debtorId, accountId, { channel: 'sms', at: local('2026-01-13T09:00:30') }));
    expect(sms.blockedBy.map((b) => b.ruleId).sort()).toEqual(['CO/daily-one-contact', 'CO/one-channel-per-week']);
    await store.recordContact(debtorId, { at: local('2026-01-13T09:00'), channel: 'voice', outcome: { connected: true }, accountId, creditorId: ids.creditor!, phoneE164: CO_MOBILE }, 'ca-101-1');
    const ctx = await store.loadContext({ debtorId, at: local('2026-01-13T10:00'), lookbackDays: 35, channel: 'voice', creditorId: ids.creditor! });
    expect(ctx.history).toHaveLength(1);
    expect(ctx.history[0]!.creditorId).toBe(ids.creditor);
    expect(ctx.timeZones).toEqual([BOG]);
  });

  it('an outbound SMS counts; a failed one does not', async () => {
    const { debtorId, accountId } = await insertDebtor('102', 'CO', BOG);
    await t.db.insertInto('phones').values({ debtor_id: debtorId, e164: CO_MOBILE, type: 'mobile' }).execute();
    await t.db.insertInto('sms_messages').values({ debtor_id: debtorId, account_id: accountId, e164: CO_MOBILE, direction: 'outbound', body: 'x', status: 'failed', created_at: local('2026-01-13T08:00') }).execute();
    expect((await gate.check(req(debtorId, accountId, { at: local('2026-01-13T10:00') }))).allowed).toBe(true);
    await t.db.insertInto('sms_messages').values({ debtor_id: debtorId, account_id: accountId, e164: CO_MOBILE, direction: 'outbound', body: 'x', status: 'delivered', created_at: local('2026-01-13T08:30') }).execute();
    const d = await gate.check(req(debtorId, accountId, { at: local('2026-01-14T10:00') }));
    expect(d.ruleId).toBe('CO/one-channel-per-week');
  });

  it('opt-outs: keypad opt-out of the debtor, and a number-level opt-out recorded without a debtor', async () => {
    const a = await insertDebtor('103', 'CO', BOG);
    await t.db.insertInto('phones').values({ debtor_id: a.debtorId, e164: CO_LAND, type: 'landline' }).execute();
    await t.db.insertInto('opt_outs').values({ debtor_id: a.debtorId, channel: 'all', source: 'ivr_keypad', created_at: local('2026-01-13T09:00') }).execute();
    const d = await gate.check(req(a.debtorId, a.accountId, { at: local('2026-01-13T10:00'), phone: { e164: CO_LAND, type: 'landline', consentAutomated: false, optedOut: false } }));
    expect(d.ruleId).toBe('optout.all');
    expect(d.nextAllowedAt).toBeNull();

    const b = await insertDebtor('104', 'CO', BOG);
    await t.db.insertInto('phones').values({ debtor_id: b.debtorId, e164: '+573009998877', type: 'mobile', consent_automated: true }).execute();
    await t.db.insertInto('opt_outs').values({ e164: '+573009998877', channel: 'sms', source: 'sms_stop', created_at: local('2026-01-13T09:00') }).execute();
    const phone = await store.loadPhone(b.debtorId, '+573009998877');
    expect(phone).toEqual({ e164: '+573009998877', type: 'mobile', consentAutomated: true, optedOut: false, relation: 'debtor' });
    expect((await gate.check(req(b.debtorId, b.accountId, { channel: 'sms', at: local('2026-01-13T10:00'), phone: phone! }))).ruleId).toBe('optout.sms');
    expect((await gate.check(req(b.debtorId, b.accountId, { channel: 'voice', at: local('2026-01-13T10:00'), phone: phone! }))).allowed).toBe(true);
  });

  it('channel authorisation: recorded preferences win over the contact points on file', async () => {
    const { debtorId, accountId } = await insertDebtor('105', 'CO', BOG);
    // no phone row and no e-mail: nothing on file, nothing authorised
    expect((await gate.check(req(debtorId, accountId, { at: local('2026-01-13T10:00') }))).ruleId).toBe('CO/channel-not-authorised');
    await store.setPreferences(debtorId, { authorisedChannels: ['voice'] });
    expect((await gate.check(req(debtorId, accountId, { at: local('2026-01-13T10:00') }))).allowed).toBe(true);
    expect((await gate.check(req(debtorId, accountId, { channel: 'sms', at: local('2026-01-13T10:00') }))).ruleId).toBe('CO/channel-not-authorised');
  });

  it('Chile: a lawsuit stops contact; US: consent hours and region overlay come from the database', async () => {
    const cl = await insertDebtor('106', 'CL', 'America/Santiago');
    await t.db.insertInto('legal_holds').values({ debtor_id: cl.debtorId, kind: 'lawsuit', since: '2026-01-02' }).execute();
    const d = await gate.check(req(cl.debtorId, cl.accountId, { at: local('2026-01-13T10:00', 'America/Santiago'), phone: { e164: '+56912345678', type: 'mobile', consentAutomated: true, optedOut: false } }));
    expect(d.ruleId).toBe('CL/legal-hold-stop');

    const NY = 'America/New_York';
    const us = await insertDebtor('107', 'US', NY, { region: 'MA' });
    const phone = { e164: '+16175550100', type: 'landline' as const, consentAutomated: false, optedOut: false };
    const late = req(us.debtorId, us.accountId, { at: local('2026-03-10T21:30', NY), phone });
    const blocked = await gate.check(late);
    expect(blocked.ruleId).toBe('US/calling-window');
    expect(blocked.profileIds).toEqual(['US', 'US-MA']);
    await store.setPreferences(us.debtorId, { consentHours: { schedule: { tue: [{ from: '21:00', to: '22:00' }] } } });
    // Consent lifts the federal window; the Massachusetts overlay (no consent clause) still blocks.
    const stillBlocked = await gate.check(late);
    expect(stillBlocked.ruleId).toBe('US-MA/calling-window');
  });

  it('uncertain zone from the debtor row: only the overlap is allowed', async () => {
    const { debtorId, accountId } = await insertDebtor('108', 'CO', BOG, { candidates: ['America/New_York'] });
    await t.db.insertInto('phones').values({ debtor_id: debtorId, e164: CO_MOBILE, type: 'mobile' }).execute();
    const d = await gate.check(req(debtorId, accountId, { at: local('2026-03-10T18:30') }));
    expect(d.zones).toEqual([BOG, 'America/New_York']);
    expect(d.allowed).toBe(false);
  });

  it('stored profiles: a creditor cap from compliance_profiles applies; a bad one is a clear error', async () => {
    const { debtorId, accountId } = await insertDebtor('109', 'PE', 'America/Lima');
    const phone = { e164: '+51987654321', type: 'mobile' as const, consentAutomated: true, optedOut: false };
    await t.db.insertInto('contact_events').values({ debtor_id: debtorId, channel: 'sms', at: local('2026-03-09T10:00', 'America/Lima'), creditor_id: ids.creditor! }).execute();
    expect((await gate.check(req(debtorId, accountId, { at: local('2026-03-10T10:00', 'America/Lima'), phone }))).allowed).toBe(true);
    await t.db
      .insertInto('compliance_profiles')
      .values({ scope: 'creditor', scope_key: ids.creditor!, overrides: JSON.stringify({ label: 'Banco: 1 contact a week', caps: [{ id: 'weekly', key: 'creditor', channels: ['voice', 'ivr', 'sms', 'email'], counts: 'attempt', window: { kind: 'week' }, limit: 1 }] }) })
      .execute();
    const d = await gate.check(req(debtorId, accountId, { at: local('2026-03-10T10:00', 'America/Lima'), phone }));
    expect(d.ruleId).toBe(`creditor:${ids.creditor}/weekly`);
    expect(d.profileIds).toEqual(['PE', `creditor:${ids.creditor}`]);
    await t.db.updateTable('compliance_profiles').set({ overrides: JSON.stringify({ caps: [{ id: 'weekly', key: 'person', channels: ['fax'], counts: 'attempt', window: { kind: 'week' }, limit: 1 }] }) }).execute();
    await expect(gate.check(req(debtorId, accountId, { at: local('2026-03-10T10:00', 'America/Lima'), phone }))).rejects.toThrow(/caps\[0\]\.channels\[0\]: unknown channel "fax"/);
    await t.db.deleteFrom('compliance_profiles').execute();
  });
});
