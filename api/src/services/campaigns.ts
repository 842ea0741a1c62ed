// Campaign state and pacing changes, shared by the HTTP routes and the Socket.IO handlers so both
// validate, audit and notify the dialer the same way.
import type { Bus } from '@cobranza/bus';
import type { CampaignStatus, DialMode, PacingSettings } from '@cobranza/contracts';
import { type Campaign, type CampaignCommandBody, DEFAULT_PACING, type PacingSettingsPatch } from '@cobranza/contracts/api';
import type { Campaigns, DB, Db } from '@cobranza/db';
import { sql, type Selectable, type Transaction } from 'kysely';
import { audit } from '../audit.js';
import type { AuthUser } from '../auth/guard.js';
import { ApiError, notFound } from '../errors.js';
import { todayIn } from '../lib/values.js';

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export function pacingOf(row: Selectable<Campaigns>): PacingSettings & { callerId?: string } {
  const s = obj(row.settings);
  const merged = { ...DEFAULT_PACING } as PacingSettings & { callerId?: string };
  for (const k of Object.keys(DEFAULT_PACING) as (keyof PacingSettings)[]) {
    if (s[k] !== undefined && s[k] !== null) (merged as unknown as Record<string, unknown>)[k] = s[k];
  }
  merged.mode = row.dial_mode as DialMode;
  if (typeof s.callerId === 'string') merged.callerId = s.callerId;
  return merged;
}

export function campaignDto(row: Selectable<Campaigns>): Campaign {
  return {
    id: row.id,
    name: row.name,
    portfolioId: row.portfolio_id,
    strategyId: row.strategy_id,
    segmentIds: row.segment_ids,
    status: row.status as CampaignStatus,
    settings: pacingOf(row),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Which status each command leads to, from which statuses. */
const TRANSITIONS: Record<CampaignCommandBody['command'], { to: CampaignStatus; from: CampaignStatus[] }> = {
  start: { to: 'running', from: ['draft', 'paused', 'stopped'] },
  pause: { to: 'paused', from: ['running'] },
  stop: { to: 'stopped', from: ['running', 'paused', 'draft'] },
};

export class CampaignService {
  constructor(
    private readonly db: Db,
    private readonly bus: Bus,
    /** Days past due are counted from today in this zone (DAILY_TIME_ZONE), as segmentation counts them, not the database server's. */
    private readonly timeZone: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get(id: string): Promise<Selectable<Campaigns>> {
    const row = await this.db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('campaign');
    return row;
  }

  /** Applies a (schema-validated) partial pacing change, audits who made it and tells the dialer. */
  async changeSettings(by: AuthUser, id: string, patch: PacingSettingsPatch): Promise<Campaign> {
    const { row, before, after } = await this.db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('campaigns').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!current) throw notFound('campaign');
      const before = pacingOf(current);
      const after = { ...before, ...patch };
      const { mode, ...rest } = after;
      const row = await trx
        .updateTable('campaigns')
        .set({ dial_mode: mode, settings: JSON.stringify(rest), updated_at: new Date() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const changed = Object.fromEntries(
        (Object.keys(patch) as (keyof PacingSettingsPatch)[])
          .filter((k) => before[k] !== after[k])
          .map((k) => [k, { from: before[k], to: after[k] }]),
      );
      await audit(trx, { userId: by.id, action: 'campaign.settings', entity: 'campaign', entityId: id, details: { by: by.email, changed } });
      return { row, before, after };
    });
    void before;
    const { callerId: _c, ...settings } = after;
    await this.bus.publish('campaign.command', { campaignId: id, command: 'settings', settings, by: by.id });
    return campaignDto(row);
  }

  /**
   * Fills the dialer's queue (campaign_leads) from the campaign's portfolio and segments: one lead per
   * debtor (their largest open account), most days past due first. Idempotent: debtors already queued
   * are left as they are (attempts, next attempt time).
   */
  async loadLeads(by: AuthUser, id: string, trx: Transaction<DB> | Db = this.db): Promise<{ added: number; total: number }> {
    const today = todayIn(this.timeZone, this.now());
    const inserted = await sql<{ n: number }>`
      with added as (
        insert into campaign_leads (campaign_id, debtor_id, account_id, priority)
        select distinct on (a.debtor_id) c.id, a.debtor_id, a.id,
               greatest(0, least(100000, coalesce(${today}::date - a.oldest_due_date, 0)))
          from campaigns c
          join accounts a on (c.portfolio_id is null or a.portfolio_id = c.portfolio_id)
         where c.id = ${id}
           and (cardinality(c.segment_ids) = 0 or a.segment_id = any(c.segment_ids))
           and a.status = 'active'
           and a.balance > 0
         order by a.debtor_id, a.balance desc
        on conflict (campaign_id, debtor_id) do nothing
        returning 1
      )
      select count(*)::int as n from added`.execute(trx);
    const total = await trx.selectFrom('campaign_leads').select(sql<number>`count(*)::int`.as('n')).where('campaign_id', '=', id).executeTakeFirstOrThrow();
    const added = inserted.rows[0]?.n ?? 0;
    await audit(trx, { userId: by.id, action: 'campaign.leads', entity: 'campaign', entityId: id, details: { by: by.email, added, total: total.n } });
    return { added, total: total.n };
  }

  async command(by: AuthUser, id: string, command: CampaignCommandBody['command']): Promise<Campaign> {
    const t = TRANSITIONS[command];
    const row = await this.db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('campaigns').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!current) throw notFound('campaign');
      if (!t.from.includes(current.status as CampaignStatus)) {
        throw new ApiError(409, 'BAD_TRANSITION', `cannot ${command} a campaign that is ${current.status}`, { field: '/command', reason: `campaign is ${current.status}` });
      }
      const row = await trx.updateTable('campaigns').set({ status: t.to, updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await audit(trx, { userId: by.id, action: 'campaign.command', entity: 'campaign', entityId: id, details: { by: by.email, command, from: current.status, to: t.to } });
      // a campaign that starts with an empty queue gets its leads loaded first
      if (command === 'start') {
        const queued = await trx.selectFrom('campaign_leads').select('id').where('campaign_id', '=', id).limit(1).executeTakeFirst();
        if (!queued) await this.loadLeads(by, id, trx);
      }
      return row;
    });
    await this.bus.publish('campaign.command', { campaignId: id, command, by: by.id });
    return campaignDto(row);
  }
}
