// Prompts in shared storage: two API instances and an IVR process, each with its own local sounds folder but
// one FILE_STORE_DIR and one Postgres. A recording uploaded through one instance is indexed (sha256, size,
// who), listed and played through the other, and played by the IVR from a local copy named by its sha256.
// A row whose file is gone answers 404, not 500; keys that climb out of the store are refused.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderBlobStore, SharedFiles } from '@cobranza/db/files/shared-files';
import { DEFAULT_FLOWS } from '@cobranza/ivr/flows/defaults';
import { PromptLibrary } from '@cobranza/ivr/prompts/library';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { makeEnv, type TestEnv } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'api-shared-prompts-'));
const storeDir = join(dir, 'shared-store');
const loc = (host: string) => ({ hostDir: join(dir, host, 'sounds', 'cobranza-ivr'), asteriskDir: 'cobranza-ivr' });
let env: TestEnv;
let apiA: FastifyInstance;
let apiB: FastifyInstance;
let files: () => SharedFiles;
let strategyId: string;

function wav(text: string): Buffer {
  const out = join(dir, `w-${Math.random().toString(36).slice(2)}.wav`);
  execFileSync('espeak-ng', ['-v', 'es-419', '-w', out, '--', text]);
  return readFileSync(out);
}

beforeAll(async () => {
  env = await makeEnv('sharedprompts');
  // each process builds its own SharedFiles over the shared folder, as it would from FILE_STORE_DIR
  files = () => new SharedFiles(env.t.db, new FolderBlobStore(storeDir));
  apiA = await buildApp({ ...env.deps, ivrPrompts: new PromptLibrary(loc('api-a'), files()) });
  apiB = await buildApp({ ...env.deps, ivrPrompts: new PromptLibrary(loc('api-b'), files()) });
  await Promise.all([apiA.ready(), apiB.ready()]);
  const st = await apiA.inject({ method: 'POST', url: '/strategies', headers: env.auth('admin'), payload: { code: 'SHR', name: 'Compartida', ivrFlow: { outbound: DEFAULT_FLOWS.outbound } } });
  expect(st.statusCode, st.body).toBe(201);
  strategyId = st.json().id;
}, 60_000);
afterAll(async () => {
  await apiA?.close();
  await apiB?.close();
  await env?.close();
  rmSync(dir, { recursive: true, force: true });
});

const item = async (api: FastifyInstance, promptId: string, lang: string) => {
  const res = await api.inject({ method: 'GET', url: `/ivr/prompts?strategyId=${strategyId}`, headers: env.auth('supervisor') });
  expect(res.statusCode).toBe(200);
  return (res.json().items as Array<{ flow: string; promptId: string; lang: string; source: string; ready: boolean }>).find((i) => i.flow === 'outbound' && i.promptId === promptId && i.lang === lang);
};

describe('prompts in shared storage', () => {
  it('an upload through one API instance is indexed, listed and played through the other, and by an IVR on another host', async () => {
    const res = await apiA.inject({ method: 'POST', url: `/ivr/prompts/${strategyId}/menu/es`, headers: { ...env.auth('admin'), 'content-type': 'audio/wav' }, payload: wav('Para hablar con un asesor marque uno.') });
    expect(res.statusCode, res.body).toBe(200);
    const stored = readFileSync(join(storeDir, 'prompts', strategyId, 'menu.es.wav'));
    const sha = createHash('sha256').update(stored).digest('hex');
    expect(res.json().uri).toBe(`sound:cobranza-ivr/rec/${sha}`);
    const row = await env.t.db.selectFrom('stored_files').selectAll().where('key', '=', `prompts/${strategyId}/menu.es.wav`).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'prompt', sha256: sha, size: stored.length, content_type: 'audio/wav', strategy_id: strategyId, created_by: env.users.admin.id, call_attempt_id: null });

    expect(await item(apiB, 'menu', 'es')).toMatchObject({ source: 'recording', ready: true });
    const played = await apiB.inject({ method: 'GET', url: `/ivr/prompts/${strategyId}/menu/es/audio`, headers: env.auth('supervisor') });
    expect(played.statusCode).toBe(200);
    expect(played.headers['content-type']).toBe('audio/wav');
    expect(played.rawPayload.equals(stored)).toBe(true);
    // served from the store: instance B kept no copy of its own
    expect(existsSync(join(loc('api-b').hostDir, 'rec', `${sha}.wav`))).toBe(false);
    // same role checks as before: an agent may not listen
    expect((await apiB.inject({ method: 'GET', url: `/ivr/prompts/${strategyId}/menu/es/audio`, headers: env.auth('agent') })).statusCode).toBe(403);

    // the IVR (another host, its own sounds folder) plays a local copy named by sha256, copied on demand
    const ivr = new PromptLibrary(loc('ivr'), files());
    expect(await ivr.resolve(strategyId, 'menu', 'es', DEFAULT_FLOWS.outbound.prompts.menu!.es)).toBe(`sound:cobranza-ivr/rec/${sha}`);
    expect(readFileSync(join(loc('ivr').hostDir, 'rec', `${sha}.wav`)).equals(stored)).toBe(true);
    expect(await ivr.resolve(strategyId, 'menu', 'en', DEFAULT_FLOWS.outbound.prompts.menu!.en!)).toMatch(/^sound:cobranza-ivr\/tts\//);
  });

  it('a new upload replaces the recording everywhere: a new sha256, a new local name, never a stale copy', async () => {
    const ivr = new PromptLibrary(loc('ivr'), files());
    const before = await ivr.resolve(strategyId, 'menu', 'es', 'x');
    const res = await apiB.inject({ method: 'POST', url: `/ivr/prompts/${strategyId}/menu/es`, headers: { ...env.auth('admin'), 'content-type': 'audio/wav' }, payload: wav('Marque dos para pagar.') });
    expect(res.statusCode, res.body).toBe(200);
    const after = await ivr.resolve(strategyId, 'menu', 'es', 'x');
    expect(after).toBe(res.json().uri);
    expect(after).not.toBe(before);
    expect(await env.t.db.selectFrom('stored_files').select('key').where('kind', '=', 'prompt').execute()).toHaveLength(1);
  });

  it('a row whose file is gone answers 404 with a clear message, not 500', async () => {
    unlinkSync(join(storeDir, 'prompts', strategyId, 'menu.es.wav'));
    const res = await apiA.inject({ method: 'GET', url: `/ivr/prompts/${strategyId}/menu/es/audio`, headers: env.auth('supervisor') });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/not in the shared store/) });
    // a call on a host without a copy hears the text instead of failing
    expect(await new PromptLibrary(loc('ivr-2'), files()).resolve(strategyId, 'menu', 'es', 'Marque dos.')).toMatch(/^sound:cobranza-ivr\/tts\//);
  });

  it('refuses keys that climb out of the store', async () => {
    for (const owner of ['..', '..%2F..%2Fetc', '%2E%2E']) {
      const res = await apiA.inject({ method: 'GET', url: `/ivr/prompts/${owner}/menu/es/audio`, headers: env.auth('supervisor') });
      // refused by the route's schema (400), or by the router once `..` is normalised away (404): never a file
      expect([400, 404], owner).toContain(res.statusCode);
      expect(res.headers['content-type']).toMatch(/json/);
    }
    await expect(new PromptLibrary(loc('ivr'), files()).upload('../x', 'menu', 'es', wav('hola'))).rejects.toThrow(/letters, digits/);
    const f = files();
    await expect(f.open(`prompts/${strategyId}/../../../etc/passwd`)).rejects.toThrow(/file key/);
  });

  it('removing the recording through one instance brings the text back on the other', async () => {
    await apiA.inject({ method: 'POST', url: `/ivr/prompts/${strategyId}/menu/es`, headers: { ...env.auth('admin'), 'content-type': 'audio/wav' }, payload: wav('Hola.') });
    expect((await apiB.inject({ method: 'DELETE', url: `/ivr/prompts/${strategyId}/menu/es`, headers: env.auth('admin') })).statusCode).toBe(200);
    expect(await item(apiA, 'menu', 'es')).toMatchObject({ source: 'tts' });
    expect(await env.t.db.selectFrom('stored_files').select('key').execute()).toEqual([]);
    expect(existsSync(join(storeDir, 'prompts', strategyId, 'menu.es.wav'))).toBe(false);
    expect(await new PromptLibrary(loc('ivr'), files()).resolve(strategyId, 'menu', 'es', 'x')).toMatch(/^sound:cobranza-ivr\/tts\//);
  });
});
