// Validation findings, with a code the API and console share and a message in both UI languages.

export type NegotiationIssueCode =
  | 'amount_not_positive'
  | 'amount_below_minimum'
  | 'amount_above_balance'
  | 'amount_bad_precision'
  | 'date_invalid'
  | 'date_in_past'
  | 'date_too_far'
  | 'discount_out_of_range'
  | 'discount_above_max'
  | 'settlement_not_allowed'
  | 'instalments_not_allowed'
  | 'instalments_too_many'
  | 'instalments_too_few'
  | 'instalment_below_minimum';

export interface NegotiationIssue {
  field: 'amount' | 'dueDate' | 'discountPct' | 'instalments' | 'firstDueDate';
  code: NegotiationIssueCode;
  message: { es: string; en: string };
}

export type Validation<T> = { ok: true; value: T } | { ok: false; issues: NegotiationIssue[] };
