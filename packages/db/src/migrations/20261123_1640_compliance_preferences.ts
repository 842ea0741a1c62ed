// Additive, for the compliance gate: what the debtor authorised (channels, other hours) and the
// full decision detail next to the audit row. Owned by packages/compliance's maintainer.
import { type Kysely, sql } from 'kysely';

const UP = `
create table debtor_contact_preferences (
  debtor_id uuid primary key references debtors(id) on delete cascade,
  -- channels the debtor authorised; null = nothing recorded
  authorised_channels text[] check (authorised_channels <@ array['voice','ivr','sms','email']::text[]),
  -- extra local hours the debtor agreed to: { mon: [{ from: "HH:MM", to: "HH:MM" }], ... }
  consent_hours jsonb,
  consent_valid_until timestamptz,
  updated_at timestamptz not null default now()
);
alter table compliance_decisions add column details jsonb not null default '{}'
`;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP.split(/;\s*\n/)) {
    if (statement.trim()) await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table compliance_decisions drop column if exists details`.execute(db);
  await sql`drop table if exists debtor_contact_preferences`.execute(db);
}
