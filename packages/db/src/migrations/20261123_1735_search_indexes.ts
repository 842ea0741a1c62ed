// Indexes for the API's debtor search: by document number alone (the unique key starts with the country)
// and by account external id alone (the unique key starts with the portfolio).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index if not exists debtors_document_number on debtors (document_number)`.execute(db);
  await sql`create index if not exists accounts_external_id on accounts (external_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists accounts_external_id`.execute(db);
  await sql`drop index if exists debtors_document_number`.execute(db);
}
