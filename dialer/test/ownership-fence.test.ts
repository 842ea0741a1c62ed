// A stalled owner cannot dial: its campaign's lease is taken from under it while it still believes it holds
// it (its own view of the lease is still valid). Neither a manual dial nor the campaign's pacing writes an
// attempt (the fence in the attempt's transaction refuses), the campaign leaves this dialer at once, and the
// leads it had reserved go back to the queue. Once the thief's lease runs out the dialer takes the campaign
// again, with the next token, and dials. Simulated telephony on a virtual clock, real Postgres.
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@cobranza/db';
import { CampaignLeaseStore } from '@cobranza/db/stores/campaign-leases';
import { buildWorld } from './fixtures.js';
import { agents, rig } from './sim-rig.js';
import { useTestDb } from './test-db.js';

const tdb = useTestDb('dialer_ownership_fence', 4);
let db: Db;
beforeAll(() => {
  db = tdb.db;
});

describe('campaign ownership: the fence', () => {
  it('a stalled owner whose lease was taken writes no attempt, manual or paced, and stops; it dials again once it owns the campaign again', async () => {
    const w = await buildWorld(db, {
      debtors: Array.from({ length: 6 }, (_, i) => ({ phones: [`+57300555${String(1000 + i)}`] })),
      dialMode: 'progressive',
      amdMode: 'off',
      retryRules: { busy: { retryMinutes: 120 } },
      settings: { mode: 'progressive', wrapUpSeconds: 1 },
      campaignStatus: 'paused',
    });
    const logs: string[] = [];
    const r = await rig(db, w.campaignId, {
      plan: () => ({ kind: 'busy', afterSec: 1 }),
      extra: { log: (m, e) => void logs.push(`${m} ${e ? JSON.stringify(e) : ''}`) },
    });
    const leases = new CampaignLeaseStore(db);
    try {
      const [agent] = await agents(r, 1, w.campaignId);
      const mine = await leases.holder(w.campaignId);
      expect(mine).toMatchObject({ owner: expect.stringMatching(/^sim-/), token: 1, live: true });

      // another dialer takes the lease while this one is stalled: this one has not renewed since
      await db
        .updateTable('campaign_leases')
        .set({ owner: 'dialer-thief', token: sql`token + 1`, expires_at: sql`clock_timestamp() + interval '1 hour'` })
        .where('campaign_id', '=', w.campaignId)
        .execute();
      expect(r.dialer.supervisor.fence(w.campaignId)?.token).toBe(1); // it still believes it owns it

      const d0 = w.debtors[0]!;
      expect(await r.dialer.manualDial(agent!, d0.debtorId, d0.phoneIds[0]!, w.campaignId)).toBeNull();
      expect(logs.some((l) => l.startsWith('manual dial refused') && l.includes('no longer holds'))).toBe(true);
      expect(r.dialer.campaigns.has(w.campaignId)).toBe(false);
      expect(r.dialer.agents.get(agent!)?.rec.state).toBe('ready');

      // the supervisor starts the campaign: the new owner paces it, this dialer writes nothing
      await db.updateTable('campaigns').set({ status: 'running' }).where('id', '=', w.campaignId).execute();
      await r.bus.publish('campaign.command', { campaignId: w.campaignId, command: 'start', by: 'test' });
      await r.run(5);
      expect(await db.selectFrom('call_attempts').select('id').where('campaign_id', '=', w.campaignId).execute()).toEqual([]);
      expect(r.dialer.campaigns.has(w.campaignId)).toBe(false);
      expect(await db.selectFrom('campaign_leads').select('id').where('campaign_id', '=', w.campaignId).where('status', '<>', 'pending').execute()).toEqual([]);

      // the same check at the write alone: a paced dial that got past the dialer's own view is refused by Postgres
      const stale = { campaignId: w.campaignId, owner: mine!.owner, token: 1 };
      await expect(
        r.dialer.store.create(
          { id: crypto.randomUUID(), campaignId: w.campaignId, leadId: d0.leadId, debtorId: d0.debtorId, accountId: d0.accountId, phoneId: d0.phoneIds[0]!, e164: d0.phones[0]!, dialMode: 'progressive', dialerId: mine!.owner, agentId: null, fence: stale },
          r.clock.now(),
        ),
      ).rejects.toThrow(/no longer holds campaign/);

      // the thief's lease runs out: this dialer takes the campaign again, with the next token, and dials
      await db.updateTable('campaign_leases').set({ expires_at: sql`clock_timestamp()` }).where('campaign_id', '=', w.campaignId).execute();
      await r.run(10);
      expect(await leases.holder(w.campaignId)).toMatchObject({ owner: mine!.owner, token: 3, live: true });
      const attempts = await db.selectFrom('call_attempts').select(['debtor_id', 'dialer_id']).where('campaign_id', '=', w.campaignId).execute();
      expect(attempts.length).toBeGreaterThan(0);
      expect(attempts.every((a) => a.dialer_id === mine!.owner)).toBe(true);
      expect(logs.some((l) => l.includes('lease lost (a manual dial was refused by the fence)'))).toBe(true);
    } finally {
      await r.close();
    }
  });

  it("settles the open attempts of a dead dialer (heartbeat silent), never a live one's nor one that never wrote a heartbeat", async () => {
    const w = await buildWorld(db, {
      debtors: Array.from({ length: 3 }, (_, i) => ({ phones: [`+57300556${String(1000 + i)}`] })),
      dialMode: 'progressive',
      amdMode: 'off',
      campaignStatus: 'paused',
    });
    const r = await rig(db, w.campaignId, { plan: () => ({ kind: 'busy', afterSec: 1 }) });
    try {
      const owners = ['dialer-dead', 'dialer-alive', 'dialer-before-heartbeats'];
      await db
        .insertInto('dialer_heartbeats')
        .values([
          { dialer_id: 'dialer-dead', seen_at: sql`clock_timestamp() - interval '30 seconds'` },
          { dialer_id: 'dialer-alive', seen_at: sql`clock_timestamp()` },
        ])
        .execute();
      const ids = await Promise.all(
        w.debtors.map(async (d, i) => {
          const id = crypto.randomUUID();
          await r.dialer.store.create({ id, campaignId: w.campaignId, leadId: d.leadId, debtorId: d.debtorId, accountId: d.accountId, phoneId: d.phoneIds[0]!, e164: d.phones[0]!, dialMode: 'progressive', dialerId: owners[i]!, agentId: null }, r.clock.now());
          return id;
        }),
      );
      expect(await r.dialer.reconcileOrphans()).toBe(1);
      const rows = await db.selectFrom('call_attempts').select(['id', 'status', 'outcome']).where('id', 'in', ids).execute();
      const byId = new Map(rows.map((x) => [x.id, x]));
      expect(byId.get(ids[0]!)).toMatchObject({ status: 'ended', outcome: 'cancelled' });
      expect(byId.get(ids[1]!)?.status).not.toBe('ended');
      expect(byId.get(ids[2]!)?.status).not.toBe('ended');
    } finally {
      await r.close();
    }
  });
});
