// The IVR as a library: startIvr(deps) runs it inside another process (the API's `npm start`, next to the
// dialer whose ARI connection and agent routing it shares); start(ctx) is the API component loader's shape.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { JobRunStore, runOnce } from '@cobranza/db/stores/job-runs';
import { logLine } from '@cobranza/domain/format/redact';
import type { Ari } from '@cobranza/ari';
import { ComplianceGate } from '@cobranza/compliance';
import type { Db } from '@cobranza/db';
import { PgComplianceStore } from '@cobranza/db/stores/compliance-store';
import { Redis } from 'ioredis';
import type { CreditorInfo } from './context.js';
import { MemoryAttemptLimiter, RedisAttemptLimiter, type LimiterPolicy } from './limiter.js';
import { DEFAULT_FLOWS } from './flows/defaults.js';
import { sharedFilesFromEnv, type SharedFiles } from '@cobranza/db/files/shared-files';
import { defaultPromptLocation, PromptLibrary, type PromptLocation } from './prompts/library.js';
import { fixedTexts, prerenderTexts, type PrerenderReport } from './prompts/prerender.js';
import { SYSTEM_PROMPTS } from './system-prompts.js';
import { IvrRuntime, type DialerHooks, type ScreenPopSource } from './runtime.js';
import type { Logger, SmsResult, SmsSender } from './session.js';
import { SmsService, type ContactGate } from './sms/service.js';
import { createTwilioClient, type TwilioConfig } from './sms/twilio-client.js';
import { PgIvrStore } from './store/pg-store.js';
import { createLogger } from '@cobranza/domain/format/log';

export { validateFlow, validateStrategyFlows, FlowValidationError, type FlowIssue } from './flows/validate.js';
export { DEFAULT_FLOWS };
export { fixedTexts, prerenderFlows, prerenderTexts, type PrerenderReport } from './prompts/prerender.js';
export type { Flow, FlowNode, StrategyFlows } from './flows/types.js';
export { IvrRuntime, type DialerHooks, type DialerDebtorContext, type DialerControls } from './runtime.js';
export { IvrSession, type SessionResult } from './session.js';
export { PromptLibrary, PromptUploadError } from './prompts/library.js';
export { inspectWav, type WavInfo } from './prompts/wav.js';
export { SmsService } from './sms/service.js';
export { parseSmsTemplates, DEFAULT_SMS_TEMPLATES } from './sms/templates.js';
export { createTwilioClient } from './sms/twilio-client.js';

export interface IvrDeps {
  db: Db;
  /** The ARI connection shared with the dialer (one Stasis app, one WebSocket). Null: no calls, SMS only. */
  ari: Ari | null;
  dialer: DialerHooks | null;
  bus: ScreenPopSource | null;
  /** Identification attempt counters; without Redis they are per process (one process only). */
  redis?: Redis | null;
  redisPrefix?: string;
  limiterPolicy?: LimiterPolicy;
  gate?: ContactGate;
  twilio?: TwilioConfig | null;
  /** Where prompt audio goes: ASTERISK_SOUNDS_DIR/cobranza-ivr, named cobranza-ivr in sound: URIs. */
  prompts?: PromptLocation;
  /** Shared prompt recordings (FILE_STORE_DIR + the stored_files index); undefined: from the environment, null: this host's folder only. */
  files?: SharedFiles | null;
  links?: { paymentLinkBase: string; statementLinkBase: string };
  inboundCreditor?: CreditorInfo | null;
  log?: Logger;
  /** Send the day's SMS reminders every this many ms (0 = never). */
  reminderEveryMs?: number;
  /** Render the default flows' and built-in verbs' fixed texts in the background at start (default true). */
  prerender?: boolean;
}

export interface RunningIvr {
  runtime: IvrRuntime | null;
  sms: SmsService | null;
  prompts: PromptLibrary;
  /** The start-up rendering of default and built-in prompts (resolves when done; null when disabled). */
  prerendered: Promise<PrerenderReport> | null;
  stop(): Promise<void>;
  health(): Promise<{ status: 'ok' | 'down'; required: boolean; kind?: string }>;
}

/** The IVR on its own: the platform's records (JSON or text per LOG_FORMAT), through the one redactor. */
const consoleLog = (): Logger => createLogger({ process: 'ivr' });

export { defaultPromptLocation };

export async function startIvr(deps: IvrDeps): Promise<RunningIvr> {
  const log = deps.log ?? consoleLog();
  const store = new PgIvrStore(deps.db, (m) => log.warn(m));
  const prompts = new PromptLibrary(deps.prompts ?? defaultPromptLocation(), deps.files === undefined ? sharedFilesFromEnv(deps.db) : deps.files);
  // the default flows and the verbs' own words are the same on every call: render them before the first one
  const stopping = new AbortController();
  const prerendered =
    deps.prerender === false
      ? null
      : prerenderTexts(prompts, 'default', [
          ...Object.values(DEFAULT_FLOWS).flatMap((f) => fixedTexts(f)),
          ...Object.entries(SYSTEM_PROMPTS).flatMap(([id, t]) => (['es', 'en'] as const).flatMap((lang) => (t[lang] ? [{ lang, text: t[lang], promptId: id.replace('.', '_') }] : []))),
        ], stopping.signal).then((r) => {
          if (r.rendered || r.failed.length) log.info('ivr: default prompts rendered at start', { rendered: r.rendered, cached: r.cached, recorded: r.recorded, failed: r.failed.length });
          for (const f of r.failed) log.error('ivr: a default prompt could not be rendered; it will be tried at its first call', { lang: f.lang, error: f.error });
          return r;
        });
  const limiter = deps.redis ? new RedisAttemptLimiter(deps.redis, deps.redisPrefix ?? 'cobranza:', deps.limiterPolicy) : new MemoryAttemptLimiter(deps.limiterPolicy);
  const gate = deps.gate ?? new ComplianceGate({ store: new PgComplianceStore(deps.db) });
  const sms = deps.twilio
    ? new SmsService({
        db: deps.db,
        store,
        gate,
        twilio: createTwilioClient(deps.twilio),
        config: deps.twilio,
        links: deps.links ?? { paymentLinkBase: process.env.PAYMENT_LINK_BASE ?? 'https://pagos.example.com/p', statementLinkBase: process.env.STATEMENT_LINK_BASE ?? 'https://pagos.example.com/e' },
        log,
      })
    : null;
  const noSms: SmsSender = { sendTemplate: async (): Promise<SmsResult> => ({ status: 'failed', reason: 'sms_not_configured' }) };
  const runtime = deps.ari
    ? new IvrRuntime({ db: deps.db, ari: deps.ari, store, prompts, limiter, sms: sms ?? noSms, dialer: deps.dialer, bus: deps.bus, log, inboundCreditor: deps.inboundCreditor ?? null })
    : null;
  runtime?.start();
  if (!deps.ari) log.warn('no ARI connection given: the IVR sends SMS only (no calls)');
  let timer: NodeJS.Timeout | null = null;
  if (sms && deps.reminderEveryMs) {
    const every = deps.reminderEveryMs;
    const jobRuns = new JobRunStore(deps.db);
    const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    timer = setInterval(() => {
      // one IVR process per period sends the reminders, however many run (each would send every reminder)
      const at = new Date();
      void runOnce(jobRuns, 'sms-reminders', String(Math.floor(at.getTime() / every)), owner, every, () => sms.sendDueReminders(at)).catch((e: Error) =>
        log.error('sms reminders failed', { error: e.message }),
      );
    }, every);
    timer.unref();
  }
  return {
    runtime,
    sms,
    prompts,
    prerendered,
    async stop() {
      if (timer) clearInterval(timer);
      stopping.abort();
      await prerendered;
      runtime?.stop();
    },
    async health() {
      const up = deps.ari ? deps.ari.health.state === 'connected' : false;
      return { status: up ? 'ok' : 'down', required: false, kind: deps.ari ? 'ari' : 'sms-only' };
    },
  };
}

/**
 * The API's in-process component contract. The IVR shares the dialer's ARI connection and agent routing:
 * it needs them in ctx.components.dialer ({ dialer, ari }); without them it runs SMS only.
 */
export async function start(ctx: {
  db: Db;
  bus: ScreenPopSource & object;
  config: { twilio?: { accountSid: string; authToken: string; from: string | undefined } | undefined; redisUrl?: string | undefined; redisPrefix?: string };
  log: (msg: string) => void;
  components?: { dialer?: { dialer?: DialerHooks; ari?: Ari } };
}): Promise<RunningIvr> {
  // the details go to the API's log too (which names the IVR), redacted like the IVR's own lines
  const line = (m: string, d?: Record<string, unknown>): void => ctx.log(logLine('', m, d));
  const log: Logger = { info: line, warn: line, error: line };
  const tw = ctx.config.twilio;
  const redis = ctx.config.redisUrl ? new Redis(ctx.config.redisUrl) : null;
  const running = await startIvr({
    db: ctx.db,
    ari: ctx.components?.dialer?.ari ?? null,
    dialer: ctx.components?.dialer?.dialer ?? null,
    bus: ctx.bus,
    redis,
    redisPrefix: ctx.config.redisPrefix ?? 'cobranza:',
    twilio: tw
      ? {
          accountSid: tw.accountSid,
          authToken: tw.authToken,
          from: tw.from,
          messagingServiceSid: process.env.TWILIO_MESSAGING_SERVICE_SID,
          baseUrl: process.env.TWILIO_API_BASE_URL,
          statusCallbackUrl: process.env.TWILIO_STATUS_CALLBACK_URL,
        }
      : null,
    log,
    reminderEveryMs: 3600_000,
  });
  return {
    ...running,
    async stop() {
      await running.stop();
      redis?.disconnect();
    },
  };
}
