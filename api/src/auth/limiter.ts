// Counts failed logins per key (email + client address) in a fixed window.
import type { Redis } from 'ioredis';

export interface AttemptLimiter {
  /** Current failures and seconds until the window resets. */
  peek(key: string): Promise<{ count: number; resetInSeconds: number }>;
  fail(key: string): Promise<number>;
  reset(key: string): Promise<void>;
}

export class MemoryAttemptLimiter implements AttemptLimiter {
  private readonly entries = new Map<string, { count: number; until: number }>();
  constructor(private readonly windowSeconds: number) {}

  private live(key: string) {
    const e = this.entries.get(key);
    if (e && e.until <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  async peek(key: string) {
    const e = this.live(key);
    return { count: e?.count ?? 0, resetInSeconds: e ? Math.ceil((e.until - Date.now()) / 1000) : 0 };
  }

  async fail(key: string) {
    const e = this.live(key) ?? { count: 0, until: Date.now() + this.windowSeconds * 1000 };
    e.count += 1;
    this.entries.set(key, e);
    return e.count;
  }

  async reset(key: string) {
    this.entries.delete(key);
  }
}

export class RedisAttemptLimiter implements AttemptLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly windowSeconds: number,
  ) {}

  private k(key: string) {
    return `${this.prefix}login-failures:${key}`;
  }

  async peek(key: string) {
    const [[, count], [, ttl]] = (await this.redis.multi().get(this.k(key)).ttl(this.k(key)).exec()) as [[unknown, string | null], [unknown, number]];
    return { count: Number(count ?? 0), resetInSeconds: Math.max(0, ttl) };
  }

  async fail(key: string) {
    // NX: the window starts at the first failure and is not extended by later ones
    const res = (await this.redis.multi().incr(this.k(key)).expire(this.k(key), this.windowSeconds, 'NX').exec()) as [[unknown, number], unknown];
    return res[0][1];
  }

  async reset(key: string) {
    await this.redis.del(this.k(key));
  }
}
