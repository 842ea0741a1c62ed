// The built agent console (agent-console/dist) at /, with client-side routes falling back to index.html.
import { existsSync, statSync } from 'node:fs';
import { join, normalize } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../deps.js';

export const consoleRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  const root = deps.config.consoleDir;
  app.get('/', { config: { public: true }, schema: { hide: true } }, (_req, reply) => reply.sendFile('index.html'));
  app.get('/*', { config: { public: true }, schema: { hide: true } }, (req, reply) => {
    const rel = normalize((req.params as { '*': string })['*']).replace(/^(\.\.[/\\])+/, '');
    const file = join(root, rel);
    if (file.startsWith(root) && existsSync(file) && statSync(file).isFile()) return reply.sendFile(rel);
    return reply.sendFile('index.html');
  });
};

/** No build to serve: `/` says so and how to make one, instead of a JSON 404. */
export const consoleMissingRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  app.get('/', { config: { public: true }, schema: { hide: true } }, (_req, reply) =>
    reply
      .code(503)
      .type('text/html; charset=utf-8')
      .send(
        `<!doctype html><html lang="es"><meta charset="utf-8"><title>Cobranza</title><body style="font-family:sans-serif;max-width:40em;margin:3em auto">` +
          `<h1>Consola no disponible / Console not available</h1>` +
          `<p>No hay una compilación de la consola en <code>${escapeHtml(deps.config.consoleDir)}</code>. Ejecute <code>npm run -w @cobranza/agent-console build</code> y reinicie.</p>` +
          `<p>There is no console build in <code>${escapeHtml(deps.config.consoleDir)}</code>. Run <code>npm run -w @cobranza/agent-console build</code> and restart.</p>` +
          `<p><a href="/docs">API docs</a> · <a href="/health">health</a></p></body></html>`,
      ),
  );
};

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
