// The IVR as its own process (`npm run start:ivr`): the 24/7 self-service line on a Stasis app of its own, the
// answered agentless calls that dialers started with IVR_PROCESS=true hand over on the bus (remote.ts), and the
// SMS reminders. Wiring only: configuration from the environment, then startIvr.
//
// Not across processes yet: a strategy's own answering-machine flow (the dialer plays its safe message instead),
// and press-to-talk from the self-service line (it needs the dialer's agent routing in one process).
import { hostname } from 'node:os';
import { Ari } from '@cobranza/ari';
import { createBus } from '@cobranza/bus';
import { connect } from '@cobranza/db';
import { createLogger } from '@cobranza/domain/format/log';
import { countAriReconnects, serveProcessMetrics } from '@cobranza/metrics';
import { Redis } from 'ioredis';
import { startIvr } from './index.js';
import { serveAgentlessCalls } from './remote.js';
import type { Logger } from './session.js';
import type { TwilioConfig } from './sms/twilio-client.js';

function env(name: string): string | undefined {
  const v = process.env[name];
  return v === undefined || v === '' ? undefined : v;
}

/** IVR_ARI_APP, else `<ARI_APP>-ivr`: never the dialer's app (two WebSockets on one Stasis app replace each other). */
export function ivrAppFromEnv(e: Record<string, string | undefined> = process.env): string {
  const app = e.IVR_ARI_APP || `${e.ARI_APP || 'cobranza'}-ivr`;
  if (app === (e.ARI_APP || 'cobranza')) throw new Error(`IVR_ARI_APP must differ from the dialer's ARI_APP ("${app}")`);
  return app;
}

function twilioFromEnv(): TwilioConfig | null {
  const accountSid = env('TWILIO_ACCOUNT_SID');
  const authToken = env('TWILIO_AUTH_TOKEN');
  if (!accountSid || !authToken) return null;
  return {
    accountSid,
    authToken,
    from: env('TWILIO_FROM'),
    messagingServiceSid: env('TWILIO_MESSAGING_SERVICE_SID'),
    baseUrl: env('TWILIO_API_BASE_URL'),
    statusCallbackUrl: env('TWILIO_STATUS_CALLBACK_URL'),
  };
}

// JSON lines in production, text in a terminal (LOG_FORMAT); every line through the one redactor
const log: Logger = createLogger({ process: 'ivr' });

async function main(): Promise<void> {
  const ariUrl = env('ARI_URL');
  if (ariUrl && (!env('ARI_USER') || !env('ARI_PASSWORD'))) {
    log.error('ARI_USER and ARI_PASSWORD are required when ARI_URL is set');
    process.exit(2);
  }
  const app = ivrAppFromEnv();
  // first: a bad METRICS_* setting stops the start with its reason
  const metrics = await serveProcessMetrics('ivr', process.env, log);
  const db = await connect(env('DATABASE_URL'));
  const redisUrl = env('REDIS_URL');
  // identification attempts counted across processes; without Redis, in this process only
  const redis = redisUrl ? new Redis(redisUrl, { connectionName: `cobranza-ivr-${hostname()}` }) : null;
  redis?.on('error', (e: Error) => log.warn('redis', { error: e.message }));
  const prefix = env('REDIS_PREFIX') ?? 'cobranza:';
  // the dialers' handovers and screen pops; without Redis there is no dialer in another process to hear
  const bus = redisUrl ? createBus({ redisUrl, prefix }) : null;
  const ari = ariUrl ? await Ari.connect({ url: ariUrl, user: env('ARI_USER')!, password: env('ARI_PASSWORD')!, app }) : null;
  if (ari) countAriReconnects(ari); // cobranza_ari_reconnects_total of this process's own connection
  const running = await startIvr({
    db: db.db,
    ari,
    dialer: null,
    bus,
    redis,
    redisPrefix: prefix,
    twilio: twilioFromEnv(),
    log,
    reminderEveryMs: Number(env('IVR_REMINDER_EVERY_MS') ?? 3600_000),
  });
  const runtime = running.runtime;
  const stopServing =
    bus && ari && runtime && redis
      ? await serveAgentlessCalls({
          bus,
          ari,
          runtime,
          // several IVR processes hear every handover: the first to set the key takes the call
          claim: async (callId) => (await redis.set(`${prefix}ivr:agentless:${callId}`, app, 'EX', 3600, 'NX')) === 'OK',
          log,
        })
      : null;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: stopping`);
    await stopServing?.().catch(() => undefined);
    await running.stop().catch(() => undefined);
    await bus?.close().catch(() => undefined);
    ari?.close();
    redis?.disconnect();
    await db.close().catch(() => undefined);
    await metrics?.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  log.info(`ready (${ari ? `Stasis app ${app} on ${ariUrl}` : 'no ARI_URL: SMS only'}${stopServing ? ', takes agentless calls handed over on the bus' : ''}${running.sms ? ', SMS through Twilio' : ''})`);
}

const isMain = process.argv[1]?.endsWith('ivr/src/main.ts');
if (isMain) {
  main().catch((e: unknown) => {
    log.error(`failed to start: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
