// The segment editor's two calls: how many accounts each segment of a draft set would get, and saving the
// whole set at once (a catch-all is a property of the set, which row-by-row CRUD cannot check).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorResponse, SegmentPreview, SegmentPreviewBody, SegmentSetBody } from '@cobranza/contracts/api';
import { ADMINS, currentUser } from '../auth/guard.js';
import type { AppDeps } from '../deps.js';
import { previewSegmentSet, saveSegmentSet } from '../services/segment-set.js';

export const segmentSetRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db }) => {
  const tags = ['segment'];
  app.post(
    '/segments/preview',
    {
      config: { roles: ADMINS },
      schema: {
        tags,
        summary: 'How many accounts each segment of an unsaved set would get (the same assignment imports and the daily run make)',
        body: SegmentPreviewBody,
        response: { 200: SegmentPreview, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => previewSegmentSet(db, req.body.segments, { ...(req.body.portfolioId ? { portfolioId: req.body.portfolioId } : {}), ...(req.body.today ? { today: req.body.today } : {}) }),
  );

  app.put(
    '/segments',
    {
      config: { roles: ADMINS },
      schema: {
        tags,
        summary: 'Replace the segment set (refused whole, with every problem at its field, unless valid) and re-segment every account',
        body: SegmentSetBody,
        response: { 200: Type.Object({ moved: Type.Integer() }), 400: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (req) => saveSegmentSet(db, req.body.segments, { userId: currentUser(req).id }),
  );
};
