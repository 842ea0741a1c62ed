// An agent's shift as the server knows it: what a console that was refreshed (F5) or logged in again
// shows before any live event arrives.
import { type Static, Type } from '@sinclair/typebox';
import { AGENT_STATES, PAUSE_REASONS } from '../enums.js';
import { IsoDateTime, Nullable, StringEnum, Uuid } from './common.js';

export const AgentStatusDto = Type.Object({
  agentId: Uuid,
  name: Type.String(),
  state: StringEnum(AGENT_STATES),
  since: IsoDateTime,
  campaignId: Nullable(Uuid),
  pauseReason: Nullable(StringEnum(PAUSE_REASONS)),
  callId: Nullable(Type.String()),
});

/** The call the agent must still see: in progress, or ended and waiting for its disposition (the next call waits for it). */
export const ShiftCall = Type.Object({
  callId: Type.String(),
  debtorId: Uuid,
  campaignId: Nullable(Uuid),
  e164Masked: Type.String(),
  /** When the debtor was put through to the agent. */
  at: IsoDateTime,
  /** null while the call is in progress. Either way its disposition is still to be saved. */
  endedAt: Nullable(IsoDateTime),
});
export type ShiftCall = Static<typeof ShiftCall>;

export const AgentShift = Type.Object({
  /** null: the dialer has not reported this agent (not logged in on a softphone, or offline). */
  status: Nullable(AgentStatusDto),
  call: Nullable(ShiftCall),
});
export type AgentShift = Static<typeof AgentShift>;

/** Why a command was refused, for people: the console shows the text in the user's language. */
export const DISPOSITION_PENDING = 'DISPOSITION_PENDING';
