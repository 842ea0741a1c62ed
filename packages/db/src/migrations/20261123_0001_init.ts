// The collections data model. Migrations never import application code: the value lists in the CHECK
// constraints are a snapshot of packages/contracts at the time this migration was written.
import { type Kysely, sql } from 'kysely';

const UP = `

create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null unique,
  name text not null,
  password_hash text not null,
  role text not null check (role in ('agent','supervisor','admin')),
  sip_endpoint text unique,
  locale text not null default 'es-CO',
  active boolean not null default true,
  created_at timestamptz not null default now()
);

create table audit_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  user_id uuid references users(id),
  action text not null,
  entity text not null,
  entity_id text,
  details jsonb not null default '{}'
);
create index audit_log_entity on audit_log (entity, entity_id, at);

create table creditors (
  id uuid primary key default gen_random_uuid(),
  code text not null unique,
  name text not null,
  business_name text not null,
  callback_number text not null,
  country text not null,
  created_at timestamptz not null default now()
);

create table portfolios (
  id uuid primary key default gen_random_uuid(),
  creditor_id uuid not null references creditors(id),
  name text not null,
  country text not null,
  currency text not null check (currency ~ '^[A-Z]{3}$'),
  created_at timestamptz not null default now(),
  unique (creditor_id, name)
);

create table debtors (
  id uuid primary key default gen_random_uuid(),
  country text not null,
  document_type text not null,
  document_number text not null,
  first_name text not null,
  last_name text not null,
  birth_date date,
  email text,
  locale text not null default 'es-CO',
  region text,
  time_zone text not null,
  -- several zones when address and phone disagree: contact is allowed only in the overlap
  time_zone_candidates text[] not null default '{}',
  risk_score numeric(5,2),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (country, document_type, document_number)
);
create index debtors_name on debtors (lower(last_name), lower(first_name));

create table accounts (
  id uuid primary key default gen_random_uuid(),
  portfolio_id uuid not null references portfolios(id),
  debtor_id uuid not null references debtors(id),
  external_id text not null,
  product text not null,
  currency text not null check (currency ~ '^[A-Z]{3}$'),
  principal numeric(16,2) not null check (principal >= 0),
  balance numeric(16,2) not null check (balance >= 0),
  minimum_payment numeric(16,2) not null default 0 check (minimum_payment >= 0),
  opened_on date,
  -- the oldest unpaid due date: days past due are computed from it, never stored
  oldest_due_date date,
  next_due_date date,
  status text not null default 'active' check (status in ('active','promise','paid','settled','written_off','legal','closed')),
  segment_id uuid,
  segment_assigned_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (portfolio_id, external_id)
);
create index accounts_debtor on accounts (debtor_id);
create index accounts_segment on accounts (segment_id);

create table phones (
  id uuid primary key default gen_random_uuid(),
  debtor_id uuid not null references debtors(id),
  e164 text not null check (e164 ~ '^\\+[1-9][0-9]{6,14}$'),
  type text not null default 'unknown' check (type in ('mobile','landline','voip','unknown')),
  source text not null default 'import',
  consent_automated boolean not null default false,
  status text not null default 'valid' check (status in ('valid','invalid','wrong_party','unknown')),
  priority integer not null default 0,
  attempts integer not null default 0,
  last_result text,
  last_attempt_at timestamptz,
  created_at timestamptz not null default now(),
  unique (debtor_id, e164)
);
create index phones_e164 on phones (e164);

create table account_documents (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts(id) on delete cascade,
  kind text not null check (kind in ('invoice','contract','statement','other')),
  name text not null,
  reference text not null,
  created_at timestamptz not null default now(),
  unique (account_id, kind, reference)
);

create table scripts (
  id uuid primary key default gen_random_uuid(),
  code text not null unique,
  name text not null,
  locale text not null default 'es',
  -- { opening, verification, body, closing, branches: { <reason_code>: text } } with {{variables}}
  body jsonb not null,
  version integer not null default 1,
  updated_at timestamptz not null default now()
);

create table strategies (
  id uuid primary key default gen_random_uuid(),
  code text not null unique,
  name text not null,
  channels text[] not null default '{voice}',
  dial_mode text not null default 'predictive' check (dial_mode in ('preview','progressive','predictive','agentless')),
  script_id uuid references scripts(id),
  amd_mode text not null default 'hangup' check (amd_mode in ('off','hangup','message')),
  ivr_flow jsonb,
  -- { minPromiseAmountPct, maxPromiseDays, settlementMaxDiscountPct, maxInstalments, minInstalmentAmount }
  negotiation jsonb not null default '{}',
  -- per outcome: { busy: {retryMinutes}, no_answer: {retryMinutes}, machine: {...}, maxAttempts }
  retry_rules jsonb not null default '{}',
  sms_templates jsonb not null default '{}',
  updated_at timestamptz not null default now()
);

create table segments (
  id uuid primary key default gen_random_uuid(),
  code text not null unique,
  name text not null,
  priority integer not null,
  -- { dpdMin, dpdMax, balanceMin, balanceMax, products[], regions[], riskMin, riskMax }
  rules jsonb not null default '{}',
  strategy_id uuid references strategies(id),
  active boolean not null default true,
  updated_at timestamptz not null default now()
);
alter table accounts add constraint accounts_segment_fk foreign key (segment_id) references segments(id);

create table campaigns (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  portfolio_id uuid references portfolios(id),
  strategy_id uuid references strategies(id),
  segment_ids uuid[] not null default '{}',
  dial_mode text not null default 'predictive' check (dial_mode in ('preview','progressive','predictive','agentless')),
  status text not null default 'draft' check (status in ('draft','running','paused','stopped')),
  -- { abandonTarget, maxLinesPerAgent, minAgentsForPredictive, amdErrorEstimate, wrapUpSeconds, agentlessConcurrency, callerId }
  settings jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- The dialer's queue of what to call next, per campaign. Reserved with FOR UPDATE SKIP LOCKED.
create table campaign_leads (
  id bigserial primary key,
  campaign_id uuid not null references campaigns(id) on delete cascade,
  debtor_id uuid not null references debtors(id),
  account_id uuid references accounts(id),
  priority integer not null default 0,
  status text not null default 'pending' check (status in ('pending','reserved','in_call','done','exhausted','blocked')),
  next_attempt_at timestamptz not null default now(),
  attempts integer not null default 0,
  reserved_by text,
  reserved_until timestamptz,
  last_outcome text,
  unique (campaign_id, debtor_id)
);
create index campaign_leads_ready on campaign_leads (campaign_id, status, priority desc, next_attempt_at);

create table call_attempts (
  -- the ARI channel id given at originate: it ties every event to the attempt
  id text primary key,
  campaign_id uuid references campaigns(id),
  lead_id bigint references campaign_leads(id),
  debtor_id uuid references debtors(id),
  account_id uuid references accounts(id),
  phone_id uuid references phones(id),
  e164 text not null,
  direction text not null default 'outbound' check (direction in ('outbound','inbound')),
  dial_mode text,
  dialer_id text,
  status text not null default 'reserved' check (status in ('reserved','dialing','ringing','amd','waiting','bridged','ivr','ended')),
  outcome text check (outcome in ('connected','abandoned','machine','busy','no_answer','congestion','failed','invalid_number','ivr_completed','cancelled')),
  hangup_cause integer,
  sip_code integer,
  amd_status text,
  amd_cause text,
  agent_id uuid references users(id),
  right_party boolean,
  recording_name text,
  created_at timestamptz not null default now(),
  dialed_at timestamptz,
  answered_at timestamptz,
  human_at timestamptz,
  bridged_at timestamptz,
  ended_at timestamptz
);
-- never two calls at once to the same debtor, whichever dialer process places them
create unique index call_attempts_one_live_per_debtor on call_attempts (debtor_id) where status <> 'ended' and direction = 'outbound';
create index call_attempts_debtor on call_attempts (debtor_id, created_at);
create index call_attempts_campaign on call_attempts (campaign_id, created_at);

create table ivr_sessions (
  id uuid primary key default gen_random_uuid(),
  call_attempt_id text references call_attempts(id),
  debtor_id uuid references debtors(id),
  direction text not null check (direction in ('outbound','inbound')),
  caller_number text,
  identified boolean not null default false,
  -- every step the caller went through: [{ at, step, input, result }]
  path jsonb not null default '[]',
  outcome text,
  started_at timestamptz not null default now(),
  ended_at timestamptz
);
create index ivr_sessions_debtor on ivr_sessions (debtor_id, started_at);

create table sms_messages (
  id uuid primary key default gen_random_uuid(),
  debtor_id uuid references debtors(id),
  account_id uuid references accounts(id),
  e164 text not null,
  direction text not null check (direction in ('outbound','inbound')),
  template text,
  body text not null,
  status text not null check (status in ('queued','sent','delivered','undelivered','failed','received','blocked')),
  provider_sid text unique,
  error_code text,
  created_at timestamptz not null default now(),
  status_at timestamptz
);
create index sms_messages_debtor on sms_messages (debtor_id, created_at);

create table dispositions (
  id uuid primary key default gen_random_uuid(),
  call_attempt_id text references call_attempts(id),
  debtor_id uuid not null references debtors(id),
  account_id uuid references accounts(id),
  agent_id uuid references users(id),
  outcome text not null check (outcome in ('promise_to_pay','settlement','payment_plan','paid','refused','callback','third_party','wrong_number','no_contact','dispute','deceased','skip')),
  reason text check (reason in ('already_paid','does_not_recognise_debt','never_got_bill','no_money_lost_job','will_pay_month_end','holder_not_here','payment_already_sent','lost_payment_slip','other')),
  notes text,
  callback_at timestamptz,
  created_at timestamptz not null default now()
);
create index dispositions_debtor on dispositions (debtor_id, created_at);

create table promises (
  id uuid primary key default gen_random_uuid(),
  debtor_id uuid not null references debtors(id),
  account_id uuid not null references accounts(id),
  disposition_id uuid references dispositions(id),
  ivr_session_id uuid references ivr_sessions(id),
  amount numeric(16,2) not null check (amount > 0),
  currency text not null,
  due_date date not null,
  status text not null default 'pending' check (status in ('pending','kept','broken','cancelled')),
  source text not null check (source in ('agent','ivr','sms','api')),
  -- settlement or instalment plan: { kind, discountPct, instalments: [{ n, dueDate, amount }] }
  plan jsonb,
  created_by uuid references users(id),
  created_at timestamptz not null default now()
);
create index promises_debtor on promises (debtor_id, created_at);

create table payments (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts(id),
  amount numeric(16,2) not null check (amount > 0),
  currency text not null,
  paid_on date not null,
  reference text,
  source text not null default 'import',
  created_at timestamptz not null default now(),
  unique (account_id, reference)
);

-- Opt-outs and do-not-contact: per debtor, per phone, or both; channel 'all' blocks everything.
create table opt_outs (
  id uuid primary key default gen_random_uuid(),
  debtor_id uuid references debtors(id),
  e164 text,
  channel text not null check (channel in ('all','voice','ivr','sms','email')),
  source text not null check (source in ('ivr_keypad','sms_stop','agent','import','api')),
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  check (debtor_id is not null or e164 is not null)
);
create index opt_outs_debtor on opt_outs (debtor_id);
create index opt_outs_e164 on opt_outs (e164);

create table legal_holds (
  id uuid primary key default gen_random_uuid(),
  debtor_id uuid not null references debtors(id),
  kind text not null check (kind in ('lawsuit','insolvency')),
  since date not null,
  created_at timestamptz not null default now()
);

-- One row per contact of any channel: the ledger that frequency caps and lock-outs count.
create table contact_events (
  id bigserial primary key,
  debtor_id uuid not null references debtors(id),
  account_id uuid references accounts(id),
  creditor_id uuid references creditors(id),
  campaign_id uuid references campaigns(id),
  channel text not null check (channel in ('voice','ivr','sms','email')),
  e164 text,
  at timestamptz not null,
  live boolean not null default false,
  right_party boolean not null default false,
  conversation boolean not null default false,
  abandoned boolean not null default false,
  machine boolean not null default false,
  voicemail boolean not null default false,
  connected boolean not null default true,
  source_id text
);
create index contact_events_debtor on contact_events (debtor_id, at);

-- Every decision of the compliance gate, allowed or blocked, with the rule that decided it.
create table compliance_decisions (
  id bigserial primary key,
  at timestamptz not null default now(),
  debtor_id uuid references debtors(id),
  campaign_id uuid references campaigns(id),
  channel text not null,
  phone_id uuid references phones(id),
  allowed boolean not null,
  rule text not null,
  reason text not null,
  profiles text[] not null default '{}',
  next_allowed_at timestamptz,
  requested_by text
);
create index compliance_decisions_debtor on compliance_decisions (debtor_id, at);

-- Overrides of the default jurisdiction profiles, per jurisdiction, creditor or campaign.
create table compliance_profiles (
  id uuid primary key default gen_random_uuid(),
  scope text not null check (scope in ('jurisdiction','creditor','campaign')),
  scope_key text not null,
  overrides jsonb not null,
  updated_at timestamptz not null default now(),
  unique (scope, scope_key)
);

create table imports (
  id uuid primary key default gen_random_uuid(),
  portfolio_id uuid not null references portfolios(id),
  filename text not null,
  status text not null default 'running' check (status in ('running','completed','failed')),
  total_rows integer not null default 0,
  accepted integer not null default 0,
  rejected integer not null default 0,
  error text,
  created_by uuid references users(id),
  started_at timestamptz not null default now(),
  finished_at timestamptz
);

create table import_rejects (
  id bigserial primary key,
  import_id uuid not null references imports(id) on delete cascade,
  line integer not null,
  "column" text not null,
  value text,
  reason text not null
);
create index import_rejects_import on import_rejects (import_id, line);
`;

export async function up(db: Kysely<unknown>): Promise<void> {
  // one statement at a time: the embedded PGlite driver runs a single statement per query
  for (const statement of UP.split(/;\s*\n/)) {
    if (statement.trim()) await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
drop table if exists import_rejects, imports, compliance_profiles, compliance_decisions, contact_events, legal_holds,
  opt_outs, payments, promises, dispositions, sms_messages, ivr_sessions, call_attempts, campaign_leads, campaigns,
  segments, strategies, scripts, account_documents, phones, accounts, debtors, portfolios, creditors, audit_log, users cascade;
`.execute(db);
}
