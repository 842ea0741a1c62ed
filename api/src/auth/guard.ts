// Roles on every route, by construction: a route must declare `config.roles` (who may call it) or
// `config.public: true`, or registering it throws. One onRequest hook then enforces the declaration.
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { ROLES, type Role } from '@cobranza/contracts';
import type { Db } from '@cobranza/db';
import { ApiError, forbidden, unauthenticated } from '../errors.js';
import type { SessionStore } from './sessions.js';

export const SESSION_COOKIE = 'cobranza_session';

export const ANY_ROLE: readonly Role[] = ROLES;
export const SUPERVISORS: readonly Role[] = ['supervisor', 'admin'];
export const ADMINS: readonly Role[] = ['admin'];

export interface AuthUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route. Required unless `public: true`. */
    roles?: readonly Role[];
    public?: boolean;
  }
  interface FastifyRequest {
    user: AuthUser | null;
    sessionToken: string | null;
  }
  interface FastifyInstance {
    /** Every route registered, with its declared access, for docs and for the route-table test. */
    routeTable: RouteAccess[];
  }
}

export interface RouteAccess {
  method: string;
  url: string;
  roles: readonly Role[] | 'public';
}

/** Routes registered by third-party plugins we cannot annotate (Swagger UI): their access is the `docs` setting. */
const THIRD_PARTY_PREFIXES = ['/docs'];
const isThirdParty = (url: string) => THIRD_PARTY_PREFIXES.some((p) => url === p || url.startsWith(`${p}/`));

export function tokenFrom(req: { headers: Record<string, string | string[] | undefined>; cookies?: Record<string, string | undefined> }): string | null {
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && /^Bearer\s+/i.test(auth)) return auth.replace(/^Bearer\s+/i, '').trim() || null;
  return req.cookies?.[SESSION_COOKIE] ?? null;
}

/** Resolves a session token to the active user it belongs to (role read fresh from the database). */
export async function userForToken(db: Db, sessions: SessionStore, token: string | null): Promise<AuthUser | null> {
  if (!token) return null;
  const session = await sessions.get(token);
  if (!session) return null;
  const u = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'role', 'active'])
    .where('id', '=', session.userId)
    .executeTakeFirst();
  if (!u || !u.active) return null;
  return { id: u.id, email: u.email, name: u.name, role: u.role as Role };
}

export function installGuard(app: FastifyInstance, deps: { db: Db; sessions: SessionStore; config: { docs: 'public' | 'admin' | 'off' } }): void {
  const thirdParty: readonly Role[] | 'public' = deps.config.docs === 'admin' ? ADMINS : 'public';
  app.decorate('routeTable', [] as RouteAccess[]);
  app.decorateRequest('user', null);
  app.decorateRequest('sessionToken', null);

  app.addHook('onRoute', (route: RouteOptions) => {
    const cfg = (route.config ?? {}) as { roles?: readonly Role[]; public?: boolean };
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (isThirdParty(route.url)) {
      for (const m of methods) app.routeTable.push({ method: m, url: route.url, roles: thirdParty });
      return;
    }
    if (cfg.public === true) {
      if (cfg.roles) throw new Error(`route ${methods.join(',')} ${route.url}: declare either public or roles, not both`);
    } else {
      if (!cfg.roles || cfg.roles.length === 0) {
        throw new Error(`route ${methods.join(',')} ${route.url} declares no roles: add config: { roles: [...] } or config: { public: true }`);
      }
      const bad = cfg.roles.find((r) => !ROLES.includes(r));
      if (bad) throw new Error(`route ${route.url}: unknown role "${bad}"`);
    }
    for (const m of methods) app.routeTable.push({ method: m, url: route.url, roles: cfg.public ? 'public' : cfg.roles! });
  });

  app.addHook('onRequest', async (req: FastifyRequest) => {
    const url = req.routeOptions.url;
    if (url === undefined) return; // 404: no route matched, nothing to protect
    const cfg = isThirdParty(url)
      ? thirdParty === 'public' ? { public: true } : { roles: thirdParty }
      : (req.routeOptions.config as { roles?: readonly Role[]; public?: boolean });
    const token = tokenFrom(req);
    req.sessionToken = token;
    if (cfg.public) return;
    const user = await userForToken(deps.db, deps.sessions, token);
    if (!user) throw unauthenticated();
    req.user = user;
    if (!cfg.roles || !cfg.roles.includes(user.role)) throw forbidden(cfg.roles ?? []);
  });
}

/** The authenticated user of a route that declared roles (never null there). */
export function currentUser(req: FastifyRequest): AuthUser {
  if (!req.user) throw new ApiError(401, 'UNAUTHENTICATED', 'login required');
  return req.user;
}
