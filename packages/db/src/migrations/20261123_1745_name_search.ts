// Debtor search by part of a name, accent- and case-insensitive ("gomez" finds "Gómez"): a trigram index
// over the folded full name. The expression must stay identical to the API's query
// (api/src/services/debtors.ts, foldedName). pg_trgm ships with Postgres (contrib); where it is not
// available (the embedded PGlite, small demo data) the search still works, by a scan.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const available = await sql<{ n: number }>`select count(*)::int as n from pg_available_extensions where name = 'pg_trgm'`.execute(db);
  if ((available.rows[0]?.n ?? 0) === 0) return;
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create index if not exists debtors_name_trgm on debtors using gin
    ((translate(lower(first_name || ' ' || last_name), 'áàäâéèëêíìïîóòöôúùüûñç', 'aaaaeeeeiiiioooouuuunc')) gin_trgm_ops)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists debtors_name_trgm`.execute(db);
}
