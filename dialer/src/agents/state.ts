// An agent's state as pure transitions. The registry (agents/registry.ts) keeps one of these per
// logged-in agent together with the agent's permanent channel and bridge.
import type { AgentState, PauseReason } from '@cobranza/contracts';

export interface AgentRecord {
  agentId: string;
  name: string;
  state: AgentState;
  /** Epoch ms the current state began. */
  since: number;
  campaignId: string | null;
  pauseReason: PauseReason | null;
  callId: string | null;
  /** A pause asked for while busy takes effect when the call and wrap-up end. */
  pendingPause: PauseReason | null;
  pendingLogout: boolean;
}

export type AgentEvent =
  | { type: 'login'; name: string }
  | { type: 'ready'; campaignId: string | null }
  | { type: 'pause'; reason: PauseReason }
  | { type: 'logout' }
  /** Held for a call: preview (the agent sees the debtor first) or a person about to be bridged. */
  | { type: 'reserve'; callId: string }
  | { type: 'unreserve' }
  | { type: 'talk'; callId: string }
  | { type: 'call_ended' }
  | { type: 'wrapup_done' }
  /** A pause (or none: null) that waits for the call and wrap-up to end; no-op for an agent not at work. */
  | { type: 'pause_after_work'; reason: PauseReason | null }
  | { type: 'channel_gone' };

export class AgentTransitionError extends Error {
  readonly code = 'AGENT_BAD_TRANSITION';
  constructor(
    readonly agentId: string,
    readonly from: AgentState,
    readonly event: AgentEvent['type'],
  ) {
    super(`agent ${agentId}: cannot ${event} while ${from}`);
  }
}

export function offlineAgent(agentId: string, now: number): AgentRecord {
  return {
    agentId,
    name: agentId,
    state: 'offline',
    since: now,
    campaignId: null,
    pauseReason: null,
    callId: null,
    pendingPause: null,
    pendingLogout: false,
  };
}

function to(a: AgentRecord, state: AgentState, now: number, patch: Partial<AgentRecord> = {}): AgentRecord {
  return { ...a, ...patch, state, since: state === a.state && !('callId' in patch) ? a.since : now };
}

/** After a call (and wrap-up), where an agent goes: a pending logout or pause wins over ready. */
function afterWork(a: AgentRecord, now: number): AgentRecord {
  if (a.pendingLogout) return to(a, 'offline', now, { callId: null, pendingLogout: false, pendingPause: null, campaignId: null });
  if (a.pendingPause) return to(a, 'paused', now, { callId: null, pauseReason: a.pendingPause, pendingPause: null });
  return to(a, 'ready', now, { callId: null, pauseReason: null });
}

export function agentTransition(a: AgentRecord, e: AgentEvent, now: number): AgentRecord {
  const fail = (): never => {
    throw new AgentTransitionError(a.agentId, a.state, e.type);
  };
  switch (e.type) {
    case 'login':
      // logged in means paused until the agent says ready; a second login (softphone reconnect)
      // keeps whatever the agent was doing
      if (a.state !== 'offline') return { ...a, name: e.name };
      return to(a, 'paused', now, { name: e.name, pauseReason: null, callId: null });
    case 'ready':
      if (a.state === 'offline' || a.state === 'talking' || a.state === 'reserved') return fail();
      if (a.state === 'ready') return { ...a, campaignId: e.campaignId ?? a.campaignId };
      return to(a, 'ready', now, { campaignId: e.campaignId ?? a.campaignId, pauseReason: null, callId: null, pendingPause: null });
    case 'pause':
      if (a.state === 'offline') return fail();
      if (a.state === 'talking' || a.state === 'wrapping' || a.state === 'reserved') {
        if (a.state === 'wrapping') return to(a, 'paused', now, { pauseReason: e.reason, callId: null });
        return { ...a, pendingPause: e.reason };
      }
      return to(a, 'paused', now, { pauseReason: e.reason });
    case 'logout':
      if (a.state === 'talking' || a.state === 'reserved') return { ...a, pendingLogout: true };
      return to(a, 'offline', now, { callId: null, campaignId: null, pauseReason: null, pendingPause: null, pendingLogout: false });
    case 'reserve':
      if (a.state !== 'ready') return fail();
      return to(a, 'reserved', now, { callId: e.callId });
    case 'unreserve':
      if (a.state !== 'reserved') return a;
      return afterWork(a, now);
    case 'talk':
      if (a.state !== 'ready' && a.state !== 'reserved') return fail();
      return to(a, 'talking', now, { callId: e.callId });
    case 'call_ended':
      if (a.state !== 'talking') return a;
      return to(a, 'wrapping', now, {});
    case 'wrapup_done':
      if (a.state !== 'wrapping') return a;
      return afterWork(a, now);
    case 'pause_after_work':
      if (a.state !== 'talking' && a.state !== 'wrapping' && a.state !== 'reserved') return a;
      return { ...a, pendingPause: e.reason };
    case 'channel_gone':
      return to(a, 'offline', now, { callId: null, campaignId: null, pendingPause: null, pendingLogout: false });
  }
}

/**
 * The agent a person should go to: ready for this campaign (or for any campaign when the agent
 * picked none), idle the longest. Ties break on agent id so the choice is deterministic.
 */
export function pickAgent(agents: Iterable<AgentRecord>, campaignId: string | null): AgentRecord | null {
  let best: AgentRecord | null = null;
  for (const a of agents) {
    if (a.state !== 'ready') continue;
    if (a.campaignId !== null && campaignId !== null && a.campaignId !== campaignId) continue;
    if (!best || a.since < best.since || (a.since === best.since && a.agentId < best.agentId)) best = a;
  }
  return best;
}
