// A real-Asterisk rig: its own Stasis app name, test database, SIPp agents, the dialer on the ARI
// adapter and the real compliance gate. Shared by the end-to-end campaign test and the crash tests.
import { randomBytes } from 'node:crypto';
import { ensureAsterisk, type AsteriskEnv } from '@cobranza/asterisk-config';
import { InProcessBus } from '@cobranza/bus';
import { ComplianceGate } from '@cobranza/compliance';
import type { BusEvents } from '@cobranza/contracts';
import type { Db } from '@cobranza/db';
import { PgComplianceStore } from '@cobranza/db/stores/compliance-store';
import { untilContacted } from '@cobranza/db/testing';
import { clockStartingAt, realClock, type Clock } from '../../src/clock.js';
import { nextOpenWindow } from '@cobranza/compliance/testing';
import { contactGateFrom } from '../../src/compliance-gate.js';
import { Dialer } from '../../src/dialer.js';
import { AriTelephony } from '../../src/telephony/ari.js';
import { ensureSafePrompt } from '../../src/telephony/prompts.js';
import type { TelephonyEvent } from '../../src/telephony/types.js';
import type { CallObservation } from '../../src/call/controller.js';
import { startSippAgents, type SippAgents } from '../../src/bench/sipp-agents.js';

export function asterisk(): AsteriskEnv {
  return ensureAsterisk();
}

export function appName(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}

export async function agentUsers(db: Db, endpoints: string[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const ep of endpoints) {
    const u = await db
      .insertInto('users')
      .values({ email: `${ep}@agents.test`, name: `Agente ${ep}`, password_hash: 'x', role: 'agent', sip_endpoint: ep })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.set(ep, u.id);
  }
  return ids;
}

export interface AriRig {
  env: AsteriskEnv;
  app: string;
  bus: InProcessBus;
  dialer: Dialer;
  telephony: AriTelephony;
  events: TelephonyEvent[];
  obs: CallObservation[];
  pops: BusEvents['screen.pop'][];
  agents: SippAgents | null;
  loginAgents(endpoints: string[], localPort: number): Promise<void>;
  /** Waits like until(), but fails at once, with the gate's rule and next allowed time, when the gate refused a call. */
  untilCalled(what: string, cond: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The dialer's clock for a test whose debtors are in Colombia: real time from the first instant (now, or later on
 * a Sunday night or a holiday) at which the real CO profile lets automated calls through for two hours.
 */
export async function colombianBusinessHours(): Promise<Clock> {
  return clockStartingAt(await nextOpenWindow({ jurisdiction: { country: 'CO' }, timeZone: 'America/Bogota' }));
}

export async function startAriRig(opts: {
  db: Db;
  env: AsteriskEnv;
  app: string;
  campaignId: string;
  creditor: { code: string; businessName: string; callbackNumber: string };
  dialerId?: string;
  log?: boolean;
  /** Default real time; colombianBusinessHours() for debtors in Colombia. */
  clock?: Clock;
}): Promise<AriRig> {
  ensureSafePrompt(opts.env.soundsDir, opts.creditor);
  const bus = new InProcessBus();
  const events: TelephonyEvent[] = [];
  const obs: CallObservation[] = [];
  const pops: BusEvents['screen.pop'][] = [];
  await bus.subscribe('screen.pop', (p) => void pops.push(p));
  const telephony = new AriTelephony({ url: opts.env.ariUrl, user: opts.env.ariUser, password: opts.env.ariPassword, app: opts.app, trunk: 'carrier' });
  const dialer = new Dialer({
    db: opts.db,
    bus,
    telephony,
    gate: contactGateFrom(new ComplianceGate({ store: new PgComplianceStore(opts.db) })),
    clock: opts.clock ?? realClock,
    dialerId: opts.dialerId ?? `it-${opts.app}`,
    campaignIds: [opts.campaignId],
    tickMs: 500,
    log: (m, e) => {
      if (opts.log || process.env.DIALER_TEST_LOG) console.log(`[dialer] ${m}`, e ? JSON.stringify(e) : '');
    },
    observer: (o) => void obs.push(o),
    telephonyTap: (e) => void events.push(e),
  });
  await dialer.start();
  const rig: AriRig = {
    env: opts.env,
    app: opts.app,
    bus,
    dialer,
    telephony,
    events,
    obs,
    pops,
    agents: null,
    async loginAgents(endpoints, localPort) {
      rig.agents = startSippAgents({ endpoints, app: opts.app, sipHost: opts.env.sipHost, sipPort: opts.env.sipPort, localPort });
      const deadline = Date.now() + 20_000;
      while (dialer.agents.records().filter((a) => a.state !== 'offline').length < endpoints.length) {
        if (Date.now() > deadline) throw new Error(`only ${dialer.agents.records().length} of ${endpoints.length} SIP agents logged in`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    untilCalled: (what, cond, timeoutMs) => untilContacted(opts.db, what, cond, timeoutMs),
    async stop() {
      // hang up the agents' permanent channels (SIPp holds them forever otherwise)
      for (const s of dialer.agents.all()) if (s.channelId) await telephony.hangup(s.channelId).catch(() => undefined);
      await dialer.stop();
      rig.agents?.stop();
      await bus.close();
    },
  };
  return rig;
}

export async function until(what: string, cond: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 250): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
