import type { Bus } from '@cobranza/bus';
import type { DependencyHealth } from '@cobranza/contracts/api';
import type { Db } from '@cobranza/db';
import type { SharedFiles } from '@cobranza/db/files/shared-files';
import type { PromptLibrary } from '@cobranza/ivr/prompts/library';
import type { AttemptLimiter } from './auth/limiter.js';
import type { SessionStore } from './auth/sessions.js';
import type { Config } from './config.js';
import type { LiveStateStore } from './realtime/live-state.js';
import type { Notifier } from './realtime/notifier.js';
import type { CallbackGate } from './services/dispositions.js';

/** A dependency /health reports on besides the database, the bus and the session store. */
export type HealthCheck = () => Promise<DependencyHealth>;

/** Everything the HTTP app needs, built by server.ts (or by a test) and passed in. */
export interface AppDeps {
  db: Db;
  dbKind: 'postgres' | 'pglite';
  /** /health's database check, when the database has one that skips its connection queue (DbHandle.ping) */
  dbPing?: () => Promise<void>;
  bus: Bus;
  sessions: SessionStore;
  limiter: AttemptLimiter;
  config: Config;
  /** Extra checks by name: asterisk, dialer, ivr... Mutable so in-process components can register later. */
  healthChecks: Map<string, HealthCheck>;
  /** Compliance check of a callback time; when absent only basic checks apply (future, within 60 days). */
  callbackGate?: CallbackGate;
  /** Fastify's logger: its level, and where lines go (standard output unless a test captures them). */
  logger?: boolean | { level: string; stream?: { write(line: string): void } };
  /** The IVR's prompt files (uploads, pre-rendered TTS); default: where the IVR plays them (ASTERISK_SOUNDS_DIR/cobranza-ivr). */
  ivrPrompts?: PromptLibrary;
  /** Shared prompts and recordings (FILE_STORE_DIR, indexed in stored_files); default: from the environment, none when unset. */
  files?: SharedFiles;
  /** Last known agent statuses and campaign figures for the wallboard (Redis with REDIS_URL); default in-process. */
  liveState?: LiveStateStore;
  /** Emits to the consoles (Socket.IO), attached once the server exists; absent in tests without sockets. */
  notifier?: Notifier;
  /** Base URL Twilio calls back (PUBLIC_URL); read by the Twilio webhook routes. */
  twilioWebhookBaseUrl?: string;
  /** The reports' clock (which day is today, where today's window ends); tests fix it. Default: the system clock. */
  now?: () => Date;
}
