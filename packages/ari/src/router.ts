import { routingKeys, type AriEvent } from './events.js';

export type EventHandler = (event: AriEvent) => void;

/**
 * Routes every application event to the handlers subscribed to the ids it mentions (channel, bridge,
 * playback, recording). One listener on the connection, a map here: nothing is ever attached to
 * per-channel objects (ari-client never removes those), and subscriptions for a destroyed channel or
 * bridge are dropped after its last event so long campaigns do not leak.
 */
export class EventRouter {
  private readonly byId = new Map<string, Set<EventHandler>>();
  private readonly all = new Set<EventHandler>();
  private readonly unrouted = new Set<EventHandler>();

  constructor(private readonly onHandlerError: (err: unknown, event: AriEvent) => void = () => {}) {}

  /** Calls `handler` for every event about `id` (a channel id, bridge id, playback id or recording name). */
  subscribe(id: string, handler: EventHandler): () => void {
    let set = this.byId.get(id);
    if (!set) this.byId.set(id, (set = new Set()));
    set.add(handler);
    return () => this.unsubscribe(id, handler);
  }

  /** Removes one handler, or all handlers of `id` when none is given. */
  unsubscribe(id: string, handler?: EventHandler): void {
    if (!handler) {
      this.byId.delete(id);
      return;
    }
    const set = this.byId.get(id);
    if (!set) return;
    set.delete(handler);
    if (set.size === 0) this.byId.delete(id);
  }

  /** Every event, before the id subscribers (logging, metrics). */
  onEvent(handler: EventHandler): () => void {
    this.all.add(handler);
    return () => this.all.delete(handler);
  }

  /**
   * Events nobody subscribed to: typically StasisStart of channels the process did not create (an agent's
   * softphone logging in, an inbound call, a snoop channel). Subscribe inside the handler to follow them.
   */
  onUnrouted(handler: EventHandler): () => void {
    this.unrouted.add(handler);
    return () => this.unrouted.delete(handler);
  }

  /** Number of ids with subscribers (leak checks). */
  get subscriptionCount(): number {
    return this.byId.size;
  }

  dispatch(event: AriEvent): void {
    for (const h of this.all) this.call(h, event);
    const keys = routingKeys(event);
    const handlers = new Set<EventHandler>();
    for (const k of keys) for (const h of this.byId.get(k) ?? []) handlers.add(h);
    if (handlers.size === 0) {
      for (const h of this.unrouted) this.call(h, event);
    } else {
      for (const h of handlers) this.call(h, event);
    }
    // The object is gone for good: its id will never be seen again.
    switch (event.type) {
      case 'ChannelDestroyed':
        this.byId.delete(event.channel.id);
        break;
      case 'BridgeDestroyed':
        this.byId.delete(event.bridge.id);
        break;
      case 'PlaybackFinished':
        this.byId.delete(event.playback.id);
        break;
      case 'RecordingFinished':
      case 'RecordingFailed':
        this.byId.delete(event.recording.name);
        break;
      default:
        break;
    }
  }

  private call(h: EventHandler, event: AriEvent): void {
    try {
      h(event);
    } catch (err) {
      this.onHandlerError(err, event);
    }
  }
}
