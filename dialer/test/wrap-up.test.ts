// The disposition comes first: an agent whose call has no disposition yet stays in wrap-up when the wrap-up
// time is up (an overrun), and is offered no next call; once the disposition is saved the time ends wrap-up.
// Simulated telephony on a virtual clock, real Postgres.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@cobranza/db';
import { buildWorld } from './fixtures.js';
import { agents, rig } from './sim-rig.js';
import { useTestDb } from './test-db.js';

const tdb = useTestDb('dialer_wrap_up', 2);
let db: Db;
beforeAll(() => {
  db = tdb.db;
});

const world = () =>
  buildWorld(db, {
    debtors: [{ phones: ['+573001818181'] }, { phones: ['+573001818182'] }],
    dialMode: 'progressive',
    amdMode: 'off',
    settings: { mode: 'progressive', wrapUpSeconds: 2 },
  });

describe('wrap-up time and the disposition', () => {
  it('keeps an agent in wrap-up past the wrap-up time while the call has no disposition: no next call', async () => {
    const w = await world();
    const r = await rig(db, w.campaignId, { extra: { awaitsDisposition: () => true } });
    const [agent] = await agents(r, 1, w.campaignId);
    await r.run(90); // the first debtor answers, talks, hangs up; wrap-up time (2 s) passes many times over
    const rec = r.dialer.agents.get(agent!)!.rec;
    expect(rec.state).toBe('wrapping');
    const rows = await db.selectFrom('call_attempts').select(['id', 'debtor_id']).where('campaign_id', '=', w.campaignId).execute();
    expect(rows).toHaveLength(1); // the second debtor was not dialled for this agent

    // the disposition is saved (as the API writes it) and the console says wrap-up is done
    await db.insertInto('dispositions').values({ call_attempt_id: rows[0]!.id, debtor_id: rows[0]!.debtor_id!, agent_id: agent!, outcome: 'refused' }).execute();
    await r.bus.publish('agent.command', { agentId: agent!, command: 'wrapup_done' });
    await r.run(5);
    expect(await db.selectFrom('call_attempts').select('id').where('campaign_id', '=', w.campaignId).execute()).toHaveLength(2);
    await r.close();
  }, 60_000);

  it('ends wrap-up at the wrap-up time once the disposition is saved, and for agents that never write one', async () => {
    for (const awaits of [true, false]) {
      const w = await world();
      const r = await rig(db, w.campaignId, { extra: { awaitsDisposition: () => awaits } });
      const [agent] = await agents(r, 1, w.campaignId);
      // a disposition written as soon as the call reaches the agent (the agent typed it while talking)
      await r.bus.subscribe('agent.status', (s) => {
        if (s.agentId !== agent || s.state !== 'talking' || !s.callId || !awaits) return;
        void db.selectFrom('call_attempts').select('debtor_id').where('id', '=', s.callId).executeTakeFirstOrThrow().then((c) =>
          db.insertInto('dispositions').values({ call_attempt_id: s.callId!, debtor_id: c.debtor_id!, agent_id: agent!, outcome: 'refused' }).execute(),
        );
      });
      await r.run(120);
      expect(await db.selectFrom('call_attempts').select('id').where('campaign_id', '=', w.campaignId).execute()).toHaveLength(2);
      await r.close();
    }
  }, 60_000);
});
