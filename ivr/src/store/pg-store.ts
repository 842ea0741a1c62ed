// IvrStore over the platform's Postgres (Kysely).
import { sql } from 'kysely';
import type { Db } from '@cobranza/db';
import type { AccountInfo, DebtorInfo } from '../context.js';
import type { IdentityCandidate } from '../identity.js';
import { negotiationRulesOf } from '../promise-rules.js';
import type { IvrStore, NewOptOut, NewPromise, SessionStart, SessionUpdate } from './store.js';

const asObject = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export class PgIvrStore implements IvrStore {
  constructor(private readonly db: Db, private readonly warn: (msg: string) => void = () => undefined) {}

  async loadDebtor(debtorId: string, focusAccountId?: string | null): Promise<DebtorInfo | null> {
    const d = await this.db
      .selectFrom('debtors')
      .select(['id', 'first_name', 'last_name', 'time_zone', 'locale'])
      .where('id', '=', debtorId)
      .executeTakeFirst();
    if (!d) return null;
    const rows = await this.db
      .selectFrom('accounts as a')
      .innerJoin('portfolios as p', 'p.id', 'a.portfolio_id')
      .innerJoin('creditors as c', 'c.id', 'p.creditor_id')
      .leftJoin('segments as s', 's.id', 'a.segment_id')
      .leftJoin('strategies as st', 'st.id', 's.strategy_id')
      .select([
        'a.id',
        'a.external_id',
        'a.product',
        'a.currency',
        'a.balance',
        'a.minimum_payment',
        'a.oldest_due_date',
        'a.next_due_date',
        'c.id as creditor_id',
        'c.business_name',
        'c.callback_number',
        'st.id as strategy_id',
        'st.code as strategy_code',
        'st.negotiation',
        'st.sms_templates',
      ])
      .where('a.debtor_id', '=', debtorId)
      .where('a.status', 'not in', ['paid', 'settled', 'closed'])
      .orderBy('a.balance', 'desc')
      .execute();
    const accounts: AccountInfo[] = rows.map((r) => ({
      id: r.id,
      externalId: r.external_id,
      product: r.product,
      currency: r.currency,
      balance: String(r.balance),
      minimumPayment: String(r.minimum_payment),
      oldestDueDate: r.oldest_due_date,
      nextDueDate: r.next_due_date,
      creditor: { id: r.creditor_id, businessName: r.business_name, callbackNumber: r.callback_number },
      strategyId: r.strategy_id,
      negotiation: negotiationRulesOf(r.negotiation ?? {}, `strategy ${r.strategy_code ?? '(none)'}.negotiation`, this.warn),
      smsTemplates: asObject(r.sms_templates),
    }));
    if (focusAccountId) accounts.sort((x, y) => Number(y.id === focusAccountId) - Number(x.id === focusAccountId));
    return { id: d.id, firstName: d.first_name, lastName: d.last_name, timeZone: d.time_zone, locale: d.locale, accounts };
  }

  async identityCandidates(document: string): Promise<IdentityCandidate[]> {
    // ids are stored as imported (dots, dashes, leading zeros); the keypad gives digits only
    const rows = await this.db
      .selectFrom('debtors as d')
      .leftJoin('accounts as a', 'a.debtor_id', 'd.id')
      .select(['d.id', 'd.birth_date', sql<string[]>`coalesce(array_agg(a.external_id) filter (where a.id is not null), '{}')`.as('account_numbers')])
      .where(sql<string>`ltrim(regexp_replace(d.document_number, '\\D', '', 'g'), '0')`, '=', document.replace(/^0+/, ''))
      .groupBy(['d.id', 'd.birth_date'])
      .execute();
    return rows.map((r) => ({
      debtorId: r.id,
      birthDate: r.birth_date === null ? null : String(r.birth_date),
      accountNumbers: r.account_numbers,
    }));
  }

  async createSession(s: SessionStart): Promise<string> {
    const r = await this.db
      .insertInto('ivr_sessions')
      .values((eb) => ({
        direction: s.direction,
        // linked when the dialer recorded the attempt (its id is the channel id); a call placed by anything else has none
        call_attempt_id: s.callAttemptId ? eb.selectFrom('call_attempts').select('id').where('id', '=', s.callAttemptId) : null,
        debtor_id: s.debtorId,
        caller_number: s.callerNumber,
      }))
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  }

  async updateSession(id: string, u: SessionUpdate): Promise<void> {
    const set: Record<string, unknown> = {};
    if (u.debtorId !== undefined) set.debtor_id = u.debtorId;
    if (u.identified !== undefined) set.identified = u.identified;
    if (u.path !== undefined) set.path = JSON.stringify(u.path);
    if (u.outcome !== undefined) set.outcome = u.outcome;
    if (u.ended) set.ended_at = new Date();
    if (Object.keys(set).length === 0) return;
    await this.db.updateTable('ivr_sessions').set(set).where('id', '=', id).execute();
  }

  async insertPromise(p: NewPromise): Promise<string> {
    return this.db.transaction().execute(async (tx) => {
      const r = await tx
        .insertInto('promises')
        .values({
          debtor_id: p.debtorId,
          account_id: p.accountId,
          ivr_session_id: p.ivrSessionId,
          amount: p.amount,
          currency: p.currency,
          due_date: p.dueDate,
          source: 'ivr',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx.updateTable('accounts').set({ status: 'promise', updated_at: new Date() }).where('id', '=', p.accountId).where('status', '=', 'active').execute();
      return r.id;
    });
  }

  async recordOptOut(o: NewOptOut): Promise<void> {
    await this.db.insertInto('opt_outs').values({ debtor_id: o.debtorId, e164: o.e164, channel: o.channel, source: o.source }).execute();
  }

  async audit(action: string, entity: string, entityId: string | null, details: Record<string, unknown>): Promise<void> {
    await this.db.insertInto('audit_log').values({ action, entity, entity_id: entityId, details: JSON.stringify(details) }).execute();
  }

  async smsNumberFor(debtorId: string, preferred: string | null): Promise<string | null> {
    const phones = await this.db
      .selectFrom('phones')
      .select(['e164', 'type'])
      .where('debtor_id', '=', debtorId)
      .where('status', 'in', ['valid', 'unknown'])
      .orderBy('priority', 'desc')
      .execute();
    if (preferred && phones.some((p) => p.e164 === preferred)) return preferred;
    return phones.find((p) => p.type === 'mobile')?.e164 ?? null;
  }
}
