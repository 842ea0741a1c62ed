// Login sessions. The client holds a random 256-bit token (cookie or bearer); the store only ever sees
// HMAC(secret, token), so a dump of Redis does not hand out working sessions.
import { createHmac, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface Session {
  userId: string;
  createdAt: string;
  expiresAt: string;
}

export interface SessionStore {
  readonly kind: 'redis' | 'in-process';
  create(userId: string): Promise<{ token: string; session: Session }>;
  get(token: string): Promise<Session | null>;
  destroy(token: string): Promise<void>;
  /** Ends every session of a user (deactivated, password changed). */
  destroyAllForUser(userId: string): Promise<void>;
  ping(): Promise<number>;
}

export interface SessionStoreOptions {
  secret: string;
  ttlSeconds: number;
}

const newToken = (): string => randomBytes(32).toString('base64url');

abstract class BaseStore {
  constructor(protected readonly opts: SessionStoreOptions) {}
  protected id(token: string): string {
    return createHmac('sha256', this.opts.secret).update(token).digest('hex');
  }
  protected fresh(userId: string): Session {
    const now = Date.now();
    return { userId, createdAt: new Date(now).toISOString(), expiresAt: new Date(now + this.opts.ttlSeconds * 1000).toISOString() };
  }
}

export class MemorySessionStore extends BaseStore implements SessionStore {
  readonly kind = 'in-process' as const;
  private readonly sessions = new Map<string, Session>();

  async create(userId: string) {
    const token = newToken();
    const session = this.fresh(userId);
    this.sessions.set(this.id(token), session);
    return { token, session };
  }

  async get(token: string): Promise<Session | null> {
    const id = this.id(token);
    const s = this.sessions.get(id);
    if (!s) return null;
    if (Date.parse(s.expiresAt) <= Date.now()) {
      this.sessions.delete(id);
      return null;
    }
    return s;
  }

  async destroy(token: string): Promise<void> {
    this.sessions.delete(this.id(token));
  }

  async destroyAllForUser(userId: string): Promise<void> {
    for (const [id, s] of this.sessions) if (s.userId === userId) this.sessions.delete(id);
  }

  async ping(): Promise<number> {
    return 0;
  }
}

export class RedisSessionStore extends BaseStore implements SessionStore {
  readonly kind = 'redis' as const;
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    opts: SessionStoreOptions,
  ) {
    super(opts);
  }

  private key(id: string): string {
    return `${this.prefix}session:${id}`;
  }
  private userKey(userId: string): string {
    return `${this.prefix}user-sessions:${userId}`;
  }

  async create(userId: string) {
    const token = newToken();
    const session = this.fresh(userId);
    const id = this.id(token);
    await this.redis
      .multi()
      .set(this.key(id), JSON.stringify(session), 'EX', this.opts.ttlSeconds)
      .sadd(this.userKey(userId), id)
      .expire(this.userKey(userId), this.opts.ttlSeconds)
      .exec();
    return { token, session };
  }

  async get(token: string): Promise<Session | null> {
    const raw = await this.redis.get(this.key(this.id(token)));
    return raw ? (JSON.parse(raw) as Session) : null;
  }

  async destroy(token: string): Promise<void> {
    const id = this.id(token);
    const raw = await this.redis.get(this.key(id));
    const multi = this.redis.multi().del(this.key(id));
    if (raw) multi.srem(this.userKey((JSON.parse(raw) as Session).userId), id);
    await multi.exec();
  }

  async destroyAllForUser(userId: string): Promise<void> {
    const ids = await this.redis.smembers(this.userKey(userId));
    const multi = this.redis.multi().del(this.userKey(userId));
    for (const id of ids) multi.del(this.key(id));
    await multi.exec();
  }

  async ping(): Promise<number> {
    const t0 = performance.now();
    await this.redis.ping();
    return performance.now() - t0;
  }
}
