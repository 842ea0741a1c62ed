import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { HistoryKind } from '@cobranza/contracts/api';
import { DebtorRecord, DebtorSearchQuery, DebtorSearchResponse, ErrorResponse, HistoryQuery, HistoryResponse, IdParams, OptOutCreate, Uuid } from '@cobranza/contracts/api';
import { audit } from '../audit.js';
import { ANY_ROLE, currentUser } from '../auth/guard.js';
import type { AppDeps } from '../deps.js';
import { badInput, notFound } from '../errors.js';
import { maskPhone } from '../lib/values.js';
import { assertDebtorInScope, debtorScope } from '../services/agent-scope.js';
import { debtorHistory, debtorRecord, searchDebtors } from '../services/debtors.js';

export const debtorRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db, config } = deps;
  const tags = ['debtor'];

  app.get(
    '/debtors',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags,
        summary: 'Search debtors by document number, name, phone (any format) or account external id',
        querystring: DebtorSearchQuery,
        response: { 200: DebtorSearchResponse, 400: ErrorResponse },
      },
    },
    async (req) => {
      const user = currentUser(req);
      return searchDebtors(db, req.query, user.role, config.defaultCountry, await debtorScope(db, user));
    },
  );

  app.get(
    '/debtors/:id',
    {
      config: { roles: ANY_ROLE },
      schema: { tags, summary: 'Full record: accounts, phones, documents, segment, strategy and script', params: IdParams, response: { 200: DebtorRecord, 404: ErrorResponse } },
    },
    async (req) => {
      const user = currentUser(req);
      return debtorRecord(db, req.params.id, user.role, await debtorScope(db, user));
    },
  );

  app.get(
    '/debtors/:id/history',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags,
        summary: 'Calls, IVR sessions, SMS, dispositions, promises (kept/broken) and payments, newest first',
        params: IdParams,
        querystring: HistoryQuery,
        response: { 200: HistoryResponse, 404: ErrorResponse },
      },
    },
    async (req) => {
      const kinds = req.query.kinds ? (req.query.kinds.split(',') as HistoryKind[]) : undefined;
      const scope = await debtorScope(db, currentUser(req));
      const items = await debtorHistory(db, req.params.id, { ...(kinds ? { kinds } : {}), limit: req.query.limit ?? 200, scope });
      return { debtorId: req.params.id, items };
    },
  );

  app.post(
    '/debtors/:id/opt-outs',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags,
        summary: 'Record that the debtor asked not to be contacted (on one phone or all), audited',
        params: IdParams,
        body: OptOutCreate,
        response: { 201: Type.Object({ id: Uuid, channel: Type.String(), e164Masked: Type.Union([Type.String(), Type.Null()]) }), 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req, reply) => {
      const by = currentUser(req);
      const debtorId = req.params.id;
      await assertDebtorInScope(db, await debtorScope(db, by), debtorId);
      const row = await db.transaction().execute(async (trx) => {
        const d = await trx.selectFrom('debtors').select('id').where('id', '=', debtorId).executeTakeFirst();
        if (!d) throw notFound('debtor');
        let e164: string | null = null;
        if (req.body.phoneId) {
          const p = await trx.selectFrom('phones').select(['e164', 'debtor_id']).where('id', '=', req.body.phoneId).executeTakeFirst();
          if (!p || p.debtor_id !== debtorId) throw badInput('/phoneId', 'is not a phone of this debtor');
          e164 = p.e164;
        }
        const row = await trx
          .insertInto('opt_outs')
          .values({ debtor_id: debtorId, e164, channel: req.body.channel, source: 'agent', created_by: by.id })
          .returning(['id', 'channel', 'e164'])
          .executeTakeFirstOrThrow();
        await audit(trx, {
          userId: by.id,
          action: 'opt_out.create',
          entity: 'debtor',
          entityId: debtorId,
          details: { channel: row.channel, phone: e164 ? maskPhone(e164) : null, notes: req.body.notes ?? null },
        });
        return row;
      });
      return reply.code(201).send({ id: row.id, channel: row.channel, e164Masked: row.e164 ? maskPhone(row.e164) : null });
    },
  );
};
