// The debtor contact lock on real Postgres: contacts asked for in the same instant, in different
// channels and from different processes (separate connection pools), are decided one after the
// other, each seeing the contact written by the one before, so no cap is exceeded.
import { randomUUID } from 'node:crypto';
import { ComplianceGate, type Channel, type ContactRequest } from '@cobranza/compliance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPglite, connectPostgres, type DbHandle } from '../src/connect.js';
import { migrateToLatest } from '../src/migrate.js';
import { PgComplianceStore } from '../src/stores/compliance-store.js';
import { createTestDatabase, type TestDatabase } from '../src/testing.js';
import { insertDebtor as insertDebtorRow, seedCreditor, type ComplianceWorld } from './compliance-fixtures.js';

let t: TestDatabase;
/** Three "processes": the dialer, the IVR/SMS sender and the API, each with its own pool and gate. */
let processes: DbHandle[] = [];
let world: ComplianceWorld;

async function insertDebtor(n: string, country: string, zone: string, e164: string, region: string | null = null) {
  const ids = await insertDebtorRow(t.db, world.portfolioId, n, country, zone, { region });
  await t.db.insertInto('phones').values({ debtor_id: ids.debtorId, e164, type: 'mobile', consent_automated: true }).execute();
  return ids;
}

function request(debtorId: string, accountId: string, e164: string, channel: Channel, at: Date): ContactRequest {
  return {
    channel,
    automated: channel !== 'voice',
    at,
    debtorId,
    accountId,
    creditorId: world.creditorId,
    phone: { e164, type: 'mobile', consentAutomated: true, optedOut: false },
    source: `test-${channel}`,
  };
}

/** What each channel writes as its contact, in the lock's transaction: a call attempt or an SMS row. */
async function writeContact(store: PgComplianceStore, r: ContactRequest, callStatus: 'reserved' | 'ended'): Promise<string> {
  if (r.channel === 'sms') {
    const row = await store.db
      .insertInto('sms_messages')
      .values({ debtor_id: r.debtorId, account_id: r.accountId ?? null, e164: r.phone!.e164, direction: 'outbound', template: 'payment_link', body: 'x', status: 'queued', created_at: r.at })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }
  const id = randomUUID();
  await store.db
    .insertInto('call_attempts')
    .values({
      id,
      debtor_id: r.debtorId,
      account_id: r.accountId ?? null,
      e164: r.phone!.e164,
      dial_mode: r.channel === 'ivr' ? 'agentless' : 'preview',
      status: callStatus,
      ...(callStatus === 'ended' ? { outcome: 'no_answer' as const, dialed_at: r.at } : {}),
      created_at: r.at,
    })
    .execute();
  return id;
}

/** n contacts at the same instant, channels in turn, spread over the processes; how many went through. */
async function race(debtorId: string, accountId: string, e164: string, at: Date, n: number, callStatus: 'reserved' | 'ended') {
  const channels: Channel[] = ['voice', 'sms', 'ivr'];
  const gates = processes.map((p) => new ComplianceGate({ store: new PgComplianceStore(p.db) }));
  const results = await Promise.all(
    Array.from({ length: n }, (_, i) => {
      const r = request(debtorId, accountId, e164, channels[i % channels.length]!, at);
      return gates[i % gates.length]!.contact(r, (_d, locked) => writeContact(locked, r, callStatus));
    }),
  );
  const calls = await t.db.selectFrom('call_attempts').select('id').where('debtor_id', '=', debtorId).execute();
  const sms = await t.db.selectFrom('sms_messages').select('id').where('debtor_id', '=', debtorId).execute();
  const decisions = await t.db.selectFrom('compliance_decisions').select(['allowed', 'rule']).where('debtor_id', '=', debtorId).execute();
  return { results, contacts: calls.length + sms.length, decisions };
}

beforeAll(async () => {
  t = await createTestDatabase('contact_lock');
  world = await seedCreditor(t.db);
  processes = [connectPostgres(t.url, 4), connectPostgres(t.url, 4), connectPostgres(t.url, 4)];
}, 60_000);
afterAll(async () => {
  await Promise.all(processes.map((p) => p.close()));
  await t?.drop();
});

describe('per-debtor contact lock (Postgres advisory lock, every channel)', () => {
  it('CO, 1 contact a day across channels: 30 simultaneous calls, IVR calls and SMS give exactly one contact', async () => {
    const { debtorId, accountId } = await insertDebtor('200', 'CO', 'America/Bogota', '+573001110200');
    // Tuesday 13 January 2026, 10:00 in Bogotá
    const { results, contacts, decisions } = await race(debtorId, accountId, '+573001110200', new Date('2026-01-13T15:00:00Z'), 30, 'reserved');
    expect(results.filter((r) => r.decision.allowed)).toHaveLength(1);
    expect(results.filter((r) => r.recorded !== undefined)).toHaveLength(1);
    expect(contacts).toBe(1);
    // every decision is in the audit, each blocked one by the daily cap or the one-medium-a-week rule
    expect(decisions).toHaveLength(30);
    expect(decisions.filter((d) => d.allowed)).toHaveLength(1);
    for (const d of decisions.filter((x) => !x.allowed)) expect(d.rule).toMatch(/^CO\/(daily-one-contact|one-channel-per-week)$/);
  }, 60_000);

  it('US-MA, 2 calls or texts per 7 days per debt: 24 simultaneous contacts give exactly two', async () => {
    const { debtorId, accountId } = await insertDebtor('201', 'US', 'America/New_York', '+16175550201', 'MA');
    // Tuesday 10 March 2026, 11:00 in Boston; calls written as ended (one live call per debtor is a separate rule)
    const { results, contacts, decisions } = await race(debtorId, accountId, '+16175550201', new Date('2026-03-10T15:00:00Z'), 24, 'ended');
    expect(results.filter((r) => r.decision.allowed)).toHaveLength(2);
    expect(contacts).toBe(2);
    expect(decisions.filter((d) => !d.allowed).map((d) => d.rule)).toEqual(Array(22).fill('US-MA/two-per-7-days'));
  }, 60_000);

  it('a contact whose record fails is undone, its decision stays audited, and the next one may go', async () => {
    const { debtorId, accountId } = await insertDebtor('202', 'CO', 'America/Bogota', '+573001110202');
    const gate = new ComplianceGate({ store: new PgComplianceStore(processes[0]!.db) });
    const at = new Date('2026-01-13T15:00:00Z');
    const r = request(debtorId, accountId, '+573001110202', 'sms', at);
    await expect(
      gate.contact(r, async (_d, locked) => {
        await writeContact(locked, r, 'reserved');
        throw new Error('provider refused');
      }),
    ).rejects.toThrow('provider refused');
    expect(await t.db.selectFrom('sms_messages').select('id').where('debtor_id', '=', debtorId).execute()).toEqual([]);
    const call = request(debtorId, accountId, '+573001110202', 'voice', at);
    const next = await gate.contact(call, (_d, locked) => writeContact(locked, call, 'reserved'));
    expect(next.decision.allowed).toBe(true);
    const audit = await t.db.selectFrom('compliance_decisions').select(['allowed', 'channel']).where('debtor_id', '=', debtorId).orderBy('id').execute();
    expect(audit).toEqual([
      { allowed: true, channel: 'sms' },
      { allowed: true, channel: 'voice' },
    ]);
  }, 60_000);

  it('a debtor whose country has no profile is blocked and nothing is written', async () => {
    const { debtorId, accountId } = await insertDebtor('203', 'AR', 'America/Argentina/Buenos_Aires', '+5491155550203');
    const gate = new ComplianceGate({ store: new PgComplianceStore(processes[1]!.db) });
    const r = request(debtorId, accountId, '+5491155550203', 'voice', new Date('2026-01-13T15:00:00Z'));
    const out = await gate.contact(r, (_d, locked) => writeContact(locked, r, 'reserved'));
    expect(out.decision.allowed).toBe(false);
    expect(out.decision.ruleId).toBe('config/no-jurisdiction-profile');
    expect(out.decision.nextAllowedAt).toBeNull();
    expect(out.recorded).toBeUndefined();
    expect(await t.db.selectFrom('call_attempts').select('id').where('debtor_id', '=', debtorId).execute()).toEqual([]);
    const audit = await t.db.selectFrom('compliance_decisions').select(['allowed', 'rule', 'reason']).where('debtor_id', '=', debtorId).executeTakeFirstOrThrow();
    expect(audit.rule).toBe('config/no-jurisdiction-profile');
    expect(audit.reason).toMatch(/"AR"/);
  }, 60_000);

  it('on the embedded database (PGlite, one connection) the same race gives one contact', async () => {
    const h = await connectPglite();
    try {
      await migrateToLatest(h.db);
      const w = await seedCreditor(h.db);
      const { debtorId, accountId } = await insertDebtorRow(h.db, w.portfolioId, '300', 'CO', 'America/Bogota');
      await h.db.insertInto('phones').values({ debtor_id: debtorId, e164: '+573001110300', type: 'mobile', consent_automated: true }).execute();
      const gate = new ComplianceGate({ store: new PgComplianceStore(h.db) });
      const at = new Date('2026-01-13T15:00:00Z');
      const channels: Channel[] = ['voice', 'sms', 'ivr'];
      const results = await Promise.all(
        Array.from({ length: 9 }, (_, i) => {
          const r = { ...request(debtorId, accountId, '+573001110300', channels[i % 3]!, at), creditorId: w.creditorId };
          return gate.contact(r, (_d, locked) => writeContact(locked, r, 'reserved'));
        }),
      );
      expect(results.filter((r) => r.decision.allowed)).toHaveLength(1);
      const calls = await h.db.selectFrom('call_attempts').select('id').where('debtor_id', '=', debtorId).execute();
      const sms = await h.db.selectFrom('sms_messages').select('id').where('debtor_id', '=', debtorId).execute();
      expect(calls.length + sms.length).toBe(1);
    } finally {
      await h.close();
    }
  }, 120_000);
});
