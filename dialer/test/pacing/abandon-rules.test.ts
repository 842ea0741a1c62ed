// The port from pacing to the compliance package: the campaign's debtor jurisdictions (and its
// portfolio's country) give the cap, the window and any AMD error estimate the engine paces under.
import { describe, expect, it } from 'vitest';
import type { ProfileOverrides } from '@cobranza/compliance';
import { abandonRulesFrom } from '../../src/campaign/abandon-rules.js';
import { CampaignPacing, engineSettings } from '../../src/campaign/pacing.js';
import { DEFAULT_CAMPAIGN_SETTINGS } from '../../src/campaign/settings.js';

function rules(rows: Array<{ country: string; region: string | null }>, overrides: ProfileOverrides = {}) {
  return abandonRulesFrom({ campaignJurisdictions: async () => rows, loadOverridesFor: async () => overrides });
}
const campaign = (country: string | null) => ({ id: 'c1', creditorId: null, country });

describe('abandon rules for pacing', () => {
  it('UK debtors: 24 h; US debtors: 30 days; an empty UK campaign by its portfolio country', async () => {
    expect((await rules([{ country: 'GB', region: null }]).forCampaign(campaign('GB'))).settings.windowHours).toBe(24);
    expect((await rules([{ country: 'US', region: 'NY' }]).forCampaign(campaign('US'))).settings.windowHours).toBe(720);
    expect((await rules([]).forCampaign(campaign('GB'))).settings.windowHours).toBe(24);
    // UK debtors in a US portfolio: the strictest of both
    expect((await rules([{ country: 'GB', region: null }]).forCampaign(campaign('US'))).settings.windowHours).toBe(720);
  });

  it("the engine's cap is never above the jurisdiction's, and a jurisdiction's AMD error estimate counts when larger", async () => {
    const uk = await rules([{ country: 'GB', region: null }], {
      patches: { UK: { abandon: { maxRate: 0.02, windowHours: 24, connectDeadlineMs: 2000, minRingMs: 15_000, noRedialHours: 72, countAmdFalsePositives: true, amdErrorEstimate: 0.08 } } },
    }).forCampaign(campaign('GB'));
    const s = engineSettings({ ...DEFAULT_CAMPAIGN_SETTINGS, abandonTarget: 0.03, amdErrorEstimate: 0.05 }, false, uk.settings);
    expect(s).toMatchObject({ abandonTarget: 0.02, amdHumanAsMachine: 0.08 });
    // a campaign stricter than the law keeps its own target
    expect(engineSettings({ ...DEFAULT_CAMPAIGN_SETTINGS, abandonTarget: 0.01 }, false, uk.settings).abandonTarget).toBe(0.01);
  });

  it('the campaign pacing counts its rolling rate over the window it was given', () => {
    const p = new CampaignPacing();
    expect(p.abandonWindowMs).toBe(720 * 3_600_000); // before the rules load: the platform's safe default
    p.useAbandonRules({ maxRate: 0.03, windowHours: 24, connectDeadlineMs: 2000, minRingMs: 15_000, noRedialHours: 72, countAmdFalsePositives: true });
    expect(p.abandonWindowMs).toBe(24 * 3_600_000);
  });
});
