import { type Bus, type BusOptions } from './bus.js';
import { InProcessBus } from './memory.js';
import { RedisBus } from './redis.js';

export * from './bus.js';
export { InProcessBus } from './memory.js';
export { RedisBus, type RedisBusOptions } from './redis.js';

/** Redis pub/sub when a URL is given (REDIS_URL), otherwise the in-process bus. */
export function createBus(opts: BusOptions & { redisUrl?: string | undefined; prefix?: string } = {}): Bus {
  return opts.redisUrl ? new RedisBus({ ...opts, url: opts.redisUrl }) : new InProcessBus(opts);
}
