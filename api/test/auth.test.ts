import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { MemoryAttemptLimiter } from '../src/auth/limiter.js';
import { hashPassword, verifyPassword } from '../src/auth/password.js';
import { makeEnv, PASSWORD, type TestEnv } from './helpers.js';

let env: TestEnv;
beforeAll(async () => {
  env = await makeEnv('auth', { config: { LOGIN_MAX_PER_ADDRESS: '8' } });
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

  it('locks an account out after 3 failures, even for the right password and from another address, without locking others', async () => {
    for (let i = 0; i < 3; i++) expect((await login('admin@test.co', 'bad', '10.1.1.1')).statusCode).toBe(401);
    const locked = await login('admin@test.co', PASSWORD, '10.1.1.1');
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.json().i18n.es).toMatch(/Demasiados intentos/);
    // another source address gets no fresh tries at the locked account
    expect((await login('admin@test.co', PASSWORD, '10.1.1.2')).statusCode).toBe(429);
    // another account from the same address still works
    expect((await login('agent2@test.co', PASSWORD, '10.1.1.1')).statusCode).toBe(200);
  });

  const parallelGuesses = async (app: typeof env.app, email: string) => {
    await env.t.db.insertInto('users').values({ email, role: 'agent', name: 'Paralela', password_hash: await hashPassword(PASSWORD) }).execute();
    // 40 at once, each from its own address: only the account limit can stop them
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => app.inject({ method: 'POST', url: '/auth/login', payload: { email, password: `wrong-${i}` }, remoteAddress: `10.40.0.${i + 1}` })),
    );
    const codes = answers.map((r) => r.statusCode);
    const checked = await env.t.db.selectFrom('audit_log').select('id').where('action', '=', 'login_failed').where(sql<string>`details->>'email'`, '=', email).execute();
    return { unauthorized: codes.filter((c) => c === 401).length, tooMany: codes.filter((c) => c === 429).length, checked: checked.length };
  };

  it('lets at most the limit of 40 parallel wrong passwords reach the password check (Redis limiter)', async () => {
    const r = await parallelGuesses(env.app, 'parallel-redis@test.co');
    expect(r).toEqual({ unauthorized: 3, tooMany: 37, checked: 3 });
    expect((await login('parallel-redis@test.co', PASSWORD, '10.41.0.1')).statusCode).toBe(429);
  });

  it('lets at most the limit of 40 parallel wrong passwords reach the password check (in-process limiter)', async () => {
    const app = await buildApp({ ...env.deps, limiter: new MemoryAttemptLimiter(env.config.login.windowSeconds) });
    try {
      const r = await parallelGuesses(app, 'parallel-memory@test.co');
      expect(r).toEqual({ unauthorized: 3, tooMany: 37, checked: 3 });
      expect((await app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'parallel-memory@test.co', password: PASSWORD }, remoteAddress: '10.41.0.2' })).statusCode).toBe(429);
    } finally {
      await app.close();
    }
  });

  it('limits one address across accounts, and a successful login gives its attempt back', async () => {
    // 8 per address in this file: a floor of people logging in from one address is not locked out by their own logins
    for (let i = 0; i < 10; i++) expect((await login('agent2@test.co', PASSWORD, '10.50.0.1')).statusCode).toBe(200);
    for (let i = 0; i < 8; i++) expect((await login(`nobody-${i}@test.co`, 'bad', '10.50.0.1')).statusCode).toBe(401);
    expect((await login('agent2@test.co', PASSWORD, '10.50.0.1')).statusCode).toBe(429);
    expect((await login('agent2@test.co', PASSWORD, '10.50.0.2')).statusCode).toBe(200);
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

  it('refuses weak passwords with the reason in Spanish and English, on create and on change, writing nothing', async () => {
    const weak: Array<[string, string]> = [
      ['aaaaaaaaaa', 'too_few_distinct'],
      ['          ', 'blank'],
      ['password12', 'common'],
      ['Contraseña2024!', 'common'],
      ['abababababab', 'too_few_distinct'],
      ['1234567890', 'sequence'],
      ['qwertyuiop', 'sequence'],
      ['debil.fuerte-2026', 'contains_identity'],
    ];
    for (const [password, issue] of weak) {
      const res = await env.app.inject({ method: 'POST', url: '/users', headers: env.auth('admin'), payload: { email: 'debil.fuerte@test.co', name: 'Débil', password, role: 'agent' } });
      expect(res.statusCode, password).toBe(400);
      expect(res.json(), password).toMatchObject({ field: '/password', in: 'body', issue: `weak_password.${issue}`, i18n: { es: expect.stringMatching(/contraseña/i), en: expect.stringMatching(/password/i) } });
    }
    expect(await env.t.db.selectFrom('users').select('id').where('email', '=', 'debil.fuerte@test.co').executeTakeFirst()).toBeUndefined();
    const change = await env.app.inject({ method: 'PATCH', url: `/users/${env.users.agent2.id}`, headers: env.auth('admin'), payload: { password: 'password12' } });
    expect(change.json()).toMatchObject({ statusCode: 400, field: '/password', issue: 'weak_password.common' });
    expect((await login('agent2@test.co', 'password12', '10.60.0.1')).statusCode).toBe(401);
    // a varied password is accepted
    const ok = await env.app.inject({ method: 'POST', url: '/users', headers: env.auth('admin'), payload: { email: 'debil.fuerte@test.co', name: 'Débil', password: 'río-verde 7 montañas', role: 'agent' } });
    expect(ok.statusCode, ok.body).toBe(201);
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
    // different accounts, so only the per-address limit (8 here) can lock: a forged header must not reset it
    for (let i = 0; i < 8; i++) {
      const res = await env.app.inject({ method: 'POST', url: '/auth/login', payload: { email: `xff-${i}@test.co`, password: 'bad' }, remoteAddress: '10.9.9.9', headers: { 'x-forwarded-for': `192.0.2.${i}` } });
      expect(res.statusCode).toBe(401);
    }
    const locked = await env.app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'super@test.co', password: PASSWORD }, remoteAddress: '10.9.9.9', headers: { 'x-forwarded-for': '192.0.2.77' } });
    expect(locked.statusCode).toBe(429);
  });
});
