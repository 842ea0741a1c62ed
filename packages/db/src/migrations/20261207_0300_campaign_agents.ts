// Which agents work which campaign. An agent sees the debtors of the portfolios of their campaigns only (a house
// serving several creditors, and Colombia's Ley 1581: access limited to the purpose); supervisors and admins
// see everything. A campaign without a portfolio spans every portfolio, and so do its agents.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('campaign_agents')
    .addColumn('campaign_id', 'uuid', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('campaign_agents_pkey', ['campaign_id', 'user_id'])
    .execute();
  // the scope is looked up by user on every agent request
  await db.schema.createIndex('campaign_agents_user').on('campaign_agents').columns(['user_id', 'campaign_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('campaign_agents').execute();
}
