// The whole dialer (hopper, compliance gate, pacing, agent routing, persistence) on the simulated
// telephony adapter and a virtual clock, against a real Postgres and the in-process bus.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@cobranza/db';
import type { BusEvents } from '@cobranza/contracts';
import type { ContactGate } from '../src/ports.js';
import { buildWorld, type DebtorSpec } from './fixtures.js';
import { agents, rig } from './sim-rig.js';
import { useTestDb } from './test-db.js';

const tdb = useTestDb('dialer_campaign_sim', 8);
let db: Db;
beforeAll(() => {
  db = tdb.db;
});

const attemptsOf = (campaignId: string) =>
  db.selectFrom('call_attempts').selectAll().where('campaign_id', '=', campaignId).orderBy('created_at').execute();

describe('campaign loop on the simulated adapter', () => {
  it('progressive: every number gets its expected outcomes, people reach agents, nobody is abandoned', async () => {
    // last digit picks the behaviour (see digitPlan): 1 person, 2 busy, 3 no answer, 4 invalid, 6 machine
    const specs: DebtorSpec[] = [];
    const kinds = ['1', '2', '3', '4', '6'];
    for (let i = 0; i < 25; i++) specs.push({ phones: [`+5730055${String(i).padStart(4, '0')}${kinds[i % 5]}`] });
    const w = await buildWorld(db, {
      debtors: specs,
      dialMode: 'progressive',
      amdMode: 'hangup',
      retryRules: { busy: { retryMinutes: 0.1, maxAttempts: 2 }, no_answer: { retryMinutes: 60 }, machine: { retryMinutes: 60 }, maxAttempts: 5 },
      settings: { mode: 'progressive', wrapUpSeconds: 3, ringTimeoutSec: 18 },
    });
    const r = await rig(db, w.campaignId);
    const agentIds = await agents(r, 3, w.campaignId);
    await r.run(240);
    const rows = await attemptsOf(w.campaignId);
    expect(rows.every((a) => a.status === 'ended')).toBe(true);
    const byDebtor = new Map<string, typeof rows>();
    for (const a of rows) byDebtor.set(a.debtor_id!, [...(byDebtor.get(a.debtor_id!) ?? []), a]);
    for (const d of w.debtors) {
      const list = byDebtor.get(d.debtorId) ?? [];
      const kind = d.phones[0]!.at(-1);
      const outcomes = list.map((a) => a.outcome);
      if (kind === '1') {
        expect(outcomes).toEqual(['connected']);
        expect(list[0]!.bridged_at).not.toBeNull();
        expect(agentIds).toContain(list[0]!.agent_id);
      }
      if (kind === '2') expect(outcomes).toEqual(['busy', 'busy']); // maxAttempts 2 for busy, then exhausted
      if (kind === '3') {
        expect(outcomes).toEqual(['no_answer']); // next try in 60 min
        expect(list[0]!.ended_at!.getTime() - list[0]!.dialed_at!.getTime()).toBeGreaterThanOrEqual(15_000);
      }
      if (kind === '4') expect(outcomes).toEqual(['invalid_number']);
      if (kind === '6') expect(outcomes).toEqual(['machine']);
    }
    const leads = await db.selectFrom('campaign_leads').select(['debtor_id', 'status']).where('campaign_id', '=', w.campaignId).execute();
    const statusOf = (kind: string) => leads.filter((l) => w.debtors.find((d) => d.debtorId === l.debtor_id)!.phones[0]!.endsWith(kind)).map((l) => l.status);
    expect(new Set(statusOf('1'))).toEqual(new Set(['done']));
    expect(new Set(statusOf('2'))).toEqual(new Set(['exhausted']));
    expect(new Set(statusOf('4'))).toEqual(new Set(['exhausted']));
    const invalid = await db.selectFrom('phones').select(['status']).where('e164', 'like', '%4').where('debtor_id', 'in', w.debtors.map((d) => d.debtorId)).execute();
    expect(invalid.every((p) => p.status === 'invalid')).toBe(true);
    expect(rows.filter((a) => a.outcome === 'abandoned')).toHaveLength(0);
    expect(r.maxInFlight).toBeLessThanOrEqual(3);
    // screen pop for each connected call, to the agent who got it
    const connected = rows.filter((a) => a.outcome === 'connected');
    expect(r.pops.filter((p) => p.via === 'dialer').map((p) => p.callId).sort()).toEqual(connected.map((a) => a.id).sort());
    // the compliance ledger has a row per dialed attempt
    const ledger = await db.selectFrom('contact_events').select(['source_id', 'live', 'connected']).where('campaign_id', '=', w.campaignId).execute();
    expect(ledger.length).toBe(rows.length);
    expect(ledger.filter((e) => e.live).length).toBe(connected.length);
    await r.close();
  }, 120_000);

  it('agentless runs at its concurrency limit; a live switch to progressive dials only for the free agent', async () => {
    const w = await buildWorld(db, {
      debtors: Array.from({ length: 12 }, (_, i) => ({ phones: [`+5730066${String(i).padStart(4, '0')}1`] })),
      dialMode: 'agentless',
      amdMode: 'off',
      settings: { mode: 'agentless', agentlessConcurrency: 4, wrapUpSeconds: 2 },
    });
    // agentless campaign with no IVR flow attached: people hear the message, call ends completed
    const r = await rig(db, w.campaignId);
    await r.run(6);
    expect(r.maxInFlight).toBe(4);
    // switch live to progressive with one agent: extra people beyond the agent are never dialed
    await r.bus.publish('campaign.command', { campaignId: w.campaignId, command: 'settings', settings: { mode: 'progressive' }, by: 'test' });
    await agents(r, 1, w.campaignId);
    await r.run(120);
    const rows = await attemptsOf(w.campaignId);
    const completed = rows.filter((a) => a.outcome === 'ivr_completed');
    expect(completed.length).toBeGreaterThanOrEqual(4);
    expect(rows.filter((a) => a.outcome === 'connected').length).toBeGreaterThan(0);
    const progressive = rows.filter((a) => a.dial_mode === 'progressive' && a.status === 'ended');
    expect(progressive.length).toBeGreaterThan(0);
    expect(progressive.map((a) => a.outcome)).toEqual(progressive.map(() => 'connected'));
    const stored = await db.selectFrom('campaigns').select(['settings']).where('id', '=', w.campaignId).executeTakeFirstOrThrow();
    expect((stored.settings as { mode: string }).mode).toBe('progressive');
    await r.close();
  }, 120_000);

  it('a person with no agent free within the deadline hears the safe message and is abandoned; press-to-talk reaches an agent', async () => {
    const w = await buildWorld(db, {
      debtors: Array.from({ length: 3 }, (_, i) => ({ phones: [`+5730077${String(i).padStart(4, '0')}1`] })),
      dialMode: 'agentless',
      amdMode: 'off',
      settings: { mode: 'agentless', agentlessConcurrency: 3, wrapUpSeconds: 60 },
    });
    const r = await rig(db, w.campaignId);
    await agents(r, 1, w.campaignId);
    // the IVR's outbound flow: every person presses 1 to talk to an agent right away
    r.dialer.setAgentlessHandler((_ctx, controls) => controls.pressToTalk());
    await r.run(55); // the connected person talks 40 s
    const rows = await attemptsOf(w.campaignId);
    expect(rows).toHaveLength(3);
    const connected = rows.filter((a) => a.outcome === 'connected');
    const abandoned = rows.filter((a) => a.outcome === 'abandoned');
    expect(connected).toHaveLength(1);
    expect(abandoned).toHaveLength(2);
    const plays = r.obs.filter((o) => o.type === 'playback_started' && o.message === 'safe');
    for (const a of abandoned) {
      expect(plays.some((p) => p.call.id === a.id), `abandoned ${a.id} heard the message`).toBe(true);
    }
    for (const d of r.obs.filter((o) => o.type === 'dropped')) expect(d.type === 'dropped' && d.waitSeconds).toBeLessThanOrEqual(2);
    expect(connected[0]!.bridged_at!.getTime() - connected[0]!.human_at!.getTime()).toBeLessThan(2000);
    const pops = r.pops.filter((p) => p.callId === connected[0]!.id);
    expect(pops).toHaveLength(1);
    const ledger = await db.selectFrom('contact_events').select(['abandoned', 'live']).where('campaign_id', '=', w.campaignId).execute();
    expect(ledger.filter((e) => e.abandoned)).toHaveLength(2);
    await r.close();
  }, 120_000);

  it('preview: the agent sees the debtor first and the call is placed on their click; skip returns the lead', async () => {
    const w = await buildWorld(db, {
      debtors: [{ phones: ['+573008800001'] }, { phones: ['+573008800011'] }],
      dialMode: 'preview',
      amdMode: 'off',
      settings: { mode: 'preview', wrapUpSeconds: 1 },
    });
    const r = await rig(db, w.campaignId);
    const [agent] = await agents(r, 1, w.campaignId);
    await r.run(2);
    expect(r.pops.filter((p) => p.via === 'preview')).toHaveLength(1);
    expect(await attemptsOf(w.campaignId)).toHaveLength(0); // nothing dialed before the click
    const first = r.pops[0]!;
    await r.bus.publish('agent.command', { agentId: agent!, command: 'skip' });
    await r.run(2);
    const second = r.pops.filter((p) => p.via === 'preview')[1]!;
    expect(second.debtorId).not.toBe(first.debtorId);
    await r.bus.publish('agent.command', { agentId: agent!, command: 'dial' });
    await r.run(10);
    const rows = await attemptsOf(w.campaignId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ debtor_id: second.debtorId, agent_id: agent, id: second.callId });
    expect(rows[0]!.bridged_at).not.toBeNull();
    const skipped = await db.selectFrom('campaign_leads').select(['status', 'next_attempt_at']).where('debtor_id', '=', first.debtorId).executeTakeFirstOrThrow();
    expect(skipped.status).toBe('pending');
    expect(new Date(skipped.next_attempt_at).getTime()).toBeGreaterThan(r.clock.now());
    await r.close();
  }, 60_000);

  it('the compliance gate blocks before originate and the lead waits for the next allowed instant', async () => {
    const w = await buildWorld(db, {
      debtors: [
        { phones: ['+573009900001'], timeZone: 'America/Bogota' },
        { phones: ['+12125550001'], timeZone: 'America/New_York', country: 'US' },
      ],
      dialMode: 'progressive',
      amdMode: 'off',
      settings: { mode: 'progressive', wrapUpSeconds: 1 },
    });
    const nyDebtor = w.debtors[1]!.debtorId;
    const asked: string[] = [];
    const tomorrow = new Date(Date.now() + 86_400_000);
    const gate: ContactGate = {
      async evaluate(req, record) {
        asked.push(req.debtorId);
        if (req.debtorId === nyDebtor) return { allowed: false, rule: 'window/US', reason: 'outside calling hours', nextAllowedAt: tomorrow };
        await record(null);
        return { allowed: true, rule: 'allow', reason: 'ok', nextAllowedAt: null };
      },
    };
    const r = await rig(db, w.campaignId, { gate });
    await agents(r, 2, w.campaignId);
    await r.run(10);
    const rows = await attemptsOf(w.campaignId);
    expect(rows.map((a) => a.debtor_id)).toEqual([w.debtors[0]!.debtorId]);
    expect(asked).toContain(nyDebtor);
    const lead = await db.selectFrom('campaign_leads').selectAll().where('debtor_id', '=', nyDebtor).executeTakeFirstOrThrow();
    expect(lead).toMatchObject({ status: 'pending', last_outcome: 'blocked:window/US', attempts: 0 });
    expect(new Date(lead.next_attempt_at).getTime()).toBe(tomorrow.getTime());
    expect(r.tel.counts.originated).toBe(1);
    await r.close();
  }, 60_000);

  it('an Asterisk restart mid-campaign: every attempt ends final, nobody is dialed twice', async () => {
    const w = await buildWorld(db, {
      debtors: Array.from({ length: 10 }, (_, i) => ({ phones: [`+5730011${String(i).padStart(4, '0')}${i % 2 ? '1' : '3'}`] })),
      dialMode: 'progressive',
      amdMode: 'off',
      retryRules: { failed: { retryMinutes: 60 }, abandoned: { retryMinutes: 60 }, no_answer: { retryMinutes: 60 } },
      settings: { mode: 'progressive', wrapUpSeconds: 1 },
    });
    const r = await rig(db, w.campaignId);
    await agents(r, 4, w.campaignId);
    await r.run(8);
    const before = await attemptsOf(w.campaignId);
    expect(before.some((a) => a.status !== 'ended')).toBe(true);
    r.tel.restart(); // channels and agent channels vanish; agents must log in again
    await r.run(3);
    const after = await attemptsOf(w.campaignId);
    expect(after.filter((a) => a.status !== 'ended').map((a) => [a.status, a.e164])).toEqual([]);
    const perDebtor = new Map<string, number>();
    for (const a of after) perDebtor.set(a.debtor_id!, (perDebtor.get(a.debtor_id!) ?? 0) + 1);
    expect([...perDebtor.values()].every((n) => n === 1)).toBe(true);
    expect(r.dialer.agents.records().every((a) => a.state === 'offline')).toBe(true);
    await r.close();
  }, 60_000);
});

describe('predictive', () => {
  it('dials ahead of agents through the pacing engine once it has learned, keeping abandons low', async () => {
    const w = await buildWorld(db, {
      debtors: Array.from({ length: 500 }, (_, i) => ({ phones: [`+57300161${String(i).padStart(4, '0')}`] })),
      dialMode: 'predictive',
      amdMode: 'hangup',
      // the simulated AMD never hangs up on a person: its measured error rate, the campaign's estimate, is 0
      settings: { mode: 'predictive', minAgentsForPredictive: 3, maxLinesPerAgent: 4, wrapUpSeconds: 5, amdErrorEstimate: 0 },
    });
    const { randomPlan } = await import('../src/telephony/simulated.js');
    const r = await rig(db, w.campaignId, { plan: randomPlan(7) });
    await agents(r, 8, w.campaignId);
    let ahead = 0;
    const modes = new Set<string>();
    for (let m = 0; m < 25; m++) {
      await r.run(60);
      const rt = r.dialer.campaigns.get(w.campaignId)!;
      modes.add(String(rt.effectiveMode));
    }
    ahead = r.maxInFlight;
    const rows = await attemptsOf(w.campaignId);
    const live = rows.filter((a) => a.human_at !== null).length;
    const abandoned = rows.filter((a) => a.outcome === 'abandoned').length;
    console.log(`[predictive] ${rows.length} attempts, ${live} live, ${abandoned} abandoned, max ${ahead} lines for 8 agents, modes ${[...modes].join(',')}`);
    expect(modes.has('predictive')).toBe(true);
    expect(ahead).toBeGreaterThan(8);
    expect(abandoned / Math.max(1, live)).toBeLessThan(0.1);
    await r.close();
  }, 240_000);
});

describe('manual dial', () => {
  it('an agent dials a chosen debtor phone: gate asked as not autodialed, attempt with the agent, no lead touched', async () => {
    const w = await buildWorld(db, { debtors: [{ phones: ['+573001717171'] }, { phones: ['+573001717181'] }], dialMode: 'progressive', amdMode: 'off', campaignStatus: 'paused', settings: { mode: 'progressive', wrapUpSeconds: 1 } });
    const asked: Array<{ mode: string; agentGuaranteed: boolean; debtorId: string }> = [];
    const blocked = w.debtors[1]!.debtorId;
    const gate: ContactGate = {
      async evaluate(req, record) {
        asked.push({ mode: req.mode, agentGuaranteed: req.agentGuaranteed, debtorId: req.debtorId });
        if (req.debtorId === blocked) return { allowed: false, rule: 'optout', reason: 'opted out', nextAllowedAt: null };
        await record(null);
        return { allowed: true, rule: 'allow', reason: 'ok', nextAllowedAt: null };
      },
    };
    const r = await rig(db, w.campaignId, { gate });
    const [agent] = await agents(r, 1, w.campaignId);
    const d0 = w.debtors[0]!;
    await r.bus.publish('agent.command', { agentId: agent!, command: 'dial', debtorId: d0.debtorId, phoneId: d0.phoneIds[0]! });
    await r.run(5);
    const rows = await attemptsOf(w.campaignId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ debtor_id: d0.debtorId, agent_id: agent, lead_id: null, dial_mode: 'preview', status: 'bridged' });
    expect(asked[0]).toEqual({ mode: 'preview', agentGuaranteed: true, debtorId: d0.debtorId });
    await r.run(60); // the debtor hangs up after talking, the agent wraps up
    const d1 = w.debtors[1]!;
    await r.bus.publish('agent.command', { agentId: agent!, command: 'dial', debtorId: d1.debtorId, phoneId: d1.phoneIds[0]! });
    await r.run(3);
    expect(await attemptsOf(w.campaignId)).toHaveLength(1); // the gate said no: never dialed
    const leads = await db.selectFrom('campaign_leads').select(['status', 'attempts']).where('campaign_id', '=', w.campaignId).execute();
    expect(leads.every((l) => l.status === 'pending' && l.attempts === 0)).toBe(true);
    await r.close();
  }, 60_000);
});

describe('pacing history', () => {
  it('a (re)started dialer seeds the rolling abandon rate from the last 30 days of attempts', async () => {
    const w = await buildWorld(db, { debtors: Array.from({ length: 10 }, (_, i) => ({ phones: [`+57300151515${i}`] })), dialMode: 'predictive', amdMode: 'off', campaignStatus: 'paused' });
    const base = Date.now() - 3600_000;
    for (const [i, d] of w.debtors.entries()) {
      const t0 = base + i * 60_000;
      const abandoned = i < 4;
      await db
        .insertInto('call_attempts')
        .values({
          id: `hist-${w.campaignId}-${i}`,
          campaign_id: w.campaignId,
          debtor_id: d.debtorId,
          e164: d.phones[0]!,
          status: 'ended',
          outcome: abandoned ? 'abandoned' : 'connected',
          created_at: new Date(t0),
          dialed_at: new Date(t0),
          answered_at: new Date(t0 + 5000),
          human_at: new Date(t0 + 5000),
          bridged_at: abandoned ? null : new Date(t0 + 5100),
          ended_at: new Date(t0 + (abandoned ? 9000 : 60_000)),
        })
        .execute();
    }
    const r = await rig(db, w.campaignId);
    const rt = r.dialer.campaigns.get(w.campaignId)!;
    const d = rt.pacing.decide({ nowMs: Date.now(), agents: [], calls: [], settings: rt.def.settings, paused: true });
    expect(d.abandon.rollingRate).toBeGreaterThan(0.3);
    expect(d.abandon.rollingRate).toBeLessThan(0.5);
    await r.close();
  }, 60_000);
});

describe('campaign stats', () => {
  it('publishes today\'s attempts, live answers, right-party contacts and promised amounts', async () => {
    const w = await buildWorld(db, { debtors: [{ phones: ['+573001414141'] }, { phones: ['+573001414142'] }], dialMode: 'progressive', amdMode: 'off', settings: { mode: 'progressive', wrapUpSeconds: 1 } });
    const r = await rig(db, w.campaignId);
    const stats: BusEvents['campaign.stats'][] = [];
    await r.bus.subscribe('campaign.stats', (m) => void stats.push(m));
    const [agent] = await agents(r, 1, w.campaignId);
    await r.run(60);
    const connected = await db.selectFrom('call_attempts').selectAll().where('campaign_id', '=', w.campaignId).where('outcome', '=', 'connected').executeTakeFirstOrThrow();
    const d = await db
      .insertInto('dispositions')
      // stamped on the dialer's clock, as the agent's save would be at that moment (Postgres's now() is the real time)
      .values({ call_attempt_id: connected.id, debtor_id: connected.debtor_id!, account_id: connected.account_id, agent_id: agent!, outcome: 'promise_to_pay', created_at: new Date(r.clock.now()) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('promises').values({ debtor_id: connected.debtor_id!, account_id: connected.account_id!, disposition_id: d.id, amount: '150000.50', currency: 'COP', due_date: '2026-12-01', source: 'agent', created_at: new Date(r.clock.now()) }).execute();
    await r.dialer.publishStats();
    await r.run(0.4);
    const last = stats.filter((x) => x.campaignId === w.campaignId).at(-1)!;
    expect(last.today).toMatchObject({ attempts: 2, liveAnswers: 1, abandoned: 0, rightPartyContacts: 1, promises: 1, promisedAmount: { COP: 150000.5 } });
    expect(last.contactRate).toBe(0.5); // the second number is busy (last digit 2)
    expect(last.agentsLoggedIn).toBe(1);
    await r.close();
  }, 60_000);
});

describe('supervisors', () => {
  it('listen, whisper, barge and stop on an agent through the supervisor\'s permanent channel', async () => {
    const w = await buildWorld(db, { debtors: [{ phones: ['+573001313131'] }], dialMode: 'progressive', amdMode: 'off', settings: { mode: 'progressive' } });
    const r = await rig(db, w.campaignId);
    const [agent] = await agents(r, 1, w.campaignId);
    const sip = `sup${Math.random().toString(36).slice(2, 7)}`;
    const sup = await db.insertInto('users').values({ email: `${sip}@t.co`, name: 'Supervisora', password_hash: 'x', role: 'supervisor', sip_endpoint: sip }).returning('id').executeTakeFirstOrThrow();
    const supChannel = r.tel.loginSupervisor(sip);
    await r.run(0.4);
    for (const mode of ['listen', 'whisper', 'barge'] as const) {
      await r.bus.publish('supervisor.command', { supervisorId: sup.id, agentId: agent!, command: mode });
      await r.run(0.4);
      const sessions = [...r.tel.monitors.values()];
      expect(sessions).toHaveLength(1); // a new mode replaces the previous session
      expect(sessions[0]).toMatchObject({ supervisorChannelId: supChannel, agentChannelId: r.dialer.agents.get(agent!)!.channelId, mode });
    }
    await r.bus.publish('supervisor.command', { supervisorId: sup.id, agentId: agent!, command: 'stop' });
    await r.run(0.4);
    expect(r.tel.monitors.size).toBe(0);
    await r.close();
  }, 60_000);
});

describe('lost events', () => {
  it('a call whose events were lost is settled by the watchdog and never re-dialed', async () => {
    const w = await buildWorld(db, {
      debtors: [{ phones: ['+573001212121'] }, { phones: ['+573001212131'] }],
      dialMode: 'progressive',
      amdMode: 'off',
      retryRules: { failed: { retryMinutes: 60 }, abandoned: { retryMinutes: 60 } },
      settings: { mode: 'progressive', wrapUpSeconds: 1, ringTimeoutSec: 15 },
    });
    const r = await rig(db, w.campaignId);
    // the answer of the first number and the hangup of the second never arrive
    r.tel.lose = (e) => (e.type === 'answered' && r.dialer.calls.get(e.callId)?.debtor.e164 === '+573001212121') || (e.type === 'hangup' && r.dialer.calls.get(e.callId)?.debtor.e164 === '+573001212131');
    await agents(r, 2, w.campaignId);
    await r.run(90);
    const rows = await attemptsOf(w.campaignId);
    expect(rows.map((a) => [a.e164, a.status]).sort()).toEqual([
      ['+573001212121', 'ended'],
      ['+573001212131', 'ended'],
    ]);
    expect(r.dialer.calls.inFlight(w.campaignId)).toHaveLength(0);
    await r.close();
  }, 60_000);
});

describe('with the real compliance gate (Postgres store)', () => {
  it('debtors outside their calling window are blocked with the rule recorded and never originated', async () => {
    const { ComplianceGate } = await import('@cobranza/compliance');
    const { PgComplianceStore } = await import('@cobranza/db/stores/compliance-store');
    const { contactGateFrom } = await import('../src/compliance-gate.js');
    const { nextOpenWindow } = await import('@cobranza/compliance/testing');
    const { zonesWhere } = await import('./zones.js');
    // the run starts when the real US profile lets New York be called (not whenever the suite happens to run)
    const startAt = await nextOpenWindow({ jurisdiction: { country: 'US' }, timeZone: 'America/New_York', openForMs: 3_600_000 });
    const inside = ['America/New_York'];
    const outside = zonesWhere(false, 8, 21, 1, startAt);
    expect(outside.length, `a zone outside 07:00-22:00 at ${startAt.toISOString()}`).toBeGreaterThan(0);
    const w = await buildWorld(db, {
      debtors: [
        ...Array.from({ length: 4 }, (_, i) => ({ phones: [`+1212555${String(i).padStart(3, '0')}1`], timeZone: inside[0]!, country: 'US' })),
        ...Array.from({ length: 4 }, (_, i) => ({ phones: [`+1212556${String(i).padStart(3, '0')}1`], timeZone: outside[i % outside.length]!, country: 'US' })),
      ],
      dialMode: 'progressive',
      amdMode: 'off',
      settings: { mode: 'progressive', wrapUpSeconds: 1 },
    });
    const gate = contactGateFrom(new ComplianceGate({ store: new PgComplianceStore(db) }));
    const r = await rig(db, w.campaignId, { gate, startAt });
    await agents(r, 8, w.campaignId);
    await r.run(8);
    const rows = await attemptsOf(w.campaignId);
    const insideIds = new Set(w.debtors.slice(0, 4).map((d) => d.debtorId));
    const outsideIds = w.debtors.slice(4).map((d) => d.debtorId);
    expect(new Set(rows.map((a) => a.debtor_id))).toEqual(insideIds);
    const decisions = await db.selectFrom('compliance_decisions').selectAll().where('campaign_id', '=', w.campaignId).execute();
    for (const id of outsideIds) {
      const d = decisions.filter((x) => x.debtor_id === id);
      expect(d.length).toBeGreaterThan(0);
      expect(d.every((x) => !x.allowed && x.rule.length > 0 && x.next_allowed_at !== null)).toBe(true);
      const lead = await db.selectFrom('campaign_leads').selectAll().where('debtor_id', '=', id).executeTakeFirstOrThrow();
      expect(lead.status).toBe('pending');
      expect(new Date(lead.next_attempt_at).getTime()).toBe(d[0]!.next_allowed_at!.getTime());
    }
    expect(decisions.filter((x) => insideIds.has(x.debtor_id!) && x.allowed).length).toBe(4);
    await r.close();
  }, 60_000);

  it('a lead whose country has no compliance profile is blocked with the reason recorded, never dialed', async () => {
    const { ComplianceGate } = await import('@cobranza/compliance');
    const { PgComplianceStore } = await import('@cobranza/db/stores/compliance-store');
    const { contactGateFrom } = await import('../src/compliance-gate.js');
    const w = await buildWorld(db, {
      debtors: [{ phones: ['+5491155550001'], timeZone: 'America/Argentina/Buenos_Aires', country: 'AR' }],
      dialMode: 'progressive',
      amdMode: 'off',
      settings: { mode: 'progressive', wrapUpSeconds: 1 },
    });
    const r = await rig(db, w.campaignId, { gate: contactGateFrom(new ComplianceGate({ store: new PgComplianceStore(db) })) });
    await agents(r, 1, w.campaignId);
    await r.run(6);
    expect(await attemptsOf(w.campaignId)).toEqual([]);
    expect(r.tel.counts.originated).toBe(0);
    const lead = await db.selectFrom('campaign_leads').selectAll().where('debtor_id', '=', w.debtors[0]!.debtorId).executeTakeFirstOrThrow();
    expect(lead).toMatchObject({ status: 'blocked', last_outcome: 'blocked:config/no-jurisdiction-profile', attempts: 0 });
    const decision = await db.selectFrom('compliance_decisions').select(['allowed', 'rule', 'reason']).where('debtor_id', '=', w.debtors[0]!.debtorId).executeTakeFirstOrThrow();
    expect(decision).toMatchObject({ allowed: false, rule: 'config/no-jurisdiction-profile' });
    expect(decision.reason).toMatch(/Sin reglas de cumplimiento.*"AR"/);
    await r.close();
  }, 60_000);
});
