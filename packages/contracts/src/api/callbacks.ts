// The callbacks agents booked in their dispositions that are due: the supervisor's list of debtors waiting for
// the call they were promised. Shared by the API's response and the console's supervisor screen.
import { type Static, Type } from '@sinclair/typebox';
import { REASON_CODES } from '../enums.js';
import { IsoDateTime, Nullable, StringEnum, Uuid } from './common.js';

export const CallbacksDueQuery = Type.Object(
  {
    /** Due up to this instant (the end of the supervisor's day); default: the end of today in DAILY_TIME_ZONE. */
    until: Type.Optional(IsoDateTime),
    campaignId: Type.Optional(Uuid),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 200 })),
  },
  { additionalProperties: false },
);
export type CallbacksDueQuery = Static<typeof CallbacksDueQuery>;

export const CallbackDue = Type.Object({
  /** The disposition that booked the callback. */
  id: Uuid,
  callbackAt: IsoDateTime,
  /** The time has passed and nobody has called the debtor back yet. */
  overdue: Type.Boolean(),
  debtor: Type.Object({
    id: Uuid,
    name: Type.String(),
    /** The debtor's IANA zone: the callback time is shown on the debtor's clock, labelled with it. */
    timeZone: Type.String(),
  }),
  account: Nullable(Type.Object({ id: Uuid, externalId: Type.String() })),
  /** Who booked it. */
  agent: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
  campaign: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
  reason: Nullable(StringEnum(REASON_CODES)),
  notes: Nullable(Type.String()),
  bookedAt: IsoDateTime,
});
export type CallbackDue = Static<typeof CallbackDue>;

export const CallbacksDue = Type.Object({
  /** Earliest first; at most `limit` of them. */
  items: Type.Array(CallbackDue),
  /** All callbacks due by `until`, and how many of them are overdue (the list may be cut at `limit`). */
  total: Type.Integer({ minimum: 0 }),
  overdue: Type.Integer({ minimum: 0 }),
  until: IsoDateTime,
  at: IsoDateTime,
});
export type CallbacksDue = Static<typeof CallbacksDue>;
