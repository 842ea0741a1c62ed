// Call recordings, played from the shared store (FILE_STORE_DIR) where the dialer archives them when Asterisk
// finishes a recording: any API instance answers, whichever Asterisk node recorded the call. Supervisors and
// admins only (as the IVR prompts' audio), and every listen is audited: a recording is personal data.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorResponse } from '@cobranza/contracts/api';
import { sharedFilesFromEnv } from '@cobranza/db/files/shared-files';
import { audit } from '../audit.js';
import { currentUser, SUPERVISORS } from '../auth/guard.js';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../errors.js';

export const recordingRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const files = deps.files ?? sharedFilesFromEnv(deps.db);

  app.get(
    '/calls/:attemptId/recording',
    {
      config: { roles: SUPERVISORS },
      schema: {
        tags: ['calls'],
        summary: "A call's recording (WAV) from the shared store; part=transfer: the part recorded after a supervisor's transfer",
        params: Type.Object({ attemptId: Type.String({ pattern: '^[0-9A-Za-z][0-9A-Za-z_-]{0,127}$' }) }, { additionalProperties: false }),
        querystring: Type.Object({ part: Type.Optional(Type.Union([Type.Literal('call'), Type.Literal('transfer')])) }, { additionalProperties: false }),
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'audio/wav' }), 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req, reply) => {
      if (!files) throw new ApiError(404, 'NOT_FOUND', 'recordings are not kept in shared storage here (FILE_STORE_DIR is not set)');
      const { attemptId } = req.params;
      const name = `call-${attemptId}${req.query.part === 'transfer' ? '-transfer' : ''}`;
      // the store's error handler answers 404 for a key never stored or whose bytes are gone
      const { file, stream } = await files.open(`recordings/${name}.wav`);
      await audit(deps.db, { userId: currentUser(req).id, action: 'call_recording.listen', entity: 'call_attempt', entityId: attemptId, details: { key: file.key, bytes: file.size } });
      return reply.header('content-type', file.contentType).header('content-length', file.size).header('cache-control', 'no-store').send(stream);
    },
  );
};
