// Every process's log: one JSON object per line (time, level, process, message, fields) so a collector can
// take the lines of many dialers, API instances and IVRs, or readable text for a developer's terminal.
// Every line goes through redact.ts, the one redactor: personal keys masked, phone numbers and e-mail
// addresses masked wherever they appear in the message or the fields.
import { redactForLog, redactText } from './redact.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFormat = 'json' | 'text';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LogRecord {
  time: string;
  level: LogLevel;
  process: string;
  message: string;
  fields?: Record<string, unknown>;
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** The same logger with these fields on every line (a component, a campaign id). */
  child(fields: Record<string, unknown>): Logger;
}

/**
 * LOG_FORMAT=json|text. Unset: json with NODE_ENV=production (collected), text otherwise (a terminal).
 * Anything else is refused, so a typo does not silently send text lines to a JSON collector.
 */
export function logFormatFromEnv(env: Record<string, string | undefined> = process.env): LogFormat {
  const raw = env.LOG_FORMAT;
  if (raw === undefined || raw === '') return env.NODE_ENV === 'production' ? 'json' : 'text';
  if (raw === 'json' || raw === 'text') return raw;
  throw new Error(`LOG_FORMAT must be json or text, got "${raw}"`);
}

/** LOG_LEVEL: debug, info (default), warn or error; pino's trace/fatal map to the nearest. */
export function logLevelFromEnv(env: Record<string, string | undefined> = process.env): LogLevel {
  const raw = (env.LOG_LEVEL ?? '').toLowerCase();
  if (raw === 'trace' || raw === 'debug') return 'debug';
  if (raw === 'warn' || raw === 'error') return raw;
  if (raw === 'fatal') return 'error';
  return 'info';
}

/** The record with its message and fields redacted. */
export function redactRecord(r: LogRecord): LogRecord {
  const out: LogRecord = { time: r.time, level: r.level, process: r.process, message: redactText(r.message) };
  if (r.fields && Object.keys(r.fields).length > 0) out.fields = redactForLog(r.fields) as Record<string, unknown>;
  return out;
}

/** One line (no newline) of an already redacted record. */
export function formatRecord(r: LogRecord, format: LogFormat): string {
  if (format === 'json') return JSON.stringify(r);
  const fields = r.fields && Object.keys(r.fields).length > 0 ? ` ${JSON.stringify(r.fields)}` : '';
  return `${r.time.slice(11, 23)} ${r.level.toUpperCase().padEnd(5)} [${r.process}] ${r.message}${fields}`;
}

export interface LoggerOptions {
  process: string;
  format?: LogFormat;
  level?: LogLevel;
  /** Where a finished line goes (default stdout; warn and error too, so one stream keeps the order). */
  write?: (line: string) => void;
  now?: () => Date;
}

export function createLogger(opts: LoggerOptions, bound: Record<string, unknown> = {}): Logger {
  const format = opts.format ?? logFormatFromEnv();
  const min = RANK[opts.level ?? logLevelFromEnv()];
  const write = opts.write ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const now = opts.now ?? (() => new Date());
  const emit = (level: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (RANK[level] < min) return;
    const all = fields ? { ...bound, ...fields } : bound;
    write(formatRecord(redactRecord({ time: now().toISOString(), level, process: opts.process, message, fields: all }), format));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (f) => createLogger(opts, { ...bound, ...f }),
  };
}
