// Reading a debtor: search, the full record the screen pop shows, and the merged contact timeline.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { AccountStatus, PhoneStatus, PhoneType, Role } from '@cobranza/contracts';
import type {
  Account,
  DebtorRecord,
  DebtorSearchQuery,
  DebtorSearchResponse,
  HistoryItem,
  HistoryKind,
  NegotiationRules,
  Phone,
  ScriptBody,
} from '@cobranza/contracts/api';
import { LABELS } from '@cobranza/contracts';
import type { Db } from '@cobranza/db';
import { sql, type Expression, type SqlBool } from 'kysely';
import { notFound } from '../errors.js';
import { accountInScope, debtorInScope, type DebtorScope } from './agent-scope.js';
import { daysBetween, isoDate, isoDateTime, maskDocument, maskPhone, num, numOrNull, todayIn } from '../lib/values.js';

/** Any way a person types a phone number, to E.164; null when it is not a possible number. */
export function normalisePhone(input: string, defaultCountry: string): string | null {
  const p = parsePhoneNumberFromString(input.trim(), defaultCountry as CountryCode);
  return p && p.isPossible() ? p.number : null;
}

const ACCENTED = 'áàäâéèëêíìïîóòöôúùüûñç';
const PLAIN = 'aaaaeeeeiiiioooouuuunc';
const foldText = (s: string) => [...s.toLowerCase()].map((c) => PLAIN[ACCENTED.indexOf(c)] ?? c).join('');

const cleanDocument = (s: string) => s.replace(/[\s.\-]/g, '').toUpperCase();
const sees = (role: Role) => role !== 'agent';
const label = (code: string | null | undefined) => (code ? (LABELS[code]?.es ?? code) : '');

export async function searchDebtors(db: Db, query: DebtorSearchQuery, viewer: Role, defaultCountry: string, scope: DebtorScope): Promise<DebtorSearchResponse> {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 25;
  let base = db.selectFrom('debtors as d');
  const phoneOf = (raw: string) => normalisePhone(raw, defaultCountry);

  base = base.where((eb) => {
    const all: Expression<SqlBool>[] = [];
    // accents and case do not matter, and each word typed must start a word of the full name: "gom ana"
    // finds "Ana María Gómez". Same expression as the index debtors_name_words (migration 20261123_2100).
    const foldedName = sql`to_tsvector('simple'::regconfig, translate(lower(d.first_name || ' ' || d.last_name), ${sql.lit(ACCENTED)}, ${sql.lit(PLAIN)}))`;
    const nameMatch = (text: string) => {
      // only letters and digits reach the query: tsquery operators typed by a user would be syntax errors
      const words = foldText(text).split(/[^a-z0-9]+/).filter(Boolean);
      if (!words.length) return sql<SqlBool>`false`;
      return sql<SqlBool>`${foldedName} @@ to_tsquery('simple', ${words.map((w) => `${w}:*`).join(' & ')})`;
    };
    const hasPhone = (e164: string) => eb.exists(eb.selectFrom('phones as p').select('p.id').whereRef('p.debtor_id', '=', 'd.id').where('p.e164', '=', e164));
    const hasAccount = (ext: string) =>
      eb.exists(eb.selectFrom('accounts as a').select('a.id').whereRef('a.debtor_id', '=', 'd.id').where('a.external_id', '=', ext));
    if (query.document) all.push(eb('d.document_number', '=', cleanDocument(query.document)));
    if (query.name) all.push(nameMatch(query.name));
    if (query.phone) {
      const e164 = phoneOf(query.phone);
      all.push(e164 ? hasPhone(e164) : sql<SqlBool>`false`);
    }
    if (query.externalId) all.push(hasAccount(query.externalId.trim()));
    if (query.portfolioId) {
      all.push(
        eb.exists(eb.selectFrom('accounts as a').select('a.id').whereRef('a.debtor_id', '=', 'd.id').where('a.portfolio_id', '=', query.portfolioId)),
      );
    }
    if (query.q) {
      const q = query.q.trim();
      const any: Expression<SqlBool>[] = [eb('d.document_number', '=', cleanDocument(q)), hasAccount(q)];
      const e164 = /\d{6,}/.test(q.replace(/\D/g, '')) ? phoneOf(q) : null;
      if (e164) any.push(hasPhone(e164));
      if (/[a-záéíóúñü]/i.test(q)) any.push(nameMatch(q));
      all.push(eb.or(any));
    }
    // an agent finds only debtors of their campaigns' portfolios
    all.push(debtorInScope('d.id', scope));
    return eb.and(all);
  });

  const total = await base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .select(['d.id', 'd.first_name', 'd.last_name', 'd.document_type', 'd.document_number', 'd.country', 'd.time_zone'])
    .orderBy('d.last_name')
    .orderBy('d.first_name')
    .orderBy('d.id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  const ids = rows.map((r) => r.id);
  const accounts = ids.length
    ? await db
        .selectFrom('accounts as a')
        .select(['a.debtor_id', 'a.currency', 'a.balance', 'a.oldest_due_date', 'a.status'])
        .where('a.debtor_id', 'in', ids)
        .where(accountInScope('a', scope))
        .execute()
    : [];
  return {
    page,
    pageSize,
    total: total.n,
    items: rows.map((r) => {
      const own = accounts.filter((a) => a.debtor_id === r.id);
      const today = todayIn(r.time_zone);
      const totalBalance: Record<string, number> = {};
      let maxDpd: number | null = null;
      for (const a of own) {
        totalBalance[a.currency] = Math.round(((totalBalance[a.currency] ?? 0) + num(a.balance)) * 100) / 100;
        const due = isoDate(a.oldest_due_date);
        if (due) maxDpd = Math.max(maxDpd ?? -Infinity, daysBetween(due, today));
      }
      return {
        id: r.id,
        name: `${r.first_name} ${r.last_name}`,
        documentType: r.document_type,
        documentNumber: sees(viewer) ? r.document_number : maskDocument(r.document_number),
        country: r.country,
        accounts: own.length,
        totalBalance,
        maxDaysPastDue: maxDpd,
      };
    }),
  };
}

export async function debtorRecord(db: Db, id: string, viewer: Role, scope: DebtorScope): Promise<DebtorRecord> {
  const d = await db.selectFrom('debtors as d').selectAll().where('d.id', '=', id).where(debtorInScope('d.id', scope)).executeTakeFirst();
  if (!d) throw notFound('debtor');
  const today = todayIn(d.time_zone);
  const [accounts, phones, optOuts, holds] = await Promise.all([
    db
      .selectFrom('accounts as a')
      .leftJoin('segments as s', 's.id', 'a.segment_id')
      .innerJoin('portfolios as pf', 'pf.id', 'a.portfolio_id')
      .innerJoin('creditors as cr', 'cr.id', 'pf.creditor_id')
      .selectAll('a')
      .select(['s.code as segment_code', 's.name as segment_name', 's.strategy_id as segment_strategy_id', 'cr.business_name as creditor_name'])
      .where('a.debtor_id', '=', id)
      // another creditor's accounts of the same person stay out of an agent's view
      .where(accountInScope('a', scope))
      .orderBy('a.created_at')
      .execute(),
    db.selectFrom('phones').selectAll().where('debtor_id', '=', id).orderBy('priority', 'desc').orderBy('created_at').execute(),
    db.selectFrom('opt_outs').selectAll().where('debtor_id', '=', id).orderBy('created_at', 'desc').execute(),
    db.selectFrom('legal_holds').select(['kind', 'since']).where('debtor_id', '=', id).execute(),
  ]);
  const docs = accounts.length
    ? await db.selectFrom('account_documents').selectAll().where('account_id', 'in', accounts.map((a) => a.id)).orderBy('created_at').execute()
    : [];

  const accountDtos: Account[] = accounts.map((a) => {
    const due = isoDate(a.oldest_due_date);
    return {
      id: a.id,
      portfolioId: a.portfolio_id,
      creditorName: a.creditor_name,
      externalId: a.external_id,
      product: a.product,
      currency: a.currency,
      principal: num(a.principal),
      balance: num(a.balance),
      minimumPayment: num(a.minimum_payment),
      openedOn: isoDate(a.opened_on),
      oldestDueDate: due,
      nextDueDate: isoDate(a.next_due_date),
      daysPastDue: due ? daysBetween(due, today) : null,
      status: a.status as AccountStatus,
      segment: a.segment_id ? { id: a.segment_id, code: a.segment_code ?? '', name: a.segment_name ?? '' } : null,
      documents: docs.filter((x) => x.account_id === a.id).map((x) => ({ id: x.id, kind: x.kind, name: x.name, reference: x.reference })),
    };
  });

  // the primary account decides the script: the largest balance among the open ones
  const open = accounts.filter((a) => !['paid', 'settled', 'closed'].includes(a.status));
  const primary = [...(open.length ? open : accounts)].sort((x, y) => num(y.balance) - num(x.balance))[0];
  let strategy: DebtorRecord['strategy'] = null;
  let script: DebtorRecord['script'] = null;
  if (primary?.segment_strategy_id) {
    const s = await db.selectFrom('strategies').selectAll().where('id', '=', primary.segment_strategy_id).executeTakeFirst();
    if (s) {
      strategy = { id: s.id, code: s.code, name: s.name, dialMode: s.dial_mode, negotiation: (s.negotiation ?? {}) as NegotiationRules };
      if (s.script_id) {
        const sc = await db.selectFrom('scripts').selectAll().where('id', '=', s.script_id).executeTakeFirst();
        if (sc) script = { id: sc.id, code: sc.code, name: sc.name, locale: sc.locale, version: sc.version, body: sc.body as ScriptBody };
      }
    }
  }

  const phoneDtos: Phone[] = phones.map((p) => ({
    id: p.id,
    e164: sees(viewer) ? p.e164 : maskPhone(p.e164),
    e164Masked: maskPhone(p.e164),
    type: p.type as PhoneType,
    source: p.source,
    consentAutomated: p.consent_automated,
    status: p.status as PhoneStatus,
    priority: p.priority,
    attempts: p.attempts,
    lastResult: p.last_result,
    lastAttemptAt: isoDateTime(p.last_attempt_at),
  }));

  return {
    id: d.id,
    firstName: d.first_name,
    lastName: d.last_name,
    documentType: d.document_type,
    documentNumber: sees(viewer) ? d.document_number : maskDocument(d.document_number),
    country: d.country,
    region: d.region,
    locale: d.locale,
    timeZone: d.time_zone,
    email: d.email,
    riskScore: numOrNull(d.risk_score),
    accounts: accountDtos,
    phones: phoneDtos,
    primaryAccountId: primary?.id ?? null,
    segment: accountDtos.find((a) => a.id === primary?.id)?.segment ?? null,
    strategy,
    script,
    optOuts: optOuts.map((o) => ({ id: o.id, channel: o.channel, e164Masked: o.e164 ? maskPhone(o.e164) : null, source: o.source, createdAt: o.created_at.toISOString() })),
    legalHolds: holds.map((h) => ({ kind: h.kind, since: isoDate(h.since)! })),
  };
}

/** A promise is kept when payments on its account between its creation and due date cover it, broken once overdue. */
export function promiseStatus(
  p: { status: string; amount: number; createdOn: string; dueDate: string },
  payments: { amount: number; paidOn: string }[],
  today: string,
): 'pending' | 'kept' | 'broken' | 'cancelled' {
  if (p.status === 'cancelled') return 'cancelled';
  if (p.status === 'kept' || p.status === 'broken') return p.status;
  const paid = payments.filter((x) => x.paidOn >= p.createdOn && x.paidOn <= p.dueDate).reduce((s, x) => s + x.amount, 0);
  if (paid + 0.005 >= p.amount) return 'kept';
  return p.dueDate < today ? 'broken' : 'pending';
}

const KIND_ORDER: Record<HistoryKind, number> = { payment: 0, promise: 1, disposition: 2, sms: 3, ivr: 4, call: 5 };

/** Every contact with the debtor on every channel, newest first. */
export async function debtorHistory(db: Db, id: string, opts: { kinds?: HistoryKind[]; limit: number; scope: DebtorScope }): Promise<HistoryItem[]> {
  const d = await db.selectFrom('debtors as d').select(['d.id', 'd.time_zone']).where('d.id', '=', id).where(debtorInScope('d.id', opts.scope)).executeTakeFirst();
  if (!d) throw notFound('debtor');
  // what happened on another creditor's account of the same person is not the agent's to see
  const visibleAccounts = opts.scope.all
    ? undefined
    : new Set((await db.selectFrom('accounts as a').select('a.id').where('a.debtor_id', '=', id).where(accountInScope('a', opts.scope)).execute()).map((a) => a.id));
  const want = (k: HistoryKind) => !opts.kinds || opts.kinds.includes(k);
  const today = todayIn(d.time_zone);
  const [calls, ivrs, smss, disps, proms, pays] = await Promise.all([
    want('call')
      ? db
          .selectFrom('call_attempts as c')
          .leftJoin('users as u', 'u.id', 'c.agent_id')
          .selectAll('c')
          .select('u.name as agent_name')
          .where('c.debtor_id', '=', id)
          .execute()
      : [],
    want('ivr') ? db.selectFrom('ivr_sessions').selectAll().where('debtor_id', '=', id).execute() : [],
    want('sms') ? db.selectFrom('sms_messages').selectAll().where('debtor_id', '=', id).execute() : [],
    want('disposition')
      ? db
          .selectFrom('dispositions as x')
          .leftJoin('users as u', 'u.id', 'x.agent_id')
          .selectAll('x')
          .select('u.name as agent_name')
          .where('x.debtor_id', '=', id)
          .execute()
      : [],
    want('promise') ? db.selectFrom('promises').selectAll().where('debtor_id', '=', id).execute() : [],
    // payments are needed for promise status even when not listed
    db
      .selectFrom('payments as p')
      .innerJoin('accounts as a', 'a.id', 'p.account_id')
      .selectAll('p')
      .where('a.debtor_id', '=', id)
      .execute(),
  ]);

  const items: HistoryItem[] = [];
  for (const c of calls) {
    const talk = c.answered_at && c.ended_at ? Math.round((c.ended_at.getTime() - c.answered_at.getTime()) / 1000) : null;
    items.push({
      kind: 'call',
      id: c.id,
      at: c.created_at.toISOString(),
      accountId: c.account_id,
      summary: `Llamada ${c.direction === 'inbound' ? 'entrante' : 'saliente'} ${maskPhone(c.e164)}: ${c.outcome ?? c.status}${c.agent_name ? ` (${c.agent_name})` : ''}`,
      details: {
        direction: c.direction,
        e164Masked: maskPhone(c.e164),
        status: c.status,
        outcome: c.outcome,
        dialMode: c.dial_mode,
        campaignId: c.campaign_id,
        agentId: c.agent_id,
        agentName: c.agent_name,
        amdStatus: c.amd_status,
        rightParty: c.right_party,
        answeredAt: isoDateTime(c.answered_at),
        endedAt: isoDateTime(c.ended_at),
        talkSeconds: talk,
      },
    });
  }
  for (const s of ivrs) {
    const steps = Array.isArray(s.path) ? s.path.length : 0;
    items.push({
      kind: 'ivr',
      id: s.id,
      at: s.started_at.toISOString(),
      accountId: null,
      summary: `IVR ${s.direction === 'inbound' ? 'entrante' : 'saliente'}: ${s.outcome ?? 'sin resultado'} (${steps} pasos)`,
      details: { direction: s.direction, identified: s.identified, outcome: s.outcome, path: s.path, callId: s.call_attempt_id, endedAt: isoDateTime(s.ended_at) },
    });
  }
  for (const m of smss) {
    items.push({
      kind: 'sms',
      id: m.id,
      at: m.created_at.toISOString(),
      accountId: m.account_id,
      summary: `SMS ${m.direction === 'inbound' ? 'recibido' : 'enviado'} (${m.status}): ${m.body.slice(0, 80)}`,
      details: { direction: m.direction, status: m.status, template: m.template, body: m.body, e164Masked: maskPhone(m.e164), statusAt: isoDateTime(m.status_at) },
    });
  }
  for (const x of disps) {
    items.push({
      kind: 'disposition',
      id: x.id,
      at: x.created_at.toISOString(),
      accountId: x.account_id,
      summary: `Gestión: ${label(x.outcome)}${x.reason ? ` — ${label(x.reason)}` : ''}${x.agent_name ? ` (${x.agent_name})` : ''}`,
      details: { outcome: x.outcome, reason: x.reason, notes: x.notes, callId: x.call_attempt_id, agentId: x.agent_id, agentName: x.agent_name, callbackAt: isoDateTime(x.callback_at) },
    });
  }
  const payList = pays.map((p) => ({ accountId: p.account_id, amount: num(p.amount), paidOn: isoDate(p.paid_on)! }));
  for (const p of proms) {
    const dueDate = isoDate(p.due_date)!;
    const status = promiseStatus(
      { status: p.status, amount: num(p.amount), createdOn: p.created_at.toISOString().slice(0, 10), dueDate },
      payList.filter((x) => x.accountId === p.account_id),
      today,
    );
    const word = { pending: 'pendiente', kept: 'cumplida', broken: 'incumplida', cancelled: 'cancelada' }[status];
    items.push({
      kind: 'promise',
      id: p.id,
      at: p.created_at.toISOString(),
      accountId: p.account_id,
      summary: `Promesa de pago ${num(p.amount)} ${p.currency} para ${dueDate}: ${word}`,
      details: { amount: num(p.amount), currency: p.currency, dueDate, status, storedStatus: p.status, source: p.source, plan: p.plan, dispositionId: p.disposition_id },
    });
  }
  if (want('payment')) {
    for (const p of pays) {
      const paidOn = isoDate(p.paid_on)!;
      items.push({
        kind: 'payment',
        id: p.id,
        // a payment has a date, not a time: noon UTC keeps it on the same calendar day across the Americas
        at: `${paidOn}T12:00:00.000Z`,
        accountId: p.account_id,
        summary: `Pago ${num(p.amount)} ${p.currency}${p.reference ? ` (ref. ${p.reference})` : ''}`,
        details: { amount: num(p.amount), currency: p.currency, paidOn, reference: p.reference, source: p.source },
      });
    }
  }
  items.sort((a, b) => (a.at === b.at ? KIND_ORDER[a.kind] - KIND_ORDER[b.kind] : a.at < b.at ? 1 : -1));
  const visible = visibleAccounts ? items.filter((i) => i.accountId === null || visibleAccounts.has(i.accountId)) : items;
  return visible.slice(0, opts.limit);
}
