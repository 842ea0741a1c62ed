import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CallbacksDue, CallbacksDueQuery, ErrorResponse } from '@cobranza/contracts/api';
import { SUPERVISORS } from '../auth/guard.js';
import type { AppDeps } from '../deps.js';
import { callbacksDue, endOfDayIn } from '../services/callbacks-due.js';

export const callbackRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db, config }) => {
  app.get(
    '/callbacks/due',
    {
      config: { roles: SUPERVISORS },
      schema: {
        tags: ['supervisor'],
        summary: 'Callbacks booked by agents that are due by `until` (default: the end of today) and not yet honoured, overdue first',
        querystring: CallbacksDueQuery,
        response: { 200: CallbacksDue, 400: ErrorResponse },
      },
    },
    async (req) => {
      const now = new Date();
      const until = req.query.until ? new Date(req.query.until) : endOfDayIn(config.dailyTimeZone, now);
      return callbacksDue(db, { until, now, campaignId: req.query.campaignId, limit: req.query.limit ?? 200 });
    },
  );
};
