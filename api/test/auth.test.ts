import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../src/auth/password.js';
import { makeEnv, PASSWORD, type TestEnv } from './helpers.js';

let env: TestEnv;
beforeAll(async () => {
  env = await makeEnv('auth');
}, 60_000);
afterAll(async () => env?.close());

const login = (email: string, password: string, ip = '10.0.0.1') =>
  env.app.inject({ method: 'POST', url: '/auth/login', payload: { email, password }, remoteAddress: ip });

describe('passwords', () => {
  it('hashes with a random salt and verifies only the right password', async () => {
    const a = await hashPassword('s3cret-password');
    const b = await hashPassword('s3cret-password');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('s3cret-password', a)).toBe(true);
    expect(await verifyPassword('s3cret-passworD', a)).toBe(false);
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
  });
});

describe('login', () => {
  it('returns a token and sets an HttpOnly session cookie; both authenticate /auth/me', async () => {
    const res = await login('AGENT@test.co', PASSWORD);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toMatchObject({ email: 'agent@test.co', role: 'agent' });
    expect(body.user.password_hash).toBeUndefined();
    const cookie = res.cookies.find((c) => c.name === 'cobranza_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.value).toBe(body.token);

    const byBearer = await env.app.inject({ method: 'GET', url: '/auth/me', headers: { authorization: `Bearer ${body.token}` } });
    expect(byBearer.json().email).toBe('agent@test.co');
    const byCookie = await env.app.inject({ method: 'GET', url: '/auth/me', cookies: { cobranza_session: body.token } });
    expect(byCookie.statusCode).toBe(200);
  });

  it('refuses a wrong password and an unknown email with the same 401', async () => {
    const wrong = await login('supervisor-unused@test.co', 'nope', '10.0.0.9');
    const bad = await login('super@test.co', 'wrong password', '10.0.0.9');
    expect(wrong.statusCode).toBe(401);
    expect(bad.statusCode).toBe(401);
    expect(bad.json().code).toBe('BAD_CREDENTIALS');
    expect(wrong.json().message).toBe(bad.json().message);
  });

  it('locks an email+address out after 3 failures, even for the right password, without locking others', async () => {
    for (let i = 0; i < 3; i++) expect((await login('admin@test.co', 'bad', '10.1.1.1')).statusCode).toBe(401);
    const locked = await login('admin@test.co', PASSWORD, '10.1.1.1');
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // the same account from another address, and another account from the same address, still work
    expect((await login('admin@test.co', PASSWORD, '10.1.1.2')).statusCode).toBe(200);
    expect((await login('agent2@test.co', PASSWORD, '10.1.1.1')).statusCode).toBe(200);
  });

  it('logout ends the session', async () => {
    const { token } = (await login('agent2@test.co', PASSWORD, '10.2.0.1')).json();
    const h = { authorization: `Bearer ${token}` };
    expect((await env.app.inject({ method: 'POST', url: '/auth/logout', headers: h })).statusCode).toBe(200);
    expect((await env.app.inject({ method: 'GET', url: '/auth/me', headers: h })).statusCode).toBe(401);
  });

  it('records logins and failed logins in the audit log', async () => {
    const rows = await env.t.db.selectFrom('audit_log').select(['action', 'user_id']).where('action', 'in', ['login', 'login_failed']).execute();
    expect(rows.filter((r) => r.action === 'login').length).toBeGreaterThan(3);
    expect(rows.some((r) => r.action === 'login_failed' && r.user_id === env.users.admin.id)).toBe(true);
  });
});

describe('users (admin)', () => {
  it('creates a user who can log in, audits a role change, and a deactivation ends their sessions', async () => {
    const created = await env.app.inject({
      method: 'POST',
      url: '/users',
      headers: env.auth('admin'),
      payload: { email: 'nuevo@test.co', name: 'Nuevo', password: 'una clave larga', role: 'agent', sipEndpoint: 'agent9' },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const { token } = (await login('nuevo@test.co', 'una clave larga', '10.3.0.1')).json();

    const promoted = await env.app.inject({ method: 'PATCH', url: `/users/${id}`, headers: env.auth('admin'), payload: { role: 'supervisor' } });
    expect(promoted.json().role).toBe('supervisor');
    const audit = await env.t.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.role_change').where('entity_id', '=', id).executeTakeFirstOrThrow();
    expect(audit.user_id).toBe(env.users.admin.id);
    expect(audit.details).toEqual({ from: 'agent', to: 'supervisor' });
    // the new role applies to the open session at once
    const me = await env.app.inject({ method: 'GET', url: '/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.json().role).toBe('supervisor');

    await env.app.inject({ method: 'PATCH', url: `/users/${id}`, headers: env.auth('admin'), payload: { active: false } });
    expect((await env.app.inject({ method: 'GET', url: '/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    expect((await login('nuevo@test.co', 'una clave larga', '10.3.0.2')).statusCode).toBe(401);
  });

  it('rejects a short password and a duplicate email with the field', async () => {
    const short = await env.app.inject({ method: 'POST', url: '/users', headers: env.auth('admin'), payload: { email: 'x@test.co', name: 'X', password: 'short', role: 'agent' } });
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({ field: '/password', in: 'body' });
    const dup = await env.app.inject({ method: 'POST', url: '/users', headers: env.auth('admin'), payload: { email: 'agent@test.co', name: 'X', password: 'long enough pw', role: 'agent' } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().field).toBe('/email');
  });

  it('DELETE deactivates (never deletes) a user; an admin cannot deactivate themselves', async () => {
    const u = (await env.app.inject({ method: 'POST', url: '/users', headers: env.auth('admin'), payload: { email: 'baja@test.co', name: 'Baja', password: 'otra clave larga', role: 'agent' } })).json();
    const res = await env.app.inject({ method: 'DELETE', url: `/users/${u.id}`, headers: env.auth('admin') });
    expect(res.json()).toMatchObject({ id: u.id, active: false });
    expect((await login('baja@test.co', 'otra clave larga', '10.4.0.1')).statusCode).toBe(401);
    const self = await env.app.inject({ method: 'DELETE', url: `/users/${env.users.admin.id}`, headers: env.auth('admin') });
    expect(self.json()).toMatchObject({ statusCode: 400, in: 'params', field: '/id' });
  });
});

describe('audit log', () => {
  it('shows supervisors who did what, newest first, filtered by entity', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/audit?entity=user&action=user.role_change', headers: env.auth('supervisor') });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<{ action: string; userEmail: string; details: unknown }>;
    expect(items.length).toBe(1);
    expect(items[0]).toMatchObject({ action: 'user.role_change', userEmail: 'admin@test.co', details: { from: 'agent', to: 'supervisor' } });
    const all = (await env.app.inject({ method: 'GET', url: '/audit?limit=500', headers: env.auth('admin') })).json().items as Array<{ id: number }>;
    expect(all.map((i) => i.id)).toEqual([...all.map((i) => i.id)].sort((a, b) => b - a));
  });
});

describe('client address', () => {
  it('ignores X-Forwarded-For unless TRUST_PROXY is set, so the login limiter cannot be dodged with a header', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await env.app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'super@test.co', password: 'bad' }, remoteAddress: '10.9.9.9', headers: { 'x-forwarded-for': `192.0.2.${i}` } });
      expect(res.statusCode).toBe(401);
    }
    const locked = await env.app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'super@test.co', password: PASSWORD }, remoteAddress: '10.9.9.9', headers: { 'x-forwarded-for': '192.0.2.77' } });
    expect(locked.statusCode).toBe(429);
  });
});
