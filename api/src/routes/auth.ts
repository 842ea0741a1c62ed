import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { agentSipPassword } from '@cobranza/asterisk-config/env';
import { ErrorResponse, LoginBody, LoginResponse, Ok, SipCredentials, User } from '@cobranza/contracts/api';
import { audit } from '../audit.js';
import { ANY_ROLE, currentUser, SESSION_COOKIE } from '../auth/guard.js';
import { decoyHash, verifyPassword } from '../auth/password.js';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { defaultSipWsUrl } from '../security-headers.js';
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
      // per account whatever the address (another address gets no fresh tries), and per address across accounts
      const accountKey = `account:${email}`;
      const addressKey = `address:${req.ip}`;
      // taken before the password is checked, atomically: parallel guesses cannot all slip under the limit
      const [account, address] = await Promise.all([limiter.take(accountKey), limiter.take(addressKey)]);
      const over = account.count > config.login.maxFailures ? account : address.count > config.login.maxPerAddress ? address : undefined;
      if (over) {
        // refused before the check: neither allowance is used up by it
        await Promise.all([limiter.release(accountKey), limiter.release(addressKey)]);
        throw new ApiError(429, 'TOO_MANY_ATTEMPTS', `too many failed logins; try again in ${over.resetInSeconds} s`, {
          headers: { 'retry-after': String(over.resetInSeconds) },
          i18n: {
            es: `Demasiados intentos fallidos de inicio de sesión; intente de nuevo en ${over.resetInSeconds} s.`,
            en: `Too many failed logins; try again in ${over.resetInSeconds} s.`,
          },
        });
      }
      const user = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
      // verify against a decoy when the email is unknown: the answer takes as long either way
      const ok = await verifyPassword(req.body.password, user?.password_hash ?? (await decoyHash()));
      if (!user || !ok || !user.active) {
        await audit(db, { userId: user?.id ?? null, action: 'login_failed', entity: 'user', entityId: user?.id ?? null, details: { email, ip: req.ip } });
        throw new ApiError(401, 'BAD_CREDENTIALS', 'wrong email or password');
      }
      await Promise.all([limiter.reset(accountKey), limiter.release(addressKey)]);
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
      // the consoles of this session close now, on whichever API instance holds them (not at the next re-check)
      await deps.bus.publish('session.ended', { userId: user.id, reason: 'logout' }).catch((e: unknown) => req.log.warn({ err: e }, 'session.ended not published'));
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

  app.get(
    '/auth/sip',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags: ['auth'],
        summary: "The logged-in user's softphone registration: SIP endpoint, domain, WebSocket URL and password",
        response: { 200: SipCredentials, 404: ErrorResponse },
      },
    },
    async (req, reply) => {
      // no softphone to register: the console shows that telephony is simulated
      if (config.telephony === 'simulated') return { telephony: 'simulated' as const };
      const user = await db.selectFrom('users').select(['sip_endpoint']).where('id', '=', currentUser(req).id).executeTakeFirstOrThrow();
      if (!user.sip_endpoint) throw new ApiError(404, 'NO_SIP_ENDPOINT', 'this user has no SIP endpoint (users.sip_endpoint); an admin must assign one before the softphone can register', {
          i18n: { es: 'Este usuario no tiene extensión SIP asignada; un administrador debe asignarla.', en: 'This user has no SIP endpoint; an administrator must assign one.' },
        });
      // the password is a credential: never cached by a browser or proxy
      reply.header('cache-control', 'no-store');
      const host = config.sip.domain ?? req.hostname;
      return {
        telephony: 'asterisk' as const,
        endpoint: user.sip_endpoint,
        domain: host,
        wsUrl: config.sip.wsUrl ?? defaultSipWsUrl(req.hostname),
        password: agentSipPassword(user.sip_endpoint, { agentPasswordPrefix: config.sip.passwordPrefix }),
      };
    },
  );
};
