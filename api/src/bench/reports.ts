// npm run bench:reports [-- --accounts 1000000 --attempts 5000000 --days 90 --runs 30 --keep] [-- --reuse DBNAME]
// Generates a collections history in a database of its own (generate_series SQL): 1 M debtors with one
// account each (Colombia, the US in four zones, the UK), 5 M dial attempts over 90 days with their ledger
// rows, a disposition per connected call, promises on 15 % of them (kept, broken or pending), payments,
// and the agents' state intervals. Facts are bulk-loaded with triggers off, then the roll-ups are built
// set-based (rebuildReportRollups, what the migration does on an existing database); the cost the triggers
// add to live writes is measured apart on fresh rows. Then each report runs over a day, a week and a month
// ending on random days, with a random grouping, and p50/p95 are printed. Goal: p95 < 1 s per report.
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { rebuildReportRollups } from '@cobranza/db/migrations/20261207_0600_report_rollups';
import { rebuildReportFastPaths } from '@cobranza/db/migrations/20261207_0610_report_fast_paths';
import { connectPostgres, migrateToLatest } from '@cobranza/db';
import { createTestDatabase } from '@cobranza/db/testing';
import { REPORT_GROUP_BYS, type ReportGroupBy, type ReportName } from '@cobranza/contracts/api';
import { sql } from 'kysely';
import { abandonReport, agentsReport, contactHoursReport, contactsReport, promisesReport, reportScope, type ReportScope } from '../services/reports/index.js';
import type { Db } from '@cobranza/db';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '1000000' },
    attempts: { type: 'string', default: '5000000' },
    days: { type: 'string', default: '90' },
    runs: { type: 'string', default: '30' },
    keep: { type: 'boolean', default: false },
    /** a database a former --keep run left: migrated to the latest roll-ups, then measured (no generation) */
    reuse: { type: 'string' },
  },
});
const ACCOUNTS = Number(values.accounts);
const ATTEMPTS = Number(values.attempts);
const DAYS = Number(values.days);
const RUNS = Number(values.runs);
const ZONE = 'America/Bogota';
const LAST_DAY = '2026-12-07';
const NOW = new Date('2026-12-07T23:00:00Z'); // 18:00 in Bogota: the last day is today
const AGENTS = 150;
const SEGMENTS = 8;
// campaigns 1-6 call Colombia, 7-10 the US, 11-12 the UK
const CAMPAIGNS = 12;

const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(0)} s`;
const step = async (what: string, fn: () => Promise<unknown>) => {
  const s = Date.now();
  await fn();
  console.log(`  ${what}: ${((Date.now() - s) / 1000).toFixed(1)} s`);
};

async function generate(pool: Db): Promise<void> {
  // one connection throughout: session_replication_role is a session setting
  await pool.connection().execute(async (db) => generateOn(db));
}

async function generateOn(db: Db): Promise<void> {
  const run = (q: string) => sql.raw(q).execute(db);
  // a bulk load as pg_restore does it: no triggers (nor foreign-key checks) while the facts go in
  await run(`set session_replication_role = replica`);
  await run(`select setseed(0.42)`);
  await step('users, portfolios, segments, campaigns', async () => {
    await run(`insert into users (id, email, name, password_hash, role)
      select md5('u' || g)::uuid, 'agente' || g || '@bench.co', 'Agente ' || g, 'x', 'agent' from generate_series(1, ${AGENTS}) g`);
    await run(`insert into creditors (id, code, name, business_name, callback_number, country) values (md5('cred')::uuid, 'BENCH', 'Banco', 'Banco S.A.', '+5716000000', 'CO')`);
    await run(`insert into portfolios (id, creditor_id, name, country, currency) values
      (md5('p1')::uuid, md5('cred')::uuid, 'Cartera Colombia', 'CO', 'COP'),
      (md5('p2')::uuid, md5('cred')::uuid, 'Cartera Estados Unidos', 'US', 'USD'),
      (md5('p3')::uuid, md5('cred')::uuid, 'Cartera Reino Unido', 'GB', 'GBP')`);
    await run(`insert into segments (id, code, name, priority) select md5('s' || g)::uuid, 'S' || g, 'Segmento ' || g, g from generate_series(1, ${SEGMENTS}) g`);
    await run(`insert into campaigns (id, name, portfolio_id, status)
      select md5('c' || g)::uuid, 'Campaña ' || g, md5('p' || case when g <= 6 then 1 when g <= 10 then 2 else 3 end)::uuid, 'running' from generate_series(1, ${CAMPAIGNS}) g`);
  });
  // debtor k: 70 % Colombia, 20 % the US (four zones), 10 % the UK
  const country = (k: string) => `case when ${k} % 10 < 7 then 'CO' when ${k} % 10 < 9 then 'US' else 'GB' end`;
  await step(`${ACCOUNTS} debtors and accounts`, async () => {
    await run(`insert into debtors (id, country, document_type, document_number, first_name, last_name, time_zone)
      select md5('d' || k)::uuid, ${country('k')}, 'OTHER', k::text, 'Deudor', 'Bench ' || k,
        case when k % 10 < 7 then 'America/Bogota' when k % 10 < 9 then (array['America/New_York','America/Chicago','America/Denver','America/Los_Angeles'])[1 + (k / 10) % 4] else 'Europe/London' end
      from generate_series(1, ${ACCOUNTS}) k`);
    await run(`insert into accounts (id, portfolio_id, debtor_id, external_id, product, currency, principal, balance, segment_id)
      select md5('a' || k)::uuid, md5('p' || case when k % 10 < 7 then 1 when k % 10 < 9 then 2 else 3 end)::uuid, md5('d' || k)::uuid, 'EXT-' || k, 'card',
        case when k % 10 < 7 then 'COP' when k % 10 < 9 then 'USD' else 'GBP' end, 1000, 1000, md5('s' || (1 + (k * 31) % ${SEGMENTS}))::uuid
      from generate_series(1, ${ACCOUNTS}) k`);
  });
  await step(`${ATTEMPTS} attempts (call_attempts, contact_events)`, async () => {
    // one row per attempt with everything decided: debtor, campaign of its country, instant, outcome
    await run(`create unlogged table bench_calls as
      select g, k,
        md5('c' || case when k % 10 < 7 then 1 + g % 6 when k % 10 < 9 then 7 + g % 4 else 11 + g % 2 end)::uuid as campaign_id,
        ('${LAST_DAY}T12:00:00Z'::timestamptz - (floor(random() * ${DAYS}) * interval '1 day') + random() * interval '11 hours') as at,
        r,
        case when r < 0.55 then 'no_answer' when r < 0.65 then 'busy' when r < 0.75 then 'machine' when r < 0.757 then 'abandoned' else 'connected' end as outcome,
        md5('u' || (1 + g % ${AGENTS}))::uuid as agent_id,
        random() < 0.6 as right_party,
        (60 + random() * 240)::int as talk
      from (select g, 1 + (g::bigint * 7919) % ${ACCOUNTS} as k, random() as r from generate_series(1, ${ATTEMPTS}) g) x`);
    await run(`insert into call_attempts (id, campaign_id, debtor_id, account_id, e164, status, outcome, agent_id, right_party, dial_mode,
        created_at, dialed_at, human_at, bridged_at, ended_at)
      select 'b' || g, campaign_id, md5('d' || k)::uuid, md5('a' || k)::uuid, '+1555' || lpad(k::text, 7, '0'), 'ended', outcome,
        case when outcome = 'connected' then agent_id end, case when outcome = 'connected' then right_party end, 'predictive',
        at, at, case when outcome in ('connected', 'abandoned') then at + interval '4 seconds' end,
        case when outcome = 'connected' then at + interval '5 seconds' end,
        at + case when outcome = 'connected' then talk * interval '1 second' else interval '25 seconds' end
      from bench_calls`);
    await run(`insert into contact_events (debtor_id, account_id, creditor_id, campaign_id, channel, e164, at, live, right_party, conversation, abandoned, machine, connected, source_id, segment_id)
      select md5('d' || k)::uuid, md5('a' || k)::uuid, md5('cred')::uuid, campaign_id, 'voice', '+1555' || lpad(k::text, 7, '0'), at,
        outcome in ('connected', 'abandoned'), outcome = 'connected' and right_party, outcome = 'connected' and right_party,
        outcome = 'abandoned', outcome = 'machine', outcome not in ('busy'), 'b' || g, md5('s' || (1 + (k * 31) % ${SEGMENTS}))::uuid
      from bench_calls`);
  });
  await step('dispositions, promises, payments', async () => {
    await run(`insert into dispositions (id, call_attempt_id, debtor_id, account_id, agent_id, outcome, created_at)
      select md5('disp' || g)::uuid, 'b' || g, md5('d' || k)::uuid, md5('a' || k)::uuid, agent_id,
        case when right_party and r > 0.939 then 'promise_to_pay' when right_party then 'refused' else 'third_party' end,
        at + talk * interval '1 second'
      from bench_calls where outcome = 'connected'`);
    // 15 % of connected calls end in a promise: the right party (60 %) with r in the top quarter of the connected band
    await run(`create unlogged table bench_promises as
      select g, k, agent_id, at + talk * interval '1 second' as made_at,
        ((at at time zone 'America/Bogota')::date + 3 + (g % 12)) as due,
        case when k % 10 < 7 then 'COP' when k % 10 < 9 then 'USD' else 'GBP' end as currency,
        case when k % 10 < 7 then 50000 + (g % 40) * 10000 else 20 + (g % 40) * 10 end as amount,
        random() as luck
      from bench_calls where outcome = 'connected' and right_party and r > 0.939`);
    await run(`insert into promises (id, debtor_id, account_id, disposition_id, amount, currency, due_date, status, source, created_by, created_at)
      select md5('prom' || g)::uuid, md5('d' || k)::uuid, md5('a' || k)::uuid, md5('disp' || g)::uuid, amount, currency, due,
        case when due + 2 >= '${LAST_DAY}'::date then 'pending' when luck < 0.45 then 'kept' else 'broken' end, 'agent', agent_id, made_at
      from bench_promises`);
    await run(`insert into payments (account_id, amount, currency, paid_on, reference, source)
      select md5('a' || k)::uuid, amount, currency, greatest((made_at at time zone 'America/Bogota')::date, due - (g % 4)), 'PAY-' || g, 'import'
      from bench_promises where due + 2 < '${LAST_DAY}'::date and luck < 0.45`);
    // payments that answer no promise
    await run(`insert into payments (account_id, amount, currency, paid_on, reference, source)
      select md5('a' || k)::uuid, 100, case when k % 10 < 7 then 'COP' when k % 10 < 9 then 'USD' else 'GBP' end,
        '${LAST_DAY}'::date - (g % ${DAYS}), 'FREE-' || g, 'import'
      from (select g, 1 + (g::bigint * 104729) % ${ACCOUNTS} as k from generate_series(1, ${Math.round(ATTEMPTS / 100)}) g) x`);
  });
  await step('agent state intervals', async () => {
    // each connected call: waiting before it, talking, wrap-up after it
    await run(`insert into agent_state_intervals (agent_id, state, campaign_id, started_at, ended_at)
      select agent_id, s.state, campaign_id, s.a, s.b
      from bench_calls c cross join lateral (values
        ('ready', c.at - (10 + c.talk % 90) * interval '1 second', c.at + interval '5 seconds'),
        ('talking', c.at + interval '5 seconds', c.at + c.talk * interval '1 second'),
        ('wrapping', c.at + c.talk * interval '1 second', c.at + (c.talk + 30) * interval '1 second')) as s(state, a, b)
      where c.outcome = 'connected'`);
    // a lunch break a day
    await run(`insert into agent_state_intervals (agent_id, state, campaign_id, pause_reason, started_at, ended_at)
      select md5('u' || a)::uuid, 'paused', null, 'lunch', d + interval '17 hours', d + interval '17 hours 45 minutes'
      from generate_series(1, ${AGENTS}) a, generate_series('${LAST_DAY}'::date - ${DAYS - 1}, '${LAST_DAY}'::date, interval '1 day') d`);
  });
  await run(`drop table bench_calls`);
  await run(`drop table bench_promises`);
  await step('roll-ups (set-based: rebuildReportRollups, rebuildReportFastPaths)', async () => {
    await rebuildReportRollups(db);
    await rebuildReportFastPaths(db);
  });
  await run(`set session_replication_role = origin`);
  await step('analyze', () => run('analyze'));
}

/** What the triggers cost a live write: the same ledger rows inserted with the report triggers on and off. */
async function triggerCost(db: Db): Promise<void> {
  const n = 20_000;
  const insert = async (tag: string) => {
    const s = Date.now();
    await sql.raw(`insert into contact_events (debtor_id, account_id, campaign_id, channel, at, live, right_party, abandoned, source_id)
      select e.debtor_id, e.account_id, e.campaign_id, 'voice', e.at, e.live, e.right_party, e.abandoned, e.source_id
      from contact_events e order by e.id limit ${n}`).execute(db);
    const ms = Date.now() - s;
    await sql.raw(`delete from contact_events where id > (select max(id) - ${n} from contact_events)`).execute(db);
    console.log(`  ${n} ledger rows ${tag}: ${ms} ms (${Math.round((n / ms) * 1000)} rows/s, ${((ms * 1000) / n).toFixed(0)} µs a row)`);
    return ms;
  };
  await sql.raw(`alter table contact_events disable trigger contact_events_report`).execute(db);
  await sql.raw(`alter table contact_events disable trigger contact_events_segment`).execute(db);
  await insert('without the report triggers');
  await sql.raw(`alter table contact_events enable trigger contact_events_report`).execute(db);
  await sql.raw(`alter table contact_events enable trigger contact_events_segment`).execute(db);
  // the rows added to the roll-up are taken back with the rows, as a rebuild would
  await sql.raw(`create temporary table bench_rollup_copy as select * from report_calls_hourly`).execute(db);
  await insert('with the report triggers');
  await sql.raw(`truncate report_calls_hourly`).execute(db);
  await sql.raw(`insert into report_calls_hourly select * from bench_rollup_copy`).execute(db);
  await sql.raw(`drop table bench_rollup_copy`).execute(db);
}

async function reuse(name: string) {
  const url = new URL(process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${name}`;
  const h = connectPostgres(url.toString(), 4);
  return {
    name,
    url: url.toString(),
    db: h.db,
    async drop() {
      await h.close();
      const admin = connectPostgres(process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', 1);
      await sql.raw(`drop database if exists "${name}"`).execute(admin.db);
      await admin.close();
    },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

// a deterministic choice of end days and groupings (the same figures on every run)
let seed = 7;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

async function measure(db: Db): Promise<void> {
  const reports: Record<ReportName, (s: ReportScope) => Promise<unknown>> = {
    contacts: (s) => contactsReport(db, s),
    promises: (s) => promisesReport(db, s, 2),
    agents: (s) => agentsReport(db, s),
    abandon: (s) => abandonReport(db, s),
    'contact-hours': (s) => contactHoursReport(db, s),
  };
  const ranges = { day: 1, week: 7, month: 30 } as const;
  const groupings: Array<ReportGroupBy | undefined> = [undefined, ...REPORT_GROUP_BYS];
  console.log(`\nreport          range    p50 ms   p95 ms   max ms  (${RUNS} runs each: random end day in the last ${DAYS - 30} days, random groupBy, a campaign filter in 1 of 4)`);
  let worst = 0;
  for (const name of Object.keys(reports) as ReportName[]) {
    for (const [label, days] of Object.entries(ranges)) {
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const to = i === 0 ? LAST_DAY : addDays(LAST_DAY, -Math.floor(rand() * (DAYS - 30)));
        const groupBy = groupings[Math.floor(rand() * groupings.length)];
        const campaign = rand() < 0.25 ? { campaignId: md5Uuid(`c${1 + Math.floor(rand() * CAMPAIGNS)}`) } : {};
        const scope = reportScope({ from: addDays(to, -(days - 1)), to, ...(groupBy ? { groupBy } : {}), ...campaign }, ZONE, NOW);
        const s = performance.now();
        await reports[name](scope);
        times.push(performance.now() - s);
      }
      times.sort((a, b) => a - b);
      const p95 = percentile(times, 95);
      worst = Math.max(worst, p95);
      console.log(`${name.padEnd(15)} ${label.padEnd(6)} ${percentile(times, 50).toFixed(0).padStart(8)} ${p95.toFixed(0).padStart(8)} ${times[times.length - 1]!.toFixed(0).padStart(8)}`);
    }
  }
  console.log(`\nworst p95: ${worst.toFixed(0)} ms (goal < 1000 ms) — ${worst < 1000 ? 'met' : 'NOT met'}`);
}

/** The same uuid Postgres's md5(text)::uuid gives. */
function md5Uuid(text: string): string {
  const h = createHash('md5').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}


const tdb = values.reuse ? await reuse(values.reuse) : await createTestDatabase('bench_reports');
console.log(`bench:reports — database ${tdb.name}: ${ACCOUNTS} accounts, ${ATTEMPTS} attempts over ${DAYS} days`);
try {
  if (values.reuse) {
    const s = Date.now();
    const applied = await migrateToLatest(tdb.db);
    console.log(`  migrated (${applied.join(', ') || 'nothing new'}): ${((Date.now() - s) / 1000).toFixed(1)} s`);
    await sql`analyze`.execute(tdb.db);
  } else await generate(tdb.db);
  const sizes = await sql<{ t: string; n: string; size: string }>`
    select relname as t, reltuples::bigint as n, pg_size_pretty(pg_total_relation_size(oid)) as size from pg_class
    where relname in ('accounts', 'call_attempts', 'contact_events', 'dispositions', 'promises', 'payments', 'agent_state_intervals',
      'report_calls_hourly', 'report_promises_hourly', 'report_promise_facts', 'report_agent_hourly') order by relname`.execute(tdb.db);
  for (const r of sizes.rows) console.log(`  ${r.t.padEnd(24)} ${String(r.n).padStart(10)} rows  ${r.size}`);
  console.log(`generated in ${elapsed()}; write cost of the report triggers:`);
  await triggerCost(tdb.db);
  await measure(tdb.db);
} finally {
  if (values.keep) {
    await tdb.db.destroy();
    console.log(`kept database ${tdb.name} (${tdb.url})`);
  } else await tdb.drop();
}
