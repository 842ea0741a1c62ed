// The dialer on the simulated adapter and a virtual clock against a real Postgres: a rig per test.
import type { Db } from '@cobranza/db';
import { InProcessBus } from '@cobranza/bus';
import type { BusEvents } from '@cobranza/contracts';
import { VirtualClock } from '../src/clock.js';
import { Dialer, type DialerOptions } from '../src/dialer.js';
import { SimulatedTelephony, type SimBehaviour } from '../src/telephony/simulated.js';
import { allowAllGate, type ContactGate } from '../src/ports.js';
import type { CallObservation } from '../src/call/controller.js';

export interface Rig {
  db: Db;
  clock: VirtualClock;
  tel: SimulatedTelephony;
  bus: InProcessBus;
  dialer: Dialer;
  obs: CallObservation[];
  pops: BusEvents['screen.pop'][];
  /** The most calls of the campaign in flight at once, sampled after each step of run(). */
  maxInFlight: number;
  run(seconds: number): Promise<void>;
  close(): Promise<void>;
}

export async function rig(
  db: Db,
  campaignId: string,
  opts: { gate?: ContactGate; plan?: (e164: string) => SimBehaviour; extra?: Partial<DialerOptions>; startAt?: Date } = {},
): Promise<Rig> {
  const clock = new VirtualClock(opts.startAt?.getTime() ?? Date.now());
  const tel = new SimulatedTelephony(clock, opts.plan);
  const bus = new InProcessBus();
  const obs: CallObservation[] = [];
  const pops: BusEvents['screen.pop'][] = [];
  await bus.subscribe('screen.pop', (p) => void pops.push(p));
  const dialer = new Dialer({
    db,
    bus,
    telephony: tel,
    gate: opts.gate ?? allowAllGate,
    clock,
    dialerId: `sim-${Math.random().toString(36).slice(2, 7)}`,
    campaignIds: [campaignId],
    log: (m, e) => {
      if (process.env.DIALER_TEST_LOG) console.log(m, e ?? '');
    },
    observer: (o) => void obs.push(o),
    // the lease's expiry is the database's real time, while this clock moves only when told to
    ownership: { ttlMs: 10 * 60_000 },
    ...opts.extra,
  });
  await dialer.start();
  const r: Rig = {
    db,
    clock,
    tel,
    bus,
    dialer,
    obs,
    pops,
    maxInFlight: 0,
    async run(seconds) {
      for (let i = 0; i < seconds * 5; i++) {
        await clock.advance(200);
        await dialer.idle();
        await new Promise((res) => setTimeout(res, 0));
        await dialer.idle();
        r.maxInFlight = Math.max(r.maxInFlight, dialer.calls.inFlight(campaignId).length);
      }
    },
    async close() {
      await dialer.stop();
      await bus.close();
    },
  };
  return r;
}

/** Users with a SIP endpoint whose softphones log in (simulated channel) and go ready for the campaign. */
export async function agents(r: Rig, n: number, campaignId: string, role: 'agent' | 'supervisor' = 'agent'): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const sip = `sim${Math.random().toString(36).slice(2, 8)}`;
    const u = await r.db
      .insertInto('users')
      .values({ email: `${sip}@t.co`, name: `${role === 'agent' ? 'Agente' : 'Supervisora'} ${i + 1}`, password_hash: 'x', role, sip_endpoint: sip })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(u.id);
    r.tel.loginAgent(sip);
  }
  await r.run(0.4);
  for (const id of ids) await r.bus.publish('agent.command', { agentId: id, command: 'ready', campaignId });
  await r.run(0.4);
  return ids;
}
