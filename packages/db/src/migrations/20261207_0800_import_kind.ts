// Which file an import read: a portfolio or a creditor's payments. The history of imports shows both
// and must say which is which; payments imports already on record are found by their audit entry.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table imports add column kind text not null default 'portfolio' check (kind in ('portfolio', 'payments'))`.execute(db);
  await sql`update imports set kind = 'payments' where id::text in (select entity_id from audit_log where action = 'payment_import.create' and entity_id is not null)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table imports drop column kind`.execute(db);
}
