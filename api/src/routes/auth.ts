import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, LoginBody, LoginResponse, Ok, User } from '@cobranza/contracts/api';
import { audit } from '../audit.js';
import { ANY_ROLE, currentUser, SESSION_COOKIE } from '../auth/guard.js';
import { decoyHash, verifyPassword } from '../auth/password.js';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { userDto } from './users.js';

export const authRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db, sessions, limiter, config } = deps;

  app.post(
    '/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Log in with email and password: sets the session cookie and returns a bearer token',
        body: LoginBody,
        response: { 200: LoginResponse, 401: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (req, reply) => {
      const email = req.body.email.trim().toLowerCase();
      const key = `${email}|${req.ip}`;
      const seen = await limiter.peek(key);
      if (seen.count >= config.login.maxFailures) {
        throw new ApiError(429, 'TOO_MANY_ATTEMPTS', `too many failed logins; try again in ${seen.resetInSeconds} s`, {
          headers: { 'retry-after': String(Math.max(1, seen.resetInSeconds)) },
        });
      }
      const user = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
      // verify against a decoy when the email is unknown: the answer takes as long either way
      const ok = await verifyPassword(req.body.password, user?.password_hash ?? (await decoyHash()));
      if (!user || !ok || !user.active) {
        await limiter.fail(key);
        await audit(db, { userId: user?.id ?? null, action: 'login_failed', entity: 'user', entityId: user?.id ?? null, details: { email, ip: req.ip } });
        throw new ApiError(401, 'BAD_CREDENTIALS', 'wrong email or password');
      }
      await limiter.reset(key);
      const { token, session } = await sessions.create(user.id);
      await audit(db, { userId: user.id, action: 'login', entity: 'user', entityId: user.id, details: { ip: req.ip } });
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: config.cookieSecure,
        path: '/',
        maxAge: config.sessionTtlSeconds,
      });
      return { token, expiresAt: session.expiresAt, user: userDto(user) };
    },
  );

  app.post(
    '/auth/logout',
    { config: { roles: ANY_ROLE }, schema: { tags: ['auth'], summary: 'End this session', response: { 200: Ok } } },
    async (req, reply) => {
      const user = currentUser(req);
      if (req.sessionToken) await sessions.destroy(req.sessionToken);
      await audit(db, { userId: user.id, action: 'logout', entity: 'user', entityId: user.id });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  );

  app.get(
    '/auth/me',
    { config: { roles: ANY_ROLE }, schema: { tags: ['auth'], summary: 'The logged-in user', response: { 200: User } } },
    async (req) => userDto(await db.selectFrom('users').selectAll().where('id', '=', currentUser(req).id).executeTakeFirstOrThrow()),
  );
};
