// Pacing takes its abandon cap and window from the compliance profiles of the campaign's debtors: a
// UK campaign counts the last 24 h, a US one the last 30 days, and the wallboard's rolling rate is
// the campaign's own. The whole dialer on the simulated telephony and a virtual clock, real Postgres.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@cobranza/db';
import { PgComplianceStore } from '@cobranza/db/stores/compliance-store';
import type { BusEvents } from '@cobranza/contracts';
import { abandonRulesFrom } from '../src/campaign/abandon-rules.js';
import { buildWorld, type World } from './fixtures.js';
import { rig, type Rig } from './sim-rig.js';
import { useTestDb } from './test-db.js';

const tdb = useTestDb('dialer_abandon_window', 8);
let db: Db;
beforeAll(() => {
  db = tdb.db;
});

const HOUR = 3_600_000;
const T0 = Date.now();

/** Ended attempts `hoursAgo` before T0: `connected` people bridged and talked, `abandoned` people dropped. */
async function history(w: World, hoursAgo: number, connected: number, abandoned: number): Promise<void> {
  const d = w.debtors[0]!;
  const rows = [];
  for (let i = 0; i < connected + abandoned; i++) {
    const human = T0 - hoursAgo * HOUR + i * 1000;
    const drop = i >= connected;
    rows.push({
      id: crypto.randomUUID(),
      campaign_id: w.campaignId,
      debtor_id: d.debtorId,
      account_id: d.accountId,
      e164: d.phones[0]!,
      dial_mode: 'progressive',
      status: 'ended',
      created_at: new Date(human - 9000),
      dialed_at: new Date(human - 9000),
      answered_at: new Date(human - 1000),
      human_at: new Date(human),
      bridged_at: drop ? null : new Date(human + 500),
      ended_at: new Date(human + (drop ? 2000 : 60_000)),
      outcome: drop ? 'abandoned' : 'connected',
    });
  }
  await db.insertInto('call_attempts').values(rows).execute();
}

async function campaign(country: string, zone: string, phone: string): Promise<World> {
  const w = await buildWorld(db, {
    country,
    debtors: [{ phones: [phone], country, timeZone: zone }],
    dialMode: 'progressive',
    settings: { mode: 'progressive', amdErrorEstimate: 0 },
  });
  await history(w, 30, 10, 3); // outside a 24 h window, inside 30 days
  await history(w, 23.5, 10, 2); // inside both; leaves the UK window an hour later
  await history(w, 1, 10, 0);
  return w;
}

async function stats(r: Rig, campaignId: string): Promise<BusEvents['campaign.stats']> {
  const got: BusEvents['campaign.stats'][] = [];
  const unsubscribe = await r.bus.subscribe('campaign.stats', (s) => void got.push(s));
  await r.dialer.publishStats();
  await r.run(0.2); // delivery
  await unsubscribe();
  const mine = got.filter((s) => s.campaignId === campaignId);
  expect(mine.length).toBeGreaterThan(0);
  return mine.at(-1)!;
}

describe('abandon cap and window from the debtors jurisdictions', () => {
  it('a UK campaign paces over 24 h and a US one over 30 days; the wallboard shows each its own rolling rate', async () => {
    const uk = await campaign('GB', 'Europe/London', '+447700900123');
    const us = await campaign('US', 'America/New_York', '+12125550123');
    const extra = { abandonRules: abandonRulesFrom(new PgComplianceStore(db)) };
    const rUk = await rig(db, uk.campaignId, { startAt: new Date(T0), extra });
    const rUs = await rig(db, us.campaignId, { startAt: new Date(T0), extra });
    await rUk.run(2);
    await rUs.run(2);
    const ukRt = rUk.dialer.campaigns.get(uk.campaignId)!;
    const usRt = rUs.dialer.campaigns.get(us.campaignId)!;
    expect(ukRt.pacing.abandon).toMatchObject({ maxRate: 0.03, windowHours: 24, countAmdFalsePositives: true });
    expect(usRt.pacing.abandon).toMatchObject({ maxRate: 0.03, windowHours: 720 });

    // UK: the last 24 h hold 20 connected and 2 abandoned; US: all 30 days, 30 connected and 5 abandoned
    expect(ukRt.pacing.last!.abandon.rollingRate).toBeCloseTo(2 / 22, 6);
    expect(usRt.pacing.last!.abandon.rollingRate).toBeCloseTo(5 / 35, 6);
    expect(await stats(rUk, uk.campaignId)).toMatchObject({ abandonWindowHours: 24, abandonCap: 0.03 });
    expect(await stats(rUs, us.campaignId)).toMatchObject({ abandonWindowHours: 720, abandonCap: 0.03 });
    expect((await stats(rUk, uk.campaignId)).abandonRateRolling).toBeCloseTo(2 / 22, 6);
    expect((await stats(rUs, us.campaignId)).abandonRateRolling).toBeCloseTo(5 / 35, 6);

    // an hour later on the virtual clock the UK window has let go of the 23.5 h old abandons; the US one keeps them
    for (const r of [rUk, rUs]) {
      for (let m = 0; m < 60; m++) {
        await r.clock.advance(60_000);
        await r.dialer.idle();
      }
    }
    expect(ukRt.pacing.last!.abandon.rollingRate).toBe(0);
    expect(usRt.pacing.last!.abandon.rollingRate).toBeCloseTo(5 / 35, 6);
    expect((await stats(rUk, uk.campaignId)).abandonRateRolling).toBe(0);
    expect((await stats(rUs, us.campaignId)).abandonRateRolling).toBeCloseTo(5 / 35, 6);
    await rUk.close();
    await rUs.close();
  }, 180_000);
});
