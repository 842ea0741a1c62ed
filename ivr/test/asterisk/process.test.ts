// The IVR as its own process (`npm run start:ivr`, ivr/src/main.ts): started as a child process against the real
// Asterisk (chroot), its own Postgres database and Redis prefix, on a Stasis app of its own. A SIPp caller dials the
// self-service DID into that app, identifies with id and date of birth by keypad and asks for the statement by SMS
// (Twilio stood in for locally). Then a dialer (in the test's process, its own Stasis app, IVR_PROCESS's wiring)
// hands an answered agentless call to the IVR process over Redis. Nothing of the IVR runs in the test's process.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { ensureAsterisk, fakeNumber, type AsteriskEnv } from '@cobranza/asterisk-config';
import { RedisBus } from '@cobranza/bus';
import { startDialer } from '@cobranza/dialer';
import { clockStartingAt } from '@cobranza/dialer/clock';
import { remoteIvr } from '@cobranza/dialer/ivr-remote';
import { AriTelephony } from '@cobranza/dialer/telephony/ari';
import { startSippCaller } from '@cobranza/asterisk-config/sipp';
import { nextOpenWindow } from '@cobranza/compliance/testing';
import { createTestDatabase, untilContacted, type TestDatabase } from '@cobranza/db/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ivrAppFromEnv } from '../../src/main.js';
import { FakeTwilio } from '../fake-twilio.js';
import { seedDebtor } from '../fixtures.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const REDIS_URL = 'redis://127.0.0.1:6379';
const prefix = `test:ivr:process:${randomBytes(4).toString('hex')}:`;
const app = `ivr-proc-${randomBytes(3).toString('hex')}`;
let env: AsteriskEnv;
let tdb: TestDatabase;
let twilio: FakeTwilio;
let child: ChildProcess | undefined;
let output = '';

beforeAll(async () => {
  env = ensureAsterisk();
  tdb = await createTestDatabase('ivr_process');
  twilio = new FakeTwilio();
  await twilio.start();
});

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await twilio?.stop();
  const r = new Redis(REDIS_URL);
  const keys = await r.keys(`${prefix}*`);
  if (keys.length) await r.del(...keys);
  r.disconnect();
  await tdb?.drop();
});

/** Starts `node --import tsx ivr/src/main.ts` as `npm run start:ivr` does, its clock at `at` (scripts/clock-offset.cjs). */
async function startIvrProcess(at: Date): Promise<ChildProcess> {
  const realNow = Date.now() - ((Date as unknown as { cobranzaOffset?: number }).cobranzaOffset ?? 0);
  const proc = spawn(process.execPath, ['--import', 'tsx', 'ivr/src/main.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      DATABASE_URL: tdb.url,
      REDIS_URL,
      REDIS_PREFIX: prefix,
      ARI_URL: env.ariUrl,
      ARI_USER: env.ariUser,
      ARI_PASSWORD: env.ariPassword,
      IVR_ARI_APP: app,
      ASTERISK_SOUNDS_DIR: env.soundsDir,
      TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000000',
      TWILIO_AUTH_TOKEN: 'test-token',
      TWILIO_FROM: '+576015550000',
      TWILIO_API_BASE_URL: twilio.url,
      METRICS_PORT: '0', // any free port: another IVR may hold the default one
      // the SMS goes through the real compliance gate: the process runs from hours the CO profile allows
      COBRANZA_CLOCK_OFFSET_MS: String(at.getTime() - realNow),
      NODE_OPTIONS: `--require ${resolve(ROOT, 'scripts/clock-offset.cjs')}${process.env.NODE_OPTIONS ? ` ${process.env.NODE_OPTIONS}` : ''}`,
    },
  });
  proc.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 90_000;
  while (!output.includes('[ivr] ready') && proc.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  if (!output.includes('[ivr] ready')) throw new Error(`the IVR process did not get ready (exit ${proc.exitCode}):\n${output}`);
  return proc;
}

describe('the IVR as its own process', () => {
  it('answers the self-service line on its own Stasis app: an identified caller hears the balance and gets the statement by SMS', async () => {
    const s = await seedDebtor(tdb.db, { document: '81234567', birthDate: '1990-07-21', phone: '+573001230044' });
    child = await startIvrProcess(await nextOpenWindow({ jurisdiction: { country: 'CO' }, timeZone: 'America/Bogota', channel: 'sms' }));
    expect(output).toContain(`Stasis app ${app}`);
    // its own Prometheus listener, as every process has
    const metricsUrl = /metrics served[^\n]*?(http:\/\/127\.0\.0\.1:\d+[^\s",]*)/.exec(output)?.[1];
    expect(metricsUrl, output).toBeTruthy();
    const scraped = await fetch(metricsUrl!.endsWith('/metrics') ? metricsUrl! : `${metricsUrl}/metrics`);
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toMatch(/^# HELP /m);
    const caller = '+573005554499';
    const sipp = await startSippCaller({
      asterisk: { sipHost: env.sipHost, sipPort: env.sipPort },
      callerNumber: caller,
      did: env.inboundDid,
      app,
      script: [{ silenceMs: 7000 }, { dtmf: '81234567#' }, { silenceMs: 3000 }, { dtmf: '21071990#' }, { silenceMs: 12_000 }, { dtmf: '3' }, { silenceMs: 60_000 }],
      hangupAfterMs: 40_000,
    });
    try {
      const deadline = Date.now() + 90_000;
      let row: { debtor_id: string | null; identified: boolean; outcome: string | null; direction: string; ended_at: unknown; path: unknown } | undefined;
      while (Date.now() < deadline) {
        row = await tdb.db
          .selectFrom('ivr_sessions')
          .select(['debtor_id', 'identified', 'outcome', 'direction', 'ended_at', 'path'])
          .where('caller_number', '=', caller)
          .executeTakeFirst();
        if (row?.ended_at) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      const { ended_at, path, ...session } = row ?? {};
      const why = `${JSON.stringify(path)}\n${output}`;
      expect(ended_at, why).toBeTruthy();
      expect(session, why).toEqual({ debtor_id: s.debtorId, identified: true, outcome: 'sms_sent', direction: 'inbound' });
      expect(twilio.requests.map((r) => r.form.To), output).toEqual([s.phone]);
    } finally {
      await sipp.stop();
    }
    const exited = new Promise<number | null>((res) => child!.once('exit', (code) => res(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 180_000);

  it('takes an agentless call a dialer in another process hands over (IVR_PROCESS): the 9 of the person is an opt-out, and the attempt ends as the IVR\'s', async () => {
    // a fresh IVR process, and a dialer on its own Stasis app in the test's process, joined by Redis only
    output = '';
    const at = await nextOpenWindow({ jurisdiction: { country: 'CO' }, timeZone: 'America/Bogota' });
    child = await startIvrProcess(at);
    expect(output).toContain('takes agentless calls handed over on the bus');
    const bus = new RedisBus({ url: REDIS_URL, prefix });
    const logs: string[] = [];
    const dialer = await startDialer({
      db: tdb.db,
      bus,
      clock: clockStartingAt(at),
      telephony: new AriTelephony({ url: env.ariUrl, user: env.ariUser, password: env.ariPassword, app: `${app}-dialer`, trunk: 'carrier' }),
      dialerId: `proc-${app}`,
      log: (m) => logs.push(m),
    });
    const remote = await remoteIvr(bus, (m) => logs.push(m));
    dialer.dialer.setAgentlessHandler(remote.handler);
    try {
      const phone = fakeNumber('personPressesKey', 40_000 + Math.floor(Math.random() * 9_000), '9');
      const s = await seedDebtor(tdb.db, { phone });
      await tdb.db.updateTable('strategies').set({ amd_mode: 'off' }).where('id', '=', s.strategyId).execute();
      const c = await tdb.db
        .insertInto('campaigns')
        .values({ name: 'IVR en su proceso', strategy_id: s.strategyId, dial_mode: 'agentless', status: 'running', settings: JSON.stringify({ mode: 'agentless', agentlessConcurrency: 1 }) })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tdb.db.insertInto('campaign_leads').values({ campaign_id: c.id, debtor_id: s.debtorId, account_id: s.accountId, status: 'pending' }).execute();
      const context = () => `dialer:\n${logs.join('\n')}\nivr process:\n${output}`;
      const ended = async () => (await tdb.db.selectFrom('call_attempts').select(['id', 'status', 'outcome']).where('debtor_id', '=', s.debtorId).execute());
      await untilContacted(tdb.db, 'the attempt to end', async () => (await ended()).some((a) => a.status === 'ended'), 90_000, { refusals: 'fail-until-dialled', context });
      const [attempt] = await ended();
      expect(attempt, context()).toMatchObject({ status: 'ended', outcome: 'ivr_completed' });
      const session = await tdb.db.selectFrom('ivr_sessions').select(['call_attempt_id', 'debtor_id', 'outcome']).where('call_attempt_id', '=', attempt!.id).executeTakeFirst();
      expect(session, context()).toEqual({ call_attempt_id: attempt!.id, debtor_id: s.debtorId, outcome: 'opt_out' });
      expect(await tdb.db.selectFrom('opt_outs').select(['channel', 'source']).where('debtor_id', '=', s.debtorId).execute()).toEqual([{ channel: 'all', source: 'ivr_keypad' }]);
      // taken by that process, through its claim
      const r = new Redis(REDIS_URL);
      expect(await r.get(`${prefix}ivr:agentless:${attempt!.id}`).finally(() => r.disconnect())).toBe(app);
    } finally {
      await remote.stop();
      await dialer.stop();
      await bus.close();
    }
    const exited = new Promise<number | null>((res) => child!.once('exit', (code) => res(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 200_000);

  it('never takes the Stasis app of the dialer', () => {
    expect(ivrAppFromEnv({})).toBe('cobranza-ivr');
    expect(ivrAppFromEnv({ ARI_APP: 'sur' })).toBe('sur-ivr');
    expect(ivrAppFromEnv({ IVR_ARI_APP: 'linea-247' })).toBe('linea-247');
    expect(() => ivrAppFromEnv({ ARI_APP: 'x', IVR_ARI_APP: 'x' })).toThrow(/must differ/);
  });
});
