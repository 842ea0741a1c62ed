import { sql } from 'kysely';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type DependencyHealth, HealthResponse } from '@cobranza/contracts/api';
import type { AppDeps } from '../deps.js';

const API_VERSION = '0.1.0';
const CHECK_TIMEOUT_MS = 2000;

async function timed(fn: () => Promise<unknown>): Promise<{ ok: true; latencyMs: number } | { ok: false; error: string }> {
  const t0 = performance.now();
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS).unref()),
    ]);
    return { ok: true, latencyMs: Math.round((performance.now() - t0) * 100) / 100 };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

function result(r: Awaited<ReturnType<typeof timed>>, base: Pick<DependencyHealth, 'required' | 'kind'>): DependencyHealth {
  return r.ok ? { ...base, status: 'ok', latencyMs: r.latencyMs } : { ...base, status: 'down', error: r.error };
}

/** ARI answers GET /ari/asterisk/info with basic auth when Asterisk is up and the credentials are right. */
export function ariHealthCheck(ari: { url: string; user: string; password: string }) {
  return async (): Promise<DependencyHealth> => {
    const r = await timed(async () => {
      const res = await fetch(new URL('/ari/asterisk/info', ari.url), {
        headers: { authorization: `Basic ${Buffer.from(`${ari.user}:${ari.password}`).toString('base64')}` },
        signal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
      });
      if (!res.ok) throw new Error(`ARI answered HTTP ${res.status}`);
    });
    return result(r, { required: true, kind: 'ari' });
  };
}

export const healthRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const started = Date.now();
  app.get(
    '/health',
    {
      config: { public: true },
      schema: { tags: ['health'], summary: 'Each dependency and whether the platform can serve', response: { 200: HealthResponse, 503: HealthResponse } },
    },
    async (_req, reply) => {
      const [database, bus, sessions] = await Promise.all([
        // the embedded database's one connection is held by an import for minutes: ping between its statements
        timed(() => (deps.dbPing ? deps.dbPing() : sql`select 1`.execute(deps.db))),
        timed(() => deps.bus.ping()),
        timed(() => deps.sessions.ping()),
      ]);
      const dependencies: Record<string, DependencyHealth> = {
        database: result(database, { required: true, kind: deps.dbKind }),
        bus: result(bus, { required: true, kind: deps.bus.kind }),
        sessions: result(sessions, { required: true, kind: deps.sessions.kind }),
      };
      if (!deps.healthChecks.has('asterisk')) dependencies.asterisk = { status: 'not_configured', required: false };
      for (const name of ['dialer', 'ivr']) if (!deps.healthChecks.has(name)) dependencies[name] = { status: 'not_running', required: false };
      const extra = await Promise.all(
        [...deps.healthChecks].map(async ([name, check]) => {
          try {
            return [name, await check()] as const;
          } catch (e) {
            return [name, { status: 'down', required: true, error: e instanceof Error ? e.message : String(e) } satisfies DependencyHealth] as const;
          }
        }),
      );
      for (const [name, h] of extra) dependencies[name] = h;
      const healthy = Object.values(dependencies).every((d) => !d.required || d.status === 'ok');
      return reply.code(healthy ? 200 : 503).send({
        status: healthy ? 'ok' : 'degraded',
        version: API_VERSION,
        uptimeSeconds: Math.round((Date.now() - started) / 1000),
        dependencies,
      });
    },
  );
};
