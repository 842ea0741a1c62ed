import type { BusEvents, BusTopic } from '@cobranza/contracts';

export type BusHandler<T extends BusTopic> = (msg: BusEvents[T]) => void | Promise<void>;

/** Stops one subscription. Idempotent. */
export type Unsubscribe = () => Promise<void>;

/**
 * Typed publish/subscribe between the processes of the platform (dialer, IVR, API).
 * Delivery is at-most-once and fire-and-forget, like Redis pub/sub: a process that is not
 * subscribed when a message is published never sees it. State that must survive lives in Postgres.
 */
export interface Bus {
  readonly kind: 'redis' | 'in-process';
  publish<T extends BusTopic>(topic: T, msg: BusEvents[T]): Promise<void>;
  /**
   * Resolves once the subscription is active: every message published after that is delivered
   * (so attach the listener first, then trigger the action that produces the message).
   */
  subscribe<T extends BusTopic>(topic: T, handler: BusHandler<T>): Promise<Unsubscribe>;
  /** Round trip to the transport in milliseconds; rejects when it is down. */
  ping(): Promise<number>;
  close(): Promise<void>;
}

export interface BusOptions {
  /** Called when a handler throws; one failing handler never stops the others. */
  onHandlerError?: (topic: BusTopic, error: unknown) => void;
}

export const defaultHandlerError = (topic: BusTopic, error: unknown): void => {
  console.error(`[bus] handler for ${topic} failed:`, error);
};

/** Runs a handler and routes a throw or a rejection to onError, never to the caller. */
export function deliver<T extends BusTopic>(
  topic: T,
  handler: BusHandler<T>,
  msg: BusEvents[T],
  onError: (topic: BusTopic, error: unknown) => void,
): void {
  try {
    const r = handler(msg);
    if (r && typeof (r as Promise<void>).catch === 'function') (r as Promise<void>).catch((e) => onError(topic, e));
  } catch (e) {
    onError(topic, e);
  }
}
