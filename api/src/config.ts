// Everything the API reads from the environment, parsed once and validated with a clear message.
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { logFormatFromEnv, type LogFormat } from '@cobranza/domain/format/log';
import { DEFAULT_METRICS_PORTS, MetricsConfigError, metricsListenFromEnv, type MetricsListen } from '@cobranza/metrics';

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`configuration ${variable}: ${reason}`);
    this.name = 'ConfigError';
  }
}

export interface Config {
  port: number;
  host: string;
  /** Unset: embedded PGlite in `pgliteDir`. */
  databaseUrl: string | undefined;
  pgliteDir: string;
  /** Unset: in-process bus, session store and login limiter (one process only). */
  redisUrl: string | undefined;
  /** Prefix of every Redis key and channel, so deployments and test runs can share one Redis. */
  redisPrefix: string;
  ari: { url: string; user: string; password: string; app: string } | undefined;
  twilio: { accountSid: string; authToken: string; from: string | undefined } | undefined;
  sessionSecret: string;
  /** True when SESSION_SECRET was not set and a random one was made (sessions die with the process). */
  sessionSecretGenerated: boolean;
  sessionTtlSeconds: number;
  cookieSecure: boolean;
  /**
   * Failed logins allowed per account (whatever the address) and login attempts per client address (failures and
   * logins still in progress; a success gives its attempt back), in one window.
   */
  login: { maxFailures: number; maxPerAddress: number; windowSeconds: number };
  /** Country assumed for phone numbers typed without a country code (debtor search). */
  defaultCountry: string;
  consoleDir: string;
  seedDemo: boolean;
  demoPassword: string | undefined;
  /** Start the dialer and IVR inside the API process when their packages export a start function. */
  inProcessComponents: boolean;
  /**
   * 'simulated': no Asterisk; the dialer simulates channels and debtors, and the console says so instead
   * of registering a softphone (TELEPHONY; default: simulated when the dialer runs in-process without ARI_URL).
   */
  telephony: 'asterisk' | 'simulated';
  logLevel: string;
  /** LOG_FORMAT: json lines (default with NODE_ENV=production) or text (default otherwise). */
  logFormat: LogFormat;
  /**
   * Where /metrics is served: its own listener, 127.0.0.1:9464 by default, never the public port
   * (METRICS_PORT, `off` for none; METRICS_HOST; METRICS_TOKEN, required off loopback).
   */
  metrics: MetricsListen | null;
  /** Public base URL (webhooks given to Twilio are checked against it). */
  publicUrl: string | undefined;
  /**
   * Browser origins besides the API's own host allowed to open the live channel (Socket.IO): PUBLIC_URL's origin,
   * ALLOWED_ORIGINS (comma-separated) and, outside production, the console's Vite dev server.
   */
  allowedOrigins: string[];
  /** The API reference at /docs: open to anyone, to admins only, or not served (DOCS_ENABLED=true|admin|false). */
  docs: 'public' | 'admin' | 'off';
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (login limits key on it). */
  trustProxy: boolean;
  /** How often open sockets are re-checked against their session (logout, deactivation), ms. */
  socketRecheckMs: number;
  /**
   * Browser softphone registration. `wsUrl`/`domain` unset: the host the console was loaded from, port 8088
   * (asterisk-config's development layout). `passwordPrefix` is the secret of asterisk-config's scheme.
   */
  sip: { wsUrl: string | undefined; domain: string | undefined; passwordPrefix: string };
  /** Days after a promise's due date a payment still keeps it (PROMISE_GRACE_DAYS). */
  promiseGraceDays: number;
  /** Zone whose midnight starts the daily jobs: segmentation and promise statuses (DAILY_TIME_ZONE). */
  dailyTimeZone: string;
  /** Largest portfolio file an import takes, in bytes, multipart or raw body alike (IMPORT_MAX_BYTES). */
  importMaxBytes: number;
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(name, `must be an integer between ${min} and ${max}, got "${raw}"`);
  return n;
}

function bool(env: Env, name: string, def: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (!raw) return undefined;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ConfigError(name, 'is not a valid URL');
  }
  if (!protocols.includes(u.protocol)) throw new ConfigError(name, `must use ${protocols.join(' or ')}, got ${u.protocol}`);
  return raw;
}

function zone(env: Env, name: string, def: string): string {
  const raw = env[name] || def;
  try {
    new Intl.DateTimeFormat('en', { timeZone: raw });
  } catch {
    throw new ConfigError(name, `"${raw}" is not an IANA time zone such as America/Bogota`);
  }
  return raw;
}

function sipSettings(env: Env, production: boolean): Config['sip'] {
  // Same variable run.sh renders pjsip with, so one setting keeps Asterisk and the API in step.
  const prefix = env.SIP_PASSWORD_PREFIX ?? env.ASTERISK_AGENT_PASSWORD_PREFIX;
  if (production && !prefix) throw new ConfigError('SIP_PASSWORD_PREFIX', 'is required when NODE_ENV=production (the development default is public)');
  if (prefix !== undefined && prefix.length === 0) throw new ConfigError('SIP_PASSWORD_PREFIX', 'must not be empty');
  const domain = env.SIP_DOMAIN;
  if (domain !== undefined && !/^[A-Za-z0-9.-]+$/.test(domain)) throw new ConfigError('SIP_DOMAIN', `must be a host name or address, got "${domain}"`);
  return { wsUrl: url(env, 'SIP_WS_URL', ['ws:', 'wss:']), domain: domain || undefined, passwordPrefix: prefix ?? 'cobranza-' };
}

function docsAccess(env: Env, production: boolean): Config['docs'] {
  const raw = env.DOCS_ENABLED;
  if (raw === undefined || raw === '') return production ? 'off' : 'public';
  if (/^admin$/i.test(raw)) return 'admin';
  return bool(env, 'DOCS_ENABLED', false) ? 'public' : 'off';
}

const VITE_DEV_ORIGINS = ['http://127.0.0.1:5173', 'http://localhost:5173'];

function allowedOrigins(env: Env, production: boolean): string[] {
  const publicUrl = url(env, 'PUBLIC_URL', ['http:', 'https:']);
  const listed = (env.ALLOWED_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean).map((raw, i) => {
    const u = URL.canParse(raw) ? new URL(raw) : undefined;
    if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) {
      throw new ConfigError('ALLOWED_ORIGINS', `entry ${i + 1} "${raw}" is not an http(s) origin such as https://cobranza.example.com`);
    }
    return u.origin;
  });
  return [...new Set([...(publicUrl ? [new URL(publicUrl).origin] : []), ...listed, ...(production ? [] : VITE_DEV_ORIGINS)])];
}

function metricsListen(env: Env): MetricsListen | null {
  try {
    return metricsListenFromEnv(env, DEFAULT_METRICS_PORTS.api);
  } catch (e) {
    if (e instanceof MetricsConfigError) throw new ConfigError(e.variable, e.message.replace(/^configuration \w+: /, ''));
    throw e;
  }
}

function logFormat(env: Env): LogFormat {
  try {
    return logFormatFromEnv(env);
  } catch {
    throw new ConfigError('LOG_FORMAT', `must be json or text, got "${env.LOG_FORMAT}"`);
  }
}

function telephony(env: Env, simulatedByDefault: boolean): Config['telephony'] {
  const raw = env.TELEPHONY;
  if (raw === undefined || raw === '') return simulatedByDefault ? 'simulated' : 'asterisk';
  if (raw !== 'asterisk' && raw !== 'simulated') throw new ConfigError('TELEPHONY', `must be asterisk or simulated, got "${raw}"`);
  return raw;
}

/** Where `npm start` keeps its embedded database: PGLITE_DIR, or .data/pglite in the working directory. */
export function pgliteDirOf(env: Env = process.env): string {
  return resolve(env.PGLITE_DIR || join(process.cwd(), '.data', 'pglite'));
}

export function loadConfig(env: Env = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const ariUrl = url(env, 'ARI_URL', ['http:', 'https:']);
  if (ariUrl && (!env.ARI_USER || !env.ARI_PASSWORD)) throw new ConfigError('ARI_USER', 'ARI_USER and ARI_PASSWORD are required when ARI_URL is set');
  const secret = env.SESSION_SECRET;
  if (secret !== undefined && secret.length < 16) throw new ConfigError('SESSION_SECRET', 'must be at least 16 characters');
  if (!secret && production) throw new ConfigError('SESSION_SECRET', 'is required when NODE_ENV=production');
  const country = (env.DEFAULT_COUNTRY ?? 'CO').toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) throw new ConfigError('DEFAULT_COUNTRY', 'must be an ISO 3166-1 alpha-2 code such as CO');
  return {
    port: int(env, 'PORT', 3000, 0, 65535),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    pgliteDir: pgliteDirOf(env),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    redisPrefix: env.REDIS_PREFIX ?? 'cobranza:',
    ari: ariUrl ? { url: ariUrl, user: env.ARI_USER!, password: env.ARI_PASSWORD!, app: env.ARI_APP ?? 'cobranza' } : undefined,
    twilio:
      env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN
        ? { accountSid: env.TWILIO_ACCOUNT_SID, authToken: env.TWILIO_AUTH_TOKEN, from: env.TWILIO_FROM }
        : undefined,
    sessionSecret: secret ?? randomBytes(32).toString('hex'),
    sessionSecretGenerated: !secret,
    sessionTtlSeconds: int(env, 'SESSION_TTL_SECONDS', 12 * 3600, 60, 30 * 24 * 3600),
    cookieSecure: bool(env, 'COOKIE_SECURE', production),
    login: {
      maxFailures: int(env, 'LOGIN_MAX_FAILURES', 5, 1, 1000),
      // a call center logs in from one NAT address: room for a floor of typos, not for guessing
      maxPerAddress: int(env, 'LOGIN_MAX_PER_ADDRESS', 30, 1, 100_000),
      windowSeconds: int(env, 'LOGIN_WINDOW_SECONDS', 15 * 60, 1, 24 * 3600),
    },
    defaultCountry: country,
    consoleDir: resolve(env.CONSOLE_DIR ?? join(process.cwd(), 'agent-console', 'dist')),
    seedDemo: bool(env, 'SEED_DEMO', !production),
    demoPassword: env.DEMO_PASSWORD,
    inProcessComponents: bool(env, 'IN_PROCESS_COMPONENTS', true),
    telephony: telephony(env, bool(env, 'IN_PROCESS_COMPONENTS', true) && !ariUrl),
    logLevel: env.LOG_LEVEL ?? 'info',
    logFormat: logFormat(env),
    metrics: metricsListen(env),
    publicUrl: url(env, 'PUBLIC_URL', ['http:', 'https:']),
    allowedOrigins: allowedOrigins(env, production),
    docs: docsAccess(env, production),
    trustProxy: bool(env, 'TRUST_PROXY', false),
    socketRecheckMs: int(env, 'SOCKET_RECHECK_MS', 30_000, 100, 3_600_000),
    sip: sipSettings(env, production),
    promiseGraceDays: int(env, 'PROMISE_GRACE_DAYS', 2, 0, 60),
    dailyTimeZone: zone(env, 'DAILY_TIME_ZONE', 'America/Bogota'),
    // 2 GiB holds several million rows; the ceiling keeps the count exact in a double
    importMaxBytes: int(env, 'IMPORT_MAX_BYTES', 2 * 1024 ** 3, 1, 2 ** 50),
  };
}

/** A throwaway directory for tests that need an embedded database. */
export const tempPgliteDir = (): string => join(tmpdir(), `cobranza-pglite-${randomBytes(4).toString('hex')}`);
