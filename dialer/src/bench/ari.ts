// npm run bench:ari — 100 concurrent calls against the real Asterisk: SIP agents (SIPp) on permanent
// channels, the loopback carrier into the fake PSTN (people who say "¿Aló?"), AMD on. Prints the time
// from "recognised as a person" to "bridged with an agent" (p50, p99) and the CPU each call costs the
// dialer process and Asterisk. BENCH_CALLS (100), BENCH_TALK_MS (10000), BENCH_RAMP_MS (5000: agents
// become ready over 5 s so answers arrive spread out; 0 = one burst), BENCH_AMD=off to skip AMD.
import { seedBenchCampaign } from './seed.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureAsterisk, fakeNumber } from '@cobranza/asterisk-config';
import { InProcessBus } from '@cobranza/bus';
import { createTestDatabase } from '@cobranza/db/testing';
import { realClock } from '../clock.js';
import { Dialer } from '../dialer.js';
import { allowAllGate } from '../ports.js';
import { AriTelephony } from '../telephony/ari.js';
import { startSippAgents } from './sipp-agents.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 100);
const TALK_MS = Number(process.env.BENCH_TALK_MS ?? 10_000);
/** Agents become ready over this span (answers spread like real traffic); 0 = all at once (a worst-case burst). */
const RAMP_MS = Number(process.env.BENCH_RAMP_MS ?? 5000);

function asteriskCpuTicks(chroot: string): number {
  // /var/run is an absolute symlink to /run inside the chroot: read the chroot's own /run
  const pid = readFileSync(join(chroot, 'run/asterisk/asterisk.pid'), 'utf8').trim();
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // fields after the ")" of the command name: state is field 3, utime 14, stime 15
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]);
}

const CLK_TCK = 100; // Linux USER_HZ

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const env = ensureAsterisk();
  const t = await createTestDatabase('bench_ari');
  const app = `bench-ari-${process.pid}`;
  const bus = new InProcessBus();
  let sipp: ReturnType<typeof startSippAgents> | null = null;
  let dialer: Dialer | null = null;
  let telephony: AriTelephony | null = null;
  try {
    const { portfolio, campaign } = await seedBenchCampaign(t.db, env.soundsDir);
    for (let i = 0; i < CALLS; i++) {
      const d = await t.db
        .insertInto('debtors')
        .values({ country: 'CO', document_type: 'CC', document_number: `B${i}`, first_name: 'Bench', last_name: String(i), time_zone: 'America/Bogota' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await t.db.insertInto('phones').values({ debtor_id: d.id, e164: fakeNumber('person', 60_000 + i), consent_automated: true, priority: 1 }).execute();
      // the hopper dials only debtors who hold an account
      const account = await t.db
        .insertInto('accounts')
        .values({ portfolio_id: portfolio.id, debtor_id: d.id, external_id: `B${i}`, product: 'tarjeta_credito', currency: 'COP', principal: '100000', balance: '100000' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await t.db.insertInto('campaign_leads').values({ campaign_id: campaign.id, debtor_id: d.id, account_id: account.id, next_attempt_at: new Date(Date.now() - 1000) }).execute();
    }
    const endpoints = Array.from({ length: CALLS }, (_, i) => `sipagent${i + 1}`);
    const agentIds: string[] = [];
    for (const ep of endpoints) {
      const u = await t.db.insertInto('users').values({ email: `${ep}@bench`, name: ep, password_hash: 'x', role: 'agent', sip_endpoint: ep }).returning('id').executeTakeFirstOrThrow();
      agentIds.push(u.id);
    }

    const waits: number[] = [];
    telephony = new AriTelephony({ url: env.ariUrl, user: env.ariUser, password: env.ariPassword, app, trunk: 'carrier' });
    // where the time goes: REST bridge operation vs the rest of the dialer's path
    const bridgeRest: number[] = [];
    const amdAt = new Map<string, number>();
    const amdToHuman: number[] = [];
    const origAdd = telephony.addToBridge.bind(telephony);
    telephony.addToBridge = async (b: string, c: string) => {
      const t1 = performance.now();
      try {
        return await origAdd(b, c);
      } finally {
        bridgeRest.push(performance.now() - t1);
      }
    };
    dialer = new Dialer({
      db: t.db,
      bus,
      telephony,
      // the gate's cost is not what this measures; bench:compliance owns that
      gate: allowAllGate,
      clock: realClock,
      dialerId: app,
      campaignIds: [campaign.id],
      tickMs: 250,
      log: (m) => process.env.BENCH_LOG && console.error(`[dialer] ${m}`),
      observer: (o) => {
        if (o.type === 'connected') {
          waits.push(o.waitSeconds * 1000);
          const a = amdAt.get(o.call.id);
          if (a !== undefined && o.call.humanAt !== null) amdToHuman.push(o.call.humanAt - a);
        }
      },
      telephonyTap: (e) => {
        if (e.type === 'amd') amdAt.set(e.callId, e.at);
      },
    });
    await dialer.start();
    sipp = startSippAgents({ endpoints, app, sipHost: env.sipHost, sipPort: env.sipPort, localPort: 5600 });
    const loginDeadline = Date.now() + 30_000;
    while (dialer.agents.records().length < CALLS) {
      if (Date.now() > loginDeadline) throw new Error(`only ${dialer.agents.records().length}/${CALLS} SIP agents logged in`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await bus.subscribe('screen.pop', (p) => void setTimeout(() => void bus.publish('agent.command', { agentId: p.agentId, command: 'hangup' }), TALK_MS));
    const cpu0 = process.cpuUsage();
    const ast0 = asteriskCpuTicks(env.chroot);
    const t0 = Date.now();
    await bus.publish('campaign.command', { campaignId: campaign.id, command: 'start', by: 'bench' });
    // progressive: one call per agent who becomes ready
    void (async () => {
      for (const id of agentIds) {
        await bus.publish('agent.command', { agentId: id, command: 'ready', campaignId: campaign.id });
        if (RAMP_MS > 0) await new Promise((r) => setTimeout(r, RAMP_MS / CALLS));
      }
    })();
    let peak = 0;
    const deadline = Date.now() + 120_000;
    for (;;) {
      peak = Math.max(peak, dialer.calls.inFlight(campaign.id).length);
      const open = await t.db.selectFrom('call_attempts').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '<>', 'ended').executeTakeFirstOrThrow();
      const all = await t.db.selectFrom('call_attempts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      if (Number(all.n) >= CALLS && Number(open.n) === 0) break;
      if (Date.now() > deadline) {
        const stuck = dialer.calls.inFlight(campaign.id).map((c) => `${c.state.phase}${c.state.agentId ? '+agent' : ''}`);
        const agents = dialer.agents.records().map((a) => a.state);
        throw new Error(`calls did not finish in 120 s (${all.n} placed, ${open.n} open; in flight ${JSON.stringify(stuck)}; agents ${JSON.stringify(agents.filter((a) => a !== 'ready'))})`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const wall = (Date.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const astTicks = asteriskCpuTicks(env.chroot) - ast0;
    const rows = await t.db.selectFrom('call_attempts').select(['outcome']).execute();
    const connected = rows.filter((r) => r.outcome === 'connected').length;
    const sorted = [...waits].sort((a, b) => a - b);
    const dialerMsPerCall = (cpu.user + cpu.system) / 1000 / CALLS;
    const asteriskMsPerCall = ((astTicks / CLK_TCK) * 1000) / CALLS;
    const result = {
      calls: CALLS,
      rampMs: RAMP_MS,
      talkMs: TALK_MS,
      connected,
      peakConcurrentCalls: peak,
      wallSeconds: Number(wall.toFixed(1)),
      personToBridgeMs: { p50: Number(pct(sorted, 50).toFixed(1)), p99: Number(pct(sorted, 99).toFixed(1)), max: Number((sorted.at(-1) ?? NaN).toFixed(1)), n: sorted.length },
      cpuMsPerCall: { dialer: Number(dialerMsPerCall.toFixed(2)), asterisk: Number(asteriskMsPerCall.toFixed(2)) },
      loadAverage: (await import('node:os')).loadavg().map((x) => Number(x.toFixed(2))),
      cpus: (await import('node:os')).cpus().length,
      note: 'dialer CPU = this whole process (dialer + Postgres client + bus); Asterisk CPU = /proc/<pid>/stat utime+stime, including AMD and the fake PSTN side of every call',
    };
    console.log(`person recognised → bridged with agent: p50 ${result.personToBridgeMs.p50} ms, p99 ${result.personToBridgeMs.p99} ms (target p99 < 300 ms) over ${sorted.length} calls`);
    console.log(`CPU per call: dialer ${result.cpuMsPerCall.dialer} ms, Asterisk ${result.cpuMsPerCall.asterisk} ms; peak ${peak} concurrent calls (ramp ${RAMP_MS} ms); ${connected}/${CALLS} connected in ${result.wallSeconds} s`);
    const bs = [...bridgeRest].sort((a, b) => a - b);
    const qs = [...amdToHuman].sort((a, b) => a - b);
    console.log(`  of which: ARI addChannel round trip p50 ${pct(bs, 50).toFixed(1)} ms p99 ${pct(bs, 99).toFixed(1)} ms; AMD verdict received → handled p50 ${pct(qs, 50).toFixed(1)} ms p99 ${pct(qs, 99).toFixed(1)} ms`);
    console.log(JSON.stringify(result));
  } finally {
    if (dialer && telephony) {
      // SIPp holds the agents' channels until Asterisk hangs up
      for (const s of dialer.agents.all()) if (s.channelId) await telephony.hangup(s.channelId).catch(() => undefined);
      await dialer.stop().catch(() => undefined);
    }
    sipp?.stop();
    await bus.close();
    await new Promise((r) => setTimeout(r, 300));
    await t.drop();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error('bench:ari failed:', e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
