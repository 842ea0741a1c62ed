// The dialer as its own process (production, and the crash tests that kill and restart it).
// Wiring only: configuration from the environment, then startDialer.
import { createBus } from '@cobranza/bus';
import { connect } from '@cobranza/db';
import { createLogger } from '@cobranza/domain/format/log';
import { serveProcessMetrics } from '@cobranza/metrics';
import { clockStartingAt } from './clock.js';
import { startDialer } from './index.js';
import { remoteIvr } from './ivr-remote.js';

function env(name: string): string | undefined {
  const v = process.env[name];
  return v === undefined || v === '' ? undefined : v;
}

// JSON lines in production, text in a terminal (LOG_FORMAT); every line through the one redactor
const logger = createLogger({ process: 'dialer' });

function fail(message: string, code: number): never {
  logger.error(message);
  process.exit(code);
}

async function main(): Promise<void> {
  // first: a bad METRICS_* setting stops the start with its reason; /metrics answers while the dialer starts
  const metrics = await serveProcessMetrics('dialer', process.env, logger);
  const db = await connect(env('DATABASE_URL'));
  const bus = createBus({ redisUrl: env('REDIS_URL'), prefix: env('REDIS_PREFIX') ?? 'cobranza:' });
  const ariUrl = env('ARI_URL');
  if (ariUrl && (!env('ARI_USER') || !env('ARI_PASSWORD'))) fail('ARI_USER and ARI_PASSWORD are required when ARI_URL is set', 2);
  const ahead = env('DIALER_CLOCK_AHEAD_MS');
  let clock;
  if (ahead) {
    // a test's business hours on real telephony; a production dialer must judge calling hours by the real time
    if (process.env.NODE_ENV === 'production') fail('DIALER_CLOCK_AHEAD_MS is for tests and is refused with NODE_ENV=production', 2);
    const ms = Number(ahead);
    // ahead only: opt-outs and contacts other processes record at the real time must stay in the dialer's past
    if (!Number.isSafeInteger(ms) || ms < 0) fail(`DIALER_CLOCK_AHEAD_MS must be a whole number of milliseconds >= 0, not ${JSON.stringify(ahead)}`, 2);
    clock = clockStartingAt(new Date(Date.now() + ms));
    logger.info(`clock runs ${Math.round(ms / 60_000)} min ahead of the real time (DIALER_CLOCK_AHEAD_MS)`);
  }
  const running = await startDialer({
    clock,
    db: db.db,
    bus,
    ari: ariUrl ? { url: ariUrl, user: env('ARI_USER')!, password: env('ARI_PASSWORD')!, app: env('ARI_APP') ?? 'cobranza', trunk: env('ARI_TRUNK') ?? 'carrier' } : undefined,
    dialerId: env('DIALER_ID'),
    simulatedAgents: Number(env('DEMO_SIM_AGENTS') ?? 0),
    logger,
  });
  // IVR_PROCESS=true: the IVR runs as its own process (npm run start:ivr); answered agentless calls go to it over the bus
  const ivr = env('IVR_PROCESS') === 'true' ? await remoteIvr(bus, (m) => logger.warn(m)) : null;
  if (ivr) running.dialer.setAgentlessHandler(ivr.handler);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: stopping`);
    await ivr?.stop().catch(() => undefined);
    await running.stop().catch(() => undefined);
    await metrics?.close().catch(() => undefined);
    await bus.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  logger.info('ready');
}

main().catch((e) => fail(`failed to start: ${e instanceof Error ? e.message : String(e)}`, 1));
