// Failed-identification counters in Redis: a fixed window per key (caller number, id), shared by every IVR
// process and surviving the call, so hanging up and calling again does not buy new tries.
import type { Redis } from 'ioredis';
import type { AttemptLimiter } from './identity.js';

export interface LimiterPolicy {
  /** Failures per caller number in the window before it is refused. */
  perCaller: number;
  /** Failures per id in the window (from any number) before it is refused. */
  perDocument: number;
  windowSeconds: number;
}

export const DEFAULT_LIMITER_POLICY: LimiterPolicy = { perCaller: 6, perDocument: 5, windowSeconds: 3600 };

export class RedisAttemptLimiter implements AttemptLimiter {
  constructor(private readonly redis: Redis, private readonly prefix: string, private readonly policy: LimiterPolicy = DEFAULT_LIMITER_POLICY) {}

  private limit(key: string): number {
    return key.startsWith('doc:') ? this.policy.perDocument : this.policy.perCaller;
  }

  async blockedFor(key: string): Promise<number> {
    const k = `${this.prefix}ivr:idfail:${key}`;
    const [count, ttl] = await Promise.all([this.redis.get(k), this.redis.ttl(k)]);
    if (Number(count ?? 0) < this.limit(key)) return 0;
    return ttl > 0 ? ttl : this.policy.windowSeconds;
  }

  async fail(key: string): Promise<number> {
    const k = `${this.prefix}ivr:idfail:${key}`;
    const n = await this.redis.incr(k);
    if (n === 1) await this.redis.expire(k, this.policy.windowSeconds);
    return n;
  }
}

/** In-process counters with the same rules, for flow unit tests only. */
export class MemoryAttemptLimiter implements AttemptLimiter {
  readonly counts = new Map<string, number>();
  constructor(private readonly policy: LimiterPolicy = DEFAULT_LIMITER_POLICY) {}
  async blockedFor(key: string): Promise<number> {
    const limit = key.startsWith('doc:') ? this.policy.perDocument : this.policy.perCaller;
    return (this.counts.get(key) ?? 0) >= limit ? this.policy.windowSeconds : 0;
  }
  async fail(key: string): Promise<number> {
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    return n;
  }
}
