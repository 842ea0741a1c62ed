// Validation of what the console sends over Socket.IO (the shapes are in ../live.ts ClientToServerEvents).
import { Type } from '@sinclair/typebox';
import { PAUSE_REASONS } from '../enums.js';
import { CAMPAIGN_COMMANDS, PacingSettingsPatch } from './campaigns.js';
import { StringEnum, Uuid } from './common.js';

export const AgentCommandInput = Type.Object(
  {
    command: StringEnum(['ready', 'pause', 'logout', 'hangup', 'dial', 'skip', 'wrapup_done', 'transfer'] as const),
    campaignId: Type.Optional(Uuid),
    pauseReason: Type.Optional(StringEnum(PAUSE_REASONS)),
    phoneId: Type.Optional(Uuid),
    debtorId: Type.Optional(Uuid),
    reason: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const CampaignCommandInput = Type.Object(
  {
    campaignId: Uuid,
    command: StringEnum([...CAMPAIGN_COMMANDS, 'settings'] as const),
    settings: Type.Optional(PacingSettingsPatch),
  },
  { additionalProperties: false },
);

export const SupervisorCommandInput = Type.Object(
  { agentId: Uuid, command: StringEnum(['listen', 'whisper', 'barge', 'stop'] as const) },
  { additionalProperties: false },
);
