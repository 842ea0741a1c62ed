// Payments import over HTTP: the creditor's daily payments file, multipart or a raw text/csv body, streamed
// and held to the import size limit (upload-body.ts).
// The report and the rejects download are the portfolio import's routes (GET /imports/:id[/rejects.csv]).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { IdParams, ImportPreview, PaymentImportQuery, PaymentImportReport } from '@cobranza/contracts/api';
import { COUNTRIES } from '@cobranza/domain/portfolio/index';
import { notFound } from '../errors.js';
import { previewPaymentsCsv } from '../import/preview.js';
import { todayIn } from '../import/service.js';
import { SUPERVISORS, currentUser } from '../auth/guard.js';
import type { AppDeps } from '../deps.js';
import { importPayments } from '../import/payments.js';
import { declaredBytes, importProgress } from '../import/progress.js';
import { acceptUploads, UPLOAD_ERRORS, withUpload } from './upload-body.js';

export const paymentImportRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  // this plugin's own parsers: imports.ts's are encapsulated
  await acceptUploads(app, deps.config.importMaxBytes);

  app.post(
    '/portfolios/:id/payment-imports',
    {
      config: { roles: SUPERVISORS },
      schema: {
        tags: ['import'],
        summary: 'Import a payments file (CSV: external_id, amount, paid_on, optional currency, reference, channel); re-sending a file adds nothing',
        params: IdParams,
        querystring: PaymentImportQuery,
        response: { 200: PaymentImportReport, ...UPLOAD_ERRORS },
      },
    },
    async (req) => {
      const user = currentUser(req);
      const { ref } = req.query;
      const progress = ref
        ? importProgress(deps.notifier, { userId: user.id, ref, portfolioId: req.params.id, kind: 'payments', totalBytes: declaredBytes(req.headers['content-length']) })
        : null;
      try {
        const report = await withUpload(req, deps.config.importMaxBytes, (source, filename) =>
          importPayments(deps.db, {
            portfolioId: req.params.id,
            filename: req.query.filename ?? filename ?? 'pagos.csv',
            source: progress ? progress.counted(source) : source,
            createdBy: user.id,
            promiseGraceDays: deps.config.promiseGraceDays,
            ...(req.query.today ? { today: req.query.today } : {}),
            ...(progress ? { onRows: (rows: number) => progress.update({ rows }) } : {}),
          }),
        );
        progress?.update({ phase: 'done', rows: report.totalRows });
        return report;
      } catch (e) {
        progress?.update({ phase: 'failed' });
        throw e;
      }
    },
  );

  app.post(
    '/portfolios/:id/payment-imports/preview',
    {
      config: { roles: SUPERVISORS },
      schema: {
        tags: ['import'],
        summary: "The payments wizard's preview: how the file's columns map and its first rows as the payments import would read them; nothing is written",
        params: IdParams,
        querystring: Type.Object({ filename: Type.Optional(Type.String({ maxLength: 255 })) }, { additionalProperties: false }),
        response: { 200: ImportPreview, ...UPLOAD_ERRORS },
      },
    },
    async (req) => {
      const p = await deps.db.selectFrom('portfolios').select(['country']).where('id', '=', req.params.id).executeTakeFirst();
      if (!p) throw notFound('portfolio');
      const today = todayIn(COUNTRIES[p.country]?.defaultZone ?? 'UTC');
      return withUpload(req, deps.config.importMaxBytes, async (source) => {
        const preview = await previewPaymentsCsv(source, { today });
        source.resume(); // the rest of the file is not needed: read and dropped, so the client gets its answer
        return preview;
      });
    },
  );
};
