import { type Static, Type } from '@sinclair/typebox';
import { ACCOUNT_STATUSES, PHONE_STATUSES, PHONE_TYPES } from '../enums.js';
import { NegotiationRules, ScriptBody } from './catalog.js';
import { Currency, IsoDate, IsoDateTime, Money, Nullable, PageQuery, Paginated, StringEnum, Uuid } from './common.js';

export const DebtorSearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 2, maxLength: 100, description: 'any of: document number, name, phone, account external id' })),
    document: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    name: Type.Optional(Type.String({ minLength: 2, maxLength: 100 })),
    phone: Type.Optional(Type.String({ minLength: 4, maxLength: 30, description: 'any format; normalised to E.164' })),
    externalId: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    portfolioId: Type.Optional(Uuid),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type DebtorSearchQuery = Static<typeof DebtorSearchQuery>;

export const DebtorSummary = Type.Object({
  id: Uuid,
  name: Type.String(),
  documentType: Type.String(),
  /** Masked (last 3 characters) for agents. */
  documentNumber: Type.String(),
  country: Type.String(),
  accounts: Type.Integer(),
  totalBalance: Type.Record(Type.String(), Money, { description: 'by currency' }),
  maxDaysPastDue: Nullable(Type.Integer()),
});
export type DebtorSummary = Static<typeof DebtorSummary>;
export const DebtorSearchResponse = Paginated(DebtorSummary);
export type DebtorSearchResponse = Static<typeof DebtorSearchResponse>;

const Ref = Type.Object({ id: Uuid, code: Type.String(), name: Type.String() });

export const Account = Type.Object({
  id: Uuid,
  portfolioId: Uuid,
  /** The creditor's business name, as the debtor knows it (the script's {{acreedor}}). */
  creditorName: Type.String(),
  externalId: Type.String(),
  /** A product code, e.g. tarjeta_credito (productLabel in @cobranza/domain/format gives the words). */
  product: Type.String(),
  currency: Currency,
  principal: Money,
  balance: Money,
  minimumPayment: Money,
  openedOn: Nullable(IsoDate),
  oldestDueDate: Nullable(IsoDate),
  nextDueDate: Nullable(IsoDate),
  /** Computed from oldestDueDate in the debtor's time zone; negative = days until due (preventive). */
  daysPastDue: Nullable(Type.Integer()),
  status: StringEnum(ACCOUNT_STATUSES),
  segment: Nullable(Ref),
  documents: Type.Array(Type.Object({ id: Uuid, kind: Type.String(), name: Type.String(), reference: Type.String() })),
});
export type Account = Static<typeof Account>;

export const Phone = Type.Object({
  id: Uuid,
  /** Full for supervisors and admins, masked for agents (they dial by id). */
  e164: Type.String(),
  e164Masked: Type.String(),
  type: StringEnum(PHONE_TYPES),
  source: Type.String(),
  consentAutomated: Type.Boolean(),
  status: StringEnum(PHONE_STATUSES),
  priority: Type.Integer(),
  attempts: Type.Integer(),
  lastResult: Nullable(Type.String()),
  lastAttemptAt: Nullable(IsoDateTime),
});
export type Phone = Static<typeof Phone>;

export const DebtorRecord = Type.Object({
  id: Uuid,
  firstName: Type.String(),
  lastName: Type.String(),
  documentType: Type.String(),
  documentNumber: Type.String({ description: 'masked for agents' }),
  country: Type.String(),
  region: Nullable(Type.String()),
  locale: Type.String(),
  timeZone: Type.String(),
  email: Nullable(Type.String()),
  riskScore: Nullable(Type.Number()),
  accounts: Type.Array(Account),
  phones: Type.Array(Phone),
  /** Segment, strategy and script of the primary account (the largest open balance). */
  primaryAccountId: Nullable(Uuid),
  segment: Nullable(Ref),
  strategy: Nullable(
    Type.Object({ id: Uuid, code: Type.String(), name: Type.String(), dialMode: Type.String(), negotiation: NegotiationRules }),
  ),
  script: Nullable(Type.Object({ id: Uuid, code: Type.String(), name: Type.String(), locale: Type.String(), version: Type.Integer(), body: ScriptBody })),
  optOuts: Type.Array(Type.Object({ id: Uuid, channel: Type.String(), e164Masked: Nullable(Type.String()), source: Type.String(), createdAt: IsoDateTime })),
  legalHolds: Type.Array(Type.Object({ kind: Type.String(), since: IsoDate })),
});
export type DebtorRecord = Static<typeof DebtorRecord>;

export const HISTORY_KINDS = ['call', 'ivr', 'sms', 'disposition', 'promise', 'payment'] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

/** One entry of the merged contact timeline; `details` depends on `kind`. */
export const HistoryItem = Type.Object({
  kind: StringEnum(HISTORY_KINDS),
  id: Type.String(),
  at: IsoDateTime,
  accountId: Nullable(Uuid),
  summary: Type.String({ description: 'one line, Spanish' }),
  details: Type.Record(Type.String(), Type.Unknown()),
});
export type HistoryItem = Static<typeof HistoryItem>;

export const HistoryQuery = Type.Object(
  {
    kinds: Type.Optional(Type.String({ pattern: `^(${HISTORY_KINDS.join('|')})(,(${HISTORY_KINDS.join('|')}))*$`, description: 'comma separated' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
  },
  { additionalProperties: false },
);
export type HistoryQuery = Static<typeof HistoryQuery>;

/** Newest first. */
export const HistoryResponse = Type.Object({ debtorId: Uuid, items: Type.Array(HistoryItem) });
export type HistoryResponse = Static<typeof HistoryResponse>;

export const OptOutCreate = Type.Object(
  {
    channel: StringEnum(['all', 'voice', 'ivr', 'sms', 'email'] as const),
    phoneId: Type.Optional(Uuid),
    notes: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export type OptOutCreate = Static<typeof OptOutCreate>;
