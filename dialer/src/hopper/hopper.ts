// The hopper: which debtors a campaign dials next, taken from campaign_leads in priority order and
// reserved with FOR UPDATE SKIP LOCKED, so several dialer processes never take the same debtor.
// A reservation carries reserved_until; a dialer renews its own (heartbeat) and any dialer may
// take a 'reserved' lead whose reservation expired (its owner died before dialing).
import { sql } from 'kysely';
import type { Db } from '@cobranza/db';
import { orderPhones, type PhoneCandidate } from './phones.js';

export interface LeadToDial {
  leadId: number;
  campaignId: string;
  debtorId: string;
  accountId: string | null;
  creditorId: string | null;
  attempts: number;
  priority: number;
  timeZone: string;
  timeZoneCandidates: string[];
  country: string;
  region: string | null;
  locale: string;
  /** Callable phones, best first (see orderPhones). Empty means nothing left to dial. */
  phones: PhoneCandidate[];
}

export interface HopperOptions {
  dialerId: string;
  /** How long a reservation lives without a heartbeat. */
  reservationMs?: number;
  now?: () => number;
}

export class Hopper {
  readonly dialerId: string;
  private readonly reservationMs: number;
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    opts: HopperOptions,
  ) {
    this.dialerId = opts.dialerId;
    this.reservationMs = opts.reservationMs ?? 60_000;
    this.now = opts.now ?? Date.now;
  }

  /** Reserves up to `limit` leads due now, best first. */
  async reserve(campaignId: string, limit: number): Promise<LeadToDial[]> {
    if (limit <= 0) return [];
    const now = new Date(this.now());
    const until = new Date(this.now() + this.reservationMs);
    // A lead whose debtor no longer holds its account (an import moved the account to another person, or
    // the account is gone) has nothing to call about: calling would put a stranger on the line with an
    // empty account screen and a blank script. Closed here, before picking, with the reason on the lead.
    await sql`
      update campaign_leads l set status = 'done', last_outcome = 'no_account', reserved_by = null, reserved_until = null
      where l.campaign_id = ${campaignId} and l.status = 'pending' and l.next_attempt_at <= ${now}
        and not exists (
          select 1 from accounts a
          where a.debtor_id = l.debtor_id and (l.account_id is null or a.id = l.account_id))`.execute(this.db);
    const rows = await sql<{
      id: number;
      debtor_id: string;
      account_id: string | null;
      attempts: number;
      priority: number;
    }>`
      with picked as (
        select id from campaign_leads
        where campaign_id = ${campaignId}
          and ((status = 'pending' and next_attempt_at <= ${now})
               or (status = 'reserved' and reserved_until < ${now}))
        order by priority desc, next_attempt_at, id
        limit ${limit}
        for update skip locked
      )
      update campaign_leads l
         set status = 'reserved', reserved_by = ${this.dialerId}, reserved_until = ${until}
        from picked where l.id = picked.id
      returning l.id, l.debtor_id, l.account_id, l.attempts, l.priority`.execute(this.db);
    if (rows.rows.length === 0) return [];
    return this.describe(campaignId, rows.rows);
  }

  private async describe(
    campaignId: string,
    leads: Array<{ id: number; debtor_id: string; account_id: string | null; attempts: number; priority: number }>,
  ): Promise<LeadToDial[]> {
    const debtorIds = leads.map((l) => l.debtor_id);
    const [debtors, phones, accounts] = await Promise.all([
      this.db
        .selectFrom('debtors')
        .select(['id', 'time_zone', 'time_zone_candidates', 'country', 'region', 'locale'])
        .where('id', 'in', debtorIds)
        .execute(),
      this.db
        .selectFrom('phones')
        .select(['id', 'debtor_id', 'e164', 'status', 'priority', 'attempts', 'last_result', 'type', 'consent_automated'])
        .where('debtor_id', 'in', debtorIds)
        .execute(),
      this.db
        .selectFrom('accounts')
        .innerJoin('portfolios', 'portfolios.id', 'accounts.portfolio_id')
        .select(['accounts.id', 'accounts.debtor_id', 'portfolios.creditor_id'])
        .where('accounts.debtor_id', 'in', debtorIds)
        .execute(),
    ]);
    const debtorById = new Map(debtors.map((d) => [d.id, d]));
    return leads
      .sort((a, b) => b.priority - a.priority || a.id - b.id)
      .map((l) => {
        const d = debtorById.get(l.debtor_id);
        if (!d) throw new Error(`campaign_leads ${l.id}: debtor ${l.debtor_id} not found`);
        const account = accounts.find((a) => (l.account_id ? a.id === l.account_id : a.debtor_id === l.debtor_id));
        return {
          leadId: l.id,
          campaignId,
          debtorId: l.debtor_id,
          accountId: l.account_id ?? account?.id ?? null,
          creditorId: account?.creditor_id ?? null,
          attempts: l.attempts,
          priority: l.priority,
          timeZone: d.time_zone,
          timeZoneCandidates: d.time_zone_candidates,
          country: d.country,
          region: d.region,
          locale: d.locale,
          phones: orderPhones(
            phones
              .filter((p) => p.debtor_id === l.debtor_id)
              .map((p) => ({
                id: p.id,
                e164: p.e164,
                status: p.status,
                priority: p.priority,
                attempts: p.attempts,
                lastResult: p.last_result,
                type: p.type,
                consentAutomated: p.consent_automated,
              })),
          ),
        };
      });
  }

  /** Gives a reserved lead back (skipped in preview, not dialed now) to be taken again at `at`. */
  async release(leadId: number, at: number = this.now()): Promise<void> {
    await this.db
      .updateTable('campaign_leads')
      .set({ status: 'pending', next_attempt_at: new Date(at), reserved_by: null, reserved_until: null })
      .where('id', '=', leadId)
      .where('status', '=', 'reserved')
      .where('reserved_by', '=', this.dialerId)
      .execute();
  }

  /** The compliance gate said no: back to pending at the next allowed instant, or blocked for good. */
  async block(leadId: number, nextAllowedAt: number | null, rule: string): Promise<void> {
    await this.db
      .updateTable('campaign_leads')
      .set({
        status: nextAllowedAt === null ? 'blocked' : 'pending',
        next_attempt_at: nextAllowedAt === null ? new Date(this.now()) : new Date(nextAllowedAt),
        reserved_by: null,
        reserved_until: null,
        last_outcome: `blocked:${rule}`.slice(0, 100),
      })
      .where('id', '=', leadId)
      .where('reserved_by', '=', this.dialerId)
      .execute();
  }

  /** Nothing left to dial on this lead (no callable phone). */
  async exhaust(leadId: number, reason: string): Promise<void> {
    await this.db
      .updateTable('campaign_leads')
      .set({ status: 'exhausted', reserved_by: null, reserved_until: null, last_outcome: reason })
      .where('id', '=', leadId)
      .execute();
  }

  /** Keeps this dialer's reservations (and in-call leads) alive. */
  async heartbeat(): Promise<number> {
    const r = await this.db
      .updateTable('campaign_leads')
      .set({ reserved_until: new Date(this.now() + this.reservationMs) })
      .where('reserved_by', '=', this.dialerId)
      .where('status', 'in', ['reserved', 'in_call'])
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Leads still due (pending and next_attempt_at passed) in a campaign: for stats and tests. */
  async dueCount(campaignId: string): Promise<number> {
    const r = await this.db
      .selectFrom('campaign_leads')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('campaign_id', '=', campaignId)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', new Date(this.now()))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
