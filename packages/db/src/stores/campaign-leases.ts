// Campaign ownership: which dialer paces a campaign, under a lease with a fencing token. The owner renews
// its leases every second or so with a TTL of a few seconds; when it dies, another dialer's acquire finds the
// lease run out and takes it over with the next token. Every expiry is judged at the database's clock
// (clock_timestamp()), never a process's: dialers' clocks differ, and tests move Node's.
//
// The token is what makes a stalled former owner harmless: it grows on every new tenure, and the attempt row
// of a call is written only under lockLiveLease (same transaction), which fails once the lease moved on.
import { sql } from 'kysely';
import type { Db } from '../index.js';

export interface Lease {
  campaignId: string;
  owner: string;
  /** Grows by one on every new tenure (another owner, or the same one after its lease ran out). */
  token: number;
  /** At the database's clock. */
  expiresAt: Date;
}

/** What a write must prove it still holds. */
export type Fence = Pick<Lease, 'campaignId' | 'owner' | 'token'>;

/** A write refused because the writer's lease on the campaign is gone (taken over, released or run out). */
export class LeaseLostError extends Error {
  readonly code = 'CAMPAIGN_LEASE_LOST';
  constructor(readonly fence: Fence) {
    super(`dialer ${fence.owner} no longer holds campaign ${fence.campaignId} (token ${fence.token})`);
  }
}

const ttl = (ms: number) => sql<Date>`clock_timestamp() + ${`${Math.ceil(ms)} milliseconds`}::interval`;

function toLease(campaignId: string, owner: string, r: { token: number | string; expires_at: Date | string }): Lease {
  return { campaignId, owner, token: Number(r.token), expiresAt: new Date(r.expires_at) };
}

export class CampaignLeaseStore {
  constructor(private readonly db: Db) {}

  /**
   * Takes the campaign for `owner` when nobody holds a live lease on it, or when `owner` itself holds it
   * (a dialer restarted under the same id: its former process is gone). Returns null while another owner
   * holds it. A new tenure always gets the next token.
   */
  async acquire(campaignId: string, owner: string, ttlMs: number): Promise<Lease | null> {
    // a look without locking first: the owner's attempt transactions hold its row FOR SHARE, and a standby
    // trying every second must not queue behind them
    const now = await this.holder(campaignId);
    if (now?.live && now.owner !== owner) return null;
    try {
      return await this.db.transaction().execute(async (tx) => {
        // a lock held by a stalled writer ends with its session (lockLiveLease); the round must not wait for it
        await sql`set local lock_timeout = '500ms'`.execute(tx);
        const row = await tx
          .insertInto('campaign_leases')
          .values({ campaign_id: campaignId, owner, token: 1, expires_at: ttl(ttlMs), acquired_at: sql`clock_timestamp()` })
          .onConflict((oc) =>
            oc
              .column('campaign_id')
              .doUpdateSet({ owner, token: sql`campaign_leases.token + 1`, expires_at: ttl(ttlMs), acquired_at: sql`clock_timestamp()` })
              .where((eb) => eb.or([eb('campaign_leases.expires_at', '<=', sql<Date>`clock_timestamp()`), eb('campaign_leases.owner', '=', owner)])),
          )
          .returning(['token', 'expires_at'])
          .executeTakeFirst();
        return row ? toLease(campaignId, owner, row) : null;
      });
    } catch (e) {
      if ((e as { code?: string }).code === '55P03') return null; // lock_not_available: try at the next round
      throw e;
    }
  }

  /**
   * Extends the live leases among `leases` by `ttlMs`, in one statement. Returns the ones still held; a
   * lease missing from the answer was lost (run out, or taken over) and its campaign must stop dialing.
   */
  async renew(owner: string, leases: Fence[], ttlMs: number): Promise<Lease[]> {
    const mine = leases.filter((l) => l.owner === owner);
    if (mine.length === 0) return [];
    const rows = await this.db
      .updateTable('campaign_leases')
      .set({ expires_at: ttl(ttlMs) })
      .where('owner', '=', owner)
      .where('expires_at', '>', sql<Date>`clock_timestamp()`)
      .where((eb) => eb.or(mine.map((l) => eb.and([eb('campaign_id', '=', l.campaignId), eb('token', '=', l.token)]))))
      .returning(['campaign_id', 'token', 'expires_at'])
      .execute();
    return rows.map((r) => toLease(r.campaign_id, owner, r));
  }

  /** Gives the campaign up at once (a clean stop): the next acquire by anyone succeeds, with the next token. */
  async release(lease: Fence): Promise<boolean> {
    const r = await this.db
      .updateTable('campaign_leases')
      .set({ expires_at: sql`clock_timestamp()` })
      .where('campaign_id', '=', lease.campaignId)
      .where('owner', '=', lease.owner)
      .where('token', '=', lease.token)
      .where('expires_at', '>', sql<Date>`clock_timestamp()`)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Who holds the campaign now, if anyone (for the supervisor's screen and tests). */
  async holder(campaignId: string): Promise<(Lease & { live: boolean }) | null> {
    const r = await this.db
      .selectFrom('campaign_leases')
      .select(['owner', 'token', 'expires_at', sql<boolean>`expires_at > clock_timestamp()`.as('live')])
      .where('campaign_id', '=', campaignId)
      .executeTakeFirst();
    return r ? { ...toLease(campaignId, r.owner, r), live: r.live } : null;
  }

  /**
   * Among `campaignIds`, the ones `owner` could take now (no lease, a lease run out, or its own): one
   * statement per round for a standby watching many campaigns, instead of one per campaign.
   */
  async takeable(campaignIds: string[], owner: string): Promise<string[]> {
    if (campaignIds.length === 0) return [];
    const taken = await this.db
      .selectFrom('campaign_leases')
      .select('campaign_id')
      .where('campaign_id', 'in', campaignIds)
      .where('owner', '<>', owner)
      .where('expires_at', '>', sql<Date>`clock_timestamp()`)
      .execute();
    const busy = new Set(taken.map((r) => r.campaign_id));
    return campaignIds.filter((id) => !busy.has(id));
  }

  /** The dialer is alive: other dialers leave its open attempts alone while this is recent. */
  async heartbeat(dialerId: string): Promise<void> {
    await this.db
      .insertInto('dialer_heartbeats')
      .values({ dialer_id: dialerId, seen_at: sql`clock_timestamp()` })
      .onConflict((oc) => oc.column('dialer_id').doUpdateSet({ seen_at: sql`clock_timestamp()` }))
      .execute();
  }
}

/**
 * Inside the transaction that writes an attempt: locks the writer's lease row (FOR SHARE) if it is still
 * live with this owner and token, else throws LeaseLostError. The lock holds until the transaction ends, so
 * a takeover (an UPDATE of that row) waits for the attempt to be committed and then sees it; a takeover
 * committed first changes the token, and the check fails. Either way the attempt and the tenure agree.
 * Must run inside a transaction (the FOR SHARE lock and the SET LOCAL last until its end).
 */
export async function lockLiveLease(tx: Db, fence: Fence): Promise<void> {
  // a writer that stalls inside this transaction (a paused process, a long GC) would hold the lease row and
  // so block the takeover for as long as it stalls: Postgres ends such a session after 2 s idle, rolling the
  // attempt back (no row, so no call) and releasing the row
  await sql`set local idle_in_transaction_session_timeout = '2s'`.execute(tx);
  const row = await tx
    .selectFrom('campaign_leases')
    .select('token')
    .where('campaign_id', '=', fence.campaignId)
    .where('owner', '=', fence.owner)
    .where('token', '=', fence.token)
    .where('expires_at', '>', sql<Date>`clock_timestamp()`)
    .forShare()
    .executeTakeFirst();
  if (!row) throw new LeaseLostError(fence);
}
