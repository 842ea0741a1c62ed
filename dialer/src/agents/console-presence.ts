// An agent whose console went away (tab closed, live connection lost) gets no more calls at once, and
// is logged out after a grace period unless the console comes back; a console back in time finds the
// agent as before (ready again if it was the absence that paused them). A call in progress stays on
// the agent's channel: the pause and the logout wait for it, as they do when the agent asks for them.
import type { PauseReason } from '@cobranza/contracts';
import type { Clock, TimerHandle } from '../clock.js';
import type { AgentRecord } from './state.js';

/** Default grace period before an agent without a console is logged out (AGENT_CONSOLE_GRACE_SECONDS). */
export const CONSOLE_GRACE_SECONDS = 60;
export const CONSOLE_LOST: PauseReason = 'console_lost';

export interface ConsolePresenceOptions {
  clock: Clock;
  graceMs: number;
  /** The agent's record on this dialer, if logged in here. */
  record(agentId: string): AgentRecord | undefined;
  /** The same paths as the agent's own commands (preview withdrawn, channel hung up at logout). */
  command(agentId: string, command: 'pause' | 'ready' | 'logout', extra?: { pauseReason?: PauseReason; campaignId?: string }): Promise<void>;
  /** Sets (or with null withdraws) a pause that waits for the agent's call and wrap-up to end. */
  pauseAfterWork(agentId: string, reason: PauseReason | null): void;
  log(msg: string, extra?: Record<string, unknown>): void;
}

export class ConsolePresence {
  private readonly grace = new Map<string, TimerHandle>();
  /** Agents the absence paused while ready, with the campaign they were ready for. */
  private readonly resumeTo = new Map<string, string | null>();

  constructor(private readonly o: ConsolePresenceOptions) {}

  async onConsole(agentId: string, connected: boolean): Promise<void> {
    return connected ? this.back(agentId) : this.gone(agentId);
  }

  private async gone(agentId: string): Promise<void> {
    const rec = this.o.record(agentId);
    if (!rec || rec.state === 'offline') return;
    if (rec.state === 'ready') this.resumeTo.set(agentId, rec.campaignId);
    // at work (a call, its wrap-up): no call is offered meanwhile, and the disposition still comes first, so
    // the pause waits for the work to end (a reload in wrap-up must find the agent still in wrap-up)
    if (rec.state === 'talking' || rec.state === 'wrapping') this.o.pauseAfterWork(agentId, rec.pendingPause ?? CONSOLE_LOST);
    // paused already: stays paused, with its own reason
    else if (rec.state !== 'paused') await this.o.command(agentId, 'pause', { pauseReason: CONSOLE_LOST });
    this.grace.get(agentId)?.cancel();
    this.grace.set(
      agentId,
      this.o.clock.setTimeout(() => {
        this.grace.delete(agentId);
        this.resumeTo.delete(agentId);
        this.o.log('console gone past the grace period: agent logged out', { agentId, graceSeconds: this.o.graceMs / 1000 });
        void this.o.command(agentId, 'logout');
      }, this.o.graceMs),
    );
    this.o.log('console gone: no calls for this agent', { agentId, state: rec.state });
  }

  private async back(agentId: string): Promise<void> {
    this.grace.get(agentId)?.cancel();
    this.grace.delete(agentId);
    const campaignId = this.resumeTo.get(agentId);
    this.resumeTo.delete(agentId);
    const rec = this.o.record(agentId);
    // back during a call or its wrap-up (F5): the pause the absence asked for is withdrawn, the agent's own stays
    if (rec?.pendingPause === CONSOLE_LOST) this.o.pauseAfterWork(agentId, null);
    if (campaignId === undefined || rec?.state !== 'paused' || rec.pauseReason !== CONSOLE_LOST) return;
    await this.o.command(agentId, 'ready', campaignId ? { campaignId } : {});
  }

  stop(): void {
    for (const t of this.grace.values()) t.cancel();
    this.grace.clear();
  }
}
