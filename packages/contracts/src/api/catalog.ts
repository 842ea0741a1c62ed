// Creditors, portfolios, segments, strategies and scripts: the configuration a collections house edits.
import { type Static, type TOptional, type TString, Type } from '@sinclair/typebox';
import { AMD_MODES, CHANNELS, DIAL_MODES, REASON_CODES } from '../enums.js';
import { Currency, IsoDateTime, Nullable, StringEnum, Uuid } from './common.js';

const Country = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' });
const Code = Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' });
const Name = Type.String({ minLength: 1, maxLength: 200 });
const E164 = Type.String({ pattern: '^\\+[1-9][0-9]{6,14}$', description: 'E.164, e.g. +5716000000' });

export const Creditor = Type.Object({
  id: Uuid,
  code: Type.String(),
  name: Type.String(),
  businessName: Type.String(),
  callbackNumber: Type.String(),
  country: Type.String(),
  createdAt: IsoDateTime,
});
export type Creditor = Static<typeof Creditor>;
export const CreditorCreate = Type.Object(
  { code: Code, name: Name, businessName: Name, callbackNumber: E164, country: Country },
  { additionalProperties: false },
);
export type CreditorCreate = Static<typeof CreditorCreate>;
export const CreditorUpdate = Type.Partial(CreditorCreate, { additionalProperties: false, minProperties: 1 });
export type CreditorUpdate = Static<typeof CreditorUpdate>;

export const Portfolio = Type.Object({
  id: Uuid,
  creditorId: Uuid,
  name: Type.String(),
  country: Type.String(),
  currency: Type.String(),
  createdAt: IsoDateTime,
  accounts: Type.Optional(Type.Integer({ description: 'number of accounts (list and detail)' })),
});
export type Portfolio = Static<typeof Portfolio>;
export const PortfolioCreate = Type.Object(
  { creditorId: Uuid, name: Name, country: Country, currency: Currency },
  { additionalProperties: false },
);
export type PortfolioCreate = Static<typeof PortfolioCreate>;
export const PortfolioUpdate = Type.Partial(PortfolioCreate, { additionalProperties: false, minProperties: 1 });
export type PortfolioUpdate = Static<typeof PortfolioUpdate>;

/** Rules a segment matches on; a missing bound is open. Days past due below 0 = not yet due (preventive). */
export const SegmentRules = Type.Object(
  {
    dpdMin: Type.Optional(Type.Integer()),
    dpdMax: Type.Optional(Type.Integer()),
    balanceMin: Type.Optional(Type.Number({ minimum: 0 })),
    balanceMax: Type.Optional(Type.Number({ minimum: 0 })),
    products: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    regions: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    riskMin: Type.Optional(Type.Number()),
    riskMax: Type.Optional(Type.Number()),
  },
  { additionalProperties: false },
);
export type SegmentRules = Static<typeof SegmentRules>;

export const Segment = Type.Object({
  id: Uuid,
  code: Type.String(),
  name: Type.String(),
  priority: Type.Integer(),
  rules: SegmentRules,
  strategyId: Nullable(Uuid),
  active: Type.Boolean(),
  updatedAt: IsoDateTime,
});
export type Segment = Static<typeof Segment>;
export const SegmentCreate = Type.Object(
  {
    code: Code,
    name: Name,
    priority: Type.Integer({ minimum: 0, maximum: 10000 }),
    rules: SegmentRules,
    strategyId: Type.Optional(Nullable(Uuid)),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type SegmentCreate = Static<typeof SegmentCreate>;
export const SegmentUpdate = Type.Partial(SegmentCreate, { additionalProperties: false, minProperties: 1 });
export type SegmentUpdate = Static<typeof SegmentUpdate>;

/** What an agent (or the IVR) may offer and accept. Percentages are 0–100. */
export const NegotiationRules = Type.Object(
  {
    minPromiseAmountPct: Type.Optional(Type.Number({ minimum: 0, maximum: 100, description: 'minimum promise as % of the balance' })),
    maxPromiseDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650, description: 'latest promise date, days from today' })),
    settlementMaxDiscountPct: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    maxInstalments: Type.Optional(Type.Integer({ minimum: 0, maximum: 120, description: '0 or 1 = no instalment plans' })),
    minInstalmentAmount: Type.Optional(Type.Number({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export type NegotiationRules = Static<typeof NegotiationRules>;

const Json = Type.Unknown();

export const Strategy = Type.Object({
  id: Uuid,
  code: Type.String(),
  name: Type.String(),
  channels: Type.Array(StringEnum(CHANNELS)),
  dialMode: StringEnum(DIAL_MODES),
  scriptId: Nullable(Uuid),
  amdMode: StringEnum(AMD_MODES),
  ivrFlow: Json,
  negotiation: NegotiationRules,
  retryRules: Type.Record(Type.String(), Json),
  smsTemplates: Type.Record(Type.String(), Json),
  updatedAt: IsoDateTime,
});
export type Strategy = Static<typeof Strategy>;
export const StrategyCreate = Type.Object(
  {
    code: Code,
    name: Name,
    channels: Type.Optional(Type.Array(StringEnum(CHANNELS), { minItems: 1, uniqueItems: true })),
    dialMode: Type.Optional(StringEnum(DIAL_MODES)),
    scriptId: Type.Optional(Nullable(Uuid)),
    amdMode: Type.Optional(StringEnum(AMD_MODES)),
    ivrFlow: Type.Optional(Json),
    negotiation: Type.Optional(NegotiationRules),
    retryRules: Type.Optional(Type.Record(Type.String(), Json)),
    smsTemplates: Type.Optional(Type.Record(Type.String(), Json)),
  },
  { additionalProperties: false },
);
export type StrategyCreate = Static<typeof StrategyCreate>;
export const StrategyUpdate = Type.Partial(StrategyCreate, { additionalProperties: false, minProperties: 1 });
export type StrategyUpdate = Static<typeof StrategyUpdate>;

/** A script template: text with {{variables}} (debtor.firstName, account.balance, ...), and a branch per reason code. */
export const ScriptBody = Type.Object(
  {
    opening: Type.String(),
    verification: Type.Optional(Type.String()),
    body: Type.String(),
    closing: Type.Optional(Type.String()),
    // One optional property per reason code. (Type.Record over a StringEnum key compiles to an object
    // with no properties, and the response serializer then dropped every branch.)
    branches: Type.Optional(Type.Object(Object.fromEntries(REASON_CODES.map((r) => [r, Type.Optional(Type.String())])) as Record<(typeof REASON_CODES)[number], TOptional<TString>>, { additionalProperties: false })),
  },
  { additionalProperties: true },
);
export type ScriptBody = Static<typeof ScriptBody>;

export const Script = Type.Object({
  id: Uuid,
  code: Type.String(),
  name: Type.String(),
  locale: Type.String(),
  body: ScriptBody,
  version: Type.Integer(),
  updatedAt: IsoDateTime,
});
export type Script = Static<typeof Script>;
export const ScriptCreate = Type.Object(
  { code: Code, name: Name, locale: Type.Optional(Type.String({ pattern: '^[a-z]{2}(-[A-Z]{2})?$' })), body: ScriptBody },
  { additionalProperties: false },
);
export type ScriptCreate = Static<typeof ScriptCreate>;
export const ScriptUpdate = Type.Partial(ScriptCreate, { additionalProperties: false, minProperties: 1 });
export type ScriptUpdate = Static<typeof ScriptUpdate>;
