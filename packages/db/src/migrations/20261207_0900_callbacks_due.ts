// The supervisor's "callbacks due" list reads the callbacks booked up to the end of the day on every refresh;
// callbacks are a small share of the dispositions, so a partial index keeps that read off the whole table.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index dispositions_callbacks_due on dispositions (callback_at) where outcome = 'callback'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists dispositions_callbacks_due`.execute(db);
}
