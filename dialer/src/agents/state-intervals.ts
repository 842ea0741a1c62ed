// The record of what each agent did and for how long (agent_state_intervals), the source of the reports'
// talk, wrap, idle and pause time. One row is written when an agent leaves a state, with the instants the
// registry stamped, so it follows the dialer's clock. An interval still open when the dialer stops is not
// written: a crash loses at most the state the agent was in.
import type { AgentStatus } from '@cobranza/contracts';
import type { Db } from '@cobranza/db';

interface Open {
  state: AgentStatus['state'];
  since: Date;
  campaignId: string | null;
  pauseReason: string | null;
}

export class AgentStateIntervals {
  private readonly open = new Map<string, Open>();

  constructor(private readonly db: Db) {}

  /** Called on every state change the registry reports; resolves once the closed interval is written. */
  async changed(status: AgentStatus): Promise<void> {
    const before = this.open.get(status.agentId);
    const since = new Date(status.since);
    if (status.state === 'offline') this.open.delete(status.agentId);
    else this.open.set(status.agentId, { state: status.state, since, campaignId: status.campaignId, pauseReason: status.pauseReason });
    if (!before || before.state === 'offline' || since.getTime() < before.since.getTime()) return;
    await this.db
      .insertInto('agent_state_intervals')
      .values({
        agent_id: status.agentId,
        state: before.state,
        campaign_id: before.campaignId,
        pause_reason: before.state === 'paused' ? before.pauseReason : null,
        started_at: before.since,
        ended_at: since,
      })
      .execute();
  }
}
