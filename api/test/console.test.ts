// The built agent console served at / when agent-console/dist exists, with client-side routes.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { makeEnv, type TestEnv } from './helpers.js';

let env: TestEnv;
let app: FastifyInstance;
const dist = mkdtempSync(join(tmpdir(), 'cobranza-dist-'));

beforeAll(async () => {
  env = await makeEnv('console');
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Cobranza</title><div id="root"></div>');
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'assets', 'app.js'), 'console.log("hola")');
  app = await buildApp({ ...env.deps, config: { ...env.config, consoleDir: dist } });
}, 60_000);
afterAll(async () => {
  await app?.close();
  await env?.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('console static files', () => {
  it('serves index.html at /, assets by path, and index.html for client-side routes', async () => {
    const root = await app.inject({ method: 'GET', url: '/' });
    expect(root.statusCode).toBe(200);
    expect(root.headers['content-type']).toMatch(/text\/html/);
    expect(root.body).toContain('<div id="root">');
    const js = await app.inject({ method: 'GET', url: '/assets/app.js' });
    expect(js.body).toBe('console.log("hola")');
    expect(js.headers['content-type']).toMatch(/javascript/);
    const deep = await app.inject({ method: 'GET', url: '/supervisor/wallboard' });
    expect(deep.body).toContain('<div id="root">');
  });

  it('does not shadow the API, and does not serve files outside dist', async () => {
    expect((await app.inject({ method: 'GET', url: '/health' })).json().status).toBe('ok');
    expect((await app.inject({ method: 'GET', url: '/debtors' })).statusCode).toBe(401);
    const escape = await app.inject({ method: 'GET', url: '/..%2f..%2fetc%2fpasswd' });
    expect(escape.body).not.toContain('root:');
  });

  it('says, in a page and not a JSON 404, that there is no build and how to make one (the API alone)', async () => {
    const r = await env.app.inject({ method: 'GET', url: '/' });
    expect(r.statusCode).toBe(503);
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    expect(r.body).toContain('Consola no disponible');
    expect(r.body).toContain('npm run -w @cobranza/agent-console build');
  });
});
