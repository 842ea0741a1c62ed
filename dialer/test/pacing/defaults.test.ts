// The pacing defaults are defined once (DEFAULT_PACING in @cobranza/contracts): the dialer's campaign
// settings and the engine (and so the simulator) start from the same values the API stores and the
// console shows.
import { DEFAULT_PACING } from '@cobranza/contracts';
import { DEFAULT_PACING as API_DEFAULT_PACING } from '@cobranza/contracts/api/campaigns';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CAMPAIGN_SETTINGS, parseCampaignSettings } from '../../src/campaign/settings.js';
import { engineSettings } from '../../src/campaign/pacing.js';
import { DEFAULT_SETTINGS } from '../../src/pacing/types.js';

describe('pacing defaults', () => {
  it('are one object, the same for the API, the dialer and the engine', () => {
    expect(API_DEFAULT_PACING).toBe(DEFAULT_PACING);
    expect(DEFAULT_CAMPAIGN_SETTINGS).toMatchObject(DEFAULT_PACING);
    expect(DEFAULT_SETTINGS).toMatchObject({
      mode: DEFAULT_PACING.mode,
      abandonTarget: DEFAULT_PACING.abandonTarget,
      maxLinesPerAgent: DEFAULT_PACING.maxLinesPerAgent,
      minAgentsForPredictive: DEFAULT_PACING.minAgentsForPredictive,
      agentlessConcurrency: DEFAULT_PACING.agentlessConcurrency,
      amdHumanAsMachine: DEFAULT_PACING.amdErrorEstimate,
    });
  });

  it('a campaign stored without pacing fields is paced with them', () => {
    const s = engineSettings(parseCampaignSettings({}, 'predictive'), false);
    expect(s).toMatchObject({ ...DEFAULT_SETTINGS, connectWithinSeconds: DEFAULT_CAMPAIGN_SETTINGS.connectDeadlineMs / 1000 });
  });
});
