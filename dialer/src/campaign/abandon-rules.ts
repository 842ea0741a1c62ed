// Binds the AbandonRules port to the compliance package: the campaign's debtor jurisdictions and
// stored profile overrides (PgComplianceStore) through abandonSettingsForPopulation.
import { abandonSettingsForPopulation, type Jurisdiction } from '@cobranza/compliance';
import type { PgComplianceStore } from '@cobranza/db/stores/compliance-store';
import type { AbandonRules } from '../ports.js';

export function abandonRulesFrom(store: Pick<PgComplianceStore, 'campaignJurisdictions' | 'loadOverridesFor'>): AbandonRules {
  return {
    async forCampaign(c) {
      const rows = await store.campaignJurisdictions(c.id);
      const jurisdictions: Jurisdiction[] = rows.map((r) => (r.region ? { country: r.country, region: r.region } : { country: r.country }));
      // the portfolio's country counts too: the list may still be empty when the campaign loads
      if (c.country) jurisdictions.push({ country: c.country });
      const overrides = await store.loadOverridesFor({ creditorId: c.creditorId, campaignId: c.id });
      const r = abandonSettingsForPopulation(jurisdictions, overrides);
      return { settings: r.settings, profileIds: r.profileIds };
    },
  };
}
