import { Migrator, type Kysely } from 'kysely';
import { migrations } from './migrations/index.js';

export class MigrationError extends Error {
  constructor(readonly migration: string, cause: unknown) {
    super(`migration ${migration} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

// any schema: migrations run before (and regardless of) the typed schema
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  // Unordered: migrations written side by side land in any order, and a database that ran a later-named one
  // first must still take the earlier-named one (each migration here touches its own tables).
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) throw new MigrationError(failed?.migrationName ?? 'unknown', error);
  return (results ?? []).map((r) => r.migrationName);
}
