// What the strategy editor asks beyond the strategy's CRUD: an SMS template rendered on a sample debtor.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorResponse } from '@cobranza/contracts/api';
import { DEFAULT_FLOWS } from '@cobranza/ivr/flows/defaults';
import { ADMINS, SUPERVISORS } from '../auth/guard.js';
import type { AppDeps } from '../deps.js';
import { todayIn } from '../import/service.js';
import { previewSms, SAMPLE_DEBTOR } from '../services/sms-preview.js';

export const strategyEditorRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app) => {
  // what a strategy plays when it has no flow of its own: the editor starts an own flow from a copy
  app.get(
    '/strategies/default-flows',
    {
      config: { roles: SUPERVISORS },
      schema: { tags: ['strategy'], summary: 'The default IVR flows (outbound, inbound, machine) a strategy without its own plays', response: { 200: Type.Record(Type.String(), Type.Unknown()) } },
    },
    async () => DEFAULT_FLOWS,
  );

  app.post(
    '/strategies/sms-preview',
    {
      config: { roles: ADMINS },
      schema: {
        tags: ['strategy'],
        summary: 'An SMS template as a sample debtor would receive it (the sender\'s own renderer, money and dates in the debtor\'s format)',
        body: Type.Object(
          {
            template: Type.Object({ es: Type.String(), en: Type.Optional(Type.String()), daysBefore: Type.Optional(Type.Integer()), daysAfter: Type.Optional(Type.Integer()) }),
            lang: Type.Union([Type.Literal('es'), Type.Literal('en')]),
            today: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ text: Type.String(), length: Type.Integer(), debtor: Type.String() }), 400: ErrorResponse },
      },
    },
    async (req) => {
      const today = req.body.today ?? todayIn(SAMPLE_DEBTOR.timeZone);
      return { ...previewSms(req.body.template, req.body.lang, today), debtor: `${SAMPLE_DEBTOR.firstName} ${SAMPLE_DEBTOR.lastName}` };
    },
  );
};
