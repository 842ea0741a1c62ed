// The HTTP app: plugins, the role guard, the error translation and every route. No listening here
// (server.ts does that), so tests drive it with inject() or listen on a random port.
import { existsSync } from 'node:fs';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { installGuard } from './auth/guard.js';
import type { AppDeps } from './deps.js';
import { errorHandler } from './errors.js';
import { installInputGuard } from './input-guard.js';
import { requestSerializers } from './lib/log-redaction.js';
import { fastifyLogOptions, installHttpMetrics } from './lib/observability.js';
import { installSecurityHeaders } from './security-headers.js';
import { authRoutes } from './routes/auth.js';
import { healthRoutes } from './routes/health.js';
import { userRoutes } from './routes/users.js';
import { auditRoutes } from './routes/audit.js';
import { catalogRoutes } from './routes/catalog.js';
import { campaignRoutes } from './routes/campaigns.js';
import { debtorRoutes } from './routes/debtors.js';
import { dispositionRoutes } from './routes/dispositions.js';
import { shiftRoutes } from './routes/shift.js';
import { consoleMissingRoutes, consoleRoutes } from './routes/console.js';
import { twilioRoutes } from './routes/twilio.js';
import { importRoutes } from './routes/imports.js';
import { paymentImportRoutes } from './routes/payment-imports.js';
import { ivrPromptRoutes } from './routes/ivr-prompts.js';
import { recordingRoutes } from './routes/recordings.js';
import { segmentSetRoutes } from './routes/segment-set.js';
import { reportRoutes } from './routes/reports.js';
import { callbackRoutes } from './routes/callbacks.js';
import { strategyEditorRoutes } from './routes/strategy-editor.js';

export const API_VERSION = '0.1.0';

/** Route plugins contributed by other parts of the project (the portfolio import adds its own here). */
export type ExtraRoutes = (app: FastifyInstance, deps: AppDeps) => Promise<void>;
const extraRoutes: ExtraRoutes[] = [];
export function registerExtraRoutes(plugin: ExtraRoutes): void {
  extraRoutes.push(plugin);
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    // personal data in query strings (searches by document, phone, name) is masked in every request log line
    // and every line is the platform's structured record (LOG_FORMAT), fields through the one redactor
    logger: deps.logger ? { ...fastifyLogOptions(deps.config.logFormat, requestSerializers), ...(deps.logger === true ? {} : deps.logger), serializers: requestSerializers } : false,
    // only behind a proxy, or anyone could pick their address (and dodge the login limiter) with a header
    trustProxy: deps.config.trustProxy,
    ajv: {
      // Unknown fields are rejected (400), not silently dropped: a typo in a settings key must not pass.
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setErrorHandler(errorHandler);
  installHttpMetrics(app); // request durations by route pattern, for /metrics on its own port
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({ statusCode: 404, code: 'NOT_FOUND', message: `no route ${req.method} ${req.url.split('?')[0]}` }),
  );

  await installSecurityHeaders(app, deps.config);
  await app.register(cookie);
  // before any route, the reference's included: every route is in the route table and guarded
  installGuard(app, deps);
  installInputGuard(app);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Cobranza API', version: API_VERSION, description: 'Collections contact center: portfolios, debtors, campaigns, dispositions.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'cobranza_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
  });
  // the reference tells an attacker every route and field: off in production unless DOCS_ENABLED says otherwise
  if (deps.config.docs !== 'off') await app.register(swaggerUi, { routePrefix: '/docs' });


  await app.register(healthRoutes, deps);
  await app.register(authRoutes, deps);
  await app.register(userRoutes, deps);
  await app.register(auditRoutes, deps);
  await app.register(catalogRoutes, deps);
  await app.register(campaignRoutes, deps);
  await app.register(debtorRoutes, deps);
  await app.register(dispositionRoutes, deps);
  await app.register(shiftRoutes, deps);
  await app.register(twilioRoutes, deps);
  await app.register(importRoutes, deps);
  await app.register(paymentImportRoutes, deps);
  await app.register(ivrPromptRoutes, deps);
  await app.register(recordingRoutes, deps);
  await app.register(segmentSetRoutes, deps);
  await app.register(reportRoutes, deps);
  await app.register(callbackRoutes, deps);
  await app.register(strategyEditorRoutes, deps);
  for (const plugin of extraRoutes) await app.register(async (child) => plugin(child, deps));

  if (existsSync(deps.config.consoleDir)) {
    // serve: false so the console's routes are ours and declare `public` like every other route
    await app.register(fastifyStatic, { root: deps.config.consoleDir, serve: false });
    await app.register(consoleRoutes, deps);
  } else {
    await app.register(consoleMissingRoutes, deps);
  }
  return app;
}
