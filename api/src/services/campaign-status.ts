// Each campaign with its hopper and its why-not-dialing line, read from the database (campaigns, strategies,
// campaign_leads, compliance_decisions) and the figures the dialer last published (live state).
import type { CampaignOverviewItem } from '@cobranza/contracts/api';
import type { Db } from '@cobranza/db';
import { parseRetryRules, RetryRulesError } from '@cobranza/domain/retry/rules';
import type { LiveStateStore } from '../realtime/live-state.js';
import { notFound } from '../errors.js';
import { campaignDto, pacingOf } from './campaigns.js';
import { hopperSummaries } from './hopper-summary.js';
import { retryFieldPointer } from './retry-rules.js';
import { whyNotDialing } from './why-not-dialing.js';

function retryRulesError(raw: unknown): { field: string; es: string; en: string } | null {
  try {
    parseRetryRules(raw);
    return null;
  } catch (e) {
    if (!(e instanceof RetryRulesError)) throw e;
    return { field: retryFieldPointer(e.field), es: e.reasonEs, en: e.reason };
  }
}

export class CampaignStatusService {
  constructor(
    private readonly db: Db,
    private readonly live: LiveStateStore | undefined,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Every campaign (newest first), or the one asked for. */
  async overview(onlyId?: string): Promise<CampaignOverviewItem[]> {
    const now = this.now();
    const rows = await this.db
      .selectFrom('campaigns as c')
      .leftJoin('strategies as s', 's.id', 'c.strategy_id')
      .selectAll('c')
      .select('s.retry_rules')
      .$if(onlyId !== undefined, (q) => q.where('c.id', '=', onlyId!))
      .orderBy('c.created_at', 'desc')
      .execute();
    if (onlyId !== undefined && !rows.length) throw notFound('campaign');
    const hoppers = await hopperSummaries(
      this.db,
      rows.map((r) => r.id),
      now,
    );
    const assigned = rows.length
      ? await this.db
          .selectFrom('campaign_agents')
          .select(['campaign_id', (eb) => eb.fn.countAll<number>().as('n')])
          .where(
            'campaign_id',
            'in',
            rows.map((r) => r.id),
          )
          .groupBy('campaign_id')
          .execute()
      : [];
    const agents = new Map(assigned.map((a) => [a.campaign_id, Number(a.n)]));
    const live = new Map((this.live ? await this.live.campaigns() : []).map((s) => [s.campaignId, s]));
    return rows.map((row) => {
      const { retry_rules, ...campaign } = row;
      const hopper = hoppers.get(row.id)!;
      const settings = pacingOf(campaign);
      return {
        campaign: campaignDto(campaign),
        hopper,
        dialing: whyNotDialing({
          status: campaignDto(campaign).status,
          settings,
          hopper,
          live: live.get(row.id) ?? null,
          retryRulesError: row.strategy_id ? retryRulesError(retry_rules) : null,
          changedAt: row.updated_at,
          now,
        }),
        agentsAssigned: agents.get(row.id) ?? 0,
      };
    });
  }
}
