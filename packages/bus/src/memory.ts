import type { BusEvents, BusTopic } from '@cobranza/contracts';
import { type Bus, type BusHandler, type BusOptions, type Unsubscribe, defaultHandlerError, deliver } from './bus.js';

/**
 * The bus inside one process, for `npm start` without REDIS_URL and for unit tests.
 * Messages go through JSON like on Redis, so a subscriber never shares (or mutates) the publisher's
 * object and a message that would not survive Redis fails here too. Delivery is asynchronous.
 */
export class InProcessBus implements Bus {
  readonly kind = 'in-process' as const;
  private readonly handlers = new Map<BusTopic, Set<BusHandler<BusTopic>>>();
  private closed = false;
  private readonly onError: (topic: BusTopic, error: unknown) => void;

  constructor(opts: BusOptions = {}) {
    this.onError = opts.onHandlerError ?? defaultHandlerError;
  }

  async publish<T extends BusTopic>(topic: T, msg: BusEvents[T]): Promise<void> {
    if (this.closed) throw new Error('bus closed');
    const payload = JSON.stringify(msg);
    const set = this.handlers.get(topic);
    if (!set || set.size === 0) return;
    for (const h of [...set]) {
      setImmediate(() => deliver(topic, h as BusHandler<T>, JSON.parse(payload) as BusEvents[T], this.onError));
    }
  }

  async subscribe<T extends BusTopic>(topic: T, handler: BusHandler<T>): Promise<Unsubscribe> {
    if (this.closed) throw new Error('bus closed');
    let set = this.handlers.get(topic);
    if (!set) this.handlers.set(topic, (set = new Set()));
    // a handler registered twice gets two subscriptions: wrap it so each unsubscribe removes one
    const entry: BusHandler<BusTopic> = (m) => handler(m as BusEvents[T]);
    set.add(entry);
    return async () => {
      set.delete(entry);
    };
  }

  async ping(): Promise<number> {
    if (this.closed) throw new Error('bus closed');
    return 0;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.handlers.clear();
  }
}
