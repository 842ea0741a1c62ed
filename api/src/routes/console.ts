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
