// `npm start`: the whole platform in one process. Real services when DATABASE_URL / REDIS_URL / ARI_URL
// are set; embedded PGlite, an in-process bus and in-process sessions otherwise.
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DataDirLockedError, type Db } from '@cobranza/db';
import { seedDefaults } from '@cobranza/db/seed/index';
import { writePortfolio } from '@cobranza/domain/generator/cli';
import { loadConfig, ConfigError, type Config } from './config.js';
import { importPortfolio } from './import/service.js';
import { CampaignService } from './services/campaigns.js';
import { todayIn } from './lib/values.js';
import { DEMO_PASSWORD, seedDemo, type DemoUser } from './demo/seed.js';
import type { AppDeps } from './deps.js';
import { startRuntime, type Runtime } from './runtime.js';
import { startInProcessComponents, type RunningComponent } from './components.js';
import { ensureConsoleBuilt } from './console-build.js';
import { createLogger, logFormatFromEnv } from '@cobranza/domain/format/log';
import { startProcessMetrics, type MetricsServer } from '@cobranza/metrics';
import { startMetricsListener } from './lib/observability.js';

const ROOT = resolve(import.meta.dirname, '../..');

export async function startServer(config: Config = loadConfig()): Promise<{ runtime: Runtime; metrics: MetricsServer | undefined; stop(): Promise<void> }> {
  startProcessMetrics('api');
  // LOG_FORMAT=json: structured lines through the redactor; text: the banner a newcomer reads as it is
  const logger = config.logFormat === 'json' ? createLogger({ process: 'api', format: 'json', level: 'info' }) : null;
  const log = (msg: string): void => {
    if (!logger) process.stdout.write(`[cobranza] ${msg}\n`);
    else if (msg.trim()) logger.info(msg.trim());
  };
  log(`database: ${config.databaseUrl ? 'postgres (DATABASE_URL)' : `embedded PGlite in ${config.pgliteDir}`}`);
  log(`bus and sessions: ${config.redisUrl ? 'redis (REDIS_URL)' : 'in-process (no REDIS_URL)'}`);
  log(`asterisk: ${config.ari ? config.ari.url : 'not configured (no ARI_URL)'}`);
  if (config.sessionSecretGenerated) log('SESSION_SECRET not set: using a random one (sessions end when the process stops)');

  const consoleReady = await ensureConsoleBuilt(ROOT, config.consoleDir, log);
  let demoUsers: DemoUser[] = [];
  let components: RunningComponent[] = [];
  const runtime = await startRuntime(config, {
    logger: { level: config.logLevel },
    beforeListen: async (deps: AppDeps) => {
      if (!config.seedDemo) return;
      const campaigns = new CampaignService(deps.db, deps.bus, config.dailyTimeZone);
      const r = await seedDemo(deps.db, {
        password: config.demoPassword ?? DEMO_PASSWORD,
        startCampaign: (by, id) => campaigns.command(by, id, 'start'),
        ...(await demoIntegrations()),
      });
      if (r.created) {
        log('demo data loaded:');
        for (const n of r.notes) log(`  ${n}`);
      }
      demoUsers = r.users;
    },
    // before listening, so that once /health answers the dialer and the IVR are up (or reported down)
    afterApp: async (deps: AppDeps) => {
      if (config.inProcessComponents) components = await startInProcessComponents(deps, log);
    },
    onListenFailure: async () => {
      for (const c of components.reverse()) await c.stop().catch(() => {});
    },
  });
  log(`listening on ${runtime.url}  (API docs ${runtime.url}/docs, health ${runtime.url}/health)`);
  const metrics = await startMetricsListener(config.metrics, log);
  if (metrics) log(`metrics on ${metrics.url}${config.metrics?.token ? ' (bearer METRICS_TOKEN)' : ''}, not on the public port`);
  // last, so it is what a newcomer sees at the bottom of the terminal
  log('');
  log(consoleReady ? `open the console: ${runtime.url}/` : `the console is not built (see above); the API answers at ${runtime.url}/`);
  if (demoUsers.length) {
    log(`demo logins (password "${config.demoPassword ? '<DEMO_PASSWORD>' : DEMO_PASSWORD}"):`);
    for (const u of demoUsers) log(`  ${u.role.padEnd(10)} ${u.email}`);
  }

  let stopping: Promise<void> | undefined;
  return {
    runtime,
    metrics,
    stop() {
      stopping ??= (async () => {
        await metrics?.close();
        for (const c of components.reverse()) await c.stop().catch((e: unknown) => log(`stopping ${c.name} failed: ${String(e)}`));
        await runtime.close();
      })();
      return stopping;
    },
  };
}

/** Default segments/strategies/scripts from @cobranza/db, and a generated portfolio through the import service. */
async function demoIntegrations(): Promise<NonNullable<Parameters<typeof seedDemo>[1]>> {
  return { seedDefaults, importer: importGeneratedPortfolio };
}

const DEMO_ROWS = Number(process.env.DEMO_ROWS ?? 300);

/** Writes a synthetic portfolio CSV (with a few bad rows, to show the reject report) and imports it. */
async function importGeneratedPortfolio(db: Db, portfolioId: string): Promise<{ accepted: number; rejected: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'cobranza-demo-'));
  const file = join(dir, 'cartera-demo.csv');
  try {
    await writePortfolio(file, { rows: DEMO_ROWS, country: 'CO', seed: 'cobranza-demo', badRows: 3, today: todayIn('America/Bogota') });
    const r = await importPortfolio({ db }, { portfolioId, filename: 'cartera-demo.csv', source: createReadStream(file) });
    if (r.status !== 'completed') throw new Error(`demo import failed: ${r.error ?? 'unknown error'}`);
    return { accepted: r.accepted, rejected: r.rejected };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const isMain = import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('api/src/server.ts');
if (isMain) {
  // LOG_FORMAT=json: these lines are records too (a bad LOG_FORMAT is reported by loadConfig, in text)
  let json = false;
  try {
    json = logFormatFromEnv() === 'json';
  } catch {
    json = false;
  }
  const records = json ? createLogger({ process: 'api', format: 'json' }) : null;
  const failed = (e: unknown): void => {
    const reason = e instanceof ConfigError || e instanceof DataDirLockedError ? e.message : e;
    if (records) records.error(reason instanceof Error ? (reason.stack ?? reason.message) : String(reason));
    else console.error(reason);
  };
  // handlers first: a signal during start-up waits for the start to finish, then stops what started
  const started = startServer();
  let signalled = false;
  const shutdown = (sig: string) => {
    if (signalled) return;
    signalled = true;
    if (records) records.info(`${sig}: shutting down`);
    else process.stdout.write(`[cobranza] ${sig}: shutting down\n`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    started
      .then(({ stop }) => stop())
      .then(
        () => process.exit(0),
        (e: unknown) => {
          failed(e);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  started.catch((e: unknown) => {
    failed(e);
    process.exit(1);
  });
}
