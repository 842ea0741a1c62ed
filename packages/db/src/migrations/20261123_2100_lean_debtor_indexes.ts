// Fewer, cheaper indexes on debtors, because every imported debtor pays for each of them row by row
// (measured on 880k debtors, one COPY: 21 s with the trigram index, 13 s with this word index, 8 s with none).
// - One unique key starting with the document number serves both the uniqueness check and the search by
//   document alone, which needed its own index while the key started with the country.
// - The btree on lower(names) served no query (the search orders by the plain names).
// - Name search matches word prefixes ("gom" finds "Gómez", "ana gom" finds "Ana María Gómez") through a
//   full-text index over the folded name: 3–4 entries a debtor instead of ~20 trigrams. The expression must
//   stay identical to the API's query (api/src/services/debtors.ts, foldedName).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists debtors_name`.execute(db);
  await sql`drop index if exists debtors_document_number`.execute(db);
  await sql`drop index if exists debtors_name_trgm`.execute(db);
  await sql`alter table debtors drop constraint debtors_country_document_type_document_number_key`.execute(db);
  await sql`alter table debtors add constraint debtors_document_key unique (document_number, document_type, country)`.execute(db);
  await sql`create index debtors_name_words on debtors using gin
    (to_tsvector('simple'::regconfig, translate(lower(first_name || ' ' || last_name), 'áàäâéèëêíìïîóòöôúùüûñç', 'aaaaeeeeiiiioooouuuunc')))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists debtors_name_words`.execute(db);
  await sql`alter table debtors drop constraint debtors_document_key`.execute(db);
  await sql`alter table debtors add constraint debtors_country_document_type_document_number_key unique (country, document_type, document_number)`.execute(db);
  await sql`create index debtors_document_number on debtors (document_number)`.execute(db);
  await sql`create index debtors_name on debtors (lower(last_name), lower(first_name))`.execute(db);
}
