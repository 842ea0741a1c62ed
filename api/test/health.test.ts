// /health against the real dependencies: Postgres, Redis and the Asterisk that scripts/services.sh runs.
import { randomBytes } from 'node:crypto';
import { RedisBus } from '@cobranza/bus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { ariHealthCheck } from '../src/routes/health.js';
import { makeEnv, type TestEnv } from './helpers.js';

const ARI = {
  url: process.env.TEST_ARI_URL ?? 'http://127.0.0.1:8088',
  user: process.env.TEST_ARI_USER ?? 'cobranza',
  password: process.env.TEST_ARI_PASSWORD ?? 'cobranza-dev-ari',
};

let env: TestEnv;
beforeAll(async () => {
  env = await makeEnv('health');
}, 60_000);
afterAll(async () => env?.close());

describe('GET /health', () => {
  it('answers 200 with each dependency when everything required is up, without a session', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status).toBe('ok');
    expect(body.dependencies.database).toMatchObject({ status: 'ok', kind: 'postgres', required: true });
    expect(body.dependencies.database.latencyMs).toBeGreaterThanOrEqual(0);
    expect(body.dependencies.bus).toMatchObject({ status: 'ok', kind: 'redis' });
    expect(body.dependencies.sessions).toMatchObject({ status: 'ok', kind: 'redis' });
    expect(body.dependencies.asterisk).toEqual({ status: 'not_configured', required: false });
    expect(body.dependencies.dialer).toEqual({ status: 'not_running', required: false });
  });

  it('reports a configured Asterisk through ARI, and 503 when ARI refuses the credentials', async () => {
    env.deps.healthChecks.set('asterisk', ariHealthCheck(ARI));
    const up = await env.app.inject({ method: 'GET', url: '/health' });
    expect(up.json().dependencies.asterisk).toMatchObject({ status: 'ok', required: true, kind: 'ari' });
    expect(up.statusCode).toBe(200);

    env.deps.healthChecks.set('asterisk', ariHealthCheck({ ...ARI, password: 'wrong' }));
    const down = await env.app.inject({ method: 'GET', url: '/health' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ status: 'degraded', dependencies: { asterisk: { status: 'down', error: expect.stringMatching(/401/) } } });
    env.deps.healthChecks.delete('asterisk');
  });

  it('answers 503 naming the bus when Redis cannot be reached', async () => {
    const deadBus = new RedisBus({ url: 'redis://127.0.0.1:1', prefix: `test:dead:${randomBytes(3).toString('hex')}:` });
    const app = await buildApp({ ...env.deps, bus: deadBus });
    try {
      const res = await app.inject({ method: 'GET', url: '/health' });
      expect(res.statusCode).toBe(503);
      expect(res.json().dependencies.bus).toMatchObject({ status: 'down', kind: 'redis' });
      expect(res.json().dependencies.database.status).toBe('ok');
    } finally {
      await app.close();
      await deadBus.close();
    }
  });

  it('serves the OpenAPI document at /docs', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/auth/login', '/debtors/{id}/history', '/calls/{callId}/disposition', '/campaigns/{id}/settings']));
  });
});
