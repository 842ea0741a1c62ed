import { type Static, Type } from '@sinclair/typebox';
import { CAMPAIGN_STATUSES, DIAL_MODES } from '../enums.js';
import { IsoDateTime, Nullable, StringEnum, Uuid } from './common.js';

/** Bounds a supervisor may set at runtime. The dialer trusts these: they are validated here. */
export const PACING_LIMITS = {
  abandonTarget: { minimum: 0, maximum: 0.05 },
  maxLinesPerAgent: { minimum: 1, maximum: 10 },
  minAgentsForPredictive: { minimum: 1, maximum: 100 },
  amdErrorEstimate: { minimum: 0, maximum: 0.5 },
  agentlessConcurrency: { minimum: 1, maximum: 500 },
  wrapUpSeconds: { minimum: 0, maximum: 600 },
} as const;

/** Defined once, next to the settings' type (../live.ts); re-exported for the API and the console. */
export { DEFAULT_PACING } from '../live.js';

const pacingFields = {
  mode: StringEnum(DIAL_MODES),
  abandonTarget: Type.Number({ ...PACING_LIMITS.abandonTarget, description: 'abandoned / live answers, at most 0.05 (5 %)' }),
  maxLinesPerAgent: Type.Number(PACING_LIMITS.maxLinesPerAgent),
  minAgentsForPredictive: Type.Integer(PACING_LIMITS.minAgentsForPredictive),
  amdErrorEstimate: Type.Number(PACING_LIMITS.amdErrorEstimate),
  agentlessConcurrency: Type.Integer(PACING_LIMITS.agentlessConcurrency),
  wrapUpSeconds: Type.Integer(PACING_LIMITS.wrapUpSeconds),
};

export const PacingSettings = Type.Object(pacingFields);
export const PacingSettingsPatch = Type.Partial(Type.Object(pacingFields), { additionalProperties: false, minProperties: 1 });
export type PacingSettingsPatch = Static<typeof PacingSettingsPatch>;

/** Campaign settings: the pacing the dialer obeys, plus the caller id presented. */
export const CampaignSettings = Type.Intersect([PacingSettings, Type.Object({ callerId: Type.Optional(Type.String()) })]);
export type CampaignSettings = Static<typeof CampaignSettings>;

export const Campaign = Type.Object({
  id: Uuid,
  name: Type.String(),
  portfolioId: Nullable(Uuid),
  strategyId: Nullable(Uuid),
  segmentIds: Type.Array(Uuid),
  status: StringEnum(CAMPAIGN_STATUSES),
  settings: Type.Object({ ...pacingFields, callerId: Type.Optional(Type.String()) }),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Campaign = Static<typeof Campaign>;

const E164 = Type.String({ pattern: '^\\+[1-9][0-9]{6,14}$' });

export const CampaignCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    portfolioId: Type.Optional(Nullable(Uuid)),
    strategyId: Type.Optional(Nullable(Uuid)),
    segmentIds: Type.Optional(Type.Array(Uuid, { uniqueItems: true })),
    settings: Type.Optional(Type.Partial(Type.Object({ ...pacingFields, callerId: E164 }), { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type CampaignCreate = Static<typeof CampaignCreate>;

export const CampaignUpdate = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    portfolioId: Type.Optional(Nullable(Uuid)),
    strategyId: Type.Optional(Nullable(Uuid)),
    segmentIds: Type.Optional(Type.Array(Uuid, { uniqueItems: true })),
    callerId: Type.Optional(E164),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type CampaignUpdate = Static<typeof CampaignUpdate>;

export const CAMPAIGN_COMMANDS = ['start', 'pause', 'stop'] as const;
export const CampaignCommandBody = Type.Object({ command: StringEnum(CAMPAIGN_COMMANDS) }, { additionalProperties: false });
export type CampaignCommandBody = Static<typeof CampaignCommandBody>;

/** The agents who work a campaign: they see the debtors of its portfolio (all portfolios when it has none). */
export const CampaignAgents = Type.Object({ userIds: Type.Array(Uuid, { maxItems: 1000, uniqueItems: true }) }, { additionalProperties: false });
export type CampaignAgents = Static<typeof CampaignAgents>;

/** An active agent a supervisor can assign to a campaign, with the campaigns they already work. */
export const AgentChoice = Type.Object({
  id: Uuid,
  name: Type.String(),
  email: Type.String(),
  assigned: Type.Boolean(),
  /** Names of the other campaigns the agent is assigned to. */
  otherCampaigns: Type.Array(Type.String()),
});
export type AgentChoice = Static<typeof AgentChoice>;
export const AgentChoices = Type.Object({ items: Type.Array(AgentChoice) });
export type AgentChoices = Static<typeof AgentChoices>;
