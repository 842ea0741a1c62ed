import type { BusEvents, BusTopic } from '@cobranza/contracts';
import { Redis } from 'ioredis';
import { type Bus, type BusHandler, type BusOptions, type Unsubscribe, defaultHandlerError, deliver } from './bus.js';

export interface RedisBusOptions extends BusOptions {
  url: string;
  /** Prepended to every channel name: isolates deployments (and parallel test runs) on one Redis. */
  prefix?: string;
}

/** The bus over Redis pub/sub: one connection publishes, a second one (in subscriber mode) listens. */
export class RedisBus implements Bus {
  readonly kind = 'redis' as const;
  readonly prefix: string;
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly handlers = new Map<string, Set<BusHandler<BusTopic>>>();
  /** SUBSCRIBE / UNSUBSCRIBE in flight per channel, so they never interleave out of order. */
  private readonly pending = new Map<string, Promise<unknown>>();
  private readonly onError: (topic: BusTopic, error: unknown) => void;

  constructor(opts: RedisBusOptions) {
    this.prefix = opts.prefix ?? 'cobranza:';
    this.onError = opts.onHandlerError ?? defaultHandlerError;
    this.pub = new Redis(opts.url, { maxRetriesPerRequest: 2, connectionName: 'cobranza-bus-pub' });
    this.sub = new Redis(opts.url, { connectionName: 'cobranza-bus-sub' });
    // ioredis re-subscribes by itself after a reconnect; errors are reported by ping() / health
    this.pub.on('error', () => {});
    this.sub.on('error', () => {});
    this.sub.on('message', (channel: string, payload: string) => this.dispatch(channel, payload));
  }

  private channel(topic: BusTopic): string {
    return this.prefix + topic;
  }

  private dispatch(channel: string, payload: string): void {
    const set = this.handlers.get(channel);
    if (!set || set.size === 0) return;
    const topic = channel.slice(this.prefix.length) as BusTopic;
    let msg: unknown;
    try {
      msg = JSON.parse(payload);
    } catch (e) {
      this.onError(topic, new Error(`unparseable message on ${channel}: ${(e as Error).message}`));
      return;
    }
    for (const h of [...set]) deliver(topic, h, msg as BusEvents[BusTopic], this.onError);
  }

  private serial(channel: string, op: () => Promise<unknown>): Promise<unknown> {
    const prev = this.pending.get(channel) ?? Promise.resolve();
    const next = prev.catch(() => {}).then(op);
    this.pending.set(channel, next);
    return next;
  }

  async publish<T extends BusTopic>(topic: T, msg: BusEvents[T]): Promise<void> {
    await this.pub.publish(this.channel(topic), JSON.stringify(msg));
  }

  async subscribe<T extends BusTopic>(topic: T, handler: BusHandler<T>): Promise<Unsubscribe> {
    const ch = this.channel(topic);
    let set = this.handlers.get(ch);
    if (!set) this.handlers.set(ch, (set = new Set()));
    const entry: BusHandler<BusTopic> = (m) => handler(m as BusEvents[T]);
    const first = set.size === 0;
    set.add(entry);
    if (first) await this.serial(ch, () => this.sub.subscribe(ch));
    else await this.pending.get(ch);
    let done = false;
    return async () => {
      if (done) return;
      done = true;
      set.delete(entry);
      if (set.size === 0) await this.serial(ch, () => (set.size === 0 ? this.sub.unsubscribe(ch) : Promise.resolve()));
    };
  }

  async ping(): Promise<number> {
    const t0 = performance.now();
    await this.pub.ping();
    return performance.now() - t0;
  }

  async close(): Promise<void> {
    this.handlers.clear();
    await Promise.allSettled([this.pub.quit(), this.sub.quit()]);
  }
}
