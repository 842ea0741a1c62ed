// Counts login attempts per key (an account, a client address) in a fixed window. An attempt is taken
// *before* the password is checked, in one atomic step, so parallel requests cannot all see "under the
// limit" and all reach the check: of N concurrent attempts at most `max` get through.
import type { Redis } from 'ioredis';

export interface AttemptCount {
  /** Attempts in the window, this one included. */
  count: number;
  /** Seconds until the window resets. */
  resetInSeconds: number;
}

export interface AttemptLimiter {
  /** Takes one attempt (atomically): the caller compares `count` with its limit. */
  take(key: string): Promise<AttemptCount>;
  /** Gives one attempt back (a login that succeeded must not use up its address's allowance). */
  release(key: string): Promise<void>;
  /** Forgets the key (the account's failures after a successful login). */
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

  // no await inside: read and increment happen in one turn of the event loop
  async take(key: string) {
    if (this.entries.size >= MEMORY_SWEEP_AT) this.sweep();
    const e = this.live(key) ?? { count: 0, until: Date.now() + this.windowSeconds * 1000 };
    e.count += 1;
    this.entries.set(key, e);
    return { count: e.count, resetInSeconds: Math.max(1, Math.ceil((e.until - Date.now()) / 1000)) };
  }

  async release(key: string) {
    const e = this.live(key);
    if (e && e.count > 0) e.count -= 1;
  }

  async reset(key: string) {
    this.entries.delete(key);
  }

  /** Forgets windows that ended: guesses from many addresses must not grow the map without end. */
  private sweep() {
    const now = Date.now();
    for (const [k, e] of this.entries) if (e.until <= now) this.entries.delete(k);
  }
}

const MEMORY_SWEEP_AT = 10_000;

// INCR and the first EXPIRE in one script: the window starts at the first attempt and later ones do not extend it
const TAKE = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('TTL', KEYS[1])
if ttl < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}`;
const RELEASE = `local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n > 0 then redis.call('DECR', KEYS[1]) end
return 0`;

export class RedisAttemptLimiter implements AttemptLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly windowSeconds: number,
  ) {}

  private k(key: string) {
    return `${this.prefix}login-attempts:${key}`;
  }

  async take(key: string) {
    const [count, ttl] = (await this.redis.eval(TAKE, 1, this.k(key), String(this.windowSeconds))) as [number, number];
    return { count, resetInSeconds: Math.max(1, ttl) };
  }

  async release(key: string) {
    await this.redis.eval(RELEASE, 1, this.k(key));
  }

  async reset(key: string) {
    await this.redis.del(this.k(key));
  }
}
