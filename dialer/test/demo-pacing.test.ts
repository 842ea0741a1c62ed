// The `npm start` demo's list (demoPlan) and team (14 simulated agents who wrap up in seconds): the
// pacing learns fast enough that a newcomer sees predictive dialing soon after the start.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@cobranza/db';
import { DEMO_CAMPAIGN_SETTINGS } from '@cobranza/db/seed/demo-campaign';
import { demoPlan } from '../src/telephony/simulated.js';
import { buildWorld } from './fixtures.js';
import { agents, rig } from './sim-rig.js';
import { useTestDb } from './test-db.js';

const tdb = useTestDb('dialer_demo_pacing', 8);
let db: Db;
beforeAll(() => {
  db = tdb.db;
});

describe('the demo', () => {
  it('dials predictively about a minute after the start with 14 simulated agents', async () => {
    const w = await buildWorld(db, {
      debtors: Array.from({ length: 400 }, (_, i) => ({ phones: [`+57300171${String(i).padStart(4, '0')}`] })),
      dialMode: 'predictive',
      amdMode: 'hangup',
      // the demo campaign's own settings (npm start seeds them); the simulated agents wrap up in seconds
      settings: { ...DEMO_CAMPAIGN_SETTINGS, mode: 'predictive', wrapUpSeconds: 4 },
    });
    const r = await rig(db, w.campaignId, { plan: demoPlan(11) });
    await agents(r, 14, w.campaignId);
    let firstPredictive: number | null = null;
    for (let s = 10; s <= 300 && firstPredictive === null; s += 10) {
      await r.run(10);
      if (r.dialer.campaigns.get(w.campaignId)!.effectiveMode === 'predictive') firstPredictive = s;
    }
    console.log(`[demo pacing] predictive from ${firstPredictive} s`);
    expect(firstPredictive).not.toBeNull();
    expect(firstPredictive!).toBeLessThanOrEqual(90);
    await r.close();
  }, 240_000);
});
