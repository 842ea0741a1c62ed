import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AuditPage, Uuid } from '@cobranza/contracts/api';
import { SUPERVISORS } from '../auth/guard.js';
import type { AppDeps } from '../deps.js';

const AuditQuery = Type.Object(
  {
    entity: Type.Optional(Type.String({ maxLength: 40 })),
    entityId: Type.Optional(Type.String({ maxLength: 128 })),
    action: Type.Optional(Type.String({ maxLength: 60 })),
    userId: Type.Optional(Uuid),
    before: Type.Optional(Type.Integer({ minimum: 1, description: 'id to page backwards from' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);

/** Who changed what: logins, role changes, pacing changes, opt-outs, dispositions. Newest first. */
export const auditRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db }) => {
  app.get(
    '/audit',
    { config: { roles: SUPERVISORS }, schema: { tags: ['audit'], summary: 'The audit log, newest first', querystring: AuditQuery, response: { 200: AuditPage } } },
    async (req) => {
      const q = req.query;
      let query = db.selectFrom('audit_log as a').leftJoin('users as u', 'u.id', 'a.user_id').selectAll('a').select('u.email as user_email');
      if (q.entity) query = query.where('a.entity', '=', q.entity);
      if (q.entityId) query = query.where('a.entity_id', '=', q.entityId);
      if (q.action) query = query.where('a.action', '=', q.action);
      if (q.userId) query = query.where('a.user_id', '=', q.userId);
      if (q.before) query = query.where('a.id', '<', q.before);
      const rows = await query.orderBy('a.id', 'desc').limit(q.limit ?? 100).execute();
      return {
        items: rows.map((r) => ({
          id: Number(r.id),
          at: r.at.toISOString(),
          userId: r.user_id,
          userEmail: r.user_email,
          action: r.action,
          entity: r.entity,
          entityId: r.entity_id,
          details: (r.details ?? {}) as Record<string, unknown>,
        })),
      };
    },
  );
};
