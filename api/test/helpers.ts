// A real app for tests: its own Postgres database, its own Redis key prefix (bus, sessions, limiter).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PromptLibrary } from '@cobranza/ivr/prompts/library';
import { RedisBus } from '@cobranza/bus';
import type { Role } from '@cobranza/contracts';
import { createTestDatabase, type TestDatabase } from '@cobranza/db/testing';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { buildApp } from '../src/app.js';
import { RedisAttemptLimiter } from '../src/auth/limiter.js';
import { hashPassword } from '../src/auth/password.js';
import { RedisSessionStore } from '../src/auth/sessions.js';
import { loadConfig, type Config } from '../src/config.js';
import type { AppDeps } from '../src/deps.js';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const PASSWORD = 'correct horse battery';

export interface TestUsers {
  admin: { id: string; email: string };
  supervisor: { id: string; email: string };
  agent: { id: string; email: string };
  agent2: { id: string; email: string };
}

export interface TestEnv {
  app: FastifyInstance;
  deps: AppDeps;
  t: TestDatabase;
  redis: Redis;
  prefix: string;
  config: Config;
  users: TestUsers;
  tokens: Record<keyof TestUsers, string>;
  auth(who: keyof TestUsers): { authorization: string };
  close(): Promise<void>;
}

export function testConfig(prefix: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    REDIS_URL,
    REDIS_PREFIX: prefix,
    SESSION_SECRET: 'test-secret-0123456789abcdef',
    LOGIN_MAX_FAILURES: '3',
    CONSOLE_DIR: '/nonexistent',
    SEED_DEMO: 'false',
    ...env,
  });
}

export async function seedUsers(db: AppDeps['db']): Promise<TestUsers> {
  const hash = await hashPassword(PASSWORD);
  const mk = async (email: string, role: Role, name: string) =>
    db.insertInto('users').values({ email, role, name, password_hash: hash }).returning(['id', 'email']).executeTakeFirstOrThrow();
  return {
    admin: await mk('admin@test.co', 'admin', 'Admin'),
    supervisor: await mk('super@test.co', 'supervisor', 'Supervisora'),
    agent: await mk('agent@test.co', 'agent', 'Agente Uno'),
    agent2: await mk('agent2@test.co', 'agent', 'Agente Dos'),
  };
}

export async function cleanRedis(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}

export async function makeEnv(label: string, opts: { config?: Record<string, string>; deps?: Partial<AppDeps> } = {}): Promise<TestEnv> {
  const prefix = `test:api:${label}:${randomBytes(4).toString('hex')}:`;
  const config = testConfig(prefix, opts.config);
  const t = await createTestDatabase(`api_${label}`);
  const redis = new Redis(REDIS_URL);
  const promptDir = mkdtempSync(join(tmpdir(), `api-${label}-prompts-`));
  const deps: AppDeps = {
    db: t.db,
    dbKind: 'postgres',
    bus: new RedisBus({ url: REDIS_URL, prefix }),
    sessions: new RedisSessionStore(redis, prefix, { secret: config.sessionSecret, ttlSeconds: config.sessionTtlSeconds }),
    limiter: new RedisAttemptLimiter(redis, prefix, config.login.windowSeconds),
    config,
    healthChecks: new Map(),
    // prompt audio of a test (renders on strategy save, uploads) stays out of the real Asterisk sounds
    ivrPrompts: new PromptLibrary({ hostDir: promptDir, asteriskDir: 'cobranza-ivr' }),
    ...opts.deps,
  };
  const app = await buildApp(deps);
  await app.ready();
  const users = await seedUsers(t.db);
  const tokens = {} as Record<keyof TestUsers, string>;
  for (const k of Object.keys(users) as (keyof TestUsers)[]) {
    const res = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: users[k].email, password: PASSWORD } });
    if (res.statusCode !== 200) throw new Error(`login ${k} failed: ${res.body}`);
    tokens[k] = res.json().token as string;
  }
  return {
    app,
    deps,
    t,
    redis,
    prefix,
    config,
    users,
    tokens,
    auth: (who) => ({ authorization: `Bearer ${tokens[who]}` }),
    async close() {
      await app.close();
      await deps.bus.close();
      await cleanRedis(redis, prefix);
      await redis.quit();
      await t.drop();
      rmSync(promptDir, { recursive: true, force: true });
    },
  };
}

/** Inserts a debtor with accounts and phones; returns their ids. */
export async function makeDebtor(
  db: AppDeps['db'],
  o: {
    portfolioId: string;
    doc: string;
    first: string;
    last: string;
    phones?: string[];
    accounts?: Array<{ ext: string; balance: number; oldestDue?: string; segmentId?: string | null; currency?: string }>;
  },
) {
  const d = await db
    .insertInto('debtors')
    .values({ country: 'CO', document_type: 'CC', document_number: o.doc, first_name: o.first, last_name: o.last, time_zone: 'America/Bogota' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const phones: string[] = [];
  for (const e164 of o.phones ?? []) {
    phones.push((await db.insertInto('phones').values({ debtor_id: d.id, e164, type: 'mobile' }).returning('id').executeTakeFirstOrThrow()).id);
  }
  const accounts: string[] = [];
  for (const a of o.accounts ?? []) {
    accounts.push(
      (
        await db
          .insertInto('accounts')
          .values({
            portfolio_id: o.portfolioId,
            debtor_id: d.id,
            external_id: a.ext,
            product: 'tarjeta',
            currency: a.currency ?? 'COP',
            principal: a.balance,
            balance: a.balance,
            oldest_due_date: a.oldestDue ?? null,
            segment_id: a.segmentId ?? null,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
    );
  }
  return { id: d.id, phones, accounts };
}

export async function makePortfolio(db: AppDeps['db'], code = 'C1') {
  const c = await db
    .insertInto('creditors')
    .values({ code, name: 'Banco', business_name: 'Banco S.A.', callback_number: '+5716000000', country: 'CO' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return db.insertInto('portfolios').values({ creditor_id: c.id, name: `Cartera ${code}`, country: 'CO', currency: 'COP' }).returning(['id', 'creditor_id']).executeTakeFirstOrThrow();
}
