// The last known state the wallboard opens with: each agent's status and each campaign's figures. Every API
// instance writes what it hears on the bus, so an instance started after an agent went ready (or one that
// missed the event) still answers wallboard:subscribe with everyone.
import type { AgentStatus, CampaignLiveStats } from '@cobranza/contracts';
import type { Redis } from 'ioredis';

export interface LiveStateStore {
  readonly kind: 'redis' | 'in-process';
  /** Records an agent's status; `offline` removes the agent. */
  putAgent(s: AgentStatus): Promise<void>;
  agents(): Promise<AgentStatus[]>;
  putCampaign(s: CampaignLiveStats): Promise<void>;
  campaigns(): Promise<CampaignLiveStats[]>;
}

/** One process only (no REDIS_URL): what this process heard is everything there is. */
export class MemoryLiveState implements LiveStateStore {
  readonly kind = 'in-process' as const;
  private readonly agentMap = new Map<string, AgentStatus>();
  private readonly campaignMap = new Map<string, CampaignLiveStats>();

  async putAgent(s: AgentStatus): Promise<void> {
    if (s.state === 'offline') this.agentMap.delete(s.agentId);
    else this.agentMap.set(s.agentId, s);
  }
  async agents(): Promise<AgentStatus[]> {
    return [...this.agentMap.values()];
  }
  async putCampaign(s: CampaignLiveStats): Promise<void> {
    this.campaignMap.set(s.campaignId, s);
  }
  async campaigns(): Promise<CampaignLiveStats[]> {
    return [...this.campaignMap.values()];
  }
}

/** Two hashes under the deployment's prefix: wallboard:agents (agentId → status), wallboard:campaigns. */
export class RedisLiveState implements LiveStateStore {
  readonly kind = 'redis' as const;
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private get agentsKey() {
    return `${this.prefix}wallboard:agents`;
  }
  private get campaignsKey() {
    return `${this.prefix}wallboard:campaigns`;
  }

  async putAgent(s: AgentStatus): Promise<void> {
    // every instance writes the same event; a write of an older status only lands before the newer one
    if (s.state === 'offline') await this.redis.hdel(this.agentsKey, s.agentId);
    else await this.redis.hset(this.agentsKey, s.agentId, JSON.stringify(s));
  }
  async agents(): Promise<AgentStatus[]> {
    return parseAll<AgentStatus>(await this.redis.hvals(this.agentsKey));
  }
  async putCampaign(s: CampaignLiveStats): Promise<void> {
    await this.redis.hset(this.campaignsKey, s.campaignId, JSON.stringify(s));
  }
  async campaigns(): Promise<CampaignLiveStats[]> {
    return parseAll<CampaignLiveStats>(await this.redis.hvals(this.campaignsKey));
  }
}

function parseAll<T>(values: string[]): T[] {
  const out: T[] = [];
  for (const v of values) {
    try {
      out.push(JSON.parse(v) as T);
    } catch {
      // a corrupt entry must not blank the whole wallboard
    }
  }
  return out;
}
