// The dialer as a library: `startDialer(deps)` runs it inside another process (the API's `npm start`),
// `start(ctx)` is the shape the API's component loader calls. main.ts runs it as its own process.
import { redactForLog, redactText } from '@cobranza/domain/format/redact';
import type { Logger } from '@cobranza/domain/format/log';
import { hostname } from 'node:os';
import type { Ari } from '@cobranza/ari';
import type { Bus } from '@cobranza/bus';
import { ComplianceGate } from '@cobranza/compliance';
import type { Db } from '@cobranza/db';
import { PgComplianceStore } from '@cobranza/db/stores/compliance-store';
import { sharedFilesFromEnv } from '@cobranza/db/files/shared-files';
import { RecordingArchiver } from './recordings/archive.js';
import { realClock, type Clock } from './clock.js';
import { contactGateFrom } from './compliance-gate.js';
import { abandonRulesFrom } from './campaign/abandon-rules.js';
import { Dialer } from './dialer.js';
import type { ContactGate } from './ports.js';
import { SimulatedTelephony, demoPlan } from './telephony/simulated.js';
import type { AriTelephony } from './telephony/ari.js';
import type { Telephony } from './telephony/types.js';
import { ensureSafePrompt } from './telephony/prompts.js';
import { CONSOLE_GRACE_SECONDS } from './agents/console-presence.js';
import { DialerMetrics } from './metrics.js';

export { Dialer } from './dialer.js';
export type { AgentlessHandler, AgentlessControls, DebtorContext, ContactGate, MachineHandler, MachineContext, MachineControls } from './ports.js';
export type { Telephony, TelephonyEvent } from './telephony/types.js';
export { SimulatedTelephony } from './telephony/simulated.js';

export interface AriSettings {
  url: string;
  user: string;
  password: string;
  app: string;
  /** PJSIP endpoint of the carrier trunk (asterisk-config: `carrier`). */
  trunk?: string;
}

export interface DialerDeps {
  db: Db;
  bus: Bus;
  /** Real Asterisk; when absent (and no telephony given) the simulated adapter runs. */
  ari?: AriSettings;
  telephony?: Telephony;
  gate?: ContactGate;
  clock?: Clock;
  /** Stable per process across restarts (its own open attempts are reconciled at start). */
  dialerId?: string;
  /** Asterisk's sounds directory on this host: the creditors' safe-message prompts are rendered there. */
  soundsDir?: string;
  /** How long an agent whose console went away stays logged in (paused) before being logged out, seconds. */
  consoleGraceSeconds?: number;
  /** Simulated mode: this many of the agent users log in and take calls by themselves. */
  simulatedAgents?: number;
  log?: (msg: string) => void;
  /** Structured lines (dialer/src/main.ts: JSON or text per LOG_FORMAT); preferred over `log`. */
  logger?: Logger;
}

export interface RunningDialer {
  dialer: Dialer;
  telephony: Telephony;
  stop(): Promise<void>;
}

/** AGENT_CONSOLE_GRACE_SECONDS: unset = the default; anything but a whole number of seconds is refused. */
export function consoleGraceFromEnv(raw: string | undefined): number {
  if (raw === undefined || raw === '') return CONSOLE_GRACE_SECONDS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 86_400) throw new Error(`AGENT_CONSOLE_GRACE_SECONDS must be a whole number of seconds between 0 and 86400, got "${raw}"`);
  return n;
}

export async function startDialer(deps: DialerDeps): Promise<RunningDialer> {
  const clock = deps.clock ?? realClock;
  const sink = deps.log ?? ((m: string) => console.log(`[dialer] ${m}`));
  // one sink for the dialer's and the ARI adapter's lines: Asterisk's errors quote dial strings with the number
  const log = (m: string): void => (deps.logger ? deps.logger.info(m) : sink(redactText(m)));
  // a line with an error in its fields is a warning (the dialer's log has no levels of its own); the logger redacts
  const logFields = (m: string, e?: Record<string, unknown>): void =>
    deps.logger ? deps.logger[e && 'error' in e ? 'warn' : 'info'](m, e) : log(e ? `${m} ${JSON.stringify(redactForLog(e))}` : m);
  let telephony = deps.telephony;
  if (!telephony && deps.ari) {
    const { AriTelephony } = await import('./telephony/ari.js');
    telephony = new AriTelephony({ ...deps.ari, trunk: deps.ari.trunk ?? 'carrier', log });
  }
  const sim = telephony ? null : new SimulatedTelephony(clock, demoPlan(Date.now() % 100000));
  telephony ??= sim!;
  const soundsDir = deps.soundsDir ?? process.env.ASTERISK_SOUNDS_DIR;
  const gate = deps.gate ?? contactGateFrom(new ComplianceGate({ store: new PgComplianceStore(deps.db) }));
  // the demo's simulated agents never write a disposition: their wrap-up time ends wrap-up
  const simulatedAgents = new Set<string>();
  const metrics = new DialerMetrics(); // Prometheus figures, observed from outside the dialer (metrics.ts)
  const dialer = new Dialer({
    awaitsDisposition: (agentId) => !simulatedAgents.has(agentId),
    db: deps.db,
    bus: metrics.bus(deps.bus),
    observer: metrics.observeCall,
    telephony,
    gate,
    abandonRules: abandonRulesFrom(new PgComplianceStore(deps.db)),
    clock,
    dialerId: deps.dialerId ?? process.env.DIALER_ID ?? `dialer-${hostname()}`,
    log: logFields,
    simulatedLogin: sim ? (agentId) => void sim.loginAgent(agentId) : undefined,
    prepareCampaign: soundsDir ? (def) => void ensureSafePrompt(soundsDir, def.creditor) : undefined,
    consoleGraceMs: (deps.consoleGraceSeconds ?? consoleGraceFromEnv(process.env.AGENT_CONSOLE_GRACE_SECONDS)) * 1000,
  });
  await dialer.start();
  metrics.attach(dialer.hopper, telephony.kind === 'ari' ? (telephony as AriTelephony).connection : undefined);
  log(`started (${telephony.kind} telephony)`);
  // FILE_STORE_DIR: call recordings move from the Asterisk node's disk to the shared store (recordings/archive.ts)
  const files = telephony.kind === 'ari' ? sharedFilesFromEnv(deps.db) : null;
  const unarchive = files ? new RecordingArchiver({ ari: (telephony as AriTelephony).connection, files, log: logFields }).start() : () => undefined;
  if (sim && deps.simulatedAgents) {
    // agents without a SIP endpoint: nobody can log in with a softphone as them, so they never collide with a person
    const users = await deps.db
      .selectFrom('users')
      .select(['id'])
      .where('role', '=', 'agent')
      .where('active', '=', true)
      .where('sip_endpoint', 'is', null)
      .orderBy('email')
      .limit(deps.simulatedAgents)
      .execute();
    // a simulated agent writes its notes in a few seconds, then takes the next call
    await deps.bus.subscribe('agent.status', (st) => {
      if (st.state !== 'wrapping' || !simulatedAgents.has(st.agentId)) return;
      clock.setTimeout(() => void deps.bus.publish('agent.command', { agentId: st.agentId, command: 'wrapup_done' }).catch(() => undefined), 2000 + Math.random() * 3000);
    });
    for (const u of users) {
      simulatedAgents.add(u.id);
      sim.loginAgent(u.id);
      setTimeout(() => void deps.bus.publish('agent.command', { agentId: u.id, command: 'ready' }), 300);
    }
    log(`${users.length} simulated agents logged in`);
  }
  return { dialer, telephony, stop: () => dialer.stop().finally(() => (metrics.detach(), unarchive())) };
}

/** The API's in-process component contract (api/src/components.ts). */
export async function start(ctx: {
  db: Db;
  bus: Bus;
  config: { ari?: { url: string; user: string; password: string; app: string } | undefined };
  log: (msg: string) => void;
}): Promise<{
  stop(): Promise<void>;
  health(): Promise<{ status: 'ok' | 'down'; required: boolean; kind?: string }>;
  /** For the IVR started next in the same process (ctx.components.dialer): agent routing and hooks. */
  dialer: Dialer;
  /** The dialer's ARI connection (real Asterisk only): the IVR must share it, two WebSockets on one Stasis app replace each other. */
  ari: Ari | undefined;
}> {
  const simAgents = Number(process.env.DEMO_SIM_AGENTS ?? (ctx.config.ari ? 0 : 14));
  const running = await startDialer({
    db: ctx.db,
    bus: ctx.bus,
    ari: ctx.config.ari ? { ...ctx.config.ari, trunk: process.env.ARI_TRUNK ?? 'carrier' } : undefined,
    simulatedAgents: simAgents,
    log: ctx.log,
  });
  return {
    stop: () => running.stop(),
    health: async () => ({ status: running.dialer.isReady() ? 'ok' : 'down', required: false, kind: running.telephony.kind }),
    dialer: running.dialer,
    // loaded lazily above (the simulated demo never loads ari-client); kind 'ari' is only AriTelephony
    ari: running.telephony.kind === 'ari' ? (running.telephony as AriTelephony).connection : undefined,
  };
}
