// One payments-file row in, either a normalised payment or every problem with it (line, column, value,
// reason: the shape of the portfolio import's rejects). Two steps, both pure: the row on its own, then the
// row against the account its external_id names (looked up by the caller, in batches).
import type { RowError } from '../portfolio/validate.js';
import { isKnownCurrency, parseAmount, parseDate } from '../portfolio/values.js';
import { mapPaymentHeader, type PaymentColumn } from './columns.js';

/** The bank's payment reference is an id, not prose: anything longer is a mangled export. */
export const MAX_REFERENCE_LENGTH = 128;

export interface PaymentRow {
  line: number;
  externalId: string;
  /** exact decimal string, > 0 */
  amount: string;
  /** YYYY-MM-DD, not after today */
  paidOn: string;
  /** as given (upper case); null = the account's */
  currency: string | null;
  reference: string | null;
  channel: string | null;
}

export type PaymentRowResult = { ok: true; row: PaymentRow } | { ok: false; errors: RowError[] };

export interface PaymentValidationContext {
  /** YYYY-MM-DD in the portfolio's country: a payment dated after it has not happened yet */
  today: string;
}

export interface PaymentAccount {
  id: string;
  currency: string;
}

export interface ResolvedPayment {
  line: number;
  accountId: string;
  amount: string;
  currency: string;
  paidOn: string;
  reference: string | null;
}

export type ResolvedPaymentResult = { ok: true; payment: ResolvedPayment } | { ok: false; errors: RowError[] };

/** One validator per file: column positions are resolved once from the header (which it refuses with HeaderError). */
export function createPaymentValidator(header: string[], ctx: PaymentValidationContext): (line: number, fields: string[]) => PaymentRowResult {
  const columns = mapPaymentHeader(header);
  const width = header.length;
  const at = (c: PaymentColumn) => columns.get(c) ?? -1;
  const I = { externalId: at('external_id'), amount: at('amount'), paidOn: at('paid_on'), currency: at('currency'), reference: at('reference'), channel: at('channel') };

  return (line, fields) => {
    const errors: RowError[] = [];
    const err = (column: string, value: string, reason: string) =>
      errors.push({ line, column, value: value.length > 200 ? `${value.slice(0, 200)}…` : value, reason });
    const get = (i: number) => (i < 0 ? '' : (fields[i] ?? '').trim());

    if (fields.length !== width) {
      err('*', `${fields.length} fields`, `expected ${width} fields as in the header, found ${fields.length}`);
      return { ok: false, errors };
    }

    const externalId = get(I.externalId);
    if (!externalId) err('external_id', '', 'external_id is required');
    else if (externalId.length > 64) err('external_id', externalId, 'external_id longer than 64 characters');

    const rawAmount = get(I.amount);
    let amount = '';
    if (!rawAmount) err('amount', '', 'amount is required');
    else {
      const a = parseAmount(rawAmount);
      if (!a.ok) err('amount', rawAmount, rawAmount.startsWith('-') ? 'a payment amount must be greater than 0' : a.reason);
      else if (Number(a.value) === 0) err('amount', rawAmount, 'a payment amount must be greater than 0');
      else amount = a.value;
    }

    const rawDate = get(I.paidOn);
    let paidOn = '';
    if (!rawDate) err('paid_on', '', 'paid_on is required');
    else {
      const d = parseDate(rawDate);
      if (!d.ok) err('paid_on', rawDate, d.reason);
      // ISO dates compare correctly as strings
      else if (d.value > ctx.today) err('paid_on', rawDate, `payment date ${d.value} is in the future (today is ${ctx.today})`);
      else paidOn = d.value;
    }

    const rawCurrency = get(I.currency).toUpperCase();
    if (rawCurrency && !isKnownCurrency(rawCurrency)) err('currency', rawCurrency, `unknown currency ${rawCurrency}: expected an ISO 4217 code (COP, MXN, PEN, USD ...)`);

    const reference = get(I.reference);
    if (reference.length > MAX_REFERENCE_LENGTH) err('reference', reference, `reference longer than ${MAX_REFERENCE_LENGTH} characters`);

    if (errors.length) return { ok: false, errors };
    return { ok: true, row: { line, externalId, amount, paidOn, currency: rawCurrency || null, reference: reference || null, channel: get(I.channel) || null } };
  };
}

/**
 * The row against its account (undefined: no account with that external_id in the portfolio). The payment
 * takes the account's currency when the file gives none; a different one is refused, because promises and
 * balances are in the account's currency and nothing here converts.
 */
export function resolvePayment(row: PaymentRow, account: PaymentAccount | undefined): ResolvedPaymentResult {
  if (!account) {
    return { ok: false, errors: [{ line: row.line, column: 'external_id', value: row.externalId, reason: `no account with external_id ${row.externalId} in this portfolio` }] };
  }
  if (row.currency && row.currency !== account.currency) {
    return {
      ok: false,
      errors: [{ line: row.line, column: 'currency', value: row.currency, reason: `payment in ${row.currency} but account ${row.externalId} is in ${account.currency}` }],
    };
  }
  return {
    ok: true,
    payment: { line: row.line, accountId: account.id, amount: row.amount, currency: account.currency, paidOn: row.paidOn, reference: row.reference },
  };
}
