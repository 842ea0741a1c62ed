// Call recordings served from shared storage: the dialer archives a recording into FILE_STORE_DIR (here written
// as the archiver writes it, dialer/test/integration/recording-archive.test.ts covers the Asterisk side); two API
// instances with nothing local both play it, to supervisors and admins only, each listen audited; a missing
// file is a 404 and a key that climbs out is refused.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderBlobStore, SharedFiles } from '@cobranza/db/files/shared-files';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { makeEnv, type TestEnv } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'api-shared-recordings-'));
const storeDir = join(dir, 'store');
let env: TestEnv;
let apiA: FastifyInstance;
let apiB: FastifyInstance;
const files = () => new SharedFiles(env.t.db, new FolderBlobStore(storeDir));

beforeAll(async () => {
  env = await makeEnv('sharedrec');
  apiA = await buildApp({ ...env.deps, files: files() });
  apiB = await buildApp({ ...env.deps, files: files() });
  await Promise.all([apiA.ready(), apiB.ready()]);
}, 60_000);
afterAll(async () => {
  await apiA?.close();
  await apiB?.close();
  await env?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('call recordings in shared storage', () => {
  it('any instance plays an archived recording to supervisors, audited; agents are refused', async () => {
    const attemptId = randomUUID();
    await env.t.db.insertInto('call_attempts').values({ id: attemptId, e164: '+573001112233', status: 'ended' }).execute();
    const audio = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(32_000, 7)]);
    await files().put({ key: `recordings/call-${attemptId}.wav`, kind: 'recording', data: audio, contentType: 'audio/wav', callAttemptId: attemptId });
    for (const api of [apiA, apiB]) {
      const res = await api.inject({ method: 'GET', url: `/calls/${attemptId}/recording`, headers: env.auth('supervisor') });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('audio/wav');
      expect(res.rawPayload.equals(audio)).toBe(true);
    }
    expect((await apiB.inject({ method: 'GET', url: `/calls/${attemptId}/recording`, headers: env.auth('agent') })).statusCode).toBe(403);
    const audited = await env.t.db.selectFrom('audit_log').selectAll().where('action', '=', 'call_recording.listen').execute();
    expect(audited).toHaveLength(2);
    expect(audited[0]).toMatchObject({ user_id: env.users.supervisor.id, entity: 'call_attempt', entity_id: attemptId });
  });

  it('a recording never stored, or whose file is gone, is a 404 with a clear message; bad ids are refused', async () => {
    const none = await apiA.inject({ method: 'GET', url: `/calls/${randomUUID()}/recording`, headers: env.auth('admin') });
    expect(none.statusCode).toBe(404);
    expect(none.json()).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/not in the shared store/) });
    const attemptId = randomUUID();
    await files().put({ key: `recordings/call-${attemptId}.wav`, kind: 'recording', data: Buffer.from('RIFF'), contentType: 'audio/wav', callAttemptId: attemptId });
    unlinkSync(join(storeDir, 'recordings', `call-${attemptId}.wav`));
    expect((await apiB.inject({ method: 'GET', url: `/calls/${attemptId}/recording`, headers: env.auth('admin') })).statusCode).toBe(404);
    for (const id of ['..%2F..%2Fetc%2Fpasswd', '.hidden', 'a.b']) {
      const res = await apiA.inject({ method: 'GET', url: `/calls/${id}/recording`, headers: env.auth('admin') });
      expect(res.statusCode, id).toBe(400);
    }
    expect((await apiA.inject({ method: 'GET', url: `/calls/x/recording?part=../../x`, headers: env.auth('admin') })).statusCode).toBe(400);
  });
});
