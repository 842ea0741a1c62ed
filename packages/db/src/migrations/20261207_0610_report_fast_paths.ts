// Two roll-ups that npm run bench:reports showed were missing (1 M accounts, 5 M attempts):
// - report_calls_hourly_all_agents: report_calls_hourly without the agent. Connected calls split every hour's
//   row per agent (4x the rows), and the reports that neither group nor filter by agent (contacts, the heatmap,
//   the abandon rate over a 30-day window) read this one. Kept by a trigger on report_calls_hourly itself.
// - report_payment_facts: each payment with the promise it answers (the latest promise on its account in its
//   currency made on or before the day it was paid), written when the payment or the promise arrives, so the
//   payments against promises are a range scan by paid_on instead of a promise lookup per payment (4.8 s for a
//   month). The grace days stay the API's setting: the report keeps payments up to the promise's due date
//   plus PROMISE_GRACE_DAYS.
import { type Kysely, sql } from 'kysely';

const UP: string[] = [
  `create table report_calls_hourly_all_agents (
    bucket timestamptz not null,
    campaign_id uuid,
    portfolio_id uuid,
    segment_id uuid,
    country text not null,
    local_hour smallint not null,
    attempts integer not null default 0,
    contacts integer not null default 0,
    right_party integer not null default 0,
    abandoned integer not null default 0
  )`,
  `create unique index report_calls_hourly_all_agents_key on report_calls_hourly_all_agents
    (bucket, campaign_id, portfolio_id, segment_id, country, local_hour) nulls not distinct`,
  `create function report_calls_all_agents() returns trigger language plpgsql as $$
  begin
    insert into report_calls_hourly_all_agents as r (bucket, campaign_id, portfolio_id, segment_id, country, local_hour, attempts, contacts, right_party, abandoned)
    values (new.bucket, new.campaign_id, new.portfolio_id, new.segment_id, new.country, new.local_hour,
      new.attempts - coalesce(old.attempts, 0), new.contacts - coalesce(old.contacts, 0),
      new.right_party - coalesce(old.right_party, 0), new.abandoned - coalesce(old.abandoned, 0))
    on conflict (bucket, campaign_id, portfolio_id, segment_id, country, local_hour) do update set
      attempts = r.attempts + excluded.attempts,
      contacts = r.contacts + excluded.contacts,
      right_party = r.right_party + excluded.right_party,
      abandoned = r.abandoned + excluded.abandoned;
    return null;
  end $$`,
  `create trigger report_calls_hourly_all_agents after insert or update on report_calls_hourly
    for each row execute function report_calls_all_agents()`,

  `create table report_payment_facts (
    payment_id uuid primary key,
    paid_on date not null,
    promise_id uuid not null,
    promise_made_on date not null,
    due_date date not null,
    campaign_id uuid,
    portfolio_id uuid,
    segment_id uuid,
    agent_id uuid,
    currency text not null,
    amount numeric(16,2) not null
  )`,
  `create index report_payment_facts_paid_on on report_payment_facts (paid_on)`,
  `create function report_payment_made() returns trigger language plpgsql as $$
  begin
    insert into report_payment_facts
    select new.id, new.paid_on, f.promise_id, f.made_on, p.due_date, f.campaign_id, f.portfolio_id, f.segment_id, f.agent_id, f.currency, new.amount
    from report_promise_facts f join promises p on p.id = f.promise_id
    where f.account_id = new.account_id and f.currency = new.currency and f.made_on <= new.paid_on and p.status <> 'cancelled'
    order by f.made_on desc, f.bucket desc
    limit 1;
    return null;
  end $$`,
  `create trigger payments_report after insert on payments for each row execute function report_payment_made()`,
  // a promise recorded after a payment of its own day (or later) takes that payment over
  `create function report_promise_takes_payments() returns trigger language plpgsql as $$
  declare f report_promise_facts;
  begin
    select * into f from report_promise_facts where promise_id = new.id;
    if not found then return null; end if;
    insert into report_payment_facts as r
    select pay.id, pay.paid_on, f.promise_id, f.made_on, new.due_date, f.campaign_id, f.portfolio_id, f.segment_id, f.agent_id, f.currency, pay.amount
    from payments pay
    where pay.account_id = new.account_id and pay.currency = new.currency and pay.paid_on >= f.made_on
    on conflict (payment_id) do update set
      promise_id = excluded.promise_id, promise_made_on = excluded.promise_made_on, due_date = excluded.due_date,
      campaign_id = excluded.campaign_id, portfolio_id = excluded.portfolio_id, segment_id = excluded.segment_id, agent_id = excluded.agent_id
    where r.promise_made_on <= excluded.promise_made_on;
    return null;
  end $$`,
  // named to fire after promises_report, which writes the promise's facts (triggers fire in name order)
  `create trigger promises_report_payments after insert on promises for each row execute function report_promise_takes_payments()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  // one statement at a time: the embedded PGlite driver runs a single statement per query
  for (const statement of UP) await sql.raw(statement).execute(db);
  await rebuildReportFastPaths(db);
}

/** Fills both from report_calls_hourly, the promises' facts and the payments; run with nothing writing. */
// any: called with the typed Db (benchmark) as well as the untyped migration handle
export async function rebuildReportFastPaths(db: Kysely<any>): Promise<void> {
  await sql`truncate report_calls_hourly_all_agents, report_payment_facts`.execute(db);
  await sql`insert into report_calls_hourly_all_agents (bucket, campaign_id, portfolio_id, segment_id, country, local_hour, attempts, contacts, right_party, abandoned)
    select bucket, campaign_id, portfolio_id, segment_id, country, local_hour, sum(attempts), sum(contacts), sum(right_party), sum(abandoned)
    from report_calls_hourly group by 1, 2, 3, 4, 5, 6`.execute(db);
  await sql`insert into report_payment_facts
    select distinct on (pay.id) pay.id, pay.paid_on, f.promise_id, f.made_on, p.due_date, f.campaign_id, f.portfolio_id, f.segment_id, f.agent_id, f.currency, pay.amount
    from payments pay
    join report_promise_facts f on f.account_id = pay.account_id and f.currency = pay.currency and f.made_on <= pay.paid_on
    join promises p on p.id = f.promise_id and p.status <> 'cancelled'
    order by pay.id, f.made_on desc, f.bucket desc`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger if exists promises_report_payments on promises`.execute(db);
  await sql`drop trigger if exists payments_report on payments`.execute(db);
  await sql`drop trigger if exists report_calls_hourly_all_agents on report_calls_hourly`.execute(db);
  await sql`drop function if exists report_promise_takes_payments, report_payment_made, report_calls_all_agents`.execute(db);
  await sql`drop table if exists report_payment_facts, report_calls_hourly_all_agents`.execute(db);
}
