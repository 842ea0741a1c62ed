// The S3 adapter against s3rver, a local server that speaks the S3 protocol (path-style buckets, ListObjectsV2,
// S3's error bodies; it checks the access key id but not the signature itself, so SigV4 is aws4's, untested here): put/get/exists/list/delete, not found, keys that climb out refused before any
// request, and SharedFiles over it on real Postgres (two hosts, one bucket, local copies by sha256).
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadFileKeyError, S3BlobStore, SharedFiles, sharedFilesFromEnv, StoredFileNotFoundError } from '../src/files/shared-files.js';
import { createTestDatabase, type TestDatabase } from '../src/testing.js';

const dir = mkdtempSync(join(tmpdir(), 's3-blob-store-'));
let server: S3rver;
let endpoint: string;
let t: TestDatabase;
const creds = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const store = () => new S3BlobStore({ endpoint, bucket: 'cobranza-files', region: 'us-east-1', ...creds });

beforeAll(async () => {
  server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: join(dir, 's3'), configureBuckets: [{ name: 'cobranza-files', configs: [] }] });
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
  t = await createTestDatabase('s3_files');
});
afterAll(async () => {
  await server?.close();
  await t?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const readAll = async (s: NodeJS.ReadableStream): Promise<Buffer> => {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(c as Buffer);
  return Buffer.concat(parts);
};

describe('S3 blob store', () => {
  it('puts, gets as a stream, tells existence, lists by prefix and deletes', async () => {
    const s = store();
    await s.put('prompts/default/menu.es.wav', Buffer.from('menu audio'));
    await s.put('prompts/default/bye.es.wav', Buffer.from('bye audio'));
    await s.put('recordings/call-1.wav', Buffer.from('call'));
    const got = await s.get('prompts/default/menu.es.wav');
    expect(got.size).toBe(10);
    expect((await readAll(got.stream)).toString()).toBe('menu audio');
    expect(await s.exists('prompts/default/menu.es.wav')).toBe(true);
    expect(await s.exists('prompts/default/none.wav')).toBe(false);
    expect(await s.list('prompts/')).toEqual(['prompts/default/bye.es.wav', 'prompts/default/menu.es.wav']);
    await s.delete('prompts/default/bye.es.wav');
    await s.delete('prompts/default/bye.es.wav'); // deleting what is not there is fine
    expect(await s.list('prompts/default/')).toEqual(['prompts/default/menu.es.wav']);
    await expect(s.get('prompts/default/bye.es.wav')).rejects.toBeInstanceOf(StoredFileNotFoundError);
  });

  it('refuses keys that climb out before any request, and an unknown access key fails with the S3 error', async () => {
    const s = store();
    for (const key of ['../x', 'prompts/../../x', '/abs', '.hidden']) await expect(s.get(key), key).rejects.toBeInstanceOf(BadFileKeyError);
    await expect(s.list('../')).rejects.toBeInstanceOf(BadFileKeyError);
    const wrong = new S3BlobStore({ endpoint, bucket: 'cobranza-files', region: 'us-east-1', accessKeyId: 'SOMEONE-ELSE', secretAccessKey: 'not-the-secret' });
    await expect(wrong.put('prompts/x.wav', Buffer.from('x'))).rejects.toThrow(/HTTP 403 InvalidAccessKeyId/);
  });

  it('SharedFiles over the bucket from the environment: indexed with sha256, read by another host, copied by sha256', async () => {
    const env = { FILE_STORE_S3_URL: `${endpoint}/cobranza-files`, FILE_STORE_S3_ACCESS_KEY_ID: 'S3RVER', FILE_STORE_S3_SECRET_ACCESS_KEY: 'S3RVER' };
    const a = sharedFilesFromEnv(t.db, env)!;
    const b = sharedFilesFromEnv(t.db, env)!;
    expect(a.blobs).toBeInstanceOf(S3BlobStore);
    const data = Buffer.from('RIFF a prompt recorded by an admin');
    const f = await a.put({ key: 'prompts/default/goodbye.es.wav', kind: 'prompt', data, contentType: 'audio/wav' });
    expect(f.sha256).toBe(createHash('sha256').update(data).digest('hex'));
    const local = await b.materialise('prompts/default/goodbye.es.wav', join(dir, 'host-b'), '.wav');
    expect(local?.path).toBe(join(dir, 'host-b', `${f.sha256}.wav`));
    expect(readFileSync(local!.path)).toEqual(data);
    expect(await b.delete('prompts/default/goodbye.es.wav')).toBe(true);
    await expect(a.open('prompts/default/goodbye.es.wav')).rejects.toBeInstanceOf(StoredFileNotFoundError);
  });
});
