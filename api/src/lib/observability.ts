// The API's share of observability: request durations by route pattern for /metrics, the /metrics listener
// itself (never on the public port), and Fastify's log as the platform's structured lines (LOG_FORMAT).
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { formatRecord, type LogFormat, type LogLevel, type LogRecord } from '@cobranza/domain/format/log';
import { redactForLog, redactText } from '@cobranza/domain/format/redact';
import { observeHttpRequest, serveMetrics, type MetricsListen, type MetricsServer } from '@cobranza/metrics';

/** Every answered request, labelled by its route's pattern (/debtors/:id), never by its URL. */
export function installHttpMetrics(app: FastifyInstance): void {
  app.addHook('onResponse', (req, reply, done) => {
    observeHttpRequest(req.method, req.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}

const LEVELS: Record<string, LogLevel> = { trace: 'debug', debug: 'debug', info: 'info', warn: 'warn', error: 'error', fatal: 'error' };

type Serializers = Record<string, (value: never) => unknown>;

/** An error as a log field: its kind, and its message and stack through the redactor (they may quote a number). */
function errorField(e: unknown): unknown {
  if (!(e instanceof Error)) return e;
  return { type: e.name, message: redactText(e.message), ...(e.stack ? { stack: redactText(e.stack) } : {}), ...('code' in e ? { code: e.code } : {}) };
}

/**
 * A log call's object as `fields`: pino runs formatters.log before its serializers, and the fields are
 * nested here, so the serializers (the request's masked URL, the reply's status) are applied first, here.
 * A key without a serializer goes to the redactor as it is: never a raw request with its headers.
 */
function fieldsOf(obj: Record<string, unknown>, serializers: Serializers): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    const ser = serializers[k];
    out[k] = ser ? ser(v as never) : k === 'err' || v instanceof Error ? errorField(v) : v;
  }
  return redactForLog(out) as Record<string, unknown>;
}

/**
 * Fastify's (pino's) options for the platform's log lines: `{time, level, process, message, fields}` with
 * the fields through the one redactor, as JSON, or as the same text the other processes print.
 */
export function fastifyLogOptions(format: LogFormat, serializers: Serializers): Omit<Exclude<FastifyServerOptions['logger'], boolean | undefined>, 'level'> {
  const all: Serializers = { res: (reply: { statusCode?: number }) => ({ statusCode: reply.statusCode }), ...serializers };
  return {
    messageKey: 'message',
    base: { process: 'api' },
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    formatters: {
      level: (label: string) => ({ level: LEVELS[label] ?? 'info' }),
      log: (obj: Record<string, unknown>) => (Object.keys(obj).length ? { fields: fieldsOf(obj, all) } : {}),
    },
    hooks: {
      // the message too: an error's text may quote a number
      logMethod(args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? redactText(a) : a)));
      },
    },
    ...(format === 'text' ? { stream: { write: (line: string) => void process.stdout.write(`${textOf(line)}\n`) } } : {}),
  };
}

function textOf(line: string): string {
  try {
    return formatRecord(JSON.parse(line) as LogRecord, 'text');
  } catch {
    return line.trimEnd();
  }
}

/** Starts the /metrics listener; a port taken is logged and the API runs on without it. */
export async function startMetricsListener(listen: MetricsListen | null, warn: (msg: string) => void): Promise<MetricsServer | undefined> {
  if (!listen) return undefined;
  try {
    return await serveMetrics(listen);
  } catch (e) {
    warn(`metrics not served on ${listen.host}:${listen.port}: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}
