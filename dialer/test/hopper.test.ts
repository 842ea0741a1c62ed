// The hopper against a real Postgres: competing dialers, expiry, retry bookkeeping.
import { beforeAll, describe, expect, it } from 'vitest';
import { connectPostgres, type Db } from '@cobranza/db';
import { Hopper } from '../src/hopper/hopper.js';
import { AttemptStore, DebtorBusyError } from '../src/attempts/store.js';
import { parseRetryRules } from '@cobranza/domain/retry/rules';
import { buildWorld } from './fixtures.js';
import { useTestDb } from './test-db.js';

const tdb = useTestDb('dialer_hopper', 8);
let db: Db;
beforeAll(() => {
  db = tdb.db;
});

describe('hopper', () => {
  it('two dialers reserving at the same time never take the same debtor', async () => {
    const w = await buildWorld(db, { debtors: Array.from({ length: 120 }, (_, i) => ({ phones: [`+5730010${String(i).padStart(5, '0')}`] })) });
    // separate pools: two processes, two connections, truly concurrent transactions
    const h1 = connectPostgres(tdb.url, 4);
    const h2 = connectPostgres(tdb.url, 4);
    try {
      const a = new Hopper(h1.db, { dialerId: 'd1' });
      const b = new Hopper(h2.db, { dialerId: 'd2' });
      const taken: string[] = [];
      for (let round = 0; round < 8; round++) {
        const [ra, rb] = await Promise.all([a.reserve(w.campaignId, 9), b.reserve(w.campaignId, 9)]);
        taken.push(...ra.map((l) => l.debtorId), ...rb.map((l) => l.debtorId));
      }
      expect(taken.length).toBe(120);
      expect(new Set(taken).size).toBe(120);
      const owners = await db.selectFrom('campaign_leads').select(['reserved_by']).where('campaign_id', '=', w.campaignId).execute();
      expect(new Set(owners.map((o) => o.reserved_by))).toEqual(new Set(['d1', 'd2']));
    } finally {
      await h1.close();
      await h2.close();
    }
  });

  it('takes leads in priority order and describes their phones best first', async () => {
    const w = await buildWorld(db, {
      debtors: [
        { phones: ['+573001000001'], priority: 1 },
        { phones: ['+573001000002', '+573001000003'], priority: 9 },
      ],
    });
    await db.updateTable('phones').set({ status: 'invalid' }).where('e164', '=', '+573001000002').execute();
    const h = new Hopper(db, { dialerId: 'p1' });
    const got = await h.reserve(w.campaignId, 10);
    expect(got.map((l) => l.debtorId)).toEqual([w.debtors[1]!.debtorId, w.debtors[0]!.debtorId]);
    expect(got[0]!.phones.map((p) => p.e164)).toEqual(['+573001000003']);
    expect(got[0]!.creditorId).toBe(w.creditorId);
  });

  it('a dead dialer\'s expired reservations are reclaimed, live ones are not', async () => {
    const w = await buildWorld(db, { debtors: [{ phones: ['+573002000001'] }, { phones: ['+573002000002'] }] });
    let now = Date.now();
    const dead = new Hopper(db, { dialerId: 'dead', reservationMs: 30_000, now: () => now });
    const alive = new Hopper(db, { dialerId: 'alive', reservationMs: 30_000, now: () => now });
    expect(await dead.reserve(w.campaignId, 2)).toHaveLength(2);
    expect(await alive.reserve(w.campaignId, 2)).toHaveLength(0);
    now += 31_000;
    const reclaimed = await alive.reserve(w.campaignId, 2);
    expect(reclaimed.map((l) => l.debtorId).sort()).toEqual(w.debtors.map((d) => d.debtorId).sort());
    // the new owner's heartbeat keeps them
    now += 20_000;
    await alive.heartbeat();
    now += 20_000;
    expect(await dead.reserve(w.campaignId, 2)).toHaveLength(0);
  });

  it('a compliance block puts the lead back at the next allowed instant', async () => {
    const w = await buildWorld(db, { debtors: [{ phones: ['+573003000001'] }] });
    let now = Date.now();
    const h = new Hopper(db, { dialerId: 'b1', now: () => now });
    const [lead] = await h.reserve(w.campaignId, 1);
    await h.block(lead!.leadId, now + 3_600_000, 'window');
    expect(await h.reserve(w.campaignId, 1)).toHaveLength(0);
    now += 3_600_001;
    expect(await h.reserve(w.campaignId, 1)).toHaveLength(1);
    const row = await db.selectFrom('campaign_leads').select(['last_outcome']).where('id', '=', lead!.leadId).executeTakeFirstOrThrow();
    expect(row.last_outcome).toBe('blocked:window');
  });
});

describe('attempt store', () => {
  it('refuses a second live attempt to a debtor and schedules retries per rule', async () => {
    const w = await buildWorld(db, { debtors: [{ phones: ['+573004000001', '+573004000002'] }], retryRules: { busy: { retryMinutes: 3 }, maxAttempts: 3 } });
    const rules = parseRetryRules({ busy: { retryMinutes: 3 }, maxAttempts: 3 });
    const store = new AttemptStore(db);
    const h = new Hopper(db, { dialerId: 's1' });
    const [lead] = await h.reserve(w.campaignId, 1);
    const d = w.debtors[0]!;
    const base = { campaignId: w.campaignId, leadId: lead!.leadId, debtorId: d.debtorId, accountId: d.accountId, dialMode: 'progressive' as const, dialerId: 's1', agentId: null };
    const now = Date.now();
    await store.create({ ...base, id: 'att-1', phoneId: d.phoneIds[0]!, e164: d.phones[0]! }, now);
    await expect(store.create({ ...base, id: 'att-2', phoneId: d.phoneIds[1]!, e164: d.phones[1]! }, now)).rejects.toBeInstanceOf(DebtorBusyError);
    await store.stamp('att-1', 'dialed', now, 'dialing');
    const r = await store.finalize('att-1', { outcome: 'busy', at: now + 5000, cause: 17, sipCode: 486, creditorId: w.creditorId }, rules);
    expect(r).toEqual({ finalized: true, leadStatus: 'pending' });
    // a duplicate hangup changes nothing
    expect((await store.finalize('att-1', { outcome: 'no_answer', at: now + 6000, cause: 19, sipCode: 480, creditorId: null }, rules)).finalized).toBe(false);
    const lr = await db.selectFrom('campaign_leads').selectAll().where('id', '=', lead!.leadId).executeTakeFirstOrThrow();
    expect(lr.status).toBe('pending');
    expect(lr.attempts).toBe(1);
    expect(new Date(lr.next_attempt_at).getTime()).toBe(now + 5000 + 3 * 60_000);
    const ev = await db.selectFrom('contact_events').selectAll().where('source_id', '=', 'att-1').executeTakeFirstOrThrow();
    expect(ev).toMatchObject({ channel: 'voice', connected: false, live: false, abandoned: false });
    const att = await db.selectFrom('call_attempts').selectAll().where('id', '=', 'att-1').executeTakeFirstOrThrow();
    expect(att).toMatchObject({ status: 'ended', outcome: 'busy', hangup_cause: 17, sip_code: 486 });
  });

  it('a person bridged later than 2 s after being recognised counts as abandoned in the ledger', async () => {
    const w = await buildWorld(db, { debtors: [{ phones: ['+573006000001'] }, { phones: ['+573006000002'] }] });
    const store = new AttemptStore(db);
    const h = new Hopper(db, { dialerId: 's3' });
    const leads = await h.reserve(w.campaignId, 2);
    const now = Date.now();
    for (const [i, delay] of [[0, 2500], [1, 300]] as const) {
      const d = w.debtors[i]!;
      const lead = leads.find((l) => l.debtorId === d.debtorId)!;
      const id = `att-late-${i}`;
      await store.create({ id, campaignId: w.campaignId, leadId: lead.leadId, debtorId: d.debtorId, accountId: d.accountId, phoneId: d.phoneIds[0]!, e164: d.phones[0]!, dialMode: 'predictive', dialerId: 's3', agentId: null }, now);
      await store.stamp(id, 'dialed', now, 'dialing');
      await store.stamp(id, 'human', now + 4000, 'waiting');
      await store.stamp(id, 'bridged', now + 4000 + delay, 'bridged');
      await store.finalize(id, { outcome: 'connected', at: now + 60_000, cause: 16, sipCode: null, creditorId: null }, parseRetryRules({}));
    }
    const ev = await db.selectFrom('contact_events').select(['source_id', 'abandoned', 'live', 'conversation']).where('source_id', 'in', ['att-late-0', 'att-late-1']).orderBy('source_id').execute();
    // bridged, but no disposition has confirmed the debtor yet: not a conversation (compliance-ledger.test.ts)
    expect(ev).toEqual([
      { source_id: 'att-late-0', abandoned: true, live: true, conversation: false },
      { source_id: 'att-late-1', abandoned: false, live: true, conversation: false },
    ]);
  });

  it('an invalid number marks the phone invalid; with no other phone the lead is exhausted', async () => {
    const w = await buildWorld(db, { debtors: [{ phones: ['+573005000001'] }] });
    const store = new AttemptStore(db);
    const h = new Hopper(db, { dialerId: 's2' });
    const [lead] = await h.reserve(w.campaignId, 1);
    const d = w.debtors[0]!;
    const now = Date.now();
    await store.create({ id: 'att-inv', campaignId: w.campaignId, leadId: lead!.leadId, debtorId: d.debtorId, accountId: d.accountId, phoneId: d.phoneIds[0]!, e164: d.phones[0]!, dialMode: 'predictive', dialerId: 's2', agentId: null }, now);
    await store.stamp('att-inv', 'dialed', now, 'dialing');
    const r = await store.finalize('att-inv', { outcome: 'invalid_number', at: now, cause: 1, sipCode: 404, creditorId: null }, parseRetryRules({}));
    expect(r.leadStatus).toBe('exhausted');
    const p = await db.selectFrom('phones').selectAll().where('id', '=', d.phoneIds[0]!).executeTakeFirstOrThrow();
    expect(p).toMatchObject({ status: 'invalid', attempts: 1, last_result: 'invalid_number' });
  });
});

describe('hopper: leads with nothing to call about', () => {
  it('never dials a debtor who holds no account (moved to another person, or none at all): the lead is closed as no_account', async () => {
    const w = await buildWorld(db, { debtors: [{ phones: ['+573009000001'] }, { phones: ['+573009000002'] }, { phones: ['+573009000003'] }] });
    const [moved, kept, bare] = w.debtors as [typeof w.debtors[0], typeof w.debtors[0], typeof w.debtors[0]];
    // an import gave the first debtor's account to the second; the third's lead names no account and they have none
    await db.updateTable('accounts').set({ debtor_id: kept.debtorId }).where('id', '=', moved.accountId).execute();
    await db.updateTable('campaign_leads').set({ account_id: null }).where('id', '=', bare.leadId).execute();
    await db.deleteFrom('accounts').where('id', '=', bare.accountId).execute();

    const h = new Hopper(db, { dialerId: 'acc1' });
    const got = await h.reserve(w.campaignId, 10);
    expect(got.map((l) => l.debtorId)).toEqual([kept.debtorId]);
    const leads = await db.selectFrom('campaign_leads').select(['id', 'status', 'last_outcome']).where('campaign_id', '=', w.campaignId).orderBy('id').execute();
    expect(leads).toEqual([
      { id: moved.leadId, status: 'done', last_outcome: 'no_account' },
      { id: kept.leadId, status: 'reserved', last_outcome: null },
      { id: bare.leadId, status: 'done', last_outcome: 'no_account' },
    ]);
    expect(await h.reserve(w.campaignId, 10)).toEqual([]);
  });
});
