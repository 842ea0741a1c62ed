// The wallboard's figures from the dialer: cadence, the campaign's local day, promises and right-party
// contacts from the dispositions in Postgres.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@cobranza/db';
import type { BusEvents } from '@cobranza/contracts';
import { localDayStart } from '../src/campaign/local-day.js';
import { buildWorld } from './fixtures.js';
import { agents, rig } from './sim-rig.js';
import { useTestDb } from './test-db.js';

const tdb = useTestDb('dialer_stats', 6);
let db: Db;
beforeAll(() => {
  db = tdb.db;
});

const localParts = (at: Date, timeZone: string) => {
  const p = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', day: '2-digit' }).formatToParts(at);
  const n = (k: string) => Number(p.find((x) => x.type === k)!.value);
  return { day: n('day'), hour: n('hour'), minute: n('minute') };
};

describe('localDayStart', () => {
  it('is local midnight of the same local day, across zones and DST changes', () => {
    const zones = ['America/Bogota', 'America/Santiago', 'Europe/Madrid', 'Asia/Kolkata', 'America/Mexico_City', 'UTC'];
    // around the 2026 DST changes of Santiago (April 5, September 6) and Madrid (March 29, October 25)
    const instants = ['2026-04-05T03:30:00Z', '2026-04-05T12:00:00Z', '2026-09-06T05:00:00Z', '2026-09-06T20:00:00Z', '2026-03-29T01:30:00Z', '2026-10-25T23:30:00Z', '2026-11-23T04:59:00Z'];
    for (const z of zones) {
      for (const i of instants) {
        const at = new Date(i);
        const start = localDayStart(at.getTime(), z);
        expect(start.getTime(), `${z} ${i}`).toBeLessThanOrEqual(at.getTime());
        expect(at.getTime() - start.getTime(), `${z} ${i}`).toBeLessThan(25 * 3600_000);
        expect(localParts(start, z), `${z} ${i}`).toMatchObject({ day: localParts(at, z).day, minute: 0 });
        expect([0, 1]).toContain(localParts(start, z).hour); // 01:00 only where midnight does not exist
      }
    }
  });
});

describe('campaign.stats', () => {
  it('publishes every second and at once on a settings change', async () => {
    const w = await buildWorld(db, { debtors: [{ phones: ['+573001818181'] }], dialMode: 'progressive', amdMode: 'off', settings: { mode: 'progressive' }, campaignStatus: 'paused' });
    const r = await rig(db, w.campaignId);
    const stats: BusEvents['campaign.stats'][] = [];
    await r.bus.subscribe('campaign.stats', (m) => void stats.push(m));
    await r.run(5);
    expect(stats.length).toBeGreaterThanOrEqual(5);
    const before = stats.length;
    await r.bus.publish('campaign.command', { campaignId: w.campaignId, command: 'settings', settings: { mode: 'preview' }, by: 'test' });
    await r.run(0.4); // well before the next second
    expect(stats.slice(before).some((s) => s.settings.mode === 'preview')).toBe(true);
    await r.close();
  }, 60_000);

  it('counts today in the campaign\'s zone: contacts by local hour, promises by currency, right-party contacts', async () => {
    // the portfolio is Colombian (UTC-5); the second campaign sets its own zone (UTC+5:30): neither is the UTC hour
    const co = await buildWorld(db, { debtors: [{ phones: ['+573001919191'] }, { phones: ['+573001919101'] }], dialMode: 'progressive', amdMode: 'off', settings: { mode: 'progressive', wrapUpSeconds: 1 } });
    const r = await rig(db, co.campaignId);
    const stats: BusEvents['campaign.stats'][] = [];
    await r.bus.subscribe('campaign.stats', (m) => void stats.push(m));
    const [agent] = await agents(r, 2, co.campaignId);
    await r.run(70);
    const calls = await db.selectFrom('call_attempts').selectAll().where('campaign_id', '=', co.campaignId).where('outcome', '=', 'connected').execute();
    expect(calls).toHaveLength(2);
    const dispose = async (callId: string, outcome: string, promises: Array<[string, string]>) => {
      const c = calls.find((x) => x.id === callId)!;
      // written when the agent saves them: on the dialer's clock, as the API stamps them (Postgres's now() is
      // another day when the test runs with Node's clock moved)
      const at = new Date(r.clock.now());
      const d = await db.insertInto('dispositions').values({ call_attempt_id: c.id, debtor_id: c.debtor_id!, account_id: c.account_id, agent_id: agent!, outcome, created_at: at }).returning('id').executeTakeFirstOrThrow();
      for (const [amount, currency] of promises)
        await db.insertInto('promises').values({ debtor_id: c.debtor_id!, account_id: c.account_id!, disposition_id: d.id, amount, currency, due_date: '2026-12-30', source: 'agent', created_at: at }).execute();
    };
    await dispose(calls[0]!.id, 'promise_to_pay', [['100000.25', 'COP'], ['50.10', 'USD']]);
    await dispose(calls[1]!.id, 'third_party', []);
    await r.dialer.publishStats();
    await r.run(0.2);
    const last = stats.filter((x) => x.campaignId === co.campaignId).at(-1)!;
    expect(last.today).toMatchObject({ attempts: 2, liveAnswers: 2, rightPartyContacts: 1, promises: 2, promisedAmount: { COP: 100000.25, USD: 50.1 } });
    const hourOf = (z: string) => calls.map((c) => localParts(c.human_at!, z).hour);
    const expected = new Array<number>(24).fill(0);
    for (const h of hourOf('America/Bogota')) expected[h]!++;
    expect(last.today.contactsByHour).toEqual(expected);
    await r.close();

    // the same calls seen by a campaign whose setting says another zone
    await db.updateTable('campaigns').set({ settings: JSON.stringify({ mode: 'progressive', timeZone: 'Asia/Kolkata' }), status: 'paused' }).where('id', '=', co.campaignId).execute();
    const r2 = await rig(db, co.campaignId);
    const stats2: BusEvents['campaign.stats'][] = [];
    await r2.bus.subscribe('campaign.stats', (m) => void stats2.push(m));
    await r2.dialer.publishStats();
    await r2.run(0.2);
    const k = stats2.at(-1)!;
    const dayStart = localDayStart(Date.now(), 'Asia/Kolkata').getTime();
    const kolkata = new Array<number>(24).fill(0);
    for (const c of calls) if (c.human_at!.getTime() >= dayStart) kolkata[localParts(c.human_at!, 'Asia/Kolkata').hour]!++;
    expect(k.today.contactsByHour).toEqual(kolkata);
    expect(k.today.contactsByHour).not.toEqual(expected);
    await r2.close();
  }, 90_000);
});
