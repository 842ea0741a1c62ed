// The dialer records what each agent did and for how long (agent_state_intervals), the source of the
// reports' talk, wrap, idle and pause time: one row per state left, on the dialer's own clock, with no gaps.
// Simulated telephony on a virtual clock starting when the real CO profile lets the debtor be called (the
// fixture's lead is due at the real now, so a fixed past date would leave it in the clock's future), real Postgres.
import { sql } from 'kysely';
import { nextOpenWindow } from '@cobranza/compliance/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@cobranza/db';
import { buildWorld } from './fixtures.js';
import { agents, rig } from './sim-rig.js';
import { useTestDb } from './test-db.js';

const tdb = useTestDb('dialer_agent_time', 2);
let db: Db;
beforeAll(() => {
  db = tdb.db;
});

describe('agent state intervals', () => {
  it('writes ready, talking, wrap-up and pause back to back, and the hourly roll-up adds them up', async () => {
    const START = await nextOpenWindow({ jurisdiction: { country: 'CO' }, timeZone: 'America/Bogota', openForMs: 3_600_000 });
    const w = await buildWorld(db, {
      debtors: [{ phones: ['+573001919191'] }],
      dialMode: 'progressive',
      amdMode: 'off',
      settings: { mode: 'progressive', wrapUpSeconds: 5 },
    });
    const r = await rig(db, w.campaignId, { startAt: START });
    const [agent] = await agents(r, 1, w.campaignId);
    await r.run(90); // the only debtor answers, talks and hangs up; wrap-up ends after 5 s; the agent waits
    await r.bus.publish('agent.command', { agentId: agent!, command: 'pause', pauseReason: 'lunch' });
    await r.run(10);
    await r.bus.publish('agent.command', { agentId: agent!, command: 'logout' });
    await r.run(1);
    await r.close();

    const rows = await db
      .selectFrom('agent_state_intervals')
      .select(['state', 'campaign_id', 'pause_reason', 'started_at', 'ended_at'])
      .where('agent_id', '=', agent!)
      .orderBy('started_at')
      .orderBy('id')
      .execute();
    const states = rows.map((x) => x.state).filter((s, i, all) => s !== all[i - 1]);
    expect(states).toEqual(expect.arrayContaining(['ready', 'talking', 'wrapping', 'paused']));
    expect(states.indexOf('talking')).toBeLessThan(states.indexOf('wrapping'));
    expect(states[states.length - 1]).toBe('paused');
    // back to back: each interval starts where the previous one ended, all on the virtual clock
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.started_at.getTime()).toBe(rows[i - 1]!.ended_at.getTime());
    expect(rows[0]!.started_at.getTime()).toBeGreaterThanOrEqual(START.getTime());
    const seconds = (state: string) => rows.filter((x) => x.state === state).reduce((a, x) => a + (x.ended_at.getTime() - x.started_at.getTime()) / 1000, 0);
    const call = await db.selectFrom('call_attempts').select(['bridged_at', 'ended_at']).where('campaign_id', '=', w.campaignId).executeTakeFirstOrThrow();
    expect(seconds('talking')).toBeCloseTo((call.ended_at!.getTime() - call.bridged_at!.getTime()) / 1000, 0);
    expect(seconds('wrapping')).toBeCloseTo(5, 0);
    expect(seconds('paused')).toBeCloseTo(10, 0); // paused, 10 s, logged out
    expect(rows[rows.length - 1]).toMatchObject({ state: 'paused', pause_reason: 'lunch' }); // the first pause is the login's, with no reason

    const hourly = await sql<{ talk: number; wrap: number; idle: number; pause: number }>`
      select sum(talk_seconds) as talk, sum(wrap_seconds) as wrap, sum(idle_seconds) as idle, sum(pause_seconds) as pause
      from report_agent_hourly where agent_id = ${agent!}`.execute(db);
    const h = hourly.rows[0]!;
    expect(Number(h.talk)).toBeCloseTo(seconds('talking'), 3);
    expect(Number(h.wrap)).toBeCloseTo(seconds('wrapping'), 3);
    expect(Number(h.idle)).toBeCloseTo(seconds('ready') + seconds('reserved'), 3);
    expect(Number(h.pause)).toBeCloseTo(seconds('paused'), 3);
  }, 60_000);
});
