// Persistence of call attempts: the row is written BEFORE the originate (crash safety: no dial
// without a row), timings are stamped as they happen, and the end of a call writes the outcome,
// the contact_events ledger row the compliance caps count, the phone's result and the lead's next
// step, in one transaction.
import { sql } from 'kysely';
import type { CallOutcome, CallStatus, DialMode } from '@cobranza/contracts';
import type { Db } from '@cobranza/db';
import { lockLiveLease, type Fence } from '@cobranza/db/stores/campaign-leases';
import { decideRetry, type RetryRules } from '@cobranza/domain/retry/rules';

export interface NewAttempt {
  id: string;
  campaignId: string | null;
  leadId: number | null;
  debtorId: string;
  accountId: string | null;
  phoneId: string | null;
  e164: string;
  dialMode: DialMode;
  dialerId: string;
  agentId: string | null;
  /**
   * The writer's lease on the campaign: the row is written only while it is still live (same transaction),
   * else LeaseLostError. Null for a call outside any campaign; absent only in tests' fixtures.
   */
  fence?: Fence | null;
}

/** Another live call to this debtor exists (the partial unique index said so). */
export class DebtorBusyError extends Error {
  readonly code = 'DEBTOR_HAS_LIVE_CALL';
  constructor(readonly debtorId: string) {
    super(`debtor ${debtorId} already has a live call`);
  }
}

export type Stamp = 'dialed' | 'answered' | 'human' | 'bridged';

export interface FinalInfo {
  outcome: CallOutcome;
  at: number;
  cause: number | null;
  sipCode: number | null;
  creditorId: string | null;
}

export interface FinalizeResult {
  /** false when the attempt was already final (a duplicate hangup, a reconcile racing an event). */
  finalized: boolean;
  leadStatus: string | null;
}

const NOT_CONNECTED: CallOutcome[] = ['busy', 'congestion', 'failed', 'invalid_number', 'cancelled'];

export class AttemptStore {
  constructor(private readonly db: Db) {}

  /**
   * Writes the attempt and moves the lead to in_call. Throws DebtorBusyError on a live call. `inTx`: a
   * transaction to write in (the compliance gate's, holding the debtor's contact lock); else its own.
   */
  async create(a: NewAttempt, now: number, inTx: Db | null = null): Promise<void> {
    const write = async (tx: Db) => {
      // a stalled former owner of the campaign stops here: no row, so no originate
      if (a.fence) await lockLiveLease(tx, a.fence);
      await tx
        .insertInto('call_attempts')
        .values({
          id: a.id,
          campaign_id: a.campaignId,
          lead_id: a.leadId,
          debtor_id: a.debtorId,
          account_id: a.accountId,
          phone_id: a.phoneId,
          e164: a.e164,
          direction: 'outbound',
          dial_mode: a.dialMode,
          dialer_id: a.dialerId,
          status: 'reserved',
          agent_id: a.agentId,
          created_at: new Date(now),
        })
        .execute();
      if (a.leadId !== null) {
        await tx
          .updateTable('campaign_leads')
          .set((eb) => ({ status: 'in_call', attempts: eb('attempts', '+', 1) }))
          .where('id', '=', a.leadId)
          .execute();
      }
      if (a.phoneId !== null) {
        await tx
          .updateTable('phones')
          .set((eb) => ({ attempts: eb('attempts', '+', 1), last_attempt_at: new Date(now) }))
          .where('id', '=', a.phoneId)
          .execute();
      }
    };
    try {
      await (inTx ? write(inTx) : this.db.transaction().execute(write));
    } catch (e) {
      if (e instanceof Error && /call_attempts_one_live_per_debtor/.test(e.message)) throw new DebtorBusyError(a.debtorId);
      throw e;
    }
  }

  async setStatus(id: string, status: CallStatus): Promise<void> {
    await this.db.updateTable('call_attempts').set({ status }).where('id', '=', id).where('status', '<>', 'ended').execute();
  }

  async stamp(id: string, stamp: Stamp, at: number, status: CallStatus, extra: { agentId?: string | null } = {}): Promise<void> {
    const col = `${stamp}_at` as const;
    await this.db
      .updateTable('call_attempts')
      .set({ [col]: new Date(at), status, ...(extra.agentId !== undefined ? { agent_id: extra.agentId } : {}) })
      .where('id', '=', id)
      .where('status', '<>', 'ended')
      .execute();
  }

  async setAmd(id: string, status: string, cause: string): Promise<void> {
    await this.db.updateTable('call_attempts').set({ amd_status: status, amd_cause: cause.slice(0, 200) }).where('id', '=', id).execute();
  }

  async setRecording(id: string, name: string): Promise<void> {
    await this.db.updateTable('call_attempts').set({ recording_name: name }).where('id', '=', id).execute();
  }

  /** A call put through to an agent, with a known debtor, and no disposition saved yet. */
  async dispositionPending(id: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('call_attempts as ca')
      .leftJoin('dispositions as d', 'd.call_attempt_id', 'ca.id')
      .select(['ca.id', 'd.id as disposition_id'])
      .where('ca.id', '=', id)
      .where('ca.bridged_at', 'is not', null)
      .where('ca.debtor_id', 'is not', null)
      .executeTakeFirst();
    return row !== undefined && row.disposition_id === null;
  }

  async setAgent(id: string, agentId: string | null): Promise<void> {
    await this.db.updateTable('call_attempts').set({ agent_id: agentId }).where('id', '=', id).execute();
  }

  /**
   * Ends the attempt once. Writes the compliance ledger row (when a dial was actually placed),
   * the phone's last result (invalid numbers marked invalid) and the lead's next step.
   */
  async finalize(id: string, f: FinalInfo, rules: RetryRules): Promise<FinalizeResult> {
    return this.db.transaction().execute(async (tx) => {
      const row = await tx
        .updateTable('call_attempts')
        .set({ status: 'ended', outcome: f.outcome, ended_at: new Date(f.at), hangup_cause: f.cause, sip_code: f.sipCode })
        .where('id', '=', id)
        .where('status', '<>', 'ended')
        .returning(['debtor_id', 'account_id', 'campaign_id', 'lead_id', 'phone_id', 'e164', 'dialed_at', 'human_at', 'bridged_at', 'dial_mode', 'right_party'])
        .executeTakeFirst();
      if (!row) return { finalized: false, leadStatus: null };

      if (row.debtor_id && row.dialed_at) {
        await tx
          .insertInto('contact_events')
          .values({
            debtor_id: row.debtor_id,
            account_id: row.account_id,
            creditor_id: f.creditorId,
            campaign_id: row.campaign_id,
            // the same channel the gate was asked about (compliance-gate.ts)
            channel: row.dial_mode === 'agentless' ? 'ivr' : 'voice',
            e164: row.e164,
            at: row.dialed_at,
            live: row.human_at !== null || f.outcome === 'connected' || f.outcome === 'abandoned' || f.outcome === 'ivr_completed',
            // a bridge alone is not a conversation: the agent's disposition must confirm the debtor (a
            // disposition saved before the call ended set call_attempts.right_party; later ones call
            // recordRightParty in @cobranza/db/stores/contact-ledger)
            right_party: row.bridged_at !== null && row.right_party === true,
            conversation: row.bridged_at !== null && row.right_party === true,
            // COMPLIANCE.md: a person not connected within 2 s of being recognised is an abandoned
            // call even if an agent picks up later (a slow bridge under load)
            abandoned: f.outcome === 'abandoned' || lateConnect(row.human_at, row.bridged_at),
            machine: f.outcome === 'machine',
            connected: !NOT_CONNECTED.includes(f.outcome),
            source_id: id,
          })
          .execute();
      }

      let invalid = false;
      if (row.phone_id) {
        invalid = f.outcome === 'invalid_number';
        await tx
          .updateTable('phones')
          .set({ last_result: f.outcome, ...(invalid ? { status: 'invalid' } : {}) })
          .where('id', '=', row.phone_id)
          .execute();
      }

      if (row.lead_id === null) return { finalized: true, leadStatus: null };
      const lead = await tx
        .selectFrom('campaign_leads')
        .select(['attempts', 'debtor_id'])
        .where('id', '=', row.lead_id)
        .executeTakeFirstOrThrow();
      const sameOutcome = await tx
        .selectFrom('call_attempts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('lead_id', '=', row.lead_id)
        .where('outcome', '=', f.outcome)
        .executeTakeFirstOrThrow();
      const otherPhones = await tx
        .selectFrom('phones')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('debtor_id', '=', lead.debtor_id)
        .where('status', 'in', ['valid', 'unknown'])
        .where('id', '<>', row.phone_id ?? '00000000-0000-0000-0000-000000000000')
        .executeTakeFirstOrThrow();
      const d = decideRetry(
        f.outcome,
        rules,
        { attempts: lead.attempts, attemptsWithOutcome: Number(sameOutcome.n), otherCallablePhones: Number(otherPhones.n) },
        f.at,
      );
      await tx
        .updateTable('campaign_leads')
        .set({
          status: d.lead.status,
          next_attempt_at: d.lead.nextAttemptAt === null ? sql`next_attempt_at` : new Date(d.lead.nextAttemptAt),
          last_outcome: f.outcome,
          reserved_by: null,
          reserved_until: null,
        })
        .where('id', '=', row.lead_id)
        .execute();
      return { finalized: true, leadStatus: d.lead.status };
    });
  }

  /**
   * Attempts not final yet: of this dialer (restart), or of dialers silent for `deadAfterMs` at the
   * database's clock (dead: their heartbeat in dialer_heartbeats stopped that long ago), optionally of one
   * campaign.
   */
  async open(filter: { dialerId?: string; deadAfterMs?: number; campaignId?: string } = {}) {
    let q = this.db
      .selectFrom('call_attempts')
      .select([
        'call_attempts.id',
        'call_attempts.status',
        'call_attempts.campaign_id',
        'call_attempts.dialer_id',
        'call_attempts.answered_at',
        'call_attempts.human_at',
        'call_attempts.bridged_at',
        'call_attempts.dialed_at',
      ])
      .where('call_attempts.status', '<>', 'ended')
      .where('call_attempts.direction', '=', 'outbound');
    if (filter.dialerId !== undefined) q = q.where('call_attempts.dialer_id', '=', filter.dialerId);
    if (filter.campaignId !== undefined) q = q.where('call_attempts.campaign_id', '=', filter.campaignId);
    if (filter.deadAfterMs !== undefined) {
      const since = sql<Date>`clock_timestamp() - ${`${Math.ceil(filter.deadAfterMs)} milliseconds`}::interval`;
      // a dialer that never wrote a heartbeat (a version before it, in a rolling deploy) is not judged dead:
      // its calls may be live, and its own restart settles them
      q = q.where(({ eb, selectFrom }) => eb('call_attempts.dialer_id', 'in', selectFrom('dialer_heartbeats').select('dialer_id').where('seen_at', '<=', since)));
    }
    return q.execute();
  }
}

export const CONNECT_RULE_MS = 2000;

export function lateConnect(humanAt: Date | null, bridgedAt: Date | null): boolean {
  return humanAt !== null && bridgedAt !== null && bridgedAt.getTime() - humanAt.getTime() > CONNECT_RULE_MS;
}

/** What we know about an attempt whose channel vanished while we were not listening. */
export function outcomeFromWhatIsKnown(a: { answered_at: Date | null; human_at: Date | null; bridged_at: Date | null; dialed_at: Date | null }): CallOutcome {
  if (a.bridged_at) return 'connected';
  if (a.human_at || a.answered_at) return 'abandoned';
  if (a.dialed_at) return 'failed';
  return 'cancelled';
}
