// Builds the running platform from the configuration: real Postgres/Redis/Asterisk when their URLs are
// set, the embedded equivalents otherwise. Shared by server.ts and the tests that boot a real server.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { JobRunStore } from '@cobranza/db/stores/job-runs';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createBus, type Bus } from '@cobranza/bus';
import { connectPglite, connectPostgres, migrateToLatest, type DbHandle } from '@cobranza/db';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { buildApp } from './app.js';
import { MemoryAttemptLimiter, RedisAttemptLimiter } from './auth/limiter.js';
import { MemorySessionStore, RedisSessionStore } from './auth/sessions.js';
import type { Config } from './config.js';
import type { AppDeps, HealthCheck } from './deps.js';
import { attachRealtime, type Realtime } from './realtime/index.js';
import { MemoryLiveState, RedisLiveState } from './realtime/live-state.js';
import { redisStreamsAdapter } from './realtime/adapter.js';
import { Notifier } from './realtime/notifier.js';
import { ariHealthCheck } from './routes/health.js';
import { complianceCallbackGate } from './services/compliance.js';
import { seedDefaults } from '@cobranza/db/seed/index';
import { sql } from 'kysely';
import { startDailyPromiseStatuses, startDailySegmentation, type DailyPromiseStatuses } from './daily-jobs.js';
import type { DailySegmentation } from './import/daily.js';
import { failAbandonedImports } from './import/import-record.js';

export interface Runtime {
  app: FastifyInstance;
  deps: AppDeps;
  realtime: Realtime;
  /** The daily jobs (absent with `dailyJobs: false`); runNow() runs one at once. */
  daily: { segmentation: DailySegmentation; promises: DailyPromiseStatuses } | undefined;
  db: DbHandle;
  bus: Bus;
  url: string;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** An already-open database (tests pass their own); otherwise from config. */
  db?: DbHandle;
  migrate?: boolean;
  logger?: AppDeps['logger'];
  /** Runs after migration, before the app is built (demo seed). */
  beforeListen?: (deps: AppDeps) => Promise<void>;
  /** Runs once the app and realtime are built, right before listening (in-process components). */
  afterApp?: (deps: AppDeps) => Promise<void>;
  /** Clean-up of what afterApp started when listening fails. */
  onListenFailure?: () => Promise<void>;
  extraDeps?: Partial<Pick<AppDeps, 'callbackGate'>>;
  /** Start the daily jobs (segmentation and promise statuses after midnight in DAILY_TIME_ZONE). Default on. */
  dailyJobs?: boolean;
  /**
   * Seed the default segments, strategies and scripts into a database that has none. Default: when the
   * runtime opens the database itself (a deployment), not on a database a test passes in.
   */
  seedDefaults?: boolean;
}

export async function startRuntime(config: Config, opts: RuntimeOptions = {}): Promise<Runtime> {
  let db = opts.db;
  if (!db) {
    if (config.databaseUrl) db = connectPostgres(config.databaseUrl);
    else {
      mkdirSync(config.pgliteDir, { recursive: true });
      db = await connectPglite(config.pgliteDir);
    }
  }
  if (opts.migrate !== false) await migrateToLatest(db.db);
  if (opts.seedDefaults ?? !opts.db) await seedDefaultsOnce(db.db);
  // an import whose process died (SIGKILL mid-import) would otherwise say "running" for ever
  const abandoned = await failAbandonedImports(db.db);

  const bus = createBus({ redisUrl: config.redisUrl, prefix: config.redisPrefix });
  const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 2, connectionName: 'cobranza-api' }) : undefined;
  redis?.on('error', () => {}); // reported by /health
  const sessionOpts = { secret: config.sessionSecret, ttlSeconds: config.sessionTtlSeconds };
  const healthChecks = new Map<string, HealthCheck>();
  if (config.ari) healthChecks.set('asterisk', ariHealthCheck(config.ari));

  const deps: AppDeps = {
    db: db.db,
    dbKind: db.kind,
    ...(db.ping ? { dbPing: db.ping } : {}),
    bus,
    sessions: redis ? new RedisSessionStore(redis, config.redisPrefix, sessionOpts) : new MemorySessionStore(sessionOpts),
    limiter: redis ? new RedisAttemptLimiter(redis, config.redisPrefix, config.login.windowSeconds) : new MemoryAttemptLimiter(config.login.windowSeconds),
    config,
    healthChecks,
    callbackGate: complianceCallbackGate(db.db),
    liveState: redis ? new RedisLiveState(redis, config.redisPrefix) : new MemoryLiveState(),
    notifier: new Notifier(),
    ...(config.publicUrl ? { twilioWebhookBaseUrl: config.publicUrl } : {}),
    ...(opts.logger !== undefined ? { logger: opts.logger } : {}),
    ...(opts.extraDeps ?? {}),
  };
  await opts.beforeListen?.(deps);

  const app = await buildApp(deps);
  if (abandoned.length) app.log.warn({ imports: abandoned }, 'imports left running by a stopped process were marked failed');
  // with Redis, this instance's Socket.IO server is joined to the other API instances'
  const cluster = config.redisUrl ? redisStreamsAdapter(config.redisUrl, config.redisPrefix) : undefined;
  const realtime = await attachRealtime(app.server, deps, cluster ? { adapter: cluster.adapter } : {});
  await opts.afterApp?.(deps);
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (e) {
    await opts.onListenFailure?.();
    await realtime.close();
    await cluster?.close();
    await app.close();
    await bus.close();
    if (redis) await redis.quit().catch(() => {});
    if (!opts.db) await db.close();
    throw e;
  }
  let daily: Runtime['daily'];
  if (opts.dailyJobs !== false) {
    const zone = config.dailyTimeZone;
    // every API instance schedules the jobs; the one that claims the day's run in job_runs does it
    const jobRuns = new JobRunStore(db.db);
    const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    const skipped = (job: string) => (today: string) => app.log.info({ job, today }, 'daily job already run by another instance');
    daily = {
      segmentation: startDailySegmentation(db.db, {
        zone,
        once: { store: jobRuns, job: 'daily-segmentation', owner },
        onSkipped: skipped('daily-segmentation'),
        onError: (e) => app.log.error({ err: e }, 'daily segmentation failed'),
        onDone: (moved) => app.log.info({ moved }, 'daily segmentation'),
      }),
      // after the segmentation (00:05), so both read the same day
      promises: startDailyPromiseStatuses(db.db, {
        zone,
        graceDays: config.promiseGraceDays,
        once: { store: jobRuns, job: 'daily-promise-statuses', owner },
        onSkipped: skipped('daily-promise-statuses'),
        onError: (e) => app.log.error({ err: e }, 'daily promise statuses failed'),
        onDone: (r) => app.log.info(r, 'daily promise statuses'),
      }),
    };
  }
  const addr = app.server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;

  let closing: Promise<void> | undefined;
  const handle = db;
  return {
    app,
    deps,
    realtime,
    daily,
    db: handle,
    bus,
    url: `http://${host}:${addr.port}`,
    close() {
      closing ??= (async () => {
        daily?.segmentation.stop();
        daily?.promises.stop();
        await realtime.close();
        await cluster?.close();
        await app.close();
        await bus.close();
        if (redis) await redis.quit().catch(() => {});
        if (!opts.db) await handle.close();
      })();
      return closing;
    },
  };
}

/**
 * The default segments, strategies and scripts of @cobranza/db, into a database that has neither segments nor
 * strategies yet: a fresh deployment classifies its first import. Once an administrator has any, they are theirs.
 */
export async function seedDefaultsOnce(db: DbHandle['db']): Promise<boolean> {
  const { n } = await sql<{ n: number }>`select (select count(*) from segments) + (select count(*) from strategies) as n`
    .execute(db)
    .then((r) => ({ n: Number(r.rows[0]?.n ?? 0) }));
  if (n > 0) return false;
  await seedDefaults(db);
  return true;
}
