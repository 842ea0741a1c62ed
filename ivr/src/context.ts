// What a call knows about the person on the line, and the values flow variables read from it.
import { productLabel } from '@cobranza/domain/format/product';
import type { NegotiationRules } from '@cobranza/domain/negotiation/index';
import type { FlowKind, Lang } from './flows/types.js';

export type { NegotiationRules };

export interface CreditorInfo {
  id: string;
  businessName: string;
  callbackNumber: string;
}


export interface AccountInfo {
  id: string;
  externalId: string;
  product: string;
  currency: string;
  /** Decimal strings, exact (numeric(16,2)). */
  balance: string;
  minimumPayment: string;
  oldestDueDate: string | null;
  nextDueDate: string | null;
  creditor: CreditorInfo;
  strategyId: string | null;
  negotiation: NegotiationRules;
  smsTemplates: Record<string, unknown>;
}

export interface DebtorInfo {
  id: string;
  firstName: string;
  lastName: string;
  timeZone: string;
  locale: string;
  accounts: AccountInfo[];
}

export interface CallContext {
  kind: FlowKind;
  lang: Lang;
  direction: 'outbound' | 'inbound';
  channelId: string;
  /** The number on the other end: the dialed number outbound, the caller id inbound (E.164 when known). */
  remoteNumber: string | null;
  campaignId: string | null;
  /** call_attempts.id when the dialer placed the call. */
  callAttemptId: string | null;
  /** Known from the start outbound; set by a successful identify inbound. */
  debtor: DebtorInfo | null;
  /** The account in focus: the dialer's lead account outbound, the first one with a balance otherwise. */
  account: AccountInfo | null;
  /** The creditor whose name and callback number the line uses before anyone is identified. */
  creditor: CreditorInfo | null;
  identified: boolean;
  vars: Record<string, string>;
  /** The day in the debtor's (or line's) time zone, YYYY-MM-DD. */
  today: string;
  /** The call's clock (tests fix it); `today` is recomputed with it when an inbound caller is identified. */
  now?: () => Date;
}

/** The caller is now known to be `debtor`: dates (promise limits, days past due) follow the debtor's zone, not the line's. */
export function rebaseToday(ctx: CallContext, timeZone: string): void {
  ctx.today = localDate(ctx.now?.() ?? new Date(), timeZone);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function localDate(now: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The value of a flow variable, or undefined when the call does not know it (the segment is skipped). */
export function variableValue(ctx: CallContext, name: string, account: AccountInfo | null = ctx.account): string | undefined {
  const a = account;
  switch (name) {
    case 'creditor.businessName':
      return (a?.creditor ?? ctx.creditor)?.businessName;
    case 'creditor.callbackNumber':
      return (a?.creditor ?? ctx.creditor)?.callbackNumber;
    case 'debtor.firstName':
      return ctx.debtor?.firstName;
    case 'debtor.lastName':
      return ctx.debtor?.lastName;
    case 'debtor.fullName':
      return ctx.debtor ? `${ctx.debtor.firstName} ${ctx.debtor.lastName}` : undefined;
    case 'account.balance':
      return a?.balance;
    case 'account.currency':
      return a?.currency;
    case 'account.dueDate':
      return a?.oldestDueDate ?? undefined;
    case 'account.daysPastDue':
      return a?.oldestDueDate ? String(Math.max(0, daysBetween(a.oldestDueDate, ctx.today))) : undefined;
    case 'account.nextDueDate':
      return a?.nextDueDate ?? undefined;
    case 'account.minimumPayment':
      return a?.minimumPayment;
    case 'account.last4':
      return a?.externalId.replace(/\D/g, '').slice(-4) || undefined;
    case 'account.product':
      // said in words in the call's language: the code (tarjeta_credito) is for segment rules
      return a ? productLabel(a.product, ctx.lang) : undefined;
    case 'promise.amount':
      return ctx.vars.promiseAmount;
    case 'promise.dueDate':
      return ctx.vars.promiseDate;
    default:
      if (name.startsWith('vars.')) return ctx.vars[name.slice(5)];
      return undefined;
  }
}
