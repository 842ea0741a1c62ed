// Campaign ownership across dialer processes: one dialer paces a campaign at a time, under a lease it renews
// every second or so. The token grows on every new tenure (a takeover, or the same dialer coming back after
// its lease ran out), and every attempt row is written only while the writer's (owner, token) still holds a
// live lease: a stalled former owner can never dial. dialer_heartbeats says which dialers are alive, so a
// new owner settles the open attempts of a dead one and leaves a live one's calls to finish.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('campaign_leases')
    .addColumn('campaign_id', 'uuid', (c) => c.primaryKey().references('campaigns.id').onDelete('cascade'))
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('token', 'bigint', (c) => c.notNull())
    .addColumn('acquired_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('dialer_heartbeats')
    .addColumn('dialer_id', 'text', (c) => c.primaryKey())
    .addColumn('seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('dialer_heartbeats').execute();
  await db.schema.dropTable('campaign_leases').execute();
}
