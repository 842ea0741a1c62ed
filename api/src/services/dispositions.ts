// Wrap-up of a call: the disposition, an optional promise (checked against the strategy's
// negotiation rules), a callback (checked by the compliance gate) and marking a wrong phone —
// all in one transaction, so bad input writes nothing.
import type { DispositionOutcome, ReasonCode } from '@cobranza/contracts';
import type { DispositionBody, DispositionResponse } from '@cobranza/contracts/api';
import type { Db, DB } from '@cobranza/db';
import {
  computeInstalmentPlan,
  computeSettlement,
  type NegotiationIssue,
  NegotiationRulesError,
  validatePromise,
  withDefaultRules,
  type NegotiationRules,
} from '@cobranza/domain/negotiation/index';
import { recordRightParty } from '@cobranza/db/stores/contact-ledger';
import type { Transaction } from 'kysely';
import { audit } from '../audit.js';
import type { AuthUser } from '../auth/guard.js';
import { ApiError, badInput, conflict, notFound } from '../errors.js';
import { isoDate, num, todayIn } from '../lib/values.js';
import { debtorTimeLabel } from '@cobranza/domain/format/zone';

/** What the compliance gate says about contacting the debtor at a future instant (a callback). */
export interface CallbackDecision {
  allowed: boolean;
  reason: { es: string; en: string };
  nextAllowedAt: Date | null;
}
export type CallbackGate = (q: { debtorId: string; accountId: string | null; creditorId: string | null; campaignId: string | null; at: Date; e164: string | null }) => Promise<CallbackDecision>;

const NEEDS_PROMISE: DispositionOutcome[] = ['promise_to_pay', 'settlement', 'payment_plan'];
const MAX_CALLBACK_DAYS = 60;

const FIELD: Record<NegotiationIssue['field'], string> = {
  amount: '/promise/amount',
  dueDate: '/promise/dueDate',
  firstDueDate: '/promise/dueDate',
  discountPct: '/promise/plan/discountPct',
  instalments: '/promise/plan/count',
};

function fail(issues: NegotiationIssue[]): never {
  const i = issues[0]!;
  throw badInput(FIELD[i.field], i.message.en, 'body', { i18n: i.message, issue: i.code });
}

async function rulesFor(trx: Transaction<DB>, segmentId: string | null, campaignId: string | null): Promise<{ rules: NegotiationRules; where: string }> {
  let strategy: { code: string; negotiation: unknown } | undefined;
  if (segmentId) {
    strategy = await trx
      .selectFrom('segments as s')
      .innerJoin('strategies as st', 'st.id', 's.strategy_id')
      .select(['st.code', 'st.negotiation'])
      .where('s.id', '=', segmentId)
      .executeTakeFirst();
  }
  if (!strategy && campaignId) {
    strategy = await trx
      .selectFrom('campaigns as c')
      .innerJoin('strategies as st', 'st.id', 'c.strategy_id')
      .select(['st.code', 'st.negotiation'])
      .where('c.id', '=', campaignId)
      .executeTakeFirst();
  }
  const where = strategy ? `strategy ${strategy.code}.negotiation` : 'default negotiation';
  try {
    return { rules: withDefaultRules((strategy?.negotiation ?? {}) as Partial<NegotiationRules>, where), where };
  } catch (e) {
    if (e instanceof NegotiationRulesError) throw new ApiError(422, 'BAD_STRATEGY', `the strategy's negotiation rules are invalid: ${e.message}`, { field: e.field });
    throw e;
  }
}

export async function recordDisposition(
  db: Db,
  by: AuthUser,
  callId: string,
  body: DispositionBody,
  gate: CallbackGate | undefined,
): Promise<DispositionResponse> {
  // who may wrap the call up comes first: another agent's call answers 403 before any rule or compliance detail
  // (a refused callback would tell the debtor's local time and calling hours)
  await assertMayWrapUp(db, by, callId);
  if (NEEDS_PROMISE.includes(body.outcome) && !body.promise) throw badInput('/promise', `is required when the outcome is ${body.outcome}`);
  if (!NEEDS_PROMISE.includes(body.outcome) && body.promise) throw badInput('/promise', `is only accepted with outcome ${NEEDS_PROMISE.join(', ')}`);
  if (body.outcome === 'callback' && !body.callbackAt) throw badInput('/callbackAt', 'is required when the outcome is callback');
  if (body.outcome === 'settlement' && body.promise?.plan?.kind !== 'settlement') throw badInput('/promise/plan/kind', 'must be settlement for a settlement');
  if (body.outcome === 'payment_plan' && body.promise?.plan?.kind !== 'instalments') throw badInput('/promise/plan/kind', 'must be instalments for a payment plan');
  if (body.outcome === 'promise_to_pay' && body.promise?.plan) throw badInput('/promise/plan', 'use outcome settlement or payment_plan for a negotiated plan');

  // The callback goes through the gate before the transaction: the gate reads with its own connection,
  // which on the embedded database (one connection) would wait for the transaction forever.
  if (body.callbackAt) await checkCallback(db, callId, body, gate);

  const savedAt = new Date();
  const result = await db.transaction().execute(async (trx) => {
    const call = await trx.selectFrom('call_attempts').selectAll().where('id', '=', callId).executeTakeFirst();
    if (!call) throw notFound('call');
    if (!call.debtor_id) throw conflict('the call has no identified debtor to record a disposition for');
    const already = await trx.selectFrom('dispositions').select('id').where('call_attempt_id', '=', callId).executeTakeFirst();
    if (already) throw conflict('this call already has a disposition');
    const debtor = await trx.selectFrom('debtors').select(['id', 'time_zone']).where('id', '=', call.debtor_id).executeTakeFirstOrThrow();
    const today = todayIn(debtor.time_zone);

    const accountOf = async (accountId: string, field: string) => {
      const a = await trx.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirst();
      if (!a || a.debtor_id !== debtor.id) throw badInput(field, "is not an account of this call's debtor");
      return a;
    };
    const accountId = body.promise?.accountId ?? body.accountId ?? call.account_id ?? null;
    if (body.accountId) await accountOf(body.accountId, '/accountId');

    // --- the promise, against the strategy of the account's segment ---
    let promise: { accountId: string; amount: number; currency: string; dueDate: string; plan: Record<string, unknown> | null } | null = null;
    if (body.promise) {
      const p = body.promise;
      const acct = await accountOf(p.accountId, '/promise/accountId');
      if (['paid', 'settled', 'closed'].includes(acct.status)) throw badInput('/promise/accountId', `the account is ${acct.status}`);
      const { rules } = await rulesFor(trx, acct.segment_id, call.campaign_id);
      const balance = num(acct.balance);
      if (body.outcome === 'settlement') {
        const s = computeSettlement({ balance, currency: acct.currency, discountPct: p.plan?.discountPct ?? NaN, payBy: p.dueDate, today }, rules);
        if (!s.ok) fail(s.issues);
        if (Math.abs(s.value.pay - p.amount) > 0.005) {
          throw badInput('/promise/amount', `must be ${s.value.pay} (the balance less ${s.value.discountPct} %)`, 'body', {
            i18n: { es: `Debe ser ${s.value.pay} (el saldo menos ${s.value.discountPct} %)`, en: `Must be ${s.value.pay} (the balance less ${s.value.discountPct}%)` },
            issue: 'settlement_amount_mismatch',
          });
        }
        promise = { accountId: acct.id, amount: s.value.pay, currency: acct.currency, dueDate: p.dueDate, plan: { kind: 'settlement', discountPct: s.value.discountPct, discount: s.value.discount } };
      } else if (body.outcome === 'payment_plan') {
        const v = validatePromise({ amount: p.amount, dueDate: p.dueDate, balance, currency: acct.currency, today }, { ...rules, maxPromiseDays: Number.MAX_SAFE_INTEGER });
        if (!v.ok) fail(v.issues.filter((i) => i.field === 'amount').length ? v.issues.filter((i) => i.field === 'amount') : v.issues);
        if (!p.plan?.count) throw badInput('/promise/plan/count', 'is required for instalments');
        const plan = computeInstalmentPlan(
          { total: p.amount, currency: acct.currency, count: p.plan.count, firstDueDate: p.dueDate, frequency: p.plan.frequency ?? 'monthly', today },
          rules,
        );
        if (!plan.ok) fail(plan.issues);
        const instalments = plan.value.instalments.map((i) => ({ n: i.n, dueDate: i.dueDate, amount: i.amount }));
        promise = {
          accountId: acct.id,
          amount: p.amount,
          currency: acct.currency,
          // kept/broken follows the schedule; the promise as a whole is due with the last instalment
          dueDate: instalments[instalments.length - 1]!.dueDate,
          plan: { kind: 'instalments', frequency: plan.value.frequency, instalments },
        };
      } else {
        const v = validatePromise({ amount: p.amount, dueDate: p.dueDate, balance, currency: acct.currency, today }, rules);
        if (!v.ok) fail(v.issues);
        promise = { accountId: acct.id, amount: v.value.amount, currency: acct.currency, dueDate: p.dueDate, plan: null };
      }
    }

    const callbackAt = body.callbackAt ? new Date(body.callbackAt) : null;

    // --- wrong number / third party marks the phone ---
    let phoneMarked: { id: string; status: string } | null = null;
    if (body.outcome === 'wrong_number' || body.outcome === 'third_party') {
      const phoneId = body.phoneId ?? call.phone_id;
      if (!phoneId) throw badInput('/phoneId', 'is required: the call has no phone on record');
      const ph = await trx.selectFrom('phones').select(['id', 'debtor_id', 'status', 'priority']).where('id', '=', phoneId).executeTakeFirst();
      if (!ph || ph.debtor_id !== debtor.id) throw badInput('/phoneId', "is not a phone of this call's debtor");
      // a wrong number is not the debtor's: never dial it again. A third party is (a relative, a
      // colleague): the number stays valid, but the debtor's other numbers are tried before it.
      const status = body.outcome === 'wrong_number' ? 'wrong_party' : ph.status;
      const others = await trx.selectFrom('phones').select('priority').where('debtor_id', '=', debtor.id).where('id', '!=', ph.id).execute();
      const priority = body.outcome === 'third_party' ? priorityAfterOthers(ph.priority, others.map((o) => o.priority)) : ph.priority;
      await trx.updateTable('phones').set({ status, priority, last_result: body.outcome }).where('id', '=', ph.id).execute();
      phoneMarked = { id: ph.id, status };
    } else if (body.phoneId) {
      throw badInput('/phoneId', 'is only accepted with outcome wrong_number or third_party');
    }

    const disposition = await trx
      .insertInto('dispositions')
      .values({
        call_attempt_id: callId,
        debtor_id: debtor.id,
        account_id: accountId,
        agent_id: by.id,
        outcome: body.outcome,
        reason: body.reason ?? null,
        notes: body.notes ?? null,
        callback_at: callbackAt,
        // the API's clock, the one its reports' "today" is read on (not Postgres's now())
        created_at: savedAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    // the agent's verdict decides whether the call was a conversation with the debtor, which starts the
    // lock-outs that follow one (Reg F: 7 days); the dialer's ledger row is updated in this transaction
    await recordRightParty(trx, callId, body.outcome);

    let promiseRow: DispositionResponse['promise'] = null;
    if (promise) {
      const row = await trx
        .insertInto('promises')
        .values({
          debtor_id: debtor.id,
          account_id: promise.accountId,
          disposition_id: disposition.id,
          amount: promise.amount,
          currency: promise.currency,
          due_date: promise.dueDate,
          source: 'agent',
          plan: promise.plan ? JSON.stringify(promise.plan) : null,
          created_by: by.id,
          created_at: savedAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx.updateTable('accounts').set({ status: 'promise' }).where('id', '=', promise.accountId).where('status', '=', 'active').execute();
      promiseRow = {
        id: row.id,
        accountId: row.account_id,
        amount: num(row.amount),
        currency: row.currency,
        dueDate: isoDate(row.due_date)!,
        status: row.status,
        plan: (promise.plan as NonNullable<DispositionResponse['promise']>['plan']) ?? null,
      };
    }
    await audit(trx, {
      userId: by.id,
      action: 'disposition.create',
      entity: 'call',
      entityId: callId,
      details: { outcome: body.outcome, reason: body.reason ?? null, promiseId: promiseRow?.id ?? null },
    });
    return {
      id: disposition.id,
      callId,
      debtorId: debtor.id,
      outcome: disposition.outcome as DispositionOutcome,
      reason: (disposition.reason as ReasonCode | null) ?? null,
      callbackAt: disposition.callback_at ? disposition.callback_at.toISOString() : null,
      promise: promiseRow,
      phoneMarked,
      createdAt: disposition.created_at.toISOString(),
    };
  });
  return result;
}

async function assertMayWrapUp(db: Db, by: AuthUser, callId: string): Promise<void> {
  const call = await db.selectFrom('call_attempts').select(['agent_id']).where('id', '=', callId).executeTakeFirst();
  if (!call) throw notFound('call');
  if (by.role === 'agent' && call.agent_id !== by.id) throw new ApiError(403, 'FORBIDDEN', 'this call was not handled by you');
}

async function checkCallback(db: Db, callId: string, body: DispositionBody, gate: CallbackGate | undefined): Promise<void> {
  const callbackAt = new Date(body.callbackAt!);
  const now = Date.now();
  if (callbackAt.getTime() <= now) throw badInput('/callbackAt', 'must be in the future', 'body', { i18n: { es: 'La hora ya pasó', en: 'The time is in the past' }, issue: 'callback_in_past' });
  if (callbackAt.getTime() > now + MAX_CALLBACK_DAYS * 86_400_000) {
    throw badInput('/callbackAt', `must be within ${MAX_CALLBACK_DAYS} days`, 'body', {
      i18n: { es: `Debe ser dentro de ${MAX_CALLBACK_DAYS} días`, en: `Must be within ${MAX_CALLBACK_DAYS} days` },
      issue: 'callback_too_far',
    });
  }
  if (!gate) return;
  const call = await db.selectFrom('call_attempts').select(['debtor_id', 'account_id', 'campaign_id', 'e164']).where('id', '=', callId).executeTakeFirst();
  if (!call?.debtor_id) return; // the transaction reports the missing call or debtor
  const accountId = body.promise?.accountId ?? body.accountId ?? call.account_id ?? null;
  const creditor = accountId
    ? await db.selectFrom('accounts as a').innerJoin('portfolios as p', 'p.id', 'a.portfolio_id').select('p.creditor_id').where('a.id', '=', accountId).executeTakeFirst()
    : undefined;
  const decision = await gate({ debtorId: call.debtor_id, accountId, creditorId: creditor?.creditor_id ?? null, campaignId: call.campaign_id, at: callbackAt, e164: call.e164 });
  if (!decision.allowed) {
    // the next allowed time as the debtor's clock reads it, labelled: the agent books it in that zone
    const debtor = await db.selectFrom('debtors').select('time_zone').where('id', '=', call.debtor_id).executeTakeFirst();
    const zone = debtor?.time_zone ?? 'UTC';
    const next = decision.nextAllowedAt ? ` Next allowed: ${debtorTimeLabel(decision.nextAllowedAt, zone, 'en')}.` : '';
    const nextEs = decision.nextAllowedAt ? ` Próxima hora permitida: ${debtorTimeLabel(decision.nextAllowedAt, zone, 'es')}.` : '';
    throw badInput('/callbackAt', `${decision.reason.en}${next}`, 'body', {
      i18n: { es: `${decision.reason.es}${nextEs}`, en: `${decision.reason.en}${next}` },
      issue: 'callback_blocked',
    });
  }
}

/**
 * The priority that puts a phone after every other phone of its debtor (lower dials first; 0 = unranked, after
 * every ranked one, as the dialer orders them). Never raises it: an unranked phone stays unranked.
 */
export function priorityAfterOthers(current: number, others: readonly number[]): number {
  if (current <= 0) return current;
  if (others.some((p) => p <= 0)) return 0;
  const last = Math.max(0, ...others);
  return current > last ? current : last + 1;
}
