// Roll-ups behind the historical reports (api/src/services/reports), kept up to date by triggers in the
// same transaction that writes the fact: a report over today already counts the call that just ended, and
// no nightly batch exists to wait for. A report then sums a few rows per hour instead of millions of calls.
//
// - report_calls_hourly: one row per UTC hour x campaign x portfolio x segment x agent x debtor country x
//   hour of the debtor's own clock, from the compliance ledger (contact_events, voice and IVR calls).
//   contact_events.segment_id keeps the account's segment as it was at the call, so a disposition saved
//   after the nightly segmentation still corrects the same row.
// - report_promise_facts: a promise's grouping (campaign and agent of its call, portfolio, segment at the
//   time) written once; report_promises_hourly sums promises by status, moved when the status changes.
// - agent_state_intervals: what the dialer's agents did and for how long (nothing recorded it before);
//   report_agent_hourly sums those seconds per UTC hour.
// UTC hours serve any zone with whole-hour offsets (the Americas, Europe); a range in a half-hour zone would
// be off by 30 minutes at its edges.
import { type Kysely, sql } from 'kysely';

const UP: string[] = [
  `alter table contact_events add column segment_id uuid`,

  // Agent ids and campaign ids are not foreign keys: a record of what happened must not stop a campaign
  // from being deleted, nor be lost to a race with it.
  `create table agent_state_intervals (
    id bigserial primary key,
    agent_id uuid not null,
    state text not null check (state in ('ready','reserved','talking','wrapping','paused')),
    campaign_id uuid,
    pause_reason text,
    started_at timestamptz not null,
    ended_at timestamptz not null,
    check (ended_at >= started_at)
  )`,
  `create index agent_state_intervals_agent on agent_state_intervals (agent_id, started_at)`,

  `create table report_calls_hourly (
    bucket timestamptz not null,
    campaign_id uuid,
    portfolio_id uuid,
    segment_id uuid,
    agent_id uuid,
    country text not null,
    local_hour smallint not null check (local_hour between 0 and 23),
    attempts integer not null default 0,
    contacts integer not null default 0,
    right_party integer not null default 0,
    abandoned integer not null default 0,
    agent_calls integer not null default 0
  )`,
  `create unique index report_calls_hourly_key on report_calls_hourly
    (bucket, campaign_id, portfolio_id, segment_id, agent_id, country, local_hour) nulls not distinct`,

  `create table report_promise_facts (
    promise_id uuid primary key,
    account_id uuid not null,
    bucket timestamptz not null,
    made_on date not null,
    campaign_id uuid,
    portfolio_id uuid,
    segment_id uuid,
    agent_id uuid,
    currency text not null
  )`,
  // payments look up the promises of their account
  `create index report_promise_facts_account on report_promise_facts (account_id, currency, made_on)`,

  `create table report_promises_hourly (
    bucket timestamptz not null,
    campaign_id uuid,
    portfolio_id uuid,
    segment_id uuid,
    agent_id uuid,
    currency text not null,
    promises integer not null default 0,
    amount numeric(18,2) not null default 0,
    kept integer not null default 0,
    broken integer not null default 0,
    pending integer not null default 0,
    cancelled integer not null default 0,
    kept_amount numeric(18,2) not null default 0
  )`,
  `create unique index report_promises_hourly_key on report_promises_hourly
    (bucket, campaign_id, portfolio_id, segment_id, agent_id, currency) nulls not distinct`,

  `create table report_agent_hourly (
    bucket timestamptz not null,
    agent_id uuid not null,
    campaign_id uuid,
    talk_seconds double precision not null default 0,
    wrap_seconds double precision not null default 0,
    idle_seconds double precision not null default 0,
    pause_seconds double precision not null default 0
  )`,
  `create unique index report_agent_hourly_key on report_agent_hourly (bucket, agent_id, campaign_id) nulls not distinct`,

  // payments against promises are found at report time (the grace days are the API's setting)
  `create index payments_paid_on on payments (paid_on)`,

  // --- calls -----------------------------------------------------------------------------------------
  `create function report_contact_segment() returns trigger language plpgsql as $$
  begin
    if new.segment_id is null and new.account_id is not null then
      select segment_id into new.segment_id from accounts where id = new.account_id;
    end if;
    return new;
  end $$`,
  `create trigger contact_events_segment before insert on contact_events
    for each row execute function report_contact_segment()`,

  `create function report_calls_add(ev contact_events, n integer, rp integer) returns void language plpgsql as $$
  declare
    v_agent uuid; v_bridged timestamptz; v_direction text; v_portfolio uuid; v_country text; v_zone text;
  begin
    if ev.channel not in ('voice', 'ivr') then return; end if;
    if ev.source_id is not null then
      select agent_id, bridged_at, direction into v_agent, v_bridged, v_direction from call_attempts where id = ev.source_id;
      -- the reports count the calls the dialer places; inbound self-service is the IVR's own figure
      if v_direction = 'inbound' then return; end if;
    end if;
    if ev.account_id is not null then select portfolio_id into v_portfolio from accounts where id = ev.account_id; end if;
    if v_portfolio is null and ev.campaign_id is not null then select portfolio_id into v_portfolio from campaigns where id = ev.campaign_id; end if;
    select country, time_zone into v_country, v_zone from debtors where id = ev.debtor_id;
    insert into report_calls_hourly as r
      (bucket, campaign_id, portfolio_id, segment_id, agent_id, country, local_hour, attempts, contacts, right_party, abandoned, agent_calls)
    values (
      date_trunc('hour', ev.at at time zone 'UTC') at time zone 'UTC',
      ev.campaign_id, v_portfolio, ev.segment_id,
      case when v_bridged is not null then v_agent end,
      coalesce(v_country, ''),
      extract(hour from ev.at at time zone coalesce(v_zone, 'UTC'))::smallint,
      n, n * ev.live::int, rp, n * ev.abandoned::int, n * (v_bridged is not null and v_agent is not null)::int)
    on conflict (bucket, campaign_id, portfolio_id, segment_id, agent_id, country, local_hour) do update set
      attempts = r.attempts + excluded.attempts,
      contacts = r.contacts + excluded.contacts,
      right_party = r.right_party + excluded.right_party,
      abandoned = r.abandoned + excluded.abandoned,
      agent_calls = r.agent_calls + excluded.agent_calls;
  end $$`,
  `create function report_contact_events_written() returns trigger language plpgsql as $$
  begin
    if tg_op = 'INSERT' then
      perform report_calls_add(new, 1, new.right_party::int);
    elsif new.right_party is distinct from old.right_party then
      -- a disposition saved after the call ended says whether it was the debtor
      perform report_calls_add(new, 0, new.right_party::int - old.right_party::int);
    end if;
    return null;
  end $$`,
  `create trigger contact_events_report after insert or update of right_party on contact_events
    for each row execute function report_contact_events_written()`,

  // --- promises --------------------------------------------------------------------------------------
  `create function report_promise_add(f report_promise_facts, st text, amt numeric, n integer) returns void language plpgsql as $$
  begin
    insert into report_promises_hourly as r
      (bucket, campaign_id, portfolio_id, segment_id, agent_id, currency, promises, amount, kept, broken, pending, cancelled, kept_amount)
    values (f.bucket, f.campaign_id, f.portfolio_id, f.segment_id, f.agent_id, f.currency,
      0, 0, n * (st = 'kept')::int, n * (st = 'broken')::int, n * (st = 'pending')::int, n * (st = 'cancelled')::int,
      case when st = 'kept' then n * amt else 0 end)
    on conflict (bucket, campaign_id, portfolio_id, segment_id, agent_id, currency) do update set
      kept = r.kept + excluded.kept,
      broken = r.broken + excluded.broken,
      pending = r.pending + excluded.pending,
      cancelled = r.cancelled + excluded.cancelled,
      kept_amount = r.kept_amount + excluded.kept_amount;
  end $$`,
  `create function report_promise_made(p promises) returns void language plpgsql as $$
  declare f report_promise_facts; v_zone text;
  begin
    select time_zone into v_zone from debtors where id = p.debtor_id;
    f.promise_id := p.id;
    f.account_id := p.account_id;
    f.bucket := date_trunc('hour', p.created_at at time zone 'UTC') at time zone 'UTC';
    -- the debtor's day, as the kept/broken decision counts it (api/src/services/promise-status.ts)
    f.made_on := (p.created_at at time zone coalesce(v_zone, 'UTC'))::date;
    f.currency := p.currency;
    select a.portfolio_id, a.segment_id into f.portfolio_id, f.segment_id from accounts a where a.id = p.account_id;
    if p.disposition_id is not null then
      select ca.campaign_id, coalesce(d.agent_id, ca.agent_id) into f.campaign_id, f.agent_id
        from dispositions d left join call_attempts ca on ca.id = d.call_attempt_id where d.id = p.disposition_id;
    end if;
    if f.agent_id is null and p.source = 'agent' then f.agent_id := p.created_by; end if;
    insert into report_promise_facts values (f.*);
    insert into report_promises_hourly as r
      (bucket, campaign_id, portfolio_id, segment_id, agent_id, currency, promises, amount)
    values (f.bucket, f.campaign_id, f.portfolio_id, f.segment_id, f.agent_id, f.currency, 1, p.amount)
    on conflict (bucket, campaign_id, portfolio_id, segment_id, agent_id, currency) do update set
      promises = r.promises + 1, amount = r.amount + excluded.amount;
    perform report_promise_add(f, p.status, p.amount, 1);
  end $$`,
  `create function report_promises_written() returns trigger language plpgsql as $$
  declare f report_promise_facts;
  begin
    if tg_op = 'INSERT' then
      perform report_promise_made(new);
    elsif new.status is distinct from old.status or new.amount is distinct from old.amount then
      select * into f from report_promise_facts where promise_id = new.id;
      if not found then return null; end if;
      perform report_promise_add(f, old.status, old.amount, -1);
      perform report_promise_add(f, new.status, new.amount, 1);
      if new.amount is distinct from old.amount then
        update report_promises_hourly set amount = amount + new.amount - old.amount
          where bucket = f.bucket and campaign_id is not distinct from f.campaign_id and portfolio_id is not distinct from f.portfolio_id
            and segment_id is not distinct from f.segment_id and agent_id is not distinct from f.agent_id and currency = f.currency;
      end if;
    end if;
    return null;
  end $$`,
  `create trigger promises_report after insert or update of status, amount on promises
    for each row execute function report_promises_written()`,

  // --- agent time ------------------------------------------------------------------------------------
  `create function report_agent_interval_written() returns trigger language plpgsql as $$
  begin
    insert into report_agent_hourly as r (bucket, agent_id, campaign_id, talk_seconds, wrap_seconds, idle_seconds, pause_seconds)
    select h, new.agent_id, new.campaign_id,
      case when new.state = 'talking' then s else 0 end,
      case when new.state = 'wrapping' then s else 0 end,
      case when new.state in ('ready', 'reserved') then s else 0 end,
      case when new.state = 'paused' then s else 0 end
    from (
      select h, extract(epoch from least(h + interval '1 hour', new.ended_at) - greatest(h, new.started_at)) as s
      from generate_series(date_trunc('hour', new.started_at at time zone 'UTC') at time zone 'UTC', new.ended_at, interval '1 hour') as h
    ) x
    where s > 0
    on conflict (bucket, agent_id, campaign_id) do update set
      talk_seconds = r.talk_seconds + excluded.talk_seconds,
      wrap_seconds = r.wrap_seconds + excluded.wrap_seconds,
      idle_seconds = r.idle_seconds + excluded.idle_seconds,
      pause_seconds = r.pause_seconds + excluded.pause_seconds;
    return null;
  end $$`,
  `create trigger agent_state_intervals_report after insert on agent_state_intervals
    for each row execute function report_agent_interval_written()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  // one statement at a time: the embedded PGlite driver runs a single statement per query
  for (const statement of UP) await sql.raw(statement).execute(db);
  await rebuildReportRollups(db);
}

/**
 * Fills the roll-ups from the facts, set-based (what was in the ledger before the roll-ups existed; the
 * benchmark's generated history). Empties them first: run it with nothing writing calls or promises.
 */
// any: called with the typed Db (benchmark, repair) as well as the untyped migration handle
export async function rebuildReportRollups(db: Kysely<any>): Promise<void> {
  await sql`truncate report_calls_hourly, report_promise_facts, report_promises_hourly, report_agent_hourly`.execute(db);
  await sql`update contact_events e set segment_id = a.segment_id from accounts a where a.id = e.account_id and e.segment_id is null`.execute(db);
  await sql`insert into report_calls_hourly (bucket, campaign_id, portfolio_id, segment_id, agent_id, country, local_hour, attempts, contacts, right_party, abandoned, agent_calls)
    select date_trunc('hour', e.at at time zone 'UTC') at time zone 'UTC', e.campaign_id, coalesce(a.portfolio_id, c.portfolio_id), e.segment_id,
      case when ca.bridged_at is not null then ca.agent_id end, coalesce(d.country, ''),
      extract(hour from e.at at time zone coalesce(d.time_zone, 'UTC'))::smallint,
      count(*), count(*) filter (where e.live), count(*) filter (where e.right_party), count(*) filter (where e.abandoned),
      count(*) filter (where ca.bridged_at is not null and ca.agent_id is not null)
    from contact_events e
    left join call_attempts ca on ca.id = e.source_id
    left join accounts a on a.id = e.account_id
    left join campaigns c on c.id = e.campaign_id
    left join debtors d on d.id = e.debtor_id
    where e.channel in ('voice', 'ivr') and (ca.direction is null or ca.direction <> 'inbound')
    group by 1, 2, 3, 4, 5, 6, 7`.execute(db);
  // promises one by one through the trigger's own function (there are far fewer promises than calls)
  await sql`select report_promise_made(p) from promises p`.execute(db);
  await sql`insert into report_agent_hourly (bucket, agent_id, campaign_id, talk_seconds, wrap_seconds, idle_seconds, pause_seconds)
    select h, i.agent_id, i.campaign_id,
      sum(case when i.state = 'talking' then x.s else 0 end), sum(case when i.state = 'wrapping' then x.s else 0 end),
      sum(case when i.state in ('ready', 'reserved') then x.s else 0 end), sum(case when i.state = 'paused' then x.s else 0 end)
    from agent_state_intervals i
    cross join lateral (
      select h, extract(epoch from least(h + interval '1 hour', i.ended_at) - greatest(h, i.started_at)) as s
      from generate_series(date_trunc('hour', i.started_at at time zone 'UTC') at time zone 'UTC', i.ended_at, interval '1 hour') as h
    ) x
    where x.s > 0
    group by 1, 2, 3`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger if exists promises_report on promises`.execute(db);
  await sql`drop trigger if exists contact_events_report on contact_events`.execute(db);
  await sql`drop trigger if exists contact_events_segment on contact_events`.execute(db);
  await sql`drop trigger if exists agent_state_intervals_report on agent_state_intervals`.execute(db);
  await sql`drop function if exists report_promises_written, report_promise_made, report_promise_add, report_contact_events_written, report_calls_add, report_contact_segment, report_agent_interval_written`.execute(db);
  await sql`drop table if exists report_agent_hourly, report_promises_hourly, report_promise_facts, report_calls_hourly, agent_state_intervals`.execute(db);
  await sql`drop index if exists payments_paid_on`.execute(db);
  await sql`alter table contact_events drop column if exists segment_id`.execute(db);
}
