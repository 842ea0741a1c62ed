// Postgres implementation of the compliance gate's store. The contact history is the
// contact_events ledger plus any call attempt or SMS the ledger does not have yet (matched by
// source_id), so a call still ringing already counts when the SMS sender asks.
import {
  ComplianceConfigError,
  defineProfile,
  type Channel,
  type ComplianceDecision,
  type ComplianceProfile,
  type ComplianceStore,
  type ConsentHours,
  type ContactContext,
  type ContactEvent,
  type ContactRequest,
  type LegalHold,
  type LoadContextQuery,
  type OptOut,
  type PhoneInfo,
  type ProfileOverrides,
  type ProfilePatch,
  type WeeklySchedule,
} from '@cobranza/compliance';
import { sql } from 'kysely';
import type { Db } from '../connect.js';

const CHANNELS: Channel[] = ['voice', 'ivr', 'sms', 'email'];
const DAY_MS = 86_400_000;
const NEVER_CONNECTED = new Set(['busy', 'congestion', 'failed', 'invalid_number', 'cancelled']);
const SMS_NOT_SENT = new Set(['failed', 'blocked']);

export interface PgComplianceStoreOptions {
  /**
   * A debtor with no recorded channel authorisation (no debtor_contact_preferences row, or a null
   * list): 'contact-points-on-file' authorises the channels of the contact points the creditor
   * holds for the debtor (valid phones → voice, IVR, SMS; an e-mail → e-mail), the reading of a
   * credit contract's contact clause; 'none' authorises nothing (then profiles that require
   * authorisation, CO, block until it is recorded).
   */
  authorisationFallback?: 'contact-points-on-file' | 'none';
}

export interface ContactPreferences {
  authorisedChannels?: Channel[] | null;
  consentHours?: ConsentHours | null;
}

function asChannel(c: string, field: string): Channel {
  if (!(CHANNELS as string[]).includes(c)) throw new ComplianceConfigError(field, `unknown channel "${c}"`);
  return c as Channel;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** First key of the debtor contact lock (pg_advisory_xact_lock(class, hashtext(debtor id))): "comp". */
const CONTACT_LOCK_CLASS = 0x636f6d70;

export class PgComplianceStore implements ComplianceStore {
  private readonly fallback: 'contact-points-on-file' | 'none';
  /** Set on the store handed out by withDebtorLock: its db is the transaction holding the lock. */
  private readonly lockedDebtor: string | null;

  constructor(
    /** The database, or inside withDebtorLock the transaction holding the debtor's lock. */
    readonly db: Db,
    opts: PgComplianceStoreOptions = {},
    lockedDebtor: string | null = null,
  ) {
    this.fallback = opts.authorisationFallback ?? 'contact-points-on-file';
    this.lockedDebtor = lockedDebtor;
  }

  /**
   * The debtor's contact lock: a transaction-scoped advisory lock on the debtor id, held until fn's
   * transaction ends, so every process and channel (dialer, manual dial, IVR, SMS) deciding a contact
   * for this debtor waits for the one before to have written its contact. Everything fn does through
   * the store it is given (and its `db`) is in that transaction; fn must not use another connection
   * for the debtor's rows, or it waits for itself.
   */
  async withDebtorLock<T>(debtorId: string, fn: (locked: this) => Promise<T>): Promise<T> {
    // Already holding it (a nested contact in the same transaction): advisory locks are re-entrant.
    if (this.lockedDebtor === debtorId) return fn(this);
    const run = async (tx: Db) => {
      await sql`select pg_advisory_xact_lock(${CONTACT_LOCK_CLASS}, hashtext(${debtorId}))`.execute(tx);
      // `this` type: the locked store is the same class over the transaction.
      return fn(new PgComplianceStore(tx, { authorisationFallback: this.fallback }, debtorId) as this);
    };
    return this.db.isTransaction ? run(this.db) : this.db.transaction().execute(run);
  }

  async loadContext(q: LoadContextQuery): Promise<ContactContext> {
    const since = new Date(q.at.getTime() - q.lookbackDays * DAY_MS);
    // Attempts are created a moment before they are dialed; an hour of slack keeps the edge.
    const createdSince = new Date(since.getTime() - 3_600_000);
    const [debtor, prefs, ledger, calls, sms, phones, optOuts, holds] = await Promise.all([
      this.db.selectFrom('debtors').select(['id', 'country', 'region', 'time_zone', 'time_zone_candidates', 'email']).where('id', '=', q.debtorId).executeTakeFirst(),
      this.db.selectFrom('debtor_contact_preferences').selectAll().where('debtor_id', '=', q.debtorId).executeTakeFirst(),
      this.db
        .selectFrom('contact_events')
        .select(['at', 'channel', 'account_id', 'creditor_id', 'campaign_id', 'e164', 'live', 'right_party', 'conversation', 'abandoned', 'machine', 'voicemail', 'connected', 'source_id'])
        .where('debtor_id', '=', q.debtorId)
        .where('at', '>', since)
        .execute(),
      this.db
        .selectFrom('call_attempts as c')
        .leftJoin('accounts as a', 'a.id', 'c.account_id')
        .leftJoin('portfolios as pa', 'pa.id', 'a.portfolio_id')
        .leftJoin('campaigns as k', 'k.id', 'c.campaign_id')
        .leftJoin('portfolios as pk', 'pk.id', 'k.portfolio_id')
        .select([
          'c.id',
          'c.e164',
          'c.account_id',
          'c.campaign_id',
          'c.dial_mode',
          'c.direction',
          'c.status',
          'c.outcome',
          'c.right_party',
          'c.human_at',
          'c.bridged_at',
          'c.created_at',
          'c.dialed_at',
          sql<string | null>`coalesce(pa.creditor_id, pk.creditor_id)`.as('creditor_id'),
        ])
        .where('c.debtor_id', '=', q.debtorId)
        .where('c.created_at', '>', createdSince)
        .execute(),
      this.db
        .selectFrom('sms_messages as s')
        .leftJoin('accounts as a', 'a.id', 's.account_id')
        .leftJoin('portfolios as p', 'p.id', 'a.portfolio_id')
        .select(['s.id', 's.e164', 's.account_id', 's.status', 's.created_at', 'p.creditor_id'])
        .where('s.debtor_id', '=', q.debtorId)
        .where('s.direction', '=', 'outbound')
        .where('s.created_at', '>', since)
        .execute(),
      this.db.selectFrom('phones').select(['e164', 'status']).where('debtor_id', '=', q.debtorId).execute(),
      this.db
        .selectFrom('opt_outs')
        .select(['channel', 'e164', 'source', 'created_at'])
        .where((eb) =>
          eb.or([
            eb('debtor_id', '=', q.debtorId),
            eb('e164', 'in', eb.selectFrom('phones').select('e164').where('debtor_id', '=', q.debtorId)),
            ...(q.phoneE164 ? [eb('e164', '=', q.phoneE164)] : []),
          ]),
        )
        .execute(),
      this.db.selectFrom('legal_holds').select(['kind']).where('debtor_id', '=', q.debtorId).execute(),
    ]);
    if (!debtor) throw new ComplianceConfigError('query.debtorId', `no debtor ${q.debtorId} in the database`);

    const inLedger = new Set(ledger.map((e) => e.source_id).filter((s): s is string => s !== null));
    const history: ContactEvent[] = ledger.map((e, i) => {
      const ev: ContactEvent = {
        at: new Date(e.at),
        channel: asChannel(e.channel, `contact_events[${i}].channel`),
        outcome: { connected: e.connected, live: e.live, rightParty: e.right_party, conversation: e.conversation, abandoned: e.abandoned, machine: e.machine, voicemail: e.voicemail },
      };
      if (e.account_id) ev.accountId = e.account_id;
      if (e.creditor_id) ev.creditorId = e.creditor_id;
      if (e.campaign_id) ev.campaignId = e.campaign_id;
      if (e.e164) ev.phoneE164 = e.e164;
      return ev;
    });
    for (const c of calls) {
      // Ended without ever being dialed: no contact was attempted. Not ended yet: about to be, it counts.
      if (inLedger.has(c.id) || c.outcome === 'cancelled' || (c.status === 'ended' && c.dialed_at === null)) continue;
      const conversation = c.right_party === true && c.bridged_at !== null;
      // An inbound call is not a contact we made; only a conversation in it matters (Reg F lock-out).
      if (c.direction === 'inbound' && !conversation) continue;
      const at = new Date(c.dialed_at ?? c.created_at);
      if (at.getTime() <= since.getTime()) continue;
      const ev: ContactEvent = {
        at,
        channel: c.dial_mode === 'agentless' || c.status === 'ivr' || c.outcome === 'ivr_completed' ? 'ivr' : 'voice',
        outcome: {
          // Still in progress (no outcome yet) counts as connected: the safe side.
          connected: c.outcome === null || !NEVER_CONNECTED.has(c.outcome),
          live: c.human_at !== null || c.outcome === 'connected' || c.outcome === 'abandoned',
          rightParty: c.right_party === true,
          conversation,
          abandoned: c.outcome === 'abandoned',
          machine: c.outcome === 'machine',
          voicemail: c.outcome === 'machine',
        },
        phoneE164: c.e164,
      };
      if (c.account_id) ev.accountId = c.account_id;
      if (c.campaign_id) ev.campaignId = c.campaign_id;
      if (c.creditor_id) ev.creditorId = c.creditor_id;
      history.push(ev);
    }
    for (const s of sms) {
      if (inLedger.has(s.id) || SMS_NOT_SENT.has(s.status)) continue;
      const ev: ContactEvent = { at: new Date(s.created_at), channel: 'sms', outcome: { connected: s.status !== 'undelivered' }, phoneE164: s.e164 };
      if (s.account_id) ev.accountId = s.account_id;
      if (s.creditor_id) ev.creditorId = s.creditor_id;
      history.push(ev);
    }
    history.sort((a, b) => a.at.getTime() - b.at.getTime());

    const zones = [...new Set([debtor.time_zone, ...debtor.time_zone_candidates])];
    const ctx: ContactContext = {
      timeZones: zones,
      jurisdiction: debtor.region ? { country: debtor.country, region: debtor.region } : { country: debtor.country },
      history,
      optOuts: optOuts.map((o, i) => {
        const out: OptOut = { channel: o.channel === 'all' ? 'all' : asChannel(o.channel, `opt_outs[${i}].channel`), source: o.source, at: new Date(o.created_at) };
        if (o.e164) out.phoneE164 = o.e164;
        return out;
      }),
      legalHolds: [...new Set(holds.map((h) => h.kind as LegalHold))],
    };
    if (prefs?.authorised_channels) {
      ctx.authorisedChannels = prefs.authorised_channels.map((c, i) => asChannel(c, `debtor_contact_preferences.authorised_channels[${i}]`));
    } else if (this.fallback === 'contact-points-on-file') {
      const auth: Channel[] = [];
      if (phones.some((p) => p.status === 'valid' || p.status === 'unknown')) auth.push('voice', 'ivr', 'sms');
      if (debtor.email) auth.push('email');
      ctx.authorisedChannels = auth;
    }
    if (prefs?.consent_hours) {
      if (!isObject(prefs.consent_hours)) throw new ComplianceConfigError(`debtor_contact_preferences[${q.debtorId}].consent_hours`, 'expected an object { mon: [{ from, to }], … }');
      const consent: ConsentHours = { schedule: prefs.consent_hours as WeeklySchedule };
      if (prefs.consent_valid_until) consent.validUntil = new Date(prefs.consent_valid_until);
      ctx.consentHours = consent;
    }
    return ctx;
  }

  async recordDecision(d: ComplianceDecision): Promise<void> {
    const r = d.request;
    const details = {
      reason: d.reason,
      decidingProfileId: d.decidingProfileId,
      blockedBy: d.blockedBy.map((b) => ({ ...b, until: b.until?.toISOString() ?? null })),
      zones: d.zones,
      definitionsVersion: d.definitionsVersion,
      accountId: r.accountId ?? null,
      creditorId: r.creditorId ?? null,
      automated: r.automated,
      phone: r.phoneMasked ?? null,
    };
    await this.db
      .insertInto('compliance_decisions')
      .values({
        at: r.at,
        debtor_id: r.debtorId,
        campaign_id: r.campaignId ?? null,
        channel: r.channel,
        phone_id: r.phoneE164
          ? sql<string | null>`(select id from phones where debtor_id = ${r.debtorId} and e164 = ${r.phoneE164})`
          : null,
        allowed: d.allowed,
        rule: d.ruleId,
        reason: d.reason.es,
        profiles: d.profileIds,
        next_allowed_at: d.nextAllowedAt,
        requested_by: r.source ?? null,
        details: JSON.stringify(details),
      })
      .execute();
  }

  /**
   * compliance_profiles rows: scope 'jurisdiction' (scope_key = profile id such as "CO" or
   * "US-MA", overrides = fields to replace), 'creditor' (scope_key = creditor id) and 'campaign'
   * (scope_key = campaign id), whose overrides define an extra profile that applies on top.
   */
  async loadOverrides(request: ContactRequest): Promise<ProfileOverrides> {
    return this.loadOverridesFor({ creditorId: request.creditorId ?? null, campaignId: request.campaignId ?? null });
  }

  /** The overrides that apply to a creditor's and a campaign's contacts (loadOverrides without a contact). */
  async loadOverridesFor(scope: { creditorId: string | null; campaignId: string | null }): Promise<ProfileOverrides> {
    const keys: Array<[string, string]> = [];
    if (scope.creditorId) keys.push(['creditor', scope.creditorId]);
    if (scope.campaignId) keys.push(['campaign', scope.campaignId]);
    const rows = await this.db
      .selectFrom('compliance_profiles')
      .select(['scope', 'scope_key', 'overrides'])
      .where((eb) => eb.or([eb('scope', '=', 'jurisdiction'), ...keys.map(([s, k]) => eb.and([eb('scope', '=', s), eb('scope_key', '=', k)]))]))
      .execute();
    const out: ProfileOverrides = {};
    const additional: ComplianceProfile[] = [];
    for (const row of rows) {
      const field = `compliance_profiles[${row.scope}:${row.scope_key}].overrides`;
      if (!isObject(row.overrides)) throw new ComplianceConfigError(field, 'expected a JSON object');
      if (row.scope === 'jurisdiction') {
        out.patches ??= {};
        out.patches[row.scope_key] = row.overrides as ProfilePatch;
        continue;
      }
      const scope = row.scope === 'creditor' ? { kind: 'creditor' as const, creditorId: row.scope_key } : { kind: 'campaign' as const, campaignId: row.scope_key };
      const label = typeof row.overrides.label === 'string' ? row.overrides.label : `${row.scope} ${row.scope_key}`;
      additional.push(defineProfile({ ...(row.overrides as Partial<ComplianceProfile>), id: `${row.scope}:${row.scope_key}`, label, scope }));
    }
    if (additional.length) out.additional = additional;
    return out;
  }

  /** The jurisdictions (country, region) of a campaign's debtors: whose abandon rules pace it. */
  async campaignJurisdictions(campaignId: string): Promise<Array<{ country: string; region: string | null }>> {
    return this.db
      .selectFrom('campaign_leads')
      .innerJoin('debtors', 'debtors.id', 'campaign_leads.debtor_id')
      .select(['debtors.country', 'debtors.region'])
      .distinct()
      .where('campaign_leads.campaign_id', '=', campaignId)
      .execute();
  }

  /** The phone as the gate needs it; voip is reported as unknown (treated like a mobile for consent). */
  async loadPhone(debtorId: string, e164: string): Promise<PhoneInfo | null> {
    const row = await this.db
      .selectFrom('phones')
      .select(['e164', 'type', 'consent_automated', 'source'])
      .select((eb) =>
        eb
          .exists(
            eb
              .selectFrom('opt_outs')
              .select('id')
              .where('e164', '=', e164)
              .where('channel', 'in', ['all', 'voice'])
              .where((w) => w.or([w('debtor_id', '=', debtorId), w('debtor_id', 'is', null)])),
          )
          .as('opted_out'),
      )
      .where('debtor_id', '=', debtorId)
      .where('e164', '=', e164)
      .executeTakeFirst();
    if (!row) return null;
    const type = row.type === 'mobile' || row.type === 'landline' ? row.type : 'unknown';
    return { e164: row.e164, type, consentAutomated: row.consent_automated, optedOut: Boolean(row.opted_out), relation: row.source === 'reference' ? 'reference' : 'debtor' };
  }

  async setPreferences(debtorId: string, p: ContactPreferences): Promise<void> {
    const values = {
      debtor_id: debtorId,
      authorised_channels: p.authorisedChannels ?? null,
      consent_hours: p.consentHours ? JSON.stringify(p.consentHours.schedule) : null,
      consent_valid_until: p.consentHours?.validUntil ?? null,
    };
    await this.db
      .insertInto('debtor_contact_preferences')
      .values(values)
      .onConflict((oc) => oc.column('debtor_id').doUpdateSet({ ...values, updated_at: new Date() }))
      .execute();
  }

  /** Appends a contact to the ledger; sourceId (call attempt or SMS id) keeps it from counting twice. */
  async recordContact(debtorId: string, e: ContactEvent, sourceId?: string): Promise<void> {
    await this.db
      .insertInto('contact_events')
      .values({
        debtor_id: debtorId,
        account_id: e.accountId ?? null,
        creditor_id: e.creditorId ?? null,
        campaign_id: e.campaignId ?? null,
        channel: e.channel,
        e164: e.phoneE164 ?? null,
        at: e.at,
        live: !!e.outcome.live,
        right_party: !!e.outcome.rightParty,
        conversation: !!e.outcome.conversation,
        abandoned: !!e.outcome.abandoned,
        machine: !!e.outcome.machine,
        voicemail: !!e.outcome.voicemail,
        connected: e.outcome.connected !== false,
        source_id: sourceId ?? null,
      })
      .execute();
  }
}
