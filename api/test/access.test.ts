// Every registered route, walked from the app's own route table: 401 without a session, 403 for each
// role it does not allow. A new route is covered by this test the moment it is registered.
import { ROLES, type Role } from '@cobranza/contracts';
import { REPORT_NAMES } from '@cobranza/contracts/api';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installGuard } from '../src/auth/guard.js';
import { makeEnv, type TestEnv } from './helpers.js';

let env: TestEnv;
beforeAll(async () => {
  env = await makeEnv('access');
}, 60_000);
afterAll(async () => env?.close());

const ROLE_USER: Record<Role, 'agent' | 'supervisor' | 'admin'> = { agent: 'agent', supervisor: 'supervisor', admin: 'admin' };
const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000').replace(/\*$/, 'x');

describe('route table', () => {
  it('has the expected routes, each with a declared access', () => {
    const table = env.app.routeTable.filter((r) => r.method !== 'HEAD');
    const byKey = new Map(table.map((r) => [`${r.method} ${r.url}`, r.roles]));
    expect(byKey.get('POST /auth/login')).toBe('public');
    expect(byKey.get('GET /health')).toBe('public');
    expect(byKey.get('GET /users')).toEqual(['admin']);
    expect(byKey.get('PATCH /campaigns/:id/settings')).toEqual(['supervisor', 'admin']);
    expect(byKey.get('POST /calls/:callId/disposition')).toEqual([...ROLES]);
    expect(byKey.get('PUT /campaigns/:id/agents')).toEqual(['supervisor', 'admin']);
    expect(byKey.get('GET /campaigns/:id/agents/choices')).toEqual(['supervisor', 'admin']);
    expect(byKey.get('GET /debtors')).toEqual([...ROLES]);
    // the Campaigns desk: supervisors and admins only
    for (const r of ['GET /campaigns/overview', 'GET /campaigns/:id/hopper', 'GET /campaigns/:id/dialing-status']) expect(byKey.get(r), r).toEqual(['supervisor', 'admin']);
    // the segment and strategy editors: admins only
    for (const r of ['POST /segments/preview', 'PUT /segments', 'POST /strategies/sms-preview']) expect(byKey.get(r), r).toEqual(['admin']);
    // the reports: supervisors and admins only, JSON and CSV alike
    for (const name of REPORT_NAMES) for (const ext of ['', '.csv']) expect(byKey.get(`GET /reports/${name}${ext}`), name + ext).toEqual(['supervisor', 'admin']);
    // the supervisor's callbacks due
    expect(byKey.get('GET /callbacks/due')).toEqual(['supervisor', 'admin']);
    expect(byKey.get('GET /ivr/prompts/:owner/:promptId/:lang/audio')).toEqual(['supervisor', 'admin']);
    // the API reference is open in development (DOCS_ENABLED decides; security-headers.test.ts covers admin and off)
    expect(byKey.get('GET /docs/json')).toBe('public');
    expect(table.length).toBeGreaterThan(35);
  });

  it('answers 401 without a session on every protected route', async () => {
    const protectedRoutes = env.app.routeTable.filter((r) => r.roles !== 'public' && r.method !== 'HEAD');
    const failures: string[] = [];
    for (const r of protectedRoutes) {
      const res = await env.app.inject({ method: r.method as 'GET', url: concrete(r.url) });
      if (res.statusCode !== 401) failures.push(`${r.method} ${r.url} → ${res.statusCode}`);
      const withBadToken = await env.app.inject({ method: r.method as 'GET', url: concrete(r.url), headers: { authorization: 'Bearer forged-token' } });
      if (withBadToken.statusCode !== 401) failures.push(`${r.method} ${r.url} (forged token) → ${withBadToken.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it('answers 403 on every route for every role it does not allow', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const r of env.app.routeTable) {
      if (r.roles === 'public' || r.method === 'HEAD') continue;
      for (const role of ROLES.filter((x) => !(r.roles as readonly Role[]).includes(x))) {
        checked++;
        const res = await env.app.inject({ method: r.method as 'GET', url: concrete(r.url), headers: env.auth(ROLE_USER[role]) });
        if (res.statusCode !== 403) failures.push(`${r.method} ${r.url} as ${role} → ${res.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(30);
  });

  it('lets an allowed role past the guard (the answer is not 401/403)', async () => {
    const failures: string[] = [];
    for (const r of env.app.routeTable) {
      if (r.roles === 'public' || r.method !== 'GET') continue;
      const role = (r.roles as readonly Role[])[0]!;
      const res = await env.app.inject({ method: 'GET', url: concrete(r.url), headers: env.auth(ROLE_USER[role]) });
      if (res.statusCode === 401 || res.statusCode === 403) failures.push(`${r.url} as ${role} → ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('security by construction', () => {
  it('refuses to register a route that declares no roles', async () => {
    const app = Fastify();
    installGuard(app, { db: env.t.db, sessions: env.deps.sessions, config: env.config });
    expect(() => app.get('/oops', async () => 'open to all?')).toThrow(/declares no roles/);
    // and inside a plugin, the app fails to start
    const c = Fastify();
    installGuard(c, { db: env.t.db, sessions: env.deps.sessions, config: env.config });
    void c.register(async (child) => {
      child.post('/nested', async () => 'open?');
    });
    await expect(c.ready()).rejects.toThrow(/POST \/nested declares no roles/);
  });

  it('refuses an unknown role and an empty role list', async () => {
    const a = Fastify();
    installGuard(a, { db: env.t.db, sessions: env.deps.sessions, config: env.config });
    expect(() => a.get('/x', { config: { roles: ['root' as Role] } }, async () => 'x')).toThrow(/unknown role "root"/);
    const b = Fastify();
    installGuard(b, { db: env.t.db, sessions: env.deps.sessions, config: env.config });
    expect(() => b.get('/y', { config: { roles: [] } }, async () => 'y')).toThrow(/declares no roles/);
  });
});
