// Portfolio import over HTTP: upload (multipart or a raw text/csv body, both streamed), the report,
// and the rejects as a CSV download. Registered through registerExtraRoutes (see app.ts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorResponse, IdParams, ImportPreview, ImportSummary } from '@cobranza/contracts/api';
import { COUNTRIES } from '@cobranza/domain/portfolio/index';
import { SUPERVISORS, currentUser } from '../auth/guard.js';
import type { AppDeps } from '../deps.js';
import { notFound } from '../errors.js';
import { importDto, listImports } from '../import/import-record.js';
import { previewPortfolioCsv } from '../import/preview.js';
import { rejectsCsv } from '../import/rejects-csv.js';
import { declaredBytes, importProgress } from '../import/progress.js';
import { firstRejects, importPortfolio, todayIn, type ImportDatabase } from '../import/service.js';
import { acceptUploads, UPLOAD_ERRORS, withUpload } from './upload-body.js';

const Reject = Type.Object({
  line: Type.Integer({ description: 'physical line in the file; the header is line 1' }),
  column: Type.String({ description: 'the column at fault, or * for the whole row' }),
  value: Type.Union([Type.String(), Type.Null()], { description: 'the value as read; phones and document numbers masked' }),
  reason: Type.String(),
});

const ImportReport = Type.Object({
  importId: Type.String({ format: 'uuid' }),
  status: Type.String(),
  totalRows: Type.Integer(),
  accepted: Type.Integer(),
  rejected: Type.Integer(),
  rejects: Type.Array(Reject, { description: 'the first 100 rejects; all of them at /imports/{id}/rejects.csv' }),
  warnings: Type.Optional(Type.Array(Type.String())),
});

const ImportRecord = Type.Object({
  id: Type.String({ format: 'uuid' }),
  portfolioId: Type.String({ format: 'uuid' }),
  filename: Type.String(),
  kind: Type.String({ description: 'portfolio or payments' }),
  status: Type.String({ description: 'running, completed or failed' }),
  totalRows: Type.Integer(),
  accepted: Type.Integer(),
  rejected: Type.Integer(),
  error: Type.Union([Type.String(), Type.Null()]),
  startedAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
  rejects: Type.Array(Reject),
});

/** The console's id for one upload: its progress events (Socket.IO import:progress) carry it. */
export const ProgressRef = Type.String({ pattern: '^[A-Za-z0-9-]{8,64}$', description: 'an id of your choosing: the import:progress events of this import, sent to your consoles, carry it' });

const UploadQuery = Type.Object(
  {
    filename: Type.Optional(Type.String({ maxLength: 255 })),
    today: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'count days past due to this date (default: today in the portfolio country)' })),
    allowReassign: Type.Optional(
      Type.Boolean({ description: 'move accounts whose external id now names another debtor (default false: those rows are rejected); the moves are audited' }),
    ),
    ref: Type.Optional(ProgressRef),
  },
  { additionalProperties: false },
);

export const importRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const tags = ['import'];
  const target: ImportDatabase = deps.dbKind === 'postgres' && deps.config.databaseUrl ? { url: deps.config.databaseUrl } : { db: deps.db };

  await acceptUploads(app, deps.config.importMaxBytes);

  app.post(
    '/portfolios/:id/imports',
    {
      config: { roles: SUPERVISORS },
      schema: {
        tags,
        summary: 'Import a portfolio CSV (multipart field "file", or a text/csv body); rows are upserted by external account id',
        params: IdParams,
        querystring: UploadQuery,
        response: { 200: ImportReport, ...UPLOAD_ERRORS },
      },
    },
    async (req) => {
      const user = currentUser(req);
      const { ref } = req.query;
      const progress = ref
        ? importProgress(deps.notifier, { userId: user.id, ref, portfolioId: req.params.id, kind: 'portfolio', totalBytes: declaredBytes(req.headers['content-length']) })
        : null;
      try {
        return await withUpload(req, deps.config.importMaxBytes, async (source, partName) => {
          const filename = req.query.filename ?? partName ?? 'upload.csv';
          const r = await importPortfolio(target, {
            portfolioId: req.params.id,
            filename,
            source: progress ? progress.counted(source) : source,
            createdBy: user.id,
            promiseGraceDays: deps.config.promiseGraceDays,
            ...(req.query.today ? { today: req.query.today } : {}),
            allowReassign: req.query.allowReassign === true,
            ...(progress ? { onProgress: (p: { phase: 'reading' | 'merging' | 'segmenting' | 'done'; rows: number }) => progress.update(p) } : {}),
          });
          if (r.status === 'failed') progress?.update({ phase: 'failed' });
          return { importId: r.importId, status: r.status, totalRows: r.totalRows, accepted: r.accepted, rejected: r.rejected, rejects: r.rejects, warnings: r.warnings };
        });
      } catch (e) {
        progress?.update({ phase: 'failed' });
        throw e;
      }
    },
  );

  app.post(
    '/portfolios/:id/imports/preview',
    {
      config: { roles: SUPERVISORS },
      schema: {
        tags,
        summary: "The import wizard's preview: how the file's columns map and its first rows as the import would read them; nothing is written",
        params: IdParams,
        querystring: Type.Object({ filename: Type.Optional(Type.String({ maxLength: 255 })) }, { additionalProperties: false }),
        response: { 200: ImportPreview, ...UPLOAD_ERRORS },
      },
    },
    async (req) => {
      const p = await deps.db.selectFrom('portfolios').select(['country', 'currency']).where('id', '=', req.params.id).executeTakeFirst();
      if (!p) throw notFound('portfolio');
      const today = todayIn(COUNTRIES[p.country]?.defaultZone ?? 'UTC');
      return withUpload(req, deps.config.importMaxBytes, async (source) => {
        const preview = await previewPortfolioCsv(source, { defaultCountry: p.country, defaultCurrency: p.currency, today });
        source.resume(); // the rest of the file is not needed: read and dropped, so the client gets its answer
        return preview;
      });
    },
  );

  app.get(
    '/portfolios/:id/imports',
    {
      config: { roles: SUPERVISORS },
      schema: { tags, summary: "The portfolio's imports (portfolio and payments files), newest first, with who ran each", params: IdParams, response: { 200: Type.Object({ items: Type.Array(ImportSummary) }), 404: ErrorResponse } },
    },
    async (req) => {
      const p = await deps.db.selectFrom('portfolios').select('id').where('id', '=', req.params.id).executeTakeFirst();
      if (!p) throw notFound('portfolio');
      return { items: await listImports(deps.db, req.params.id) };
    },
  );

  app.get(
    '/imports/:id',
    {
      config: { roles: SUPERVISORS },
      schema: { tags, summary: 'An import: totals, status, error, and the first 100 rejects', params: IdParams, response: { 200: ImportRecord, 404: ErrorResponse } },
    },
    async (req) => {
      const r = await deps.db.selectFrom('imports').selectAll().where('id', '=', req.params.id).executeTakeFirst();
      if (!r) throw notFound('import');
      return { ...importDto(r), rejects: await firstRejects(deps.db, r.id) };
    },
  );

  app.get(
    '/imports/:id/rejects.csv',
    {
      config: { roles: SUPERVISORS },
      // no response schema: the body is a CSV stream, not JSON (404 is the usual ErrorResponse)
      schema: { tags, summary: 'Every rejected row of an import as CSV: line, column, value, reason', params: IdParams },
    },
    async (req, reply) => {
      const r = await deps.db.selectFrom('imports').select(['id', 'filename']).where('id', '=', req.params.id).executeTakeFirst();
      if (!r) throw notFound('import');
      const name = r.filename.replace(/\.csv$/i, '').replace(/[^\w.-]+/g, '_');
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}-rechazos.csv"`)
        .send(rejectsCsv(deps.db, r.id));
    },
  );
};
