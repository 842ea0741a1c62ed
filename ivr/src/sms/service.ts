// Every SMS the platform sends goes through here: the compliance gate decides first (SMS counts against the
// same caps as calls) and, under the debtor's contact lock, the message row is written as queued, so a call
// asked for in the same instant sees it; then Twilio; then the row's status and its contact_events row.
import { maskPhone } from '@cobranza/domain/format/mask';
import { sql } from 'kysely';
import type { Db } from '@cobranza/db';
import type { PgComplianceStore } from '@cobranza/db/stores/compliance-store';
import type { ComplianceDecision, ContactRequest, GatedContact } from '@cobranza/compliance';
import { localDate } from '../context.js';
import type { Lang } from '../flows/types.js';
import type { Logger, SmsRequest, SmsResult, SmsSender } from '../session.js';
import type { IvrStore } from '../store/store.js';
import { DEFAULT_SMS_TEMPLATES, parseSmsTemplates, renderSms, SmsTemplateError, type SmsLinks, type SmsTemplate } from './templates.js';
import type { TwilioClient, TwilioConfig } from './twilio-client.js';

/** The one compliance gate (ComplianceGate from @cobranza/compliance over PgComplianceStore satisfies it). */
export interface ContactGate {
  contact<T>(request: ContactRequest, record: (decision: ComplianceDecision, locked: PgComplianceStore) => Promise<T>): Promise<GatedContact<T>>;
}

export interface SmsServiceDeps {
  db: Db;
  store: IvrStore;
  gate: ContactGate;
  twilio: TwilioClient;
  config: TwilioConfig;
  links: SmsLinks;
  log: Logger;
  now?: () => Date;
}

export class SmsService implements SmsSender {
  constructor(private readonly deps: SmsServiceDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  templatesFor(raw: Record<string, unknown>, where: string): Record<string, SmsTemplate> {
    try {
      return { ...DEFAULT_SMS_TEMPLATES, ...parseSmsTemplates(raw, where) };
    } catch (e) {
      if (!(e instanceof SmsTemplateError)) throw e;
      this.deps.log.warn(`sms: ${e.message}; using the default templates`);
      return DEFAULT_SMS_TEMPLATES;
    }
  }

  sendTemplate(req: SmsRequest): Promise<SmsResult> {
    return this.send(req, { at: this.now(), deferIfLater: false }) as Promise<SmsResult>;
  }

  /**
   * deferIfLater: when the gate blocks only until later (contact hours, a cap that frees up), record
   * nothing and answer `deferred`, so a scheduled reminder is tried again instead of being marked blocked.
   */
  // created_at is set from the service's clock (not the database's) so "one reminder per local day" and the
  // sending clock agree, in production and under a fixed test clock alike
  private async send(req: SmsRequest, opts: { at: Date; deferIfLater: boolean }): Promise<SmsResult | { status: 'deferred'; reason: string; until: Date }> {
    const { db, gate, twilio, config, log } = this.deps;
    const at = opts.at;
    const debtor = await this.deps.store.loadDebtor(req.debtorId, req.account.id);
    if (!debtor) return { status: 'failed', reason: 'unknown_debtor' };
    const template = this.templatesFor(req.account.smsTemplates, `strategy ${req.account.strategyId ?? 'default'}.sms_templates`)[req.template];
    if (!template) return { status: 'failed', reason: `unknown_template:${req.template}` };
    const phone = await db.selectFrom('phones').select(['type', 'consent_automated']).where('debtor_id', '=', req.debtorId).where('e164', '=', req.to).executeTakeFirst();
    const optedOut = await db
      .selectFrom('opt_outs')
      .select('id')
      .where('channel', 'in', ['all', 'sms'])
      .where((eb) => eb.or([eb('e164', '=', req.to), eb.and([eb('debtor_id', '=', req.debtorId), eb('e164', 'is', null)])]))
      .executeTakeFirst();
    const request: ContactRequest = {
      channel: 'sms',
      automated: true,
      at,
      debtorId: req.debtorId,
      accountId: req.account.id,
      creditorId: req.account.creditor.id,
      phone: {
        e164: req.to,
        type: phone?.type === 'mobile' || phone?.type === 'landline' ? phone.type : 'unknown',
        consentAutomated: phone?.consent_automated ?? false,
        optedOut: optedOut !== undefined,
        relation: phone ? 'debtor' : 'unknown',
      },
      source: req.source,
    };
    if (req.campaignId) request.campaignId = req.campaignId;
    const body = renderSms(template, req.lang, debtor, req.account, localDate(at, debtor.timeZone), this.deps.links);
    // Allowed: the row is written as queued under the debtor's lock and counts as a contact from then on (the
    // store counts outbound SMS not failed or blocked); should the process die before Twilio answers, it stays
    // counted, the safe side.
    const { decision, recorded: smsId } = await gate.contact(request, async (_d, locked) => {
      const r = await locked.db
        .insertInto('sms_messages')
        .values({ debtor_id: req.debtorId, account_id: req.account.id, e164: req.to, direction: 'outbound', template: req.template, body, status: 'queued', status_at: at, created_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      return r.id;
    });
    if (!decision.allowed && opts.deferIfLater && decision.nextAllowedAt) return { status: 'deferred', reason: decision.ruleId, until: decision.nextAllowedAt };
    if (!decision.allowed || smsId === undefined) {
      const r = await db
        .insertInto('sms_messages')
        .values({ debtor_id: req.debtorId, account_id: req.account.id, e164: req.to, direction: 'outbound', template: req.template, body, status: 'blocked', error_code: decision.ruleId, status_at: at, created_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      log.info('sms: blocked by the compliance gate', { smsId: r.id, rule: decision.ruleId, to: maskPhone(req.to) });
      return { status: 'blocked', reason: decision.ruleId };
    }
    let sid: string;
    let status: string;
    try {
      const msg = await twilio.messages.create({
        to: req.to,
        body,
        ...(config.messagingServiceSid ? { messagingServiceSid: config.messagingServiceSid } : { from: config.from as string }),
        ...(config.statusCallbackUrl && { statusCallback: config.statusCallbackUrl }),
      });
      sid = msg.sid;
      status = ['queued', 'sent', 'delivered', 'undelivered', 'failed'].includes(msg.status) ? msg.status : 'queued';
    } catch (e) {
      const code = String((e as { code?: unknown }).code ?? 'error');
      // failed: no longer counted as a contact
      await db.updateTable('sms_messages').set({ status: 'failed', error_code: code, status_at: at }).where('id', '=', smsId).execute();
      log.warn('sms: Twilio refused the message', { to: maskPhone(req.to), code, error: (e as Error).message });
      return { status: 'failed', reason: `twilio:${code}` };
    }
    const id = await db.transaction().execute(async (tx) => {
      await tx.updateTable('sms_messages').set({ status, provider_sid: sid }).where('id', '=', smsId).execute();
      await tx
        .insertInto('contact_events')
        .values({
          debtor_id: req.debtorId,
          account_id: req.account.id,
          creditor_id: req.account.creditor.id,
          campaign_id: req.campaignId,
          channel: 'sms',
          e164: req.to,
          at,
          connected: true,
          source_id: smsId,
        })
        .execute();
      return smsId;
    });
    log.info('sms: sent', { smsId: id, sid, to: maskPhone(req.to), template: req.template });
    return { status: 'sent', messageId: id };
  }

  /**
   * Reminders before and after due dates for every account whose strategy uses SMS: reminder_before
   * `daysBefore` the next due date, reminder_after `daysAfter` the oldest unpaid one, both counted on the
   * debtor's own calendar (debtors.time_zone): at 03:00 UTC a debtor in Bogotá is still on the previous day.
   * At most one of each per account per debtor-local day, whoever runs it. Meant to run every hour: outside
   * the debtor's contact hours the gate says "later", nothing is recorded, and a later run sends it.
   */
  async sendDueReminders(at: Date = this.now()): Promise<{ sent: number; blocked: number; failed: number; skipped: number; deferred: number }> {
    const { db } = this.deps;
    const rows = await db
      .selectFrom('accounts as a')
      .innerJoin('debtors as d', 'd.id', 'a.debtor_id')
      .innerJoin('segments as s', 's.id', 'a.segment_id')
      .innerJoin('strategies as st', 'st.id', 's.strategy_id')
      .select(['a.id', 'a.debtor_id', 'a.next_due_date', 'a.oldest_due_date', 'd.locale', 'd.time_zone', 'st.sms_templates', 'st.code'])
      .where('a.status', 'in', ['active', 'promise'])
      .where(sql<boolean>`'sms' = any(st.channels)`)
      .execute();
    const tally = { sent: 0, blocked: 0, failed: 0, skipped: 0, deferred: 0 };
    for (const row of rows) {
      const templates = this.templatesFor((row.sms_templates ?? {}) as Record<string, unknown>, `strategy ${row.code}.sms_templates`);
      const today = localDate(at, row.time_zone);
      const due: string[] = [];
      const before = templates.reminder_before?.daysBefore;
      const after = templates.reminder_after?.daysAfter;
      if (before !== undefined && row.next_due_date && daysFrom(today, row.next_due_date) === before) due.push('reminder_before');
      if (after !== undefined && row.oldest_due_date && daysFrom(row.oldest_due_date, today) === after) due.push('reminder_after');
      for (const name of due) {
        // the debtor's day, as instants: [local midnight, next local midnight)
        const already = await db
          .selectFrom('sms_messages')
          .select('id')
          .where('account_id', '=', row.id)
          .where('template', '=', name)
          .where(sql<boolean>`created_at >= (${today}::date)::timestamp at time zone ${row.time_zone} and created_at < (${today}::date + 1)::timestamp at time zone ${row.time_zone}`)
          .executeTakeFirst();
        if (already) {
          tally.skipped++;
          continue;
        }
        const debtor = await this.deps.store.loadDebtor(row.debtor_id, row.id);
        const account = debtor?.accounts.find((a) => a.id === row.id);
        const to = debtor ? await this.deps.store.smsNumberFor(debtor.id, null) : null;
        if (!debtor || !account || !to) {
          tally.skipped++;
          continue;
        }
        const lang: Lang = row.locale.startsWith('en') ? 'en' : 'es';
        const r = await this.send({ debtorId: debtor.id, account, template: name, to, lang, campaignId: null, source: 'sms-reminder' }, { at, deferIfLater: true });
        tally[r.status]++;
      }
    }
    return tally;
  }
}

function daysFrom(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}
