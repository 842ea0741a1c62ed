// Where shared files' bytes live: a port (put, get as a stream, exists, delete, list by prefix) and its folder
// adapter. In production the folder is a mount every host shares (FILE_STORE_DIR: NFS, EFS, a CIFS share...),
// so an upload through one API instance is readable by every other process. Keys are relative paths such as
// `prompts/default/menu.es.wav`; anything that could climb out of the folder is refused before any I/O.
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';

/** A key that names no file the store can hold (`..`, absolute, odd characters): a caller error, answered 400. */
export class BadFileKeyError extends Error {
  constructor(readonly key: string, why: string) {
    super(`file key "${key.slice(0, 200)}": ${why}`);
    this.name = 'BadFileKeyError';
  }
}

/** No such file in the store (never written, deleted, or a row whose bytes someone removed by hand): a 404. */
export class StoredFileNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`no stored file "${key}"`);
    this.name = 'StoredFileNotFoundError';
  }
}

export interface BlobStore {
  /** Writes the whole file atomically: a reader sees the old bytes or the new ones, never half of them. */
  put(key: string, data: Buffer): Promise<void>;
  /** The file as a stream; StoredFileNotFoundError when there is none. */
  get(key: string): Promise<{ stream: Readable; size: number }>;
  exists(key: string): Promise<boolean>;
  /** Removes the file; no error when it was not there. */
  delete(key: string): Promise<void>;
  /** Keys under `prefix` (a folder-like prefix such as `prompts/default/`), sorted. */
  list(prefix: string): Promise<string[]>;
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Checks a key: slash-separated segments of letters, digits, `.`, `_`, `-`, none starting with a dot. */
export function checkFileKey(key: string): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > 512) throw new BadFileKeyError(String(key), 'empty or longer than 512 characters');
  if (key.startsWith('/') || key.includes('\\')) throw new BadFileKeyError(key, 'must be a relative path with / separators');
  for (const seg of key.split('/'))
    if (!SEGMENT.test(seg)) throw new BadFileKeyError(key, `segment "${seg.slice(0, 60)}" is not letters, digits, . _ - (nor may it start with a dot or be empty)`);
  return key;
}

/** A BlobStore over a directory (a shared mount in production). */
export class FolderBlobStore implements BlobStore {
  private readonly root: string;
  constructor(root: string) {
    this.root = resolve(root);
  }

  /** The file's path, checked to be inside the root (belt and braces after checkFileKey). */
  private path(key: string): string {
    const p = resolve(this.root, checkFileKey(key));
    const rel = relative(this.root, p);
    if (rel.startsWith('..') || rel === '' || resolve(this.root, rel) !== p) throw new BadFileKeyError(key, 'outside the store');
    return p;
  }

  async put(key: string, data: Buffer): Promise<void> {
    const p = this.path(key);
    await mkdir(dirname(p), { recursive: true });
    // a hidden temp name (keys never start with a dot, so list never shows it), then rename: atomic on one filesystem
    const tmp = join(dirname(p), `.${process.pid}.${Date.now().toString(36)}.${Math.random().toString(36).slice(2)}.tmp`);
    try {
      await writeFile(tmp, data);
      await rename(tmp, p);
    } finally {
      await rm(tmp, { force: true });
    }
  }

  async get(key: string): Promise<{ stream: Readable; size: number }> {
    const p = this.path(key);
    let size: number;
    try {
      const s = await stat(p);
      if (!s.isFile()) throw new StoredFileNotFoundError(key);
      size = s.size;
    } catch (e) {
      if (e instanceof StoredFileNotFoundError || (e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR')
        throw new StoredFileNotFoundError(key);
      throw e;
    }
    return { stream: createReadStream(p), size };
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.path(key))).isFile();
    } catch (e) {
      if (e instanceof BadFileKeyError) throw e;
      return false;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  async list(prefix: string): Promise<string[]> {
    // the prefix's folder part is a key too (checked), the rest filters names in it
    const cut = prefix.lastIndexOf('/');
    const dir = cut < 0 ? this.root : this.path(prefix.slice(0, cut));
    const out: string[] = [];
    const walk = async (d: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(d, { withFileTypes: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw e;
      }
      for (const en of entries) {
        if (en.name.startsWith('.')) continue;
        const full = join(d, en.name);
        if (en.isDirectory()) await walk(full);
        else if (en.isFile()) {
          const key = relative(this.root, full).split(sep).join('/');
          if (key.startsWith(prefix)) out.push(key);
        }
      }
    };
    await walk(dir);
    return out.sort();
  }
}
