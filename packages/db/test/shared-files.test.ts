// Shared files on real Postgres and a real folder: bytes first then the index row (sha256, size), two
// "hosts" (different local cache folders, one shared store) see the same file, the local copy is named by
// sha256 and reused, a missing file is a StoredFileNotFoundError, and keys that climb out are refused.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadFileKeyError, FolderBlobStore, SharedFiles, StoredFileNotFoundError } from '../src/files/shared-files.js';
import { createTestDatabase, type TestDatabase } from '../src/testing.js';

let t: TestDatabase;
let dir: string;
let hostA: SharedFiles;
let hostB: SharedFiles;

beforeAll(async () => {
  t = await createTestDatabase('shared_files');
  dir = mkdtempSync(join(tmpdir(), 'shared-files-'));
  // two processes: each its own SharedFiles over the same folder and database
  hostA = new SharedFiles(t.db, new FolderBlobStore(join(dir, 'store')));
  hostB = new SharedFiles(t.db, new FolderBlobStore(join(dir, 'store')));
});
afterAll(async () => {
  await t?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const readAll = async (s: NodeJS.ReadableStream): Promise<Buffer> => {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(c as Buffer);
  return Buffer.concat(parts);
};

describe('shared files', () => {
  it('writes the bytes then the index row; another host reads them and materialises a copy named by sha256', async () => {
    const data = Buffer.from('RIFF....WAVE fake audio for the test');
    const sha = createHash('sha256').update(data).digest('hex');
    const f = await hostA.put({ key: 'prompts/default/menu.es.wav', kind: 'prompt', data, contentType: 'audio/wav' });
    expect(f).toMatchObject({ key: 'prompts/default/menu.es.wav', kind: 'prompt', size: data.length, sha256: sha, contentType: 'audio/wav' });
    const row = await t.db.selectFrom('stored_files').selectAll().where('key', '=', 'prompts/default/menu.es.wav').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ sha256: sha, size: data.length, kind: 'prompt' });

    const opened = await hostB.open('prompts/default/menu.es.wav');
    expect(await readAll(opened.stream)).toEqual(data);
    expect((await hostB.list('prompts/default/')).map((x) => x.key)).toEqual(['prompts/default/menu.es.wav']);
    expect(await hostB.blobs.list('prompts/')).toEqual(['prompts/default/menu.es.wav']);

    const local = await hostB.materialise('prompts/default/menu.es.wav', join(dir, 'b-sounds'), '.wav');
    expect(local?.path).toBe(join(dir, 'b-sounds', `${sha}.wav`));
    expect(readFileSync(local!.path)).toEqual(data);
    const mtime = statSync(local!.path).mtimeMs;
    // cached: the second call reuses the copy
    expect((await hostB.materialise('prompts/default/menu.es.wav', join(dir, 'b-sounds'), '.wav'))?.path).toBe(local!.path);
    expect(statSync(local!.path).mtimeMs).toBe(mtime);

    // a new upload of the key is a new hash, so a new local name: no stale cache
    const data2 = Buffer.from('RIFF....WAVE another recording');
    const f2 = await hostA.put({ key: 'prompts/default/menu.es.wav', kind: 'prompt', data: data2, contentType: 'audio/wav' });
    const local2 = await hostB.materialise('prompts/default/menu.es.wav', join(dir, 'b-sounds'), '.wav');
    expect(local2?.path).toBe(join(dir, 'b-sounds', `${f2.sha256}.wav`));
    expect(readFileSync(local2!.path)).toEqual(data2);
  });

  it('answers not found for an unknown key, and for a row whose bytes were removed by hand', async () => {
    await expect(hostA.open('prompts/default/nope.es.wav')).rejects.toBeInstanceOf(StoredFileNotFoundError);
    expect(await hostA.materialise('prompts/default/nope.es.wav', join(dir, 'a-sounds'))).toBeNull();
    await hostA.put({ key: 'recordings/2026/12/call-x.wav', kind: 'recording', data: Buffer.from('x'), contentType: 'audio/wav' });
    unlinkSync(join(dir, 'store', 'recordings/2026/12/call-x.wav'));
    await expect(hostB.open('recordings/2026/12/call-x.wav')).rejects.toBeInstanceOf(StoredFileNotFoundError);
  });

  it('deletes the row before the bytes: no row is left pointing to nothing', async () => {
    await hostA.put({ key: 'prompts/default/bye.es.wav', kind: 'prompt', data: Buffer.from('bye'), contentType: 'audio/wav' });
    expect(await hostB.delete('prompts/default/bye.es.wav')).toBe(true);
    expect(await hostA.find('prompts/default/bye.es.wav')).toBeNull();
    expect(await hostA.blobs.exists('prompts/default/bye.es.wav')).toBe(false);
    expect(await hostA.delete('prompts/default/bye.es.wav')).toBe(false);
  });

  it('refuses keys that climb out of the store or are not plain names, before any I/O', async () => {
    writeFileSync(join(dir, 'secret.txt'), 'outside');
    for (const key of ['../secret.txt', 'prompts/../../secret.txt', '/etc/passwd', 'prompts/./x', 'prompts//x', '.hidden', 'a\\..\\b', 'prompts/%2e%2e/x', ''])
      await expect(hostA.open(key), key).rejects.toBeInstanceOf(BadFileKeyError);
    await expect(hostA.put({ key: '../secret.txt', kind: 'prompt', data: Buffer.from('x'), contentType: 'text/plain' })).rejects.toBeInstanceOf(BadFileKeyError);
    await expect(hostA.blobs.get('../secret.txt')).rejects.toBeInstanceOf(BadFileKeyError);
    await expect(hostA.blobs.list('../')).rejects.toBeInstanceOf(BadFileKeyError);
    expect(readFileSync(join(dir, 'secret.txt'), 'utf8')).toBe('outside');
    expect(await t.db.selectFrom('stored_files').select('key').where('key', 'like', '%..%').execute()).toEqual([]);
  });
});
