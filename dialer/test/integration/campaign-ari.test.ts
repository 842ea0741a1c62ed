// End to end against the real Asterisk: a campaign of a few hundred fake-PSTN numbers (person, busy,
// no answer, unallocated, congestion, machine, silent, late answer), SIP agents played by SIPp on
// permanent channels, the real compliance gate with debtors in several time zones, Postgres.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeNumber, fakeBehaviourOf, type AsteriskEnv, type FakeBehaviour } from '@cobranza/asterisk-config';
import { createTestDatabase, type TestDatabase } from '@cobranza/db/testing';
import { connectPostgres, type Db, type DbHandle } from '@cobranza/db';
import { buildWorld, type DebtorSpec } from '../fixtures.js';
import { zonesWhere } from '../zones.js';
import { agentUsers, appName, asterisk, startAriRig, until, type AriRig } from './harness.js';

const N = Number(process.env.DIALER_IT_NUMBERS ?? 240);
const AGENTS = Number(process.env.DIALER_IT_AGENTS ?? 20);
const MIX: Array<[FakeBehaviour, number]> = [
  ['person', 0.36],
  ['busy', 0.08],
  ['noAnswer', 0.08],
  ['unallocated', 0.08],
  ['congestion', 0.06],
  ['machine', 0.14],
  ['silent', 0.06],
  ['lateAnswer', 0.06],
];
const OUTSIDE_WINDOW = 0.08;

let t: TestDatabase;
// our own pool, closed before the drop: the test helper's drop terminates live connections
let own: DbHandle;
let db: Db;
let env: AsteriskEnv;
let rig: AriRig | null = null;

beforeAll(async () => {
  env = asterisk();
  t = await createTestDatabase('dialer_ari_e2e');
  own = connectPostgres(t.url, 8);
  db = own.db;
});
afterAll(async () => {
  await rig?.stop();
  await own?.close();
  await new Promise((r) => setTimeout(r, 1000));
  await t?.drop();
});

describe('campaign against the real Asterisk', () => {
  it(`${N} numbers end to end: outcomes, retries, agents, windows, abandon message`, async () => {
    const inside = zonesWhere(true);
    const outside = zonesWhere(false);
    expect(inside.length).toBeGreaterThan(0);
    expect(outside.length).toBeGreaterThan(0);
    const specs: DebtorSpec[] = [];
    const behaviours: FakeBehaviour[] = [];
    for (let i = 0; i < N; i++) {
      let acc = 0;
      const x = (i * 0.6180339887) % 1; // spread behaviours evenly through the list
      let b: FakeBehaviour = 'person';
      for (const [k, p] of MIX) {
        acc += p;
        if (x < acc) {
          b = k;
          break;
        }
      }
      behaviours.push(b);
      const out = ((i * 0.7548776662) % 1) < OUTSIDE_WINDOW;
      specs.push({ phones: [fakeNumber(b, 40_000 + i)], country: 'US', timeZone: out ? outside[i % outside.length]! : inside[i % inside.length]! });
    }
    const w = await buildWorld(db, {
      debtors: specs,
      dialMode: 'progressive',
      amdMode: 'hangup',
      retryRules: {
        busy: { retryMinutes: 0.05, maxAttempts: 2 },
        congestion: { retryMinutes: 0.05, maxAttempts: 2 },
        no_answer: { retryMinutes: 120 },
        machine: { retryMinutes: 120 },
        abandoned: { retryMinutes: 120 },
        failed: { retryMinutes: 120 },
        maxAttempts: 5,
      },
      settings: { mode: 'progressive', ringTimeoutSec: 15, wrapUpSeconds: 1 },
    });
    const creditor = await db.selectFrom('creditors').selectAll().where('id', '=', w.creditorId).executeTakeFirstOrThrow();
    const app = appName('dialer-e2e');
    rig = await startAriRig({ db: db, env, app, campaignId: w.campaignId, creditor: { code: creditor.code, businessName: creditor.business_name, callbackNumber: creditor.callback_number } });
    const endpoints = Array.from({ length: AGENTS }, (_, i) => `sipagent${101 + i}`);
    const ids = await agentUsers(db, endpoints);
    // the agents: answer, talk a moment, hang up; wrap-up ends by the campaign's time limit
    await rig.bus.subscribe('screen.pop', (p) => {
      if (p.via === 'dialer') setTimeout(() => void rig!.bus.publish('agent.command', { agentId: p.agentId, command: 'hangup' }), 1200);
    });
    await rig.loginAgents(endpoints, 5200 + Math.floor(Math.random() * 300));
    for (const id of ids.values()) await rig.bus.publish('agent.command', { agentId: id, command: 'ready', campaignId: w.campaignId });

    // a wave of calls is ringing: most agents go on break, so some people answer with nobody free
    const agentIds = [...ids.values()];
    await until('a wave of ringing calls', () => rig!.dialer.calls.inFlight(w.campaignId).filter((c) => ['dialing', 'ringing'].includes(c.state.phase)).length >= Math.min(8, AGENTS), 30_000, 20);
    for (const id of agentIds.slice(2)) await rig.bus.publish('agent.command', { agentId: id, command: 'pause', pauseReason: 'break' });
    await new Promise((r) => setTimeout(r, 9000));
    for (const id of agentIds.slice(2)) await rig.bus.publish('agent.command', { agentId: id, command: 'ready', campaignId: w.campaignId });

    const started = Date.now();
    const dueLeft = async () =>
      Number(
        (
          await db
            .selectFrom('campaign_leads')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('campaign_id', '=', w.campaignId)
            .where((eb) => eb.or([eb('status', 'in', ['reserved', 'in_call']), eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', new Date())])]))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const dump = async () => {
      const ls = await db.selectFrom('campaign_leads').select(['status', 'last_outcome', 'attempts', 'next_attempt_at']).where('campaign_id', '=', w.campaignId).execute();
      const calls = rig!.dialer.calls.inFlight(w.campaignId).map((c) => `${c.state.phase}/${c.state.agentId ? 'a' : '-'}`);
      return { leads: ls.map((l) => `${l.status}:${l.last_outcome}:${l.attempts}`), calls, agents: rig!.dialer.agents.records().map((a) => `${a.state}${a.callId ? '*' : ''}`) };
    };
    const timer = setInterval(() => void dump().then((d) => process.env.DIALER_TEST_LOG && console.log(JSON.stringify(d))), 10_000);
    await until('every lead dialed to its rules', async () => (await dueLeft()) === 0 && rig!.dialer.calls.inFlight(w.campaignId).length === 0, Number(process.env.DIALER_IT_DRAIN_MS ?? 6 * 60_000), 1000);
    clearInterval(timer);
    console.log(`[e2e] campaign drained in ${((Date.now() - started) / 1000).toFixed(0)} s after the break`);

    const rows = await db.selectFrom('call_attempts').selectAll().where('campaign_id', '=', w.campaignId).orderBy('created_at').execute();
    expect(rows.filter((a) => a.status !== 'ended')).toEqual([]);
    const byDebtor = new Map<string, typeof rows>();
    for (const a of rows) byDebtor.set(a.debtor_id!, [...(byDebtor.get(a.debtor_id!) ?? []), a]);
    const leads = new Map((await db.selectFrom('campaign_leads').selectAll().where('campaign_id', '=', w.campaignId).execute()).map((l) => [l.debtor_id, l]));
    const phones = new Map((await db.selectFrom('phones').selectAll().where('debtor_id', 'in', w.debtors.map((d) => d.debtorId)).execute()).map((p) => [p.debtor_id, p]));
    const decisions = await db.selectFrom('compliance_decisions').selectAll().where('campaign_id', '=', w.campaignId).execute();
    const playbackStarted = new Set(rig.events.filter((e) => e.type === 'playback_started').map((e) => (e as { callId: string }).callId));
    const counts: Record<string, number> = {};
    const agentSet = new Set(agentIds);

    w.debtors.forEach((d, i) => {
      const list = byDebtor.get(d.debtorId) ?? [];
      const outcomes = list.map((a) => a.outcome);
      const b = fakeBehaviourOf(d.phones[0]!);
      expect(b).toBe(behaviours[i]);
      const tz = specs[i]!.timeZone!;
      const key = outside.includes(tz) && !inside.includes(tz) ? 'outside' : b;
      counts[key] = (counts[key] ?? 0) + 1;
      const where = `debtor ${i} (${b}, ${tz})`;
      if (key === 'outside') {
        expect(outcomes, where).toEqual([]);
        const ds = decisions.filter((x) => x.debtor_id === d.debtorId);
        expect(ds.length, where).toBeGreaterThan(0);
        expect(ds.every((x) => !x.allowed && x.rule.length > 0), where).toBe(true);
        expect(leads.get(d.debtorId)!.status, where).toBe('pending');
        return;
      }
      if (b === 'silent' && list[0]?.amd_status === 'MACHINE') {
        // amd.conf's initial-silence rule calls a silent line a machine (cause INITIALSILENCE)
        expect(outcomes, where).toEqual(['machine']);
        expect(list[0]!.amd_cause, where).toMatch(/^INITIALSILENCE/);
        return;
      }
      switch (b) {
        case 'person':
        case 'silent':
        case 'lateAnswer':
          expect(outcomes.length, where).toBe(1);
          expect(['connected', 'abandoned'], where).toContain(outcomes[0]);
          expect(list[0]!.human_at, where).not.toBeNull();
          if (outcomes[0] === 'connected') {
            expect(list[0]!.bridged_at, where).not.toBeNull();
            expect(agentSet.has(list[0]!.agent_id!), where).toBe(true);
            expect(list[0]!.recording_name, where).toBeTruthy();
            expect(list[0]!.bridged_at!.getTime() - list[0]!.human_at!.getTime(), where).toBeLessThan(2000);
          } else {
            expect(playbackStarted.has(list[0]!.id), `${where}: abandoned without hearing the message`).toBe(true);
          }
          if (b === 'silent') expect(list[0]!.amd_status, where).toBe('NOTSURE');
          else expect(list[0]!.amd_status, where).toBe('HUMAN');
          break;
        case 'busy':
          expect(outcomes, where).toEqual(['busy', 'busy']);
          expect(list.every((a) => a.sip_code === 486 || a.hangup_cause === 17), where).toBe(true);
          expect(leads.get(d.debtorId)!.status, where).toBe('exhausted');
          break;
        case 'congestion':
          expect(outcomes, where).toEqual(['congestion', 'congestion']);
          break;
        case 'noAnswer':
          expect(outcomes, where).toEqual(['no_answer']);
          expect(list[0]!.ended_at!.getTime() - list[0]!.dialed_at!.getTime(), where).toBeGreaterThanOrEqual(15_000);
          break;
        case 'unallocated':
          expect(outcomes, where).toEqual(['invalid_number']);
          expect(phones.get(d.debtorId)!.status, where).toBe('invalid');
          expect(leads.get(d.debtorId)!.status, where).toBe('exhausted');
          break;
        case 'machine':
          expect(outcomes, where).toEqual(['machine']);
          expect(list[0]!.amd_status, where).toBe('MACHINE');
          break;
        default:
          throw new Error(`unexpected behaviour ${b}`);
      }
    });
    const connected = rows.filter((a) => a.outcome === 'connected');
    const abandoned = rows.filter((a) => a.outcome === 'abandoned');
    console.log(`[e2e] ${rows.length} attempts, ${connected.length} connected, ${abandoned.length} abandoned; debtors by kind ${JSON.stringify(counts)}`);
    expect(connected.length).toBeGreaterThan(0);
    expect(abandoned.length, 'the break left people without an agent').toBeGreaterThan(0);
    // the recordings exist on Asterisk's disk (bridges.record on the agent's bridge)
    await until('recordings written', () => connected.every((a) => existsSync(join(env.recordingDir, `${a.recording_name}.wav`))), 15_000);
    // every connected call popped on its agent's screen
    expect(new Set(rig.pops.filter((p) => p.via === 'dialer').map((p) => p.callId))).toEqual(new Set(connected.map((a) => a.id)));
    // the compliance ledger has one row per dialed attempt
    const ledger = await db.selectFrom('contact_events').select(['source_id']).where('campaign_id', '=', w.campaignId).execute();
    expect(ledger.length).toBe(rows.length);
  }, 10 * 60_000);
});
