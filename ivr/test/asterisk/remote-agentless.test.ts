// An agentless call when the IVR runs apart from the dialer: the real Dialer on its own Stasis app and the IVR on
// another (two ARI connections, as two processes have), joined only by the bus on real Redis (two RedisBus
// clients). A person answers through the fake PSTN and presses 9 during the message: the IVR, which watches the
// channel it was handed, records the opt-out and the dialer ends the attempt as the IVR's.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Ari } from '@cobranza/ari';
import { ensureAsterisk, fakeNumber, type AsteriskEnv } from '@cobranza/asterisk-config';
import { RedisBus } from '@cobranza/bus';
import { nextOpenWindow } from '@cobranza/compliance/testing';
import { createTestDatabase, untilContacted, type TestDatabase } from '@cobranza/db/testing';
import { startDialer, type RunningDialer } from '@cobranza/dialer';
import { clockStartingAt, type Clock } from '@cobranza/dialer/clock';
import { remoteIvr, type RemoteIvr } from '@cobranza/dialer/ivr-remote';
import { AriTelephony } from '@cobranza/dialer/telephony/ari';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisAttemptLimiter } from '../../src/limiter.js';
import { PromptLibrary } from '../../src/prompts/library.js';
import { serveAgentlessCalls } from '../../src/remote.js';
import { IvrRuntime } from '../../src/runtime.js';
import type { Logger } from '../../src/session.js';
import { PgIvrStore } from '../../src/store/pg-store.js';
import { RecordingSms } from '../fakes.js';
import { seedDebtor } from '../fixtures.js';

const REDIS_URL = 'redis://127.0.0.1:6379';
const prefix = `test:ivr:remote:${randomBytes(4).toString('hex')}:`;
const tag = randomBytes(3).toString('hex');
let env: AsteriskEnv;
let tdb: TestDatabase;
let clock: Clock;
let dialerBus: RedisBus;
let ivrBus: RedisBus;
let ivrAri: Ari;
let redis: Redis;
let running: RunningDialer;
let remote: RemoteIvr;
let runtime: IvrRuntime;
let prompts: PromptLibrary;
let stopServing: () => Promise<void>;
const logs: string[] = [];

beforeAll(async () => {
  env = ensureAsterisk();
  tdb = await createTestDatabase('ivr_remote');
  // the seeded debtors are in Colombia: both sides run from the next hours the real CO profile allows
  clock = clockStartingAt(await nextOpenWindow({ jurisdiction: { country: 'CO' }, timeZone: 'America/Bogota' }));
  redis = new Redis(REDIS_URL);
  // "the dialer's process"
  dialerBus = new RedisBus({ url: REDIS_URL, prefix });
  running = await startDialer({
    db: tdb.db,
    bus: dialerBus,
    clock,
    telephony: new AriTelephony({ url: env.ariUrl, user: env.ariUser, password: env.ariPassword, app: `dialer-${tag}`, trunk: 'carrier' }),
    dialerId: `remote-${tag}`,
    log: (m) => logs.push(`dialer ${m}`),
  });
  remote = await remoteIvr(dialerBus, (m) => logs.push(`dialer ${m}`));
  running.dialer.setAgentlessHandler(remote.handler);
  // "the IVR's process": its own ARI connection and app, its own bus client
  ivrBus = new RedisBus({ url: REDIS_URL, prefix });
  ivrAri = await Ari.connect({ url: env.ariUrl, user: env.ariUser, password: env.ariPassword, app: `ivr-${tag}`, connectTimeoutMs: 20_000 });
  const log: Logger = {
    info: (m, d) => logs.push(`ivr info ${m} ${JSON.stringify(d ?? {})}`),
    warn: (m, d) => logs.push(`ivr warn ${m} ${JSON.stringify(d ?? {})}`),
    error: (m, d) => logs.push(`ivr error ${m} ${JSON.stringify(d ?? {})}`),
  };
  prompts = new PromptLibrary({ hostDir: join(env.soundsDir, 'cobranza-ivr'), asteriskDir: 'cobranza-ivr' });
  runtime = new IvrRuntime({
    db: tdb.db,
    ari: ivrAri,
    store: new PgIvrStore(tdb.db, log.warn),
    prompts,
    limiter: new RedisAttemptLimiter(redis, prefix),
    sms: new RecordingSms(),
    dialer: null,
    bus: ivrBus,
    log,
    now: () => new Date(clock.now()),
  });
  runtime.start();
  stopServing = await serveAgentlessCalls({ bus: ivrBus, ari: ivrAri, runtime, log });
}, 120_000);

afterAll(async () => {
  await stopServing?.();
  runtime?.stop();
  await remote?.stop();
  await running?.stop();
  ivrAri?.close();
  await dialerBus?.close();
  await ivrBus?.close();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  // the dialer's background work settles a moment after stop()
  await new Promise((r) => setTimeout(r, 1000));
  await tdb?.drop();
});

describe('agentless call with the IVR in another process', () => {
  it('the dialer hands the answered call over the bus; the IVR plays the message, takes the 9 and records the opt-out', async () => {
    const phone = fakeNumber('personPressesKey', 30_000 + Math.floor(Math.random() * 9_000), '9');
    const s = await seedDebtor(tdb.db, { phone });
    await tdb.db.updateTable('strategies').set({ amd_mode: 'off' }).where('id', '=', s.strategyId).execute();
    const c = await tdb.db
      .insertInto('campaigns')
      .values({ name: 'Mora temprana IVR aparte', strategy_id: s.strategyId, dial_mode: 'agentless', status: 'running', settings: JSON.stringify({ mode: 'agentless', agentlessConcurrency: 1 }) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tdb.db.insertInto('campaign_leads').values({ campaign_id: c.id, debtor_id: s.debtorId, account_id: s.accountId, status: 'pending' }).execute();
    const until = (what: string, cond: () => Promise<boolean> | boolean, ms: number, refusals: 'fail-until-dialled' | 'expected' = 'fail-until-dialled') =>
      untilContacted(tdb.db, what, cond, ms, { refusals, context: () => `logs:\n${logs.join('\n')}` });
    await until('the IVR process to finish a session', () => runtime.finished.length > 0, 90_000);
    const r = runtime.finished[0]!;
    expect(r.outcome, logs.join('\n')).toBe('opt_out');
    // what the person heard was played by the IVR's connection on the dialer's channel
    expect((runtime.media.get(r.channelId)?.heardUris() ?? []).map((u) => prompts.describe(u))[0]).toBe('Hola Lucía. Le llamamos de Banco Andino.');
    expect(await tdb.db.selectFrom('opt_outs').select(['channel', 'source']).where('debtor_id', '=', s.debtorId).execute()).toEqual([{ channel: 'all', source: 'ivr_keypad' }]);
    const session = await tdb.db.selectFrom('ivr_sessions').select(['call_attempt_id', 'debtor_id', 'outcome']).where('id', '=', r.sessionId).executeTakeFirstOrThrow();
    expect(session).toEqual({ call_attempt_id: r.channelId, debtor_id: s.debtorId, outcome: 'opt_out' });
    // the dialer got the IVR's "finish" over the bus and closed its attempt as the IVR's
    await until('the attempt to end', async () => (await tdb.db.selectFrom('call_attempts').select('status').where('id', '=', r.channelId).executeTakeFirst())?.status === 'ended', 30_000, 'expected');
    const attempts = await tdb.db.selectFrom('call_attempts').select(['id', 'outcome']).where('debtor_id', '=', s.debtorId).execute();
    expect(attempts).toEqual([{ id: r.channelId, outcome: 'ivr_completed' }]);
    expect(logs.join('\n')).not.toMatch(/no IVR process took/);
  }, 200_000);
});
