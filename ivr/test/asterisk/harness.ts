// Real calls for the IVR tests: Asterisk 22 (chroot), SIPp playing the debtor or caller with RFC 2833 DTMF,
// Postgres (own database), Redis (own prefix). The IVR runtime runs exactly as in production; only the
// origination is done here (as the dialer's agentless mode does: originate, AMD, then hand over).
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Ari, parseAmdArgs, type AriEvent } from '@cobranza/ari';
import { ensureAsterisk, type AsteriskEnv } from '@cobranza/asterisk-config';
import { startSippCaller, startSippDebtor, type SippProcess } from '@cobranza/asterisk-config/sipp';
import type { RtpStep } from '@cobranza/asterisk-config/rtp-pcap';
import { InProcessBus } from '@cobranza/bus';
import { createTestDatabase, type TestDatabase } from '@cobranza/db/testing';
import { nextOpenWindow } from '@cobranza/compliance/testing';
import { untilContacted } from '@cobranza/db/testing';
import { startDialer, type RunningDialer } from '@cobranza/dialer';
import { clockStartingAt, realClock, type Clock } from '@cobranza/dialer/clock';
import { AriTelephony } from '@cobranza/dialer/telephony/ari';
import { Redis } from 'ioredis';
import { RedisAttemptLimiter } from '../../src/limiter.js';
import { PromptLibrary } from '../../src/prompts/library.js';
import { IvrRuntime, type DialerHooks, type ScreenPopSource } from '../../src/runtime.js';
import type { Logger, SessionResult } from '../../src/session.js';
import { PgIvrStore } from '../../src/store/pg-store.js';
import { RecordingSms } from '../fakes.js';

export interface Harness {
  env: AsteriskEnv;
  ari: Ari;
  app: string;
  tdb: TestDatabase;
  redis: Redis;
  prefix: string;
  prompts: PromptLibrary;
  runtime: IvrRuntime;
  sms: RecordingSms;
  logs: string[];
  /** The clock of the IVR (and of the dialer, when there is one). */
  clock: Clock;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Default real time. */
  clock?: Clock;
  /** Starts what the runtime routes press-to-talk to (the real dialer), on the test's database and ARI app. */
  withDialer?: (x: { db: TestDatabase['db']; ari: Ari; app: string; env: AsteriskEnv; clock: Clock }) => Promise<{ dialer: DialerHooks; bus: ScreenPopSource; stop(): Promise<void> }>;
}

export async function makeHarness(label: string, o: HarnessOptions = {}): Promise<Harness> {
  const env = ensureAsterisk();
  const app = `ivr-test-${label}-${randomBytes(3).toString('hex')}`;
  const ari = await Ari.connect({ url: env.ariUrl, user: env.ariUser, password: env.ariPassword, app, connectTimeoutMs: 20_000 });
  const tdb = await createTestDatabase(`ivr_${label}`);
  const clock = o.clock ?? realClock;
  const extra = o.withDialer ? await o.withDialer({ db: tdb.db, ari, app, env, clock }) : null;
  const redis = new Redis('redis://127.0.0.1:6379');
  const prefix = `test:ivr:${label}:${randomBytes(4).toString('hex')}:`;
  const prompts = new PromptLibrary({ hostDir: join(env.soundsDir, 'cobranza-ivr'), asteriskDir: 'cobranza-ivr' });
  const logs: string[] = [];
  const log: Logger = {
    info: (m, d) => logs.push(`info ${m} ${JSON.stringify(d ?? {})}`),
    warn: (m, d) => logs.push(`warn ${m} ${JSON.stringify(d ?? {})}`),
    error: (m, d) => logs.push(`error ${m} ${JSON.stringify(d ?? {})}`),
  };
  const sms = new RecordingSms();
  const runtime = new IvrRuntime({
    db: tdb.db,
    ari,
    store: new PgIvrStore(tdb.db, log.warn),
    prompts,
    limiter: new RedisAttemptLimiter(redis, prefix),
    sms,
    dialer: extra?.dialer ?? null,
    bus: extra?.bus ?? null,
    log,
    inboundCreditor: { id: '', businessName: 'Banco Andino', callbackNumber: '6015551234' },
    transferWaitMs: 20_000,
    now: () => new Date(clock.now()),
  });
  runtime.start();
  return {
    env,
    ari,
    app,
    tdb,
    redis,
    prefix,
    prompts,
    runtime,
    sms,
    logs,
    clock,
    async close() {
      runtime.stop();
      await extra?.stop();
      ari.close();
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
      // the dialer's background work settles a moment after stop(); dropping the database under it kills
      // its connections (57P01) and the pool reports that as an unhandled error
      await new Promise((r) => setTimeout(r, 1000));
      await tdb.drop();
    },
  };
}

export interface DialerHarness extends Harness {
  /** The real dialer (ARI adapter through the carrier trunk, real compliance gate), on the test's database and ARI app. */
  running: RunningDialer;
  bus: InProcessBus;
  /**
   * Polls until cond holds; fails at once when the gate refused a contact (with its rule and next allowed time)
   * unless refusals are expected, and after timeoutMs with the IVR's log.
   */
  until(what: string, cond: () => Promise<boolean>, timeoutMs: number, o?: { refusals?: 'fail' | 'fail-until-dialled' | 'expected' }): Promise<void>;
}

/** A harness whose calls are placed by the real dialer, as in production: campaigns on the test's database dial. */
export async function makeDialerHarness(label: string, bus: InProcessBus = new InProcessBus()): Promise<DialerHarness> {
  // a holder, not a `let`: TypeScript does not see the assignment made inside the callback
  const started: { running?: RunningDialer } = {};
  // the seeded debtors are in Colombia: the IVR and the dialer run from the next hours the real CO profile allows
  const clock = clockStartingAt(await nextOpenWindow({ jurisdiction: { country: 'CO' }, timeZone: 'America/Bogota' }));
  const h = await makeHarness(label, {
    clock,
    withDialer: async ({ db, ari, app, env, clock }) => {
      const running = await startDialer({
        db,
        bus,
        clock,
        telephony: new AriTelephony({ url: env.ariUrl, user: env.ariUser, password: env.ariPassword, app, trunk: 'carrier', ari }),
        dialerId: `ivr-${label}-${randomBytes(3).toString('hex')}`,
        log: () => undefined,
      });
      started.running = running;
      return { dialer: running.dialer, bus, stop: () => running.stop() };
    },
  });
  if (!started.running) throw new Error(`makeDialerHarness(${label}): the harness never started the dialer`);
  const until: DialerHarness['until'] = (what, cond, timeoutMs, o = {}) =>
    untilContacted(h.tdb.db, what, cond, timeoutMs, { ...o, context: () => `logs:\n${h.logs.join('\n')}` });
  return Object.assign(h, { running: started.running, bus, until });
}

/** Greeting audio of the fake PSTN: what a person or a voicemail says when answering. */
export function fakeVoice(env: AsteriskEnv, name: 'fake-person-hello' | 'fake-machine-greeting'): string {
  return join(env.soundsDir, 'cobranza', `${name}.wav`);
}

export interface OutboundCall {
  sipp: SippProcess;
  channelId: string;
  amd: { status: string; cause: string };
  /** Resolves when the channel is destroyed. */
  ended: Promise<void>;
}

/**
 * Calls a SIPp debtor through the sippcarrier trunk into our app, runs AMD, and resolves with its verdict
 * (the state the dialer's agentless mode is in when it hands the person to the IVR).
 */
export async function callDebtor(h: Harness, script: RtpStep[], number = '+573001234567'): Promise<OutboundCall> {
  const sipp = await startSippDebtor({ script, ringMs: 300 });
  const channelId = `ivr-out-${randomBytes(6).toString('hex')}`;
  let answered = false;
  let resolveEnded!: () => void;
  const ended = new Promise<void>((r) => (resolveEnded = r));
  const amd = new Promise<{ status: string; cause: string }>((resolve, reject) => {
    h.ari.subscribe(channelId, (e: AriEvent) => {
      if (e.type === 'StasisStart') {
        const verdict = parseAmdArgs(e.args);
        if (verdict) resolve({ status: verdict.status, cause: verdict.cause });
        else if (!answered) {
          answered = true;
          void h.ari.runAmd(channelId).catch(reject);
        }
      } else if (e.type === 'ChannelDestroyed') {
        resolveEnded();
        reject(new Error(`call ended before AMD (cause ${e.cause})`));
      }
    });
  });
  amd.catch(() => undefined);
  await h.ari.originate({ endpoint: `PJSIP/sippcarrier/sip:${number.replace('+', '')}@127.0.0.1:${sipp.port}`, channelId, app: h.app, timeoutSec: 20, callerId: '6015551234' });
  return { sipp, channelId, amd: await amd, ended };
}

export async function callInbound(h: Harness, callerNumber: string, script: RtpStep[], hangupAfterMs = 120_000): Promise<SippProcess> {
  return startSippCaller({ asterisk: { sipHost: h.env.sipHost, sipPort: h.env.sipPort }, callerNumber, did: h.env.inboundDid, app: h.app, script, hangupAfterMs });
}

/** The session the runtime finished for this channel (polls: it ends a moment after the call). */
export async function sessionFor(h: Harness, channelId: string, timeoutMs = 90_000): Promise<SessionResult> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const done = h.runtime.finished.find((r) => r.channelId === channelId);
    if (done) return done;
    if (Date.now() > deadline) throw new Error(`no finished IVR session for ${channelId} within ${timeoutMs} ms; logs:\n${h.logs.join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** What the caller was actually played on a channel, as text (TTS prompts) or media URIs (sayings). */
export function heardOn(h: Harness, channelId: string): string[] {
  return (h.runtime.media.get(channelId)?.heardUris() ?? []).map((u) => h.prompts.describe(u));
}
