// npm run bench:scale — how many calls per second one Asterisk node and one dialer process sustain.
// SIPp agents hold permanent channels; SIPp debtors answer on the sippcarrier trunk and say "¿Aló?" (AMD
// on). Calls are offered at increasing rates (agents are made ready at R per second, so a progressive
// campaign dials R calls per second); each step prints offered and sustained calls per second,
// person → bridge and originate → answer p50/p99, and the CPU seconds per call of Asterisk and of the
// dialer (/proc/<pid>/stat utime+stime, before and after each step). It stops at the first step where
// person → bridge p99 ≥ 300 ms or a call fails. A benchmark, not a test: never part of `npm test`.
// Options: SCALE_RATES (calls/s per step, "2,4,8,12,16,24"), SCALE_STEP_S (10), SCALE_TALK_MS (3000),
// SCALE_AGENTS (160, at most the 200 sipagentN endpoints of the chroot), BENCH_AMD=off, BENCH_LOG=1.
import { seedBenchCampaign } from './seed.js';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { ensureAsterisk, fakeNumber } from '@cobranza/asterisk-config';
import { startSippDebtor } from '@cobranza/asterisk-config/sipp';
import { InProcessBus } from '@cobranza/bus';
import { createTestDatabase } from '@cobranza/db/testing';
import { realClock } from '../clock.js';
import { Dialer } from '../dialer.js';
import { allowAllGate } from '../ports.js';
import { AriTelephony } from '../telephony/ari.js';
import { startSippAgents } from './sipp-agents.js';

const RATES = (process.env.SCALE_RATES ?? '2,4,8,12,16,24').split(',').map(Number);
const STEP_S = Number(process.env.SCALE_STEP_S ?? 10);
const TALK_MS = Number(process.env.SCALE_TALK_MS ?? 3000);
const AGENTS = Math.min(200, Number(process.env.SCALE_AGENTS ?? 160));
const GOAL_P99_MS = 300;
const CLK_TCK = 100; // Linux USER_HZ

function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // fields after the ")" of the command name: state is field 3, utime 14, stime 15
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / CLK_TCK;
}

function pct(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface StepResult {
  rate: number;
  offeredCps: number;
  originated: number;
  connected: number;
  failed: number;
  sustainedCps: number;
  personToBridge: { p50: number; p99: number; n: number };
  originateToAnswer: { p50: number; p99: number; n: number };
  cpuSecondsPerCall: { asterisk: number; dialer: number };
  shortOfAgents: number;
  /** Most calls (debtor legs) up at once during the step: the lines this rate needs. */
  peakCalls: number;
}

async function main(): Promise<void> {
  const env = ensureAsterisk();
  const asteriskPid = Number(readFileSync(join(env.chroot, 'run/asterisk/asterisk.pid'), 'utf8').trim());
  const dialerPid = process.pid; // the dialer runs in this process, as `npm run start:dialer` runs it alone
  const totalLeads = RATES.reduce((s, r) => s + Math.ceil(r * STEP_S) + r * 2, 0);
  const t = await createTestDatabase('bench_scale');
  const app = `bench-scale-${process.pid}`;
  const bus = new InProcessBus();
  let sippAgents: ReturnType<typeof startSippAgents> | null = null;
  let debtors: Awaited<ReturnType<typeof startSippDebtor>> | null = null;
  let dialer: Dialer | null = null;
  let telephony: AriTelephony | null = null;
  try {
    const { portfolio, campaign } = await seedBenchCampaign(t.db, env.soundsDir);
    // leads in batches: a few hundred debtors, each with a phone, an account and a campaign lead
    for (let from = 0; from < totalLeads; from += 200) {
      const idx = Array.from({ length: Math.min(200, totalLeads - from) }, (_, k) => from + k);
      const ds = await t.db
        .insertInto('debtors')
        .values(idx.map((i) => ({ country: 'CO', document_type: 'CC', document_number: `S${i}`, first_name: 'Bench', last_name: String(i), time_zone: 'America/Bogota' })))
        .returning('id')
        .execute();
      await t.db.insertInto('phones').values(ds.map((d, k) => ({ debtor_id: d.id, e164: fakeNumber('person', 70_000 + idx[k]!), consent_automated: true, priority: 1 }))).execute();
      const accts = await t.db
        .insertInto('accounts')
        .values(ds.map((d, k) => ({ portfolio_id: portfolio.id, debtor_id: d.id, external_id: `S${idx[k]}`, product: 'tarjeta_credito', currency: 'COP', principal: '100000', balance: '100000' })))
        .returning(['id', 'debtor_id'])
        .execute();
      await t.db.insertInto('campaign_leads').values(accts.map((a) => ({ campaign_id: campaign.id, debtor_id: a.debtor_id, account_id: a.id, next_attempt_at: new Date(Date.now() - 1000) }))).execute();
    }
    const endpoints = Array.from({ length: AGENTS }, (_, i) => `sipagent${i + 1}`);
    const agentIds: string[] = [];
    for (const ep of endpoints) {
      const u = await t.db.insertInto('users').values({ email: `${ep}@bench`, name: ep, password_hash: 'x', role: 'agent', sip_endpoint: ep }).returning('id').executeTakeFirstOrThrow();
      agentIds.push(u.id);
    }

    // one SIPp process plays every debtor on the trunk's port: rings 200 ms, says "¿Aló?", then listens
    const hello = join(env.soundsDir, 'cobranza', 'fake-person-hello.wav');
    debtors = await startSippDebtor({
      port: env.sippCarrierPort,
      ringMs: 200,
      maxCalls: totalLeads + 50,
      script: [{ silenceMs: 300 }, { wav: hello }, { silenceMs: TALK_MS + 8000 }],
    });

    // per-step samples, swapped at each step
    let waits: number[] = [];
    let answerMs: number[] = [];
    let originated = 0;
    let connected = 0;
    let lastConnectAt = 0;
    const originatedAt = new Map<string, number>();
    telephony = new AriTelephony({ url: env.ariUrl, user: env.ariUser, password: env.ariPassword, app, trunk: 'sippcarrier' });
    const origOriginate = telephony.originate.bind(telephony);
    telephony.originate = async (req) => {
      originated++;
      originatedAt.set(req.callId, Date.now());
      return origOriginate(req);
    };
    dialer = new Dialer({
      db: t.db,
      bus,
      telephony,
      gate: allowAllGate, // the gate's cost is not what this measures; bench:compliance owns that
      clock: realClock,
      dialerId: app,
      campaignIds: [campaign.id],
      tickMs: 250,
      log: (m) => process.env.BENCH_LOG && console.error(`[dialer] ${m}`),
      observer: (o) => {
        if (o.type === 'connected') {
          waits.push(o.waitSeconds * 1000);
          connected++;
          lastConnectAt = Date.now();
        }
      },
      telephonyTap: (e) => {
        if (e.type !== 'answered') return;
        const at = originatedAt.get(e.callId);
        if (at !== undefined) answerMs.push(e.at - at);
      },
    });
    await dialer.start();
    sippAgents = startSippAgents({ endpoints, app, sipHost: env.sipHost, sipPort: env.sipPort, localPort: 5700 });
    const loginDeadline = Date.now() + 30_000;
    while (dialer.agents.records().length < AGENTS) {
      if (Date.now() > loginDeadline) throw new Error(`only ${dialer.agents.records().length}/${AGENTS} SIP agents logged in`);
      await sleep(100);
    }
    await bus.subscribe('screen.pop', (p) => void setTimeout(() => void bus.publish('agent.command', { agentId: p.agentId, command: 'hangup' }), TALK_MS));
    await bus.publish('campaign.command', { campaignId: campaign.id, command: 'start', by: 'bench' });
    const d = dialer;

    console.log(`bench:scale — one Asterisk (pid ${asteriskPid}) and one dialer (pid ${dialerPid}, this process); ${AGENTS} SIPp agents, SIPp debtors on :${env.sippCarrierPort}, AMD ${process.env.BENCH_AMD === 'off' ? 'off' : 'on'}, talk ${TALK_MS} ms, ${STEP_S} s per step, ${cpus().length} CPUs`);
    console.log('rate  offered  sustained  p2b p50/p99 ms   orig→ans p50/p99 ms   CPU s/call asterisk  dialer   calls ok/failed  peak lines');
    const results: StepResult[] = [];
    for (const rate of RATES) {
      waits = [];
      answerMs = [];
      originated = 0;
      connected = 0;
      const ast0 = cpuSeconds(asteriskPid);
      const dia0 = cpuSeconds(dialerPid);
      const t0 = Date.now();
      let readied = 0;
      let short = 0;
      let peak = 0;
      // agents become ready at `rate` per second: each ready agent gets one progressive call
      for (let k = 0; Date.now() - t0 < STEP_S * 1000; k++) {
        const free = d.agents.records().find((a) => a.state === 'paused' || a.state === 'wrapping');
        if (free) {
          readied++;
          await bus.publish('agent.command', { agentId: free.agentId, command: 'ready', campaignId: campaign.id });
        } else short++;
        peak = Math.max(peak, d.calls.inFlight(campaign.id).length);
        const next = t0 + ((k + 1) * 1000) / rate;
        await sleep(Math.max(0, next - Date.now()));
      }
      // drain: every call of this step has ended and no agent waits for one
      const drainDeadline = Date.now() + 20_000;
      while (Date.now() < drainDeadline) {
        const busy = d.agents.records().some((a) => a.state === 'ready' || a.state === 'reserved' || a.state === 'talking');
        const inFlight = d.calls.inFlight(campaign.id).length;
        peak = Math.max(peak, inFlight);
        if (!busy && inFlight === 0) break;
        await sleep(100);
      }
      const astCpu = cpuSeconds(asteriskPid) - ast0;
      const diaCpu = cpuSeconds(dialerPid) - dia0;
      const window = Math.max(STEP_S, (lastConnectAt - t0) / 1000);
      const w = [...waits].sort((a, b) => a - b);
      const a = [...answerMs].sort((x, y) => x - y);
      const calls = Math.max(1, originated);
      const r: StepResult = {
        rate,
        offeredCps: readied / STEP_S,
        originated,
        connected,
        failed: originated - connected,
        sustainedCps: connected / window,
        personToBridge: { p50: pct(w, 50), p99: pct(w, 99), n: w.length },
        originateToAnswer: { p50: pct(a, 50), p99: pct(a, 99), n: a.length },
        cpuSecondsPerCall: { asterisk: astCpu / calls, dialer: diaCpu / calls },
        shortOfAgents: short,
        peakCalls: peak,
      };
      results.push(r);
      const f = (x: number, n = 0) => (Number.isNaN(x) ? '-' : x.toFixed(n));
      console.log(
        `${String(rate).padStart(4)}  ${f(r.offeredCps, 2).padStart(7)}  ${f(r.sustainedCps, 2).padStart(9)}  ${`${f(r.personToBridge.p50)}/${f(r.personToBridge.p99)}`.padStart(14)}  ${`${f(r.originateToAnswer.p50)}/${f(r.originateToAnswer.p99)}`.padStart(20)}  ${f(r.cpuSecondsPerCall.asterisk, 3).padStart(19)}  ${f(r.cpuSecondsPerCall.dialer, 3).padStart(6)}   ${`${connected}/${r.failed}`.padEnd(15)}  ${peak}${short ? ` (no free agent ${short}×)` : ''}`,
      );
      if (!(r.personToBridge.p99 < GOAL_P99_MS) || r.failed > 0) {
        console.log(`stopped at ${rate} calls/s: ${r.failed > 0 ? `${r.failed} call(s) failed` : `person → bridge p99 ${f(r.personToBridge.p99)} ms ≥ ${GOAL_P99_MS} ms`}`);
        break;
      }
    }
    const good = results.filter((r) => r.personToBridge.p99 < GOAL_P99_MS && r.failed === 0);
    const best = good.reduce<StepResult | null>((b, r) => (b === null || r.sustainedCps > b.sustainedCps ? r : b), null);
    if (best) {
      console.log(
        `highest sustained rate with person → bridge p99 < ${GOAL_P99_MS} ms: one Asterisk node and one dialer process, ${best.sustainedCps.toFixed(2)} calls/s (step ${best.rate}/s; p99 ${best.personToBridge.p99.toFixed(0)} ms); CPU per call Asterisk ${(best.cpuSecondsPerCall.asterisk * 1000).toFixed(0)} ms, dialer ${(best.cpuSecondsPerCall.dialer * 1000).toFixed(0)} ms${best === results.at(-1) ? ' (not saturated: raise SCALE_RATES)' : ''}`,
      );
    } else console.log(`no step met person → bridge p99 < ${GOAL_P99_MS} ms without failures`);
    console.log(JSON.stringify({ asteriskPid, dialerPid, cpus: cpus().length, loadAverage: loadavg().map((x) => Number(x.toFixed(2))), talkMs: TALK_MS, stepSeconds: STEP_S, agents: AGENTS, steps: results }));
  } finally {
    if (dialer && telephony) {
      // SIPp holds the agents' channels until Asterisk hangs up
      for (const s of dialer.agents.all()) if (s.channelId) await telephony.hangup(s.channelId).catch(() => undefined);
      await dialer.stop().catch(() => undefined);
    }
    sippAgents?.stop();
    await debtors?.stop();
    await bus.close();
    await sleep(300);
    await t.drop();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error('bench:scale failed:', e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
