// From the wrap-up form's values to the API's DispositionBody, validated against the strategy with
// the same pure functions the API runs (@cobranza/domain/negotiation).
import type { DispositionOutcome, ReasonCode } from '@cobranza/contracts';
import {
  computeInstalmentPlan,
  computeSettlement,
  validatePromise,
  type InstalmentFrequency,
  type InstalmentPlan,
  type NegotiationIssue,
  type NegotiationRules,
  type Settlement,
} from '@cobranza/domain/negotiation/index';
import type { Account, DispositionBody } from '../../api/types.js';
import { instantOfWallTime } from '@cobranza/domain/format/zone';

export interface DispositionForm {
  outcome: DispositionOutcome | '';
  reason: ReasonCode | '';
  notes: string;
  accountId: string;
  amount: string;
  dueDate: string;
  discountPct: string;
  instalments: string;
  frequency: InstalmentFrequency;
  firstDueDate: string;
  callbackAt: string; // datetime-local value, read as the DEBTOR's local time (the agent books the debtor's clock)
  phoneId: string;
}

export const emptyForm = (accountId: string): DispositionForm => ({
  outcome: '',
  reason: '',
  notes: '',
  accountId,
  amount: '',
  dueDate: '',
  discountPct: '',
  instalments: '3',
  frequency: 'monthly',
  firstDueDate: '',
  callbackAt: '',
  phoneId: '',
});

export type FormIssue = { field: string; message: { es: string; en: string } };

export interface Built {
  body: DispositionBody | null;
  issues: FormIssue[];
  settlement: Settlement | null;
  plan: InstalmentPlan | null;
}

const REQUIRED = { es: 'Obligatorio', en: 'Required' };
const fromNegotiation = (i: NegotiationIssue): FormIssue => ({ field: i.field, message: i.message });

export function buildDisposition(form: DispositionForm, account: Account | null, rules: NegotiationRules, today: string, locale: string, debtorZone: string): Built {
  const issues: FormIssue[] = [];
  let settlement: Settlement | null = null;
  let plan: InstalmentPlan | null = null;
  if (!form.outcome) return { body: null, issues: [{ field: 'outcome', message: REQUIRED }], settlement, plan };
  const body: DispositionBody = { outcome: form.outcome };
  if (form.reason) body.reason = form.reason;
  if (form.notes.trim()) body.notes = form.notes.trim();
  if (account) body.accountId = account.id;
  const money = ['promise_to_pay', 'settlement', 'payment_plan'].includes(form.outcome);
  if (money && !account) issues.push({ field: 'accountId', message: REQUIRED });

  if (form.outcome === 'promise_to_pay' && account) {
    if (!form.amount) issues.push({ field: 'amount', message: REQUIRED });
    if (!form.dueDate) issues.push({ field: 'dueDate', message: REQUIRED });
    if (form.amount) {
      // The amount is checked as soon as it is typed, before a date is chosen.
      const r = validatePromise({ amount: form.amount, dueDate: form.dueDate || today, balance: account.balance, currency: account.currency, today, locale }, rules);
      if (r.ok && form.dueDate) body.promise = { accountId: account.id, amount: r.value.amount, dueDate: r.value.dueDate };
      else if (!r.ok) issues.push(...r.issues.filter((i) => form.dueDate || i.field !== 'dueDate').map(fromNegotiation));
    } else if (form.dueDate) {
      const r = validatePromise({ amount: account.balance, dueDate: form.dueDate, balance: account.balance, currency: account.currency, today, locale }, rules);
      if (!r.ok) issues.push(...r.issues.filter((i) => i.field === 'dueDate').map(fromNegotiation));
    }
  }
  if (form.outcome === 'settlement' && account) {
    if (!form.dueDate) issues.push({ field: 'dueDate', message: REQUIRED });
    const r = computeSettlement(
      { balance: account.balance, currency: account.currency, discountPct: Number(form.discountPct), payBy: form.dueDate || today, today, locale },
      rules,
    );
    if (r.ok) {
      settlement = r.value;
      if (form.dueDate) {
        body.promise = { accountId: account.id, amount: r.value.pay, dueDate: r.value.payBy, plan: { kind: 'settlement', discountPct: r.value.discountPct } };
      }
    } else issues.push(...r.issues.map(fromNegotiation));
  }
  if (form.outcome === 'payment_plan' && account) {
    if (!form.firstDueDate) issues.push({ field: 'firstDueDate', message: REQUIRED });
    const r = computeInstalmentPlan(
      {
        total: account.balance,
        currency: account.currency,
        count: Number(form.instalments),
        firstDueDate: form.firstDueDate || today,
        frequency: form.frequency,
        today,
        locale,
      },
      rules,
    );
    if (r.ok) {
      plan = r.value;
      const first = r.value.instalments[0];
      if (form.firstDueDate && first) {
        body.promise = {
          accountId: account.id,
          amount: account.balance,
          dueDate: first.dueDate,
          // The server recomputes the same schedule from count and frequency (same domain code).
          plan: { kind: 'instalments', count: r.value.instalments.length, frequency: r.value.frequency },
        };
      }
    } else issues.push(...r.issues.map(fromNegotiation));
  }
  if (form.outcome === 'callback') {
    if (!form.callbackAt) issues.push({ field: 'callbackAt', message: REQUIRED });
    else {
      const at = instantOfWallTime(form.callbackAt, debtorZone);
      if (!at) issues.push({ field: 'callbackAt', message: { es: 'Fecha y hora inválidas', en: 'Invalid date and time' } });
      else if (at.getTime() <= Date.now()) issues.push({ field: 'callbackAt', message: { es: 'Debe ser en el futuro', en: 'Must be in the future' } });
      else body.callbackAt = at.toISOString();
    }
  }
  if ((form.outcome === 'wrong_number' || form.outcome === 'third_party') && form.phoneId) body.phoneId = form.phoneId;
  return { body: issues.length === 0 ? body : null, issues, settlement, plan };
}
