// The index of shared files (stored_files): what each key in the file store is, whose, its size and sha256.
// SharedFiles (files/shared-files.ts) keeps it in step with the bytes; nothing else writes it.
import { sql } from 'kysely';
import type { Db } from '../index.js';

export type StoredFileKind = 'prompt' | 'recording';

export interface StoredFile {
  key: string;
  kind: StoredFileKind;
  strategyId: string | null;
  callAttemptId: string | null;
  size: number;
  sha256: string;
  contentType: string;
  createdAt: Date;
  createdBy: string | null;
}

export type NewStoredFile = Omit<StoredFile, 'createdAt'>;

const COLUMNS = ['key', 'kind', 'strategy_id', 'call_attempt_id', 'size', 'sha256', 'content_type', 'created_at', 'created_by'] as const;

type Row = { key: string; kind: string; strategy_id: string | null; call_attempt_id: string | null; size: number; sha256: string; content_type: string; created_at: Date | string; created_by: string | null };

function toFile(r: Row): StoredFile {
  return {
    key: r.key,
    kind: r.kind as StoredFileKind,
    strategyId: r.strategy_id,
    callAttemptId: r.call_attempt_id,
    size: Number(r.size),
    sha256: r.sha256,
    contentType: r.content_type,
    createdAt: new Date(r.created_at),
    createdBy: r.created_by,
  };
}

export class StoredFileIndex {
  constructor(private readonly db: Db) {}

  /** Adds the row, or replaces it when the key was written again (a new recording of the same prompt). */
  async upsert(f: NewStoredFile): Promise<StoredFile> {
    const values = {
      key: f.key,
      kind: f.kind,
      strategy_id: f.strategyId,
      // the attempt's id only when its row exists (a call the dialer did not persist records too): never an FK error
      call_attempt_id: f.callAttemptId ? sql<string | null>`(select id from call_attempts where id = ${f.callAttemptId})` : null,
      size: f.size,
      sha256: f.sha256,
      content_type: f.contentType,
      created_by: f.createdBy,
    };
    const { key: _key, ...update } = values;
    const row = await this.db
      .insertInto('stored_files')
      .values(values)
      .onConflict((oc) => oc.column('key').doUpdateSet({ ...update, created_at: sql`now()` }))
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    return toFile(row);
  }

  async find(key: string): Promise<StoredFile | null> {
    const row = await this.db.selectFrom('stored_files').select(COLUMNS).where('key', '=', key).executeTakeFirst();
    return row ? toFile(row) : null;
  }

  /** Rows whose key starts with `prefix` (of one kind when given), by key. */
  async list(prefix: string, kind?: StoredFileKind): Promise<StoredFile[]> {
    let q = this.db.selectFrom('stored_files').select(COLUMNS).where('key', 'like', `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    if (kind) q = q.where('kind', '=', kind);
    return (await q.orderBy('key').execute()).map(toFile);
  }

  /** Removes the row; returns it when there was one. */
  async remove(key: string): Promise<StoredFile | null> {
    const row = await this.db.deleteFrom('stored_files').where('key', '=', key).returning(COLUMNS).executeTakeFirst();
    return row ? toFile(row) : null;
  }
}
