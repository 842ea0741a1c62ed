// Payments import over HTTP: the creditor's daily payments file, multipart or a raw text/csv body, streamed.
// The report and the rejects download are the portfolio import's routes (GET /imports/:id[/rejects.csv]).
import type { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { ErrorResponse, IdParams, PaymentImportQuery, PaymentImportReport } from '@cobranza/contracts/api';
import { SUPERVISORS, currentUser } from '../auth/guard.js';
import type { AppDeps } from '../deps.js';
import { ApiError, badInput, notFound } from '../errors.js';
import { importPayments } from '../import/payments.js';
import { ImportError } from '../import/service.js';

function toApiError(e: unknown): unknown {
  if (!(e instanceof ImportError)) return e;
  if (e.code === 'PORTFOLIO_NOT_FOUND') return notFound('portfolio');
  if (e.code === 'BAD_FILE') return badInput('file', e.message);
  return new ApiError(500, 'IMPORT_FAILED', e.message);
}

// NOTE: routes/imports.ts reads its upload the same way, inline and not exported, and is being given an
// upload size limit meanwhile. Once that settles, both routes should share one helper (and that limit);
// until then this one has the multipart limits imports.ts had and no cap on a raw text/csv body.
async function uploadSource(req: FastifyRequest): Promise<{ source: Readable; filename: string | undefined }> {
  if (req.isMultipart()) {
    const part = await req.file();
    if (!part) throw badInput('file', 'no file in the multipart body: send the CSV in a field named "file"');
    return { source: part.file, filename: part.filename };
  }
  const body = req.body as unknown;
  if (!body || typeof (body as Readable).pipe !== 'function') throw badInput('body', 'send the CSV as multipart/form-data (field "file") or as a text/csv body', 'headers');
  return { source: body as Readable, filename: undefined };
}

export const paymentImportRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  // the body reaches the handler as the raw stream (this plugin's own parsers: imports.ts's are encapsulated)
  app.addContentTypeParser(['text/csv', 'application/csv', 'application/octet-stream'], (_req, payload, done) => done(null, payload));
  await app.register(multipart, { limits: { fileSize: 4 * 1024 ** 3, files: 1, fields: 4 } });

  app.post(
    '/portfolios/:id/payment-imports',
    {
      config: { roles: SUPERVISORS },
      schema: {
        tags: ['import'],
        summary: 'Import a payments file (CSV: external_id, amount, paid_on, optional currency, reference, channel); re-sending a file adds nothing',
        params: IdParams,
        querystring: PaymentImportQuery,
        response: { 200: PaymentImportReport, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => {
      const user = currentUser(req);
      const { source, filename } = await uploadSource(req);
      try {
        return await importPayments(deps.db, {
          portfolioId: req.params.id,
          filename: req.query.filename ?? filename ?? 'pagos.csv',
          source,
          createdBy: user.id,
          promiseGraceDays: deps.config.promiseGraceDays,
          ...(req.query.today ? { today: req.query.today } : {}),
        });
      } catch (e) {
        // drain what the client still sends, so it gets the error instead of a reset connection
        source.resume();
        throw toApiError(e);
      }
    },
  );
};
