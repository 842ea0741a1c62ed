// The SQL of campaign supervision: the definitions of the campaigns to run, the attempts that seed a
// campaign's pacing statistics, the settings and status a command writes, and the leads a dead dialer had
// reserved.
import { sql } from 'kysely';
import type { CampaignStatus } from '@cobranza/contracts';
import type { Db } from '@cobranza/db';
import { parseRetryRules, type RetryRules } from '@cobranza/domain/retry/rules';
import type { CampaignDefinition } from './runtime.js';
import { parseAmdMode, parseCampaignSettings } from './settings.js';

export type PacingHistoryRow = Awaited<ReturnType<CampaignStore['history']>>[number];

export class CampaignStore {
  constructor(private readonly db: Db) {}

  /**
   * The campaigns to run: `ids` when given (tests), else every running or paused one. A campaign whose
   * stored settings do not parse is listed in `refused` with the reason, and not run.
   */
  async definitions(ids?: string[]): Promise<{ defs: CampaignDefinition[]; refused: { id: string; error: string }[] }> {
    let q = this.db
      .selectFrom('campaigns')
      .leftJoin('strategies', 'strategies.id', 'campaigns.strategy_id')
      .leftJoin('portfolios', 'portfolios.id', 'campaigns.portfolio_id')
      .leftJoin('creditors', 'creditors.id', 'portfolios.creditor_id')
      .select([
        'campaigns.id',
        'campaigns.name',
        'campaigns.status',
        'campaigns.dial_mode',
        'campaigns.settings',
        'campaigns.strategy_id',
        'strategies.amd_mode',
        'strategies.retry_rules',
        'creditors.id as creditor_id',
        'creditors.code as creditor_code',
        'creditors.business_name',
        'creditors.callback_number',
        'portfolios.country as portfolio_country',
        'creditors.country as creditor_country',
      ]);
    if (ids) q = q.where('campaigns.id', 'in', ids.length > 0 ? ids : ['00000000-0000-0000-0000-000000000000']);
    else q = q.where('campaigns.status', 'in', ['running', 'paused']);
    const defs: CampaignDefinition[] = [];
    const refused: { id: string; error: string }[] = [];
    for (const r of await q.execute()) {
      try {
        defs.push({
          id: r.id,
          name: r.name,
          status: r.status as CampaignStatus,
          settings: parseCampaignSettings(r.settings, r.dial_mode),
          amdMode: parseAmdMode(r.amd_mode ?? 'off'),
          retryRules: parseRetryRules(r.retry_rules),
          creditor: { id: r.creditor_id, code: r.creditor_code ?? 'default', businessName: r.business_name ?? '', callbackNumber: r.callback_number ?? '' },
          strategyId: r.strategy_id,
          country: r.portfolio_country ?? r.creditor_country ?? null,
        });
      } catch (e) {
        refused.push({ id: r.id, error: e instanceof Error ? e.message : String(e) });
      }
    }
    return { defs, refused };
  }

  /** The campaign's ended attempts since `since`, oldest first: the pacing statistics are seeded from them. */
  async history(campaignId: string, since: Date) {
    return this.db
      .selectFrom('call_attempts')
      .select(['id', 'created_at', 'dialed_at', 'answered_at', 'human_at', 'bridged_at', 'ended_at', 'outcome', 'amd_status'])
      .where('campaign_id', '=', campaignId)
      .where('status', '=', 'ended')
      .where('created_at', '>=', since)
      .orderBy('created_at')
      .execute();
  }

  async saveSettings(campaignId: string, patch: unknown): Promise<void> {
    await this.db
      .updateTable('campaigns')
      .set({ settings: sql`settings || ${JSON.stringify(patch ?? {})}::jsonb`, updated_at: new Date() })
      .where('id', '=', campaignId)
      .execute();
  }

  async saveStatus(campaignId: string, status: CampaignStatus): Promise<void> {
    await this.db.updateTable('campaigns').set({ status, updated_at: new Date() }).where('id', '=', campaignId).execute();
  }

  /** The retry rules of a campaign's strategy (defaults when it has none). */
  async retryRules(campaignId: string | null): Promise<RetryRules> {
    const s = campaignId
      ? await this.db
          .selectFrom('campaigns')
          .leftJoin('strategies', 'strategies.id', 'campaigns.strategy_id')
          .select(['strategies.retry_rules'])
          .where('campaigns.id', '=', campaignId)
          .executeTakeFirst()
      : undefined;
    return parseRetryRules(s?.retry_rules ?? {});
  }

  /**
   * Leads of the campaign reserved (never dialed) by dialers silent for `silentMs` at the database's clock:
   * back to the queue now rather than when their reservation runs out.
   */
  async releaseReservationsOfDead(campaignId: string, silentMs: number): Promise<number> {
    const r = await this.db
      .updateTable('campaign_leads')
      .set({ status: 'pending', reserved_by: null, reserved_until: null })
      .where('campaign_id', '=', campaignId)
      .where('status', '=', 'reserved')
      .where(({ eb, selectFrom }) =>
        eb(
          'reserved_by',
          'in',
          selectFrom('dialer_heartbeats')
            .select('dialer_id')
            .where('seen_at', '<=', sql<Date>`clock_timestamp() - ${`${Math.ceil(silentMs)} milliseconds`}::interval`),
        ),
      )
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
}
