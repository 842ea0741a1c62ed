import { type Static, Type } from '@sinclair/typebox';
import { DISPOSITION_OUTCOMES, REASON_CODES } from '../enums.js';
import { IsoDate, IsoDateTime, Nullable, StringEnum, Uuid } from './common.js';

/**
 * A negotiated offer. settlement: one payment of (balance − discountPct %) by the due date.
 * instalments: `count` instalments of the promise amount from the due date, every `frequency`;
 * the server computes the schedule with exact cents (the same code as the console, @cobranza/domain).
 */
export const PromisePlan = Type.Object(
  {
    kind: StringEnum(['settlement', 'instalments'] as const),
    discountPct: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 100 })),
    count: Type.Optional(Type.Integer({ minimum: 2, maximum: 120 })),
    frequency: Type.Optional(StringEnum(['monthly', 'biweekly', 'weekly'] as const)),
  },
  { additionalProperties: false },
);
export type PromisePlan = Static<typeof PromisePlan>;

export const PromiseInput = Type.Object(
  {
    accountId: Uuid,
    amount: Type.Number({ exclusiveMinimum: 0 }),
    dueDate: IsoDate,
    plan: Type.Optional(PromisePlan),
  },
  { additionalProperties: false },
);
export type PromiseInput = Static<typeof PromiseInput>;

/** Wrap-up of a call. promise_to_pay / settlement / payment_plan need `promise`; callback needs `callbackAt`. */
export const DispositionBody = Type.Object(
  {
    outcome: StringEnum(DISPOSITION_OUTCOMES),
    reason: Type.Optional(StringEnum(REASON_CODES)),
    notes: Type.Optional(Type.String({ maxLength: 4000 })),
    accountId: Type.Optional(Uuid),
    promise: Type.Optional(PromiseInput),
    callbackAt: Type.Optional(IsoDateTime),
    /** The phone the outcome is about (wrong_number / third_party); defaults to the phone that was called. */
    phoneId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type DispositionBody = Static<typeof DispositionBody>;

export const CallIdParams = Type.Object({ callId: Type.String({ minLength: 1, maxLength: 128 }) });

export const DispositionResponse = Type.Object({
  id: Uuid,
  callId: Type.String(),
  debtorId: Uuid,
  outcome: StringEnum(DISPOSITION_OUTCOMES),
  reason: Nullable(StringEnum(REASON_CODES)),
  callbackAt: Nullable(IsoDateTime),
  promise: Nullable(
    Type.Object({
      id: Uuid,
      accountId: Uuid,
      amount: Type.Number(),
      currency: Type.String(),
      dueDate: IsoDate,
      status: Type.String(),
      plan: Nullable(
        Type.Object({
          kind: Type.String(),
          discountPct: Type.Optional(Type.Number()),
          frequency: Type.Optional(Type.String()),
          instalments: Type.Optional(Type.Array(Type.Object({ n: Type.Integer(), dueDate: IsoDate, amount: Type.Number() }))),
        }),
      ),
    }),
  ),
  phoneMarked: Nullable(Type.Object({ id: Uuid, status: Type.String() })),
  createdAt: IsoDateTime,
});
export type DispositionResponse = Static<typeof DispositionResponse>;
