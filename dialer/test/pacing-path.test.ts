// The live dialer (CampaignRuntime on the simulated telephony, virtual clock, real Postgres) decides
// every dial mode through PacingSession.decide, the function the simulator calls
// (test/pacing/one-path.test.ts feeds both sides the same situations and compares the decisions).
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '@cobranza/db';
import { PacingSession, type DialMode, type PacingDecision, type PacingSettings } from '../src/pacing/index.js';
import { buildWorld } from './fixtures.js';
import { agents, rig } from './sim-rig.js';
import { useTestDb } from './test-db.js';

const tdb = useTestDb('dialer_pacing_path', 8);
let db: Db;
beforeAll(() => {
  db = tdb.db;
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('live pacing path', () => {
  it.each<DialMode>(['preview', 'progressive', 'predictive', 'agentless'])('%s: the live campaign asks PacingSession.decide and dials what it says', async (mode) => {
    const w = await buildWorld(db, {
      debtors: Array.from({ length: 12 }, (_, i) => ({ phones: [`+5730044${String(i).padStart(4, '0')}1`] })),
      dialMode: mode,
      amdMode: 'off',
      settings: { mode, wrapUpSeconds: 2, minAgentsForPredictive: 2, agentlessConcurrency: 2 },
    });
    const spy = vi.spyOn(PacingSession.prototype, 'decide');
    const r = await rig(db, w.campaignId);
    if (mode !== 'agentless') await agents(r, 2, w.campaignId);
    await r.run(8);
    const asked = spy.mock.calls.map(([, settings]) => (settings as PacingSettings).mode);
    expect(asked.length).toBeGreaterThan(0);
    expect(new Set(asked)).toEqual(new Set([mode]));
    const decisions = spy.mock.results.map((x) => x.value as PacingDecision);
    const rt = r.dialer.campaigns.get(w.campaignId)!;
    expect(rt.effectiveMode).toBe(decisions.at(-1)!.mode);
    expect(decisions.every((d) => d.mode === mode || (mode === 'predictive' && d.mode === 'progressive'))).toBe(true);
    const dialed = await db.selectFrom('call_attempts').select(['id']).where('campaign_id', '=', w.campaignId).execute();
    // preview dials only on the agent's click; the others dial exactly what the decisions said
    if (mode === 'preview') expect(dialed).toHaveLength(0);
    else expect(dialed.length).toBe(decisions.reduce((n, d) => n + d.dials, 0));
    await r.close();
  }, 60_000);
});
