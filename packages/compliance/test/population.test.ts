// The abandon settings of a campaign's debtor population: the strictest of the jurisdictions' profiles.
import { describe, expect, it } from 'vitest';
import { abandonSettingsForPopulation, DEFAULT_ABANDON } from '../src/index.js';

describe('abandonSettingsForPopulation', () => {
  it('UK debtors: 3 % over 24 h, AMD errors counted', () => {
    const r = abandonSettingsForPopulation([{ country: 'GB' }]);
    expect(r.settings).toMatchObject({ maxRate: 0.03, windowHours: 24, countAmdFalsePositives: true });
    expect(r.profileIds).toEqual(['UK']);
  });

  it('US debtors (a state overlay too): 3 % over 30 days', () => {
    expect(abandonSettingsForPopulation([{ country: 'US', region: 'MA' }, { country: 'US' }]).settings).toMatchObject({ maxRate: 0.03, windowHours: 720 });
  });

  it('UK and US debtors together: the strictest of both (the longest window)', () => {
    expect(abandonSettingsForPopulation([{ country: 'GB' }, { country: 'US' }]).settings.windowHours).toBe(720);
  });

  it('a jurisdiction with no abandon rule of its own next to the UK: the UK rule; alone or unknown: the safe default', () => {
    expect(abandonSettingsForPopulation([{ country: 'CO' }, { country: 'GB' }]).settings.windowHours).toBe(24);
    expect(abandonSettingsForPopulation([{ country: 'CO' }]).settings).toEqual(DEFAULT_ABANDON);
    expect(abandonSettingsForPopulation([])).toMatchObject({ settings: DEFAULT_ABANDON, profileIds: [] });
    const odd = abandonSettingsForPopulation([{ country: 'GB' }, { country: 'QQ' }]);
    expect(odd.unknown).toEqual(['QQ']);
    expect(odd.settings.windowHours).toBe(DEFAULT_ABANDON.windowHours);
  });

  it("an operator's estimate of AMD errors on the UK profile is carried, stricter cap patched in", () => {
    const uk = abandonSettingsForPopulation([{ country: 'GB' }], {
      patches: { UK: { abandon: { maxRate: 0.025, windowHours: 24, connectDeadlineMs: 2000, minRingMs: 15_000, noRedialHours: 72, countAmdFalsePositives: true, amdErrorEstimate: 0.02 } } },
    });
    expect(uk.settings).toMatchObject({ maxRate: 0.025, windowHours: 24, amdErrorEstimate: 0.02 });
  });
});
