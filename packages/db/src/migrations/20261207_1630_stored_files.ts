// The index of files kept in shared storage (a folder mounted on every host, FILE_STORE_DIR): IVR prompt
// recordings and call recordings. The bytes live in the store under `key`; this row says what they are and
// whose, with the sha256 every host names its local copy by (Asterisk plays from its own sounds dir).
// A row is written only after its bytes are in the store, and removed before them, so a row never points
// to nothing (a crash between the two leaves an unindexed file, which is harmless).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('stored_files')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('prompt', 'recording')`))
    .addColumn('strategy_id', 'uuid', (c) => c.references('strategies.id').onDelete('set null'))
    .addColumn('call_attempt_id', 'text', (c) => c.references('call_attempts.id').onDelete('set null'))
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull().check(sql`sha256 ~ '^[0-9a-f]{64}$'`))
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('stored_files_kind_key').on('stored_files').columns(['kind', 'key']).execute();
  await db.schema.createIndex('stored_files_call_attempt').on('stored_files').column('call_attempt_id').where('call_attempt_id', 'is not', null).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('stored_files').execute();
}
