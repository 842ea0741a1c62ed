import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CallIdParams, DispositionBody, DispositionResponse, ErrorResponse } from '@cobranza/contracts/api';
import { ANY_ROLE, currentUser } from '../auth/guard.js';
import type { AppDeps } from '../deps.js';
import { recordDisposition } from '../services/dispositions.js';

export const dispositionRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.post(
    '/calls/:callId/disposition',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags: ['call'],
        summary: 'Wrap-up: outcome, reason, notes, promise to pay (checked against the strategy), callback (checked by compliance)',
        params: CallIdParams,
        body: DispositionBody,
        response: { 201: DispositionResponse, 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (req, reply) => reply.code(201).send(await recordDisposition(deps.db, currentUser(req), req.params.callId, req.body, deps.callbackGate)),
  );
};
