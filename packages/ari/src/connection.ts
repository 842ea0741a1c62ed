import { EventEmitter } from 'node:events';
import ariClient, { type AriClientInstance } from 'ari-client';
import { AriError } from './errors.js';

export type HealthState = 'connecting' | 'connected' | 'disconnected' | 'closed';

export interface Health {
  state: HealthState;
  /** When the current state began. */
  since: Date;
  /** Successful reconnections since start. */
  reconnects: number;
  lastError?: string;
}

export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export interface ConnectionOptions {
  url: string;
  user: string;
  password: string;
  app: string;
  /** Give up the initial connection after this long (default 30 s). Afterwards reconnection never gives up. */
  connectTimeoutMs?: number;
  /** Backoff between attempts (defaults 250 ms doubling to 5 s). */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** WebSocket ping interval; a missing pong by the next ping means a dead connection (default 5 s). */
  heartbeatMs?: number;
  logger?: Logger;
}

interface ConnectionEvents {
  health: [Health];
  /** The event stream is back after an interruption: events were possibly lost, reconcile (list channels). */
  reconnected: [Health];
  disconnected: [Health];
  message: [Record<string, unknown>];
}

const silent: Logger = { info() {}, warn() {}, error() {} };

/**
 * Supervises the ARI event WebSocket (opened through ari-client): retries at start, reconnects forever
 * with backoff (ari-client alone gives up after ~43 s), re-registers the Stasis app (the app is registered
 * by the WebSocket itself), detects dead connections with ping/pong, and reports health.
 */
export class AriConnection extends EventEmitter<ConnectionEvents> {
  private client: AriClientInstance | undefined;
  private current: Health = { state: 'connecting', since: new Date(), reconnects: 0 };
  private everConnected = false;
  private closed = false;
  private loopRunning = false;
  private heartbeat: NodeJS.Timeout | undefined;
  private pingSentAt = 0;
  private pongAt = 0;
  private readonly log: Logger;

  constructor(private readonly opts: ConnectionOptions) {
    super();
    this.log = opts.logger ?? silent;
  }

  get health(): Health {
    return { ...this.current };
  }

  /** Connects, retrying until connectTimeoutMs; then supervises the connection until close(). */
  async start(): Promise<void> {
    const deadline = Date.now() + (this.opts.connectTimeoutMs ?? 30_000);
    let delay = this.opts.minBackoffMs ?? 250;
    for (;;) {
      try {
        await this.open();
        this.startHeartbeat();
        return;
      } catch (e) {
        this.current.lastError = errText(e);
        if (this.closed) throw new AriError('UNAVAILABLE', 'connect', 'connection closed while connecting');
        if (Date.now() + delay > deadline) {
          throw new AriError('UNAVAILABLE', 'connect', `ARI at ${this.opts.url} not ready: ${errText(e)}`, undefined, {
            cause: e,
          });
        }
        await sleep(delay);
        delay = Math.min(delay * 2, this.opts.maxBackoffMs ?? 5000);
      }
    }
  }

  close(): void {
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.dropClient();
    this.setState('closed');
  }

  private async open(): Promise<void> {
    const client = await quietly(() => ariClient.connect(this.opts.url, this.opts.user, this.opts.password));
    if (this.closed) return;
    client.on('*', (event: Record<string, unknown>) => {
      if (client === this.client) this.emit('message', event);
    });
    client.on('pong', () => {
      this.pongAt = Date.now();
    });
    client.on('WebSocketReconnecting', (err: unknown) => {
      if (client !== this.client) return;
      this.current.lastError = errText(err);
      this.setState('disconnected');
    });
    client.on('WebSocketConnected', () => {
      if (client !== this.client) return;
      this.markConnected();
    });
    client.on('WebSocketMaxRetries', (err: unknown) => {
      if (client !== this.client) return;
      this.log.warn(`ari: ari-client gave up reconnecting (${errText(err)}); supervisor takes over`);
      this.client = undefined;
      this.setState('disconnected');
      void this.reconnectLoop();
    });
    // An 'error' event without a listener would throw out of ari-client's internals.
    client.on('error', (err: unknown) => this.log.warn(`ari: client error ${errText(err)}`));
    this.client = client;
    await client.start(this.opts.app);
  }

  private markConnected(): void {
    if (this.current.state === 'connected') return;
    const wasReconnect = this.everConnected;
    this.everConnected = true;
    if (wasReconnect) this.current.reconnects += 1;
    this.pongAt = Date.now();
    this.pingSentAt = 0;
    this.setState('connected');
    if (wasReconnect) {
      this.log.info(`ari: reconnected (${this.current.reconnects})`);
      this.emit('reconnected', this.health);
    }
  }

  private async reconnectLoop(): Promise<void> {
    if (this.loopRunning) return;
    this.loopRunning = true;
    let delay = this.opts.minBackoffMs ?? 250;
    try {
      while (!this.closed && !this.client) {
        try {
          await this.open();
        } catch (e) {
          this.current.lastError = errText(e);
          this.dropClient();
          await sleep(delay);
          delay = Math.min(delay * 2, this.opts.maxBackoffMs ?? 5000);
        }
      }
    } finally {
      this.loopRunning = false;
    }
  }

  private startHeartbeat(): void {
    const every = this.opts.heartbeatMs ?? 5000;
    this.heartbeat = setInterval(() => {
      if (this.current.state !== 'connected' || !this.client) return;
      if (this.pingSentAt && this.pongAt < this.pingSentAt) {
        this.log.warn('ari: no pong from Asterisk; dropping the WebSocket to reconnect');
        // ari-client has no heartbeat: terminating its socket makes its own reconnect logic run.
        // Private field access is deliberate (the library exposes no other handle on the socket).
        const ws = (this.client as unknown as { _ws?: { terminate(): void } })._ws;
        ws?.terminate();
        this.setState('disconnected');
        return;
      }
      this.pingSentAt = Date.now();
      this.client.ping();
    }, every);
    this.heartbeat.unref();
  }

  private dropClient(): void {
    const c = this.client;
    this.client = undefined;
    if (!c) return;
    try {
      c.stop();
    } catch {
      // The socket may never have opened; nothing to stop.
    }
  }

  private setState(state: HealthState): void {
    if (this.current.state === state) return;
    this.current = { ...this.current, state, since: new Date() };
    if (state === 'disconnected') {
      this.log.warn(`ari: disconnected (${this.current.lastError ?? 'unknown'})`);
      this.emit('disconnected', this.health);
    }
    this.emit('health', this.health);
  }
}

/**
 * ari-client's swagger-client prints "This API is using a deprecated version of Swagger!" with console.log
 * on every connect; drop that one line (everything else still prints) so reconnects do not flood the logs.
 */
async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const original = console.log;
  console.log = (...args: unknown[]) => {
    if (args.length === 1 && String(args[0]).includes('deprecated version of Swagger')) return;
    original(...args);
  };
  try {
    return await fn();
  } finally {
    console.log = original;
  }
}

function errText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return e === undefined ? 'unknown' : String(e);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
