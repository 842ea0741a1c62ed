// Historical reports (GET /reports/*, supervisors and admins): the query every report takes, and each
// report's answer. The console's report screen and the supervisor's per-agent day panel read these.
// Figures come from roll-up tables the database keeps up to date as calls, promises, payments and agent
// states are written, so a report over today includes the call that ended a second ago.
import { type Static, Type } from '@sinclair/typebox';
import { Currency, IsoDate, IsoDateTime, Money, Nullable, StringEnum, Uuid } from './common.js';

export const REPORT_GROUP_BYS = ['campaign', 'portfolio', 'segment', 'agent'] as const;
export type ReportGroupBy = (typeof REPORT_GROUP_BYS)[number];

/** GET /reports/{name} answers JSON; GET /reports/{name}.csv the same rows as CSV (Spanish headers, ?lang=en English). */
export const REPORT_NAMES = ['contacts', 'promises', 'agents', 'abandon', 'contact-hours'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

/** Longest range one report covers, in days (from and to included). */
export const REPORT_MAX_DAYS = 366;

export const ReportQuery = Type.Object(
  {
    from: Type.String({ format: 'date', description: 'first day, YYYY-MM-DD, in timeZone' }),
    to: Type.String({ format: 'date', description: `last day (included), YYYY-MM-DD, in timeZone; at most ${REPORT_MAX_DAYS} days after from` }),
    timeZone: Type.Optional(Type.String({ maxLength: 64, description: "IANA zone whose days the range counts (default: the operation's DAILY_TIME_ZONE)" })),
    groupBy: Type.Optional(StringEnum(REPORT_GROUP_BYS, { description: 'one row per campaign, portfolio, segment or agent; without it, one row for everything' })),
    campaignId: Type.Optional(Uuid),
    portfolioId: Type.Optional(Uuid),
    segmentId: Type.Optional(Uuid),
    agentId: Type.Optional(Uuid),
    lang: Type.Optional(StringEnum(['es', 'en'] as const, { description: 'CSV headers and labels (the .csv routes); Spanish by default' })),
  },
  { additionalProperties: false },
);
export type ReportQuery = Static<typeof ReportQuery>;

/**
 * What a row is about. key null: the figures with no such thing (calls of no campaign, accounts with no
 * segment, attempts no agent took) or, without groupBy, everything (label null too).
 */
export const ReportGroup = Type.Object({
  key: Nullable(Uuid),
  /** Campaign or portfolio name, segment name, agent name; null when key is null. */
  label: Nullable(Type.String()),
});
export type ReportGroup = Static<typeof ReportGroup>;

/** What every report echoes back: the range as asked and the instants it covers. */
export const ReportRange = Type.Object({
  from: IsoDate,
  to: IsoDate,
  timeZone: Type.String(),
  groupBy: Nullable(StringEnum(REPORT_GROUP_BYS)),
  /** from 00:00 in timeZone */
  start: IsoDateTime,
  /** the day after `to`, 00:00 in timeZone (excluded) */
  end: IsoDateTime,
  generatedAt: IsoDateTime,
});
export type ReportRange = Static<typeof ReportRange>;

// --- 1. attempts, contacts, right-party contacts --------------------------------------------------

export const ContactFigures = Type.Object({
  /** Dials placed (voice and agentless IVR). */
  attempts: Type.Integer(),
  /** Live answers: a person came on the line (bridged, abandoned or heard the IVR message). */
  contacts: Type.Integer(),
  /** Contacts an agent confirmed were with the debtor (disposition). */
  rightPartyContacts: Type.Integer(),
  /** contacts / attempts; null with no attempts. */
  contactRate: Nullable(Type.Number()),
  /** rightPartyContacts / contacts; null with no contacts. */
  rightPartyRate: Nullable(Type.Number()),
});
export const ContactsRow = Type.Composite([ReportGroup, ContactFigures]);
export type ContactsRow = Static<typeof ContactsRow>;
export const ContactsReport = Type.Composite([ReportRange, Type.Object({ rows: Type.Array(ContactsRow), totals: ContactFigures })]);
export type ContactsReport = Static<typeof ContactsReport>;

// --- 2. promises and payments against them --------------------------------------------------------

export const PromiseFigures = Type.Object({
  currency: Currency,
  /** Promises made in the range (by their creation instant). */
  promises: Type.Integer(),
  amount: Money,
  kept: Type.Integer(),
  broken: Type.Integer(),
  pending: Type.Integer(),
  cancelled: Type.Integer(),
  keptAmount: Money,
  /** kept / (kept + broken): of the promises already decided, how many were kept; null while none is decided. */
  keptRate: Nullable(Type.Number()),
  /** Payments dated in the range that count towards a promise (same account and currency, from the day it was made to its due date plus grace). */
  payments: Type.Integer(),
  paymentsAmount: Money,
});
/** One row per group and currency: amounts in different currencies are never added up. */
export const PromisesRow = Type.Composite([ReportGroup, PromiseFigures]);
export type PromisesRow = Static<typeof PromisesRow>;
export const PromisesReport = Type.Composite([ReportRange, Type.Object({ rows: Type.Array(PromisesRow), totals: Type.Array(PromiseFigures) })]);
export type PromisesReport = Static<typeof PromisesReport>;

// --- 3. per agent: calls, talk, wrap, idle, right-party contacts, promises ------------------------

export const AgentFigures = Type.Object({
  /** Calls put through to the agent. */
  calls: Type.Integer(),
  rightPartyContacts: Type.Integer(),
  promises: Type.Integer(),
  promisedAmounts: Type.Array(Type.Object({ currency: Currency, amount: Money })),
  /** Seconds on a call (state talking). */
  talkSeconds: Type.Integer(),
  /** Seconds in wrap-up after a call. */
  wrapSeconds: Type.Integer(),
  /** Seconds ready and waiting for a call (ready, or a call being offered). */
  idleSeconds: Type.Integer(),
  /** Seconds paused (break, lunch, training…). */
  pauseSeconds: Type.Integer(),
});
/**
 * key is the agent. Talk, wrap, idle and pause are the agent's time, filtered by campaignId when given;
 * portfolio and segment filters narrow calls, contacts and promises only (waiting time belongs to no segment).
 */
export const AgentsRow = Type.Composite([ReportGroup, AgentFigures]);
export type AgentsRow = Static<typeof AgentsRow>;
export const AgentsReport = Type.Composite([ReportRange, Type.Object({ rows: Type.Array(AgentsRow), totals: AgentFigures })]);
export type AgentsReport = Static<typeof AgentsReport>;

// --- 4. abandon rate over each jurisdiction's own window ------------------------------------------

export const AbandonPoint = Type.Object({
  /** Day in timeZone; the window ends at the end of that day (or now, for today). */
  date: IsoDate,
  liveAnswers: Type.Integer(),
  abandoned: Type.Integer(),
  /** abandoned / liveAnswers over the window; null with no live answers. */
  rate: Nullable(Type.Number()),
});
export type AbandonPoint = Static<typeof AbandonPoint>;

export const AbandonRow = Type.Composite([
  ReportGroup,
  Type.Object({
    /** The debtors' country (ISO 3166-1 alpha-2, e.g. US, GB). */
    country: Type.String(),
    /** The compliance profile whose abandon settings apply (e.g. US, UK); null: none sets them, the platform default applies. */
    profileId: Nullable(Type.String()),
    /** The window the regulator counts over, from the profile (e.g. 720 h = 30 days for the US, 24 h for the UK). */
    windowHours: Type.Number(),
    maxRate: Type.Number(),
    /** The window ending at the end of `to` (or now, when `to` is today). */
    windowStart: IsoDateTime,
    windowEnd: IsoDateTime,
    liveAnswers: Type.Integer(),
    abandoned: Type.Integer(),
    rate: Nullable(Type.Number()),
    overCap: Type.Boolean(),
    /** The same window ending on each day of the range (a chart of the rolling rate). */
    series: Type.Array(AbandonPoint),
  }),
]);
export type AbandonRow = Static<typeof AbandonRow>;
export const AbandonReport = Type.Composite([ReportRange, Type.Object({ rows: Type.Array(AbandonRow) })]);
export type AbandonReport = Static<typeof AbandonReport>;

// --- 5. contacts by hour of the debtor's local day, per segment -----------------------------------

export const ContactHoursRow = Type.Composite([
  ReportGroup,
  Type.Object({
    /** 24 figures: index h = contacts made between h:00 and h:59 on the debtor's own clock. */
    contacts: Type.Array(Type.Integer(), { minItems: 24, maxItems: 24 }),
    attempts: Type.Array(Type.Integer(), { minItems: 24, maxItems: 24 }),
  }),
]);
export type ContactHoursRow = Static<typeof ContactHoursRow>;
/** Rows are segments (key = segment id, null = accounts with no segment), whatever groupBy says. */
export const ContactHoursReport = Type.Composite([ReportRange, Type.Object({ rows: Type.Array(ContactHoursRow) })]);
export type ContactHoursReport = Static<typeof ContactHoursReport>;
