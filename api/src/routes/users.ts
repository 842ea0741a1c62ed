import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Role } from '@cobranza/contracts';
import { IdParams, User, UserCreate, UserUpdate } from '@cobranza/contracts/api';
import type { Selectable } from 'kysely';
import type { Users } from '@cobranza/db';
import { audit } from '../audit.js';
import { ADMINS, currentUser } from '../auth/guard.js';
import { hashPassword } from '../auth/password.js';
import { weakPassword } from '../auth/password-policy.js';
import type { AppDeps } from '../deps.js';
import { badInput, notFound } from '../errors.js';

export function userDto(u: Selectable<Users>): User {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role as Role,
    sipEndpoint: u.sip_endpoint,
    locale: u.locale,
    active: u.active,
    createdAt: u.created_at.toISOString(),
  };
}

export const userRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db, sessions } = deps;
  // open consoles of the user close now on every API instance; a lost message still leaves the periodic re-check
  const endSockets = (userId: string, reason: 'deactivated' | 'password_changed') =>
    deps.bus.publish('session.ended', { userId, reason }).catch((e: unknown) => app.log.warn({ err: e }, 'session.ended not published'));
  const tags = ['users'];

  app.get('/users', { config: { roles: ADMINS }, schema: { tags, response: { 200: Type.Object({ items: Type.Array(User) }) } } }, async () => {
    const rows = await db.selectFrom('users').selectAll().orderBy('email').execute();
    return { items: rows.map(userDto) };
  });

  app.get('/users/:id', { config: { roles: ADMINS }, schema: { tags, params: IdParams, response: { 200: User } } }, async (req) => {
    const u = await db.selectFrom('users').selectAll().where('id', '=', req.params.id).executeTakeFirst();
    if (!u) throw notFound('user');
    return userDto(u);
  });

  app.post('/users', { config: { roles: ADMINS }, schema: { tags, body: UserCreate, response: { 201: User } } }, async (req, reply) => {
    const by = currentUser(req);
    const b = req.body;
    refuseWeak(b.password, { email: b.email, name: b.name });
    const password_hash = await hashPassword(b.password);
    const u = await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('users')
        .values({
          email: b.email.trim().toLowerCase(),
          name: b.name,
          password_hash,
          role: b.role,
          sip_endpoint: b.sipEndpoint ?? null,
          ...(b.locale ? { locale: b.locale } : {}),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit(trx, { userId: by.id, action: 'user.create', entity: 'user', entityId: row.id, details: { email: row.email, role: row.role } });
      return row;
    });
    return reply.code(201).send(userDto(u));
  });

  app.patch('/users/:id', { config: { roles: ADMINS }, schema: { tags, params: IdParams, body: UserUpdate, response: { 200: User } } }, async (req) => {
    const by = currentUser(req);
    const b = req.body;
    if (req.params.id === by.id && (b.role !== undefined && b.role !== 'admin')) throw badInput('/role', 'an admin cannot remove their own admin role');
    if (req.params.id === by.id && b.active === false) throw badInput('/active', 'an admin cannot deactivate themselves');
    if (b.password) {
      const who = await db.selectFrom('users').select(['email', 'name']).where('id', '=', req.params.id).executeTakeFirst();
      refuseWeak(b.password, { email: who?.email, name: b.name ?? who?.name });
    }
    const password_hash = b.password ? await hashPassword(b.password) : undefined;
    const updated = await db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('users').selectAll().where('id', '=', req.params.id).forUpdate().executeTakeFirst();
      if (!before) throw notFound('user');
      const row = await trx
        .updateTable('users')
        .set({
          ...(b.name !== undefined ? { name: b.name } : {}),
          ...(b.role !== undefined ? { role: b.role } : {}),
          ...(b.sipEndpoint !== undefined ? { sip_endpoint: b.sipEndpoint } : {}),
          ...(b.locale !== undefined ? { locale: b.locale } : {}),
          ...(b.active !== undefined ? { active: b.active } : {}),
          ...(password_hash ? { password_hash } : {}),
        })
        .where('id', '=', req.params.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (b.role !== undefined && b.role !== before.role) {
        await audit(trx, { userId: by.id, action: 'user.role_change', entity: 'user', entityId: row.id, details: { from: before.role, to: row.role } });
      }
      const changed = Object.keys(b).filter((k) => k !== 'role' && k !== 'password');
      if (changed.length || b.password) {
        await audit(trx, {
          userId: by.id,
          action: b.active === false ? 'user.deactivate' : 'user.update',
          entity: 'user',
          entityId: row.id,
          details: { fields: [...changed, ...(b.password ? ['password'] : [])] },
        });
      }
      return row;
    });
    // a deactivated user or a new password ends every open session of that user
    if (b.active === false || b.password) {
      await sessions.destroyAllForUser(updated.id);
      await endSockets(updated.id, b.active === false ? 'deactivated' : 'password_changed');
    }
    return userDto(updated);
  });

  // users are never deleted (the audit log and the call history point at them): DELETE deactivates
  app.delete('/users/:id', { config: { roles: ADMINS }, schema: { tags, summary: 'Deactivate a user (ends their sessions)', params: IdParams, response: { 200: User } } }, async (req) => {
    const by = currentUser(req);
    if (req.params.id === by.id) throw badInput('/id', 'an admin cannot deactivate themselves', 'params');
    const row = await db.transaction().execute(async (trx) => {
      const row = await trx.updateTable('users').set({ active: false }).where('id', '=', req.params.id).returningAll().executeTakeFirst();
      if (!row) throw notFound('user');
      await audit(trx, { userId: by.id, action: 'user.deactivate', entity: 'user', entityId: row.id, details: { email: row.email } });
      return row;
    });
    await sessions.destroyAllForUser(row.id);
    await endSockets(row.id, 'deactivated');
    return userDto(row);
  });
};

function refuseWeak(password: string, identity: { email?: string | undefined; name?: string | undefined }): void {
  const weak = weakPassword(password, identity);
  if (weak) throw badInput('/password', weak.message.en, 'body', { i18n: weak.message, issue: `weak_password.${weak.issue}` });
}
