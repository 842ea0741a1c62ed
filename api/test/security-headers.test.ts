// Security headers on every answer, a CSP the console, Socket.IO, the softphone and /docs live with, HSTS only
// behind TLS, and /docs open, admin-only or off by configuration.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { makeEnv, testConfig, type TestEnv } from './helpers.js';

let env: TestEnv;
beforeAll(async () => {
  env = await makeEnv('headers', { config: { SIP_WS_URL: 'wss://pbx.example.com:8089/ws' } });
}, 60_000);
afterAll(async () => env?.close());

/** The same deps with other settings: one database and Redis for the whole file. */
async function appWith(settings: Record<string, string>) {
  return buildApp({ ...env.deps, config: testConfig(env.prefix, settings) });
}

const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([k, ...v]) => [k!, v]));

describe('security headers', () => {
  it('sends nosniff, no framing and a CSP on API answers, errors included', async () => {
    for (const url of ['/health', '/auth/me', '/no-such-route']) {
      const res = await env.app.inject({ method: 'GET', url, headers: { host: 'cobranza.local:3000' } });
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      expect(res.headers['referrer-policy'], url).toBe('no-referrer');
      const csp = directives(String(res.headers['content-security-policy']));
      expect(csp.get('default-src'), url).toEqual(["'self'"]);
      expect(csp.get('script-src'), url).toEqual(["'self'"]);
      expect(csp.get('frame-ancestors'), url).toEqual(["'none'"]);
      expect(csp.get('object-src'), url).toEqual(["'none'"]);
    }
  });

  it("lets the console connect to itself (Socket.IO over ws/wss) and to the softphone's WebSocket, nothing else", async () => {
    const res = await env.app.inject({ method: 'GET', url: '/health', headers: { host: 'cobranza.local:3000' } });
    const csp = directives(String(res.headers['content-security-policy']));
    expect(csp.get('connect-src')).toEqual(["'self'", 'ws://cobranza.local:3000', 'wss://cobranza.local:3000', 'wss://pbx.example.com:8089']);
    // without SIP_WS_URL the softphone goes to the console's host on 8088, as GET /auth/sip says
    const dev = await appWith({});
    try {
      const r = await dev.inject({ method: 'GET', url: '/health', headers: { host: '192.168.1.20:3000' } });
      expect(directives(String(r.headers['content-security-policy'])).get('connect-src')).toContain('ws://192.168.1.20:8088');
    } finally {
      await dev.close();
    }
  });

  it('sends HSTS and upgrade-insecure-requests only behind TLS (COOKIE_SECURE)', async () => {
    const plain = await env.app.inject({ method: 'GET', url: '/health' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    expect(String(plain.headers['content-security-policy'])).not.toMatch(/upgrade-insecure-requests/);
    const tls = await appWith({ COOKIE_SECURE: 'true' });
    try {
      const res = await tls.inject({ method: 'GET', url: '/health' });
      expect(res.headers['strict-transport-security']).toBe('max-age=15552000; includeSubDomains');
      expect(String(res.headers['content-security-policy'])).toMatch(/upgrade-insecure-requests/);
    } finally {
      await tls.close();
    }
  });
});

describe('/docs', () => {
  it('is open by default in development', async () => {
    expect((await env.app.inject({ method: 'GET', url: '/docs/json' })).statusCode).toBe(200);
    expect((await env.app.inject({ method: 'GET', url: '/docs' })).statusCode).toBe(200);
  });

  it('is off by default in production, and with DOCS_ENABLED=false', async () => {
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), SIP_PASSWORD_PREFIX: 'p-' }).docs).toBe('off');
    const off = await appWith({ DOCS_ENABLED: 'false' });
    try {
      for (const url of ['/docs', '/docs/json', '/docs/static/index.html']) expect((await off.inject({ method: 'GET', url })).statusCode, url).toBe(404);
    } finally {
      await off.close();
    }
  });

  it('is for admins only with DOCS_ENABLED=admin (401 without a session, 403 for an agent)', async () => {
    const admin = await appWith({ DOCS_ENABLED: 'admin' });
    try {
      expect((await admin.inject({ method: 'GET', url: '/docs/json' })).statusCode).toBe(401);
      expect((await admin.inject({ method: 'GET', url: '/docs/json', headers: env.auth('agent') })).statusCode).toBe(403);
      expect((await admin.inject({ method: 'GET', url: '/docs/json', headers: env.auth('supervisor') })).statusCode).toBe(403);
      expect((await admin.inject({ method: 'GET', url: '/docs/json', headers: env.auth('admin') })).statusCode).toBe(200);
      const docs = admin.routeTable.filter((r) => r.url.startsWith('/docs'));
      expect(docs.length).toBeGreaterThan(3);
      expect(docs.every((r) => r.roles !== 'public')).toBe(true);
    } finally {
      await admin.close();
    }
  });

  it('refuses a bad DOCS_ENABLED value, naming it', () => {
    expect(() => loadConfig({ DOCS_ENABLED: 'maybe' })).toThrow(/DOCS_ENABLED/);
  });
});
