// IVR prompts: which ones each strategy's calls play and whether each is an admin recording or text read
// by TTS; an admin replaces a text prompt with a recording (a WAV file), or goes back to the text. Files
// go to the shared store (FILE_STORE_DIR, indexed in stored_files) when it is configured, else to the directory
// the IVR's PromptLibrary plays from; either way the next call uses them.
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorResponse, Ok } from '@cobranza/contracts/api';
import { sharedFilesFromEnv } from '@cobranza/db/files/shared-files';
import { defaultPromptLocation, PromptLibrary } from '@cobranza/ivr/prompts/library';
import { PromptUploadError } from '@cobranza/ivr/prompts/errors';
import type { Flow, FlowKind, Lang } from '@cobranza/ivr/flows/types';
import { DEFAULT_FLOWS } from '@cobranza/ivr/flows/defaults';
import { templateVariables } from '@cobranza/ivr/flows/variables';
import { SYSTEM_PROMPTS } from '@cobranza/ivr/system-prompts';
import { audit } from '../audit.js';
import { ADMINS, currentUser, SUPERVISORS } from '../auth/guard.js';
import type { AppDeps } from '../deps.js';
import { ApiError, badInput, notFound } from '../errors.js';
import { effectiveFlows } from '../services/ivr-flows.js';

const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
const WAV_TYPES = ['audio/wav', 'audio/x-wav', 'audio/wave', 'audio/vnd.wave'];

const PromptParams = Type.Object(
  {
    owner: Type.String({ pattern: `^default$|${UUID}`, description: '"default" (the default flows) or the id of a strategy with its own flow' }),
    promptId: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }),
    lang: Type.Union([Type.Literal('es'), Type.Literal('en')]),
  },
  { additionalProperties: false },
);

const PromptItem = Type.Object({
  strategyId: Type.Union([Type.String(), Type.Null()]),
  strategyCode: Type.Union([Type.String(), Type.Null()]),
  flow: Type.String({ description: 'outbound | inbound | machine, or system: the words of the built-in verbs (identify, promise, transfer...)' }),
  /** Whose recordings the call looks for: the strategy when it has its own flow of this kind, else "default". */
  owner: Type.String(),
  ownFlow: Type.Boolean(),
  promptId: Type.String(),
  lang: Type.String(),
  text: Type.String(),
  source: Type.Union([Type.Literal('recording'), Type.Literal('tts'), Type.Literal('tts_per_call')], {
    description: 'recording: an uploaded WAV replaces the text; tts: the text rendered once; tts_per_call: the text has {{variables}}, rendered per call, cannot be replaced',
  }),
  /** The audio exists already (recording, or the rendered text): a call does not wait for TTS. */
  ready: Type.Boolean(),
});

const UploadResult = Type.Object({
  owner: Type.String(),
  promptId: Type.String(),
  lang: Type.String(),
  source: Type.Literal('recording'),
  uri: Type.String(),
  input: Type.Object({ format: Type.String(), channels: Type.Integer(), sampleRate: Type.Integer(), bitsPerSample: Type.Integer(), durationMs: Type.Integer() }),
});

export const ivrPromptRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db } = deps;
  const library = deps.ivrPrompts ?? new PromptLibrary(defaultPromptLocation(), deps.files ?? sharedFilesFromEnv(db));
  const tags = ['ivr'];

  app.addContentTypeParser(WAV_TYPES, { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES }, (_req, body, done) => done(null, body));
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 2 } });

  // the built-in verbs' words, under the ids a session resolves them by (identify.askId → identify_askId)
  const systemFlow = { prompts: Object.fromEntries(Object.entries(SYSTEM_PROMPTS).map(([id, t]) => [id.replace('.', '_'), t])) } as unknown as Flow;

  async function describe(flow: Flow, kind: FlowKind | 'system', owner: string, ownFlow: boolean, strategy: { id: string; code: string } | null) {
    const out = [];
    for (const [promptId, text] of Object.entries(flow.prompts))
      for (const lang of ['es', 'en'] as const) {
        const t = text[lang];
        if (!t) continue;
        const perCall = templateVariables(t).length > 0;
        const recorded = !perCall && (await library.hasRecording(owner, promptId, lang));
        out.push({
          strategyId: strategy?.id ?? null,
          strategyCode: strategy?.code ?? null,
          flow: kind,
          owner,
          ownFlow,
          promptId,
          lang,
          text: t,
          source: recorded ? ('recording' as const) : perCall ? ('tts_per_call' as const) : ('tts' as const),
          ready: recorded || (!perCall && (await library.isRendered(t, lang))),
        });
      }
    return out;
  }

  app.get(
    '/ivr/prompts',
    {
      config: { roles: SUPERVISORS },
      schema: {
        tags,
        summary: 'Prompts per strategy and flow, each a recording or text read by TTS (without strategyId: the default flows and every strategy)',
        querystring: Type.Object({ strategyId: Type.Optional(Type.String({ pattern: UUID })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(PromptItem) }), 404: ErrorResponse },
      },
    },
    async (req) => {
      const items = [];
      let q = db.selectFrom('strategies').select(['id', 'code', 'ivr_flow']).orderBy('code');
      if (req.query.strategyId) q = q.where('id', '=', req.query.strategyId);
      const rows = await q.execute();
      if (req.query.strategyId && rows.length === 0) throw notFound('strategy');
      if (!req.query.strategyId) {
        for (const kind of ['outbound', 'inbound', 'machine'] as const) items.push(...(await describe(DEFAULT_FLOWS[kind], kind, 'default', false, null)));
        items.push(...(await describe(systemFlow, 'system', 'default', false, null)));
      }
      for (const r of rows) {
        const flows = effectiveFlows(r.ivr_flow);
        for (const kind of ['outbound', 'inbound', 'machine'] as const) {
          const f = flows[kind];
          items.push(...(await describe(f.flow, kind, f.own ? r.id : 'default', f.own, { id: r.id, code: r.code })));
        }
        // a strategy with a flow of its own can have its own recordings of the verbs' words too
        if (Object.values(flows).some((f) => f.own)) items.push(...(await describe(systemFlow, 'system', r.id, true, { id: r.id, code: r.code })));
      }
      return { items };
    },
  );

  /** The prompt's text in the owner's flows, or a 400/404 saying why it cannot take a recording. */
  async function promptFor(owner: string, promptId: string, lang: Lang): Promise<string> {
    let flows: Flow[];
    let what: string;
    if (owner === 'default') {
      flows = Object.values(DEFAULT_FLOWS);
      what = 'the default flows';
    } else {
      const row = await db.selectFrom('strategies').select(['code', 'ivr_flow']).where('id', '=', owner).executeTakeFirst();
      if (!row) throw notFound('strategy');
      flows = Object.values(effectiveFlows(row.ivr_flow))
        .filter((f) => f.own)
        .map((f) => f.flow);
      what = `the flows of strategy ${row.code}`;
      if (flows.length === 0) throw badInput('/owner', `strategy ${row.code} has no flow of its own and plays the default flows: upload to owner "default"`, 'params');
    }
    const text = [...flows, systemFlow].map((f) => f.prompts[promptId]).find((t) => t !== undefined);
    if (!text) throw badInput('/promptId', `no prompt "${promptId}" in ${what}`, 'params');
    const t = text[lang] ?? text.es;
    if (templateVariables(t).length)
      throw badInput('/promptId', `prompt "${promptId}" contains {{variables}} (${templateVariables(t).join(', ')}): it is read per call with the debtor's data and cannot be replaced by a recording`, 'params');
    return t;
  }

  app.post(
    '/ivr/prompts/:owner/:promptId/:lang',
    {
      config: { roles: ADMINS },
      bodyLimit: MAX_UPLOAD_BYTES,
      schema: {
        tags,
        summary: 'Replace a text prompt with a recording: a WAV file (PCM, A-law or µ-law, 8–48 kHz, mono or stereo) as an audio/wav body or a multipart field "file"',
        params: PromptParams,
        response: { 200: UploadResult, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => {
      const { owner, promptId, lang } = req.params;
      const user = currentUser(req);
      let audio: Buffer;
      if (req.isMultipart()) {
        const part = await req.file();
        if (!part) throw badInput('file', 'no file in the multipart body: send the WAV in a field named "file"');
        audio = await part.toBuffer();
      } else if (Buffer.isBuffer(req.body)) {
        audio = req.body;
      } else {
        throw badInput('content-type', `send the recording as ${WAV_TYPES[0]} or multipart/form-data (field "file")`, 'headers');
      }
      const text = await promptFor(owner, promptId, lang);
      try {
        const r = await library.uploadWav(owner, promptId, lang, audio, user.id);
        await audit(db, {
          userId: user.id,
          action: 'ivr_prompt.upload',
          entity: 'ivr_prompt',
          entityId: `${owner}/${promptId}/${lang}`,
          details: { owner, promptId, lang, bytes: audio.length, text, ...r.input },
        });
        const { format, channels, sampleRate, bitsPerSample, durationMs } = r.input;
        return { owner, promptId, lang, source: 'recording' as const, uri: r.uri, input: { format, channels, sampleRate, bitsPerSample, durationMs } };
      } catch (e) {
        if (e instanceof PromptUploadError) throw badInput('file', e.message);
        throw e;
      }
    },
  );

  // what a call would play, for the admin to listen to in the browser (an <audio> element sends the session cookie)
  app.get(
    '/ivr/prompts/:owner/:promptId/:lang/audio',
    {
      config: { roles: SUPERVISORS },
      schema: {
        tags,
        summary: 'The audio a call plays for this prompt: the recording, or its text rendered (WAV)',
        params: PromptParams,
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'audio/wav' }), 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req, reply) => {
      const { owner, promptId, lang } = req.params;
      // from the shared store when files are shared (any instance answers the same); a row whose file is gone is a 404
      const audio = await library.audio(owner, promptId, lang, await promptFor(owner, promptId, lang));
      return reply.header('content-type', 'audio/wav').header('cache-control', 'no-store').send(audio);
    },
  );

  app.delete(
    '/ivr/prompts/:owner/:promptId/:lang',
    {
      config: { roles: ADMINS },
      schema: { tags, summary: 'Remove a recording: the prompt goes back to its text (TTS)', params: PromptParams, response: { 200: Ok, 404: ErrorResponse } },
    },
    async (req) => {
      const { owner, promptId, lang } = req.params;
      if (!(await library.hasRecording(owner, promptId, lang))) throw new ApiError(404, 'NOT_FOUND', `no recording for prompt "${promptId}" (${lang}) of ${owner}`);
      await library.removeUpload(owner, promptId, lang);
      await audit(db, { userId: currentUser(req).id, action: 'ivr_prompt.remove', entity: 'ivr_prompt', entityId: `${owner}/${promptId}/${lang}`, details: { owner, promptId, lang } });
      return { ok: true };
    },
  );
};
