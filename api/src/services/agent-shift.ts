// What the server knows of an agent's shift: the last status the dialer reported and the call the agent
// must still see. A refreshed or re-logged console rebuilds itself from this, and the next call waits
// for the disposition of that call (the socket refuses ready and wrapup_done while it is pending).
import type { AgentStatus } from '@cobranza/contracts';
import type { AgentShift, ShiftCall } from '@cobranza/contracts/api';
import type { Db } from '@cobranza/db';
import { ApiError } from '../errors.js';
import { maskPhone } from '../lib/values.js';
import type { LiveStateStore } from '../realtime/live-state.js';

/** A bridged call older than this is history, not the call on screen (a shift is shorter). */
const ON_SCREEN_HOURS = 12;

/**
 * The agent's latest call put through to them, when it has no disposition yet: in progress, or ended
 * and waiting for the agent's wrap-up. A call disposed of, or none in the last hours, gives null.
 */
export async function callOnScreen(db: Db, agentId: string, now: Date = new Date()): Promise<ShiftCall | null> {
  const row = await db
    .selectFrom('call_attempts as ca')
    .leftJoin('dispositions as d', 'd.call_attempt_id', 'ca.id')
    .select(['ca.id', 'ca.debtor_id', 'ca.campaign_id', 'ca.e164', 'ca.bridged_at', 'ca.ended_at', 'd.id as disposition_id'])
    .where('ca.agent_id', '=', agentId)
    .where('ca.bridged_at', 'is not', null)
    .where('ca.debtor_id', 'is not', null)
    .where('ca.bridged_at', '>', new Date(now.getTime() - ON_SCREEN_HOURS * 3_600_000))
    .orderBy('ca.bridged_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row || row.disposition_id || !row.debtor_id || !row.bridged_at) return null;
  return {
    callId: row.id,
    debtorId: row.debtor_id,
    campaignId: row.campaign_id,
    e164Masked: maskPhone(row.e164),
    at: row.bridged_at.toISOString(),
    endedAt: row.ended_at ? row.ended_at.toISOString() : null,
  };
}

export async function agentShift(db: Db, live: LiveStateStore | undefined, agentId: string): Promise<AgentShift> {
  const [statuses, call] = await Promise.all([live ? live.agents() : Promise.resolve([] as AgentStatus[]), callOnScreen(db, agentId)]);
  return { status: statuses.find((s) => s.agentId === agentId) ?? null, call };
}

/** Refuses the next call while the last one waits for its disposition: the rule holds whatever the console does. */
export async function assertNoDispositionPending(db: Db, agentId: string): Promise<void> {
  const call = await callOnScreen(db, agentId);
  if (!call) return;
  throw new ApiError(409, 'DISPOSITION_PENDING', `the call ${call.callId} needs its disposition before the next call`, {
    i18n: {
      es: 'Guarde la gestión de la llamada anterior antes de recibir otra.',
      en: 'Save the outcome of the previous call before taking another.',
    },
  });
}
