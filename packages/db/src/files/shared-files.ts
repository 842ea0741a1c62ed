// Shared files: bytes in a BlobStore (a shared folder), indexed in Postgres (stored_files). Every process that
// plays or serves a prompt or a recording goes through here, so two API instances, an IVR and a dialer on
// other hosts all see the same files.
//
// Order of writes, so an index row never points to nothing: put writes the bytes first (atomically), then the
// row; delete removes the row first, then the bytes. A crash in between leaves bytes nobody indexes (harmless,
// overwritten by the next put of that key). A row whose bytes someone removed by hand reads as not found.
//
// Asterisk plays from its own sounds dir, so a process materialises a file into a local folder on demand,
// named by its sha256: a cache that never goes stale (a new upload is a new hash) and is shared by identical files.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Db } from '../index.js';
import { StoredFileIndex, type StoredFile, type StoredFileKind } from '../stores/stored-files.js';
import { type BlobStore, checkFileKey, FolderBlobStore, StoredFileNotFoundError } from './blob-store.js';
import { S3BlobStore, s3OptionsFromEnv } from './s3-blob-store.js';

export { BadFileKeyError, checkFileKey, FolderBlobStore, StoredFileNotFoundError, type BlobStore } from './blob-store.js';
export { S3BlobStore, type S3Options } from './s3-blob-store.js';
export type { StoredFile, StoredFileKind } from '../stores/stored-files.js';

export interface PutFile {
  key: string;
  kind: StoredFileKind;
  data: Buffer;
  contentType: string;
  strategyId?: string | null;
  callAttemptId?: string | null;
  /** The user who uploaded it (null for files a process made, such as call recordings). */
  createdBy?: string | null;
}

const SHA = /^[0-9a-f]{64}$/;

export class SharedFiles {
  readonly index: StoredFileIndex;
  constructor(
    db: Db,
    readonly blobs: BlobStore,
  ) {
    this.index = new StoredFileIndex(db);
  }

  async put(f: PutFile): Promise<StoredFile> {
    checkFileKey(f.key);
    const sha256 = createHash('sha256').update(f.data).digest('hex');
    await this.blobs.put(f.key, f.data);
    return this.index.upsert({
      key: f.key,
      kind: f.kind,
      strategyId: f.strategyId ?? null,
      callAttemptId: f.callAttemptId ?? null,
      size: f.data.length,
      sha256,
      contentType: f.contentType,
      createdBy: f.createdBy ?? null,
    });
  }

  /** The indexed file, or null (no I/O on the bytes). */
  find(key: string): Promise<StoredFile | null> {
    return this.index.find(checkFileKey(key));
  }

  list(prefix: string, kind?: StoredFileKind): Promise<StoredFile[]> {
    return this.index.list(prefix, kind);
  }

  /** The file and its bytes as a stream; StoredFileNotFoundError when it is not indexed or its bytes are gone. */
  async open(key: string): Promise<{ file: StoredFile; stream: Readable }> {
    const file = await this.find(key);
    if (!file) throw new StoredFileNotFoundError(key);
    const { stream } = await this.blobs.get(key);
    return { file, stream };
  }

  /** Removes the row, then the bytes. Returns whether there was a file. */
  async delete(key: string): Promise<boolean> {
    const row = await this.index.remove(checkFileKey(key));
    await this.blobs.delete(key);
    return row !== null;
  }

  /**
   * A local copy of the file in `dir`, named `<sha256><ext>` (the cache: a copy already there is reused).
   * Returns null when the key is not indexed. The copy is hashed as it is written, so a copy made while
   * another process overwrites the key is never kept under the wrong name.
   */
  async materialise(key: string, dir: string, ext = ''): Promise<{ path: string; file: StoredFile } | null> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const file = await this.find(key);
      if (!file) return null;
      if (!SHA.test(file.sha256)) throw new Error(`stored file ${key}: bad sha256 in the index`);
      const path = join(dir, `${file.sha256}${ext}`);
      if (await sizeIs(path, file.size)) return { path, file };
      await mkdir(dir, { recursive: true });
      const tmp = join(dir, `.${file.sha256}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
      try {
        const { stream } = await this.blobs.get(key);
        const hash = createHash('sha256');
        stream.on('data', (c: Buffer) => hash.update(c));
        await pipeline(stream, createWriteStream(tmp));
        // the bytes changed under us (a new upload of the key between reading the row and the bytes): read the row again
        if (hash.digest('hex') !== file.sha256) continue;
        await rename(tmp, path);
        return { path, file };
      } finally {
        await rm(tmp, { force: true });
      }
    }
    throw new Error(`stored file ${key}: its bytes kept changing while being copied`);
  }
}

/**
 * SharedFiles over an S3-compatible bucket (FILE_STORE_S3_URL) or a shared folder (FILE_STORE_DIR), or null
 * when neither is set (single-host mode: files stay local).
 */
export function sharedFilesFromEnv(db: Db, env: Record<string, string | undefined> = process.env): SharedFiles | null {
  const s3 = s3OptionsFromEnv(env);
  if (s3) return new SharedFiles(db, new S3BlobStore(s3));
  const dir = env.FILE_STORE_DIR?.trim();
  return dir ? new SharedFiles(db, new FolderBlobStore(dir)) : null;
}

async function sizeIs(path: string, size: number): Promise<boolean> {
  try {
    return (await stat(path)).size === size;
  } catch {
    return false;
  }
}
