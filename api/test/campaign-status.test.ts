// A supervisor reads, per campaign, the hopper (due now, later, held by compliance per rule, done,
// exhausted) and one line saying why it is or is not dialing, from Postgres and the dialer's live figures.
import type { CampaignLiveStats } from '@cobranza/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryLiveState } from '../src/realtime/live-state.js';
import { makeDebtor, makeEnv, makePortfolio, type TestEnv } from './helpers.js';

let env: TestEnv;
let portfolioId: string;
const live = new MemoryLiveState();
// a fixed instant well after any run of this test: Monday 7 January 2030, 08:00 in Bogotá
const WINDOW_OPENS = new Date('2030-01-07T13:00:00Z');

beforeAll(async () => {
  env = await makeEnv('campstatus', { deps: { liveState: live } });
  portfolioId = (await makePortfolio(env.t.db, 'CS')).id;
}, 60_000);
afterAll(async () => env?.close());

const req = (method: 'POST' | 'GET', url: string, payload?: unknown, role: 'supervisor' | 'agent' | 'admin' = 'supervisor') =>
  env.app.inject({ method, url, headers: env.auth(role), ...(payload !== undefined ? { payload: payload as object } : {}) });

let n = 0;
async function campaign(name: string, command?: 'start' | 'pause' | 'stop', strategyId?: string): Promise<string> {
  const res = await req('POST', '/campaigns', { name, portfolioId, ...(strategyId ? { strategyId } : {}) });
  expect(res.statusCode).toBe(201);
  const id = res.json().id as string;
  if (command === 'pause' || command === 'start') expect((await req('POST', `/campaigns/${id}/commands`, { command: 'start' })).statusCode).toBe(200);
  if (command && command !== 'start') expect((await req('POST', `/campaigns/${id}/commands`, { command })).statusCode).toBe(200);
  return id;
}

/** A debtor queued in the campaign with this lead state. */
async function lead(campaignId: string, o: { status: string; nextAt?: Date; lastOutcome?: string | null; zone?: string }) {
  n += 1;
  const d = await makeDebtor(env.t.db, { portfolioId, doc: `CS${n}`, first: 'Ana', last: `Deudora ${n}`, phones: [`+5730000${String(n).padStart(5, '0')}`] });
  if (o.zone) await env.t.db.updateTable('debtors').set({ time_zone: o.zone }).where('id', '=', d.id).execute();
  await env.t.db
    .insertInto('campaign_leads')
    .values({ campaign_id: campaignId, debtor_id: d.id, status: o.status, next_attempt_at: o.nextAt ?? new Date(Date.now() - 60_000), last_outcome: o.lastOutcome ?? null })
    .execute();
  return d.id;
}

const status = async (id: string) => {
  const res = await req('GET', `/campaigns/${id}/dialing-status`);
  expect(res.statusCode).toBe(200);
  return res.json() as { reason: string; es: string; en: string; rule?: string; nextAt?: string | null; zone?: string | null };
};

function stats(campaignId: string, o: Partial<CampaignLiveStats> = {}): CampaignLiveStats {
  return {
    campaignId,
    name: 'x',
    status: 'running',
    settings: { mode: 'predictive', abandonTarget: 0.03, maxLinesPerAgent: 3, minAgentsForPredictive: 5, amdErrorEstimate: 0.05, agentlessConcurrency: 20, wrapUpSeconds: 60 },
    effectiveMode: 'predictive',
    linesPerAgent: 1.5,
    agentsLoggedIn: 6,
    callsRinging: 4,
    callsWaiting: 0,
    today: { attempts: 37, liveAnswers: 10, abandoned: 0, rightPartyContacts: 3, promises: 1, promisedAmount: {}, contactsByHour: new Array<number>(24).fill(0) },
    abandonRateToday: 0,
    abandonRateRolling: 0.01,
    contactRate: 0.27,
    at: new Date().toISOString(),
    ...o,
  };
}

describe('why a campaign is not dialing', () => {
  it('draft, paused and stopped campaigns say so', async () => {
    expect((await status(await campaign('Borrador'))).reason).toBe('draft');
    const paused = await status(await campaign('Pausada', 'pause'));
    expect(paused).toMatchObject({ reason: 'paused', es: 'En pausa: un supervisor la pausó.' });
    expect((await status(await campaign('Detenida', 'stop'))).reason).toBe('stopped');
  });

  it('a running campaign without leads, and one whose leads are all handled or exhausted', async () => {
    const empty = await campaign('Vacía', 'start');
    expect(await status(empty)).toMatchObject({ reason: 'no_leads', es: 'Sin deudores en cola: cargue los leads de la campaña.' });
    const done = await campaign('Terminada', 'start');
    await lead(done, { status: 'done', lastOutcome: 'connected' });
    await lead(done, { status: 'exhausted', lastOutcome: 'no_answer' });
    await lead(done, { status: 'exhausted', lastOutcome: 'busy' });
    const s = await status(done);
    expect(s.reason).toBe('hopper_done');
    expect(s.es).toBe('Cola agotada: 1 gestionados y 2 sin más intentos. Cargue más leads.');
  });

  it('every pending lead held by compliance: the rule, the ledger’s words and the first allowed time in the debtor’s clock', async () => {
    const id = await campaign('Fuera de horario', 'start');
    const rule = 'CO/calling-window';
    const reason = { es: 'Fuera del horario permitido (lunes a viernes 7:00–19:00)', en: 'Outside the allowed hours (Mon–Fri 7:00–19:00)' };
    // one debtor in Bogotá, one in Lima: the window opens first in Bogotá's clock
    for (const [offset, zone] of [[0, 'America/Bogota'], [3_600_000, 'America/Lima']] as const) {
      const debtor = await lead(id, { status: 'pending', nextAt: new Date(WINDOW_OPENS.getTime() + offset), lastOutcome: `blocked:${rule}`, zone });
      await env.t.db
        .insertInto('compliance_decisions')
        .values({ debtor_id: debtor, campaign_id: id, channel: 'voice', allowed: false, rule, reason: reason.es, next_allowed_at: WINDOW_OPENS, details: JSON.stringify({ reason }) })
        .execute();
    }
    // an opted-out debtor: waiting will not help
    await lead(id, { status: 'blocked', lastOutcome: 'blocked:CO/optout-same-medium' });
    const s = await status(id);
    expect(s).toMatchObject({ reason: 'compliance_blocked', rule, nextAt: WINDOW_OPENS.toISOString(), zone: 'America/Bogota' });
    expect(s.es).toBe(
      `Todos los deudores pendientes están bloqueados por cumplimiento (${rule}: ${reason.es}). El primero se podrá llamar el lunes, 7 de enero, 08:00 (hora del deudor, Bogotá). Zonas en espera: Bogotá, Lima.`,
    );
    expect(s.en).toContain("on Monday, January 7 at 08:00 (debtor's time, Bogotá). Zones waiting: Bogotá, Lima.");

    const hopper = (await req('GET', `/campaigns/${id}/hopper`)).json();
    expect(hopper).toMatchObject({ total: 3, dueNow: 0, dueLater: 0, blockedTotal: 3, done: 0, exhausted: 0 });
    expect(hopper.blocked).toEqual([
      { rule, leads: 2, reason, nextAllowedAt: WINDOW_OPENS.toISOString(), zone: 'America/Bogota', zones: ['America/Bogota', 'America/Lima'] },
      { rule: 'CO/optout-same-medium', leads: 1, reason: null, nextAllowedAt: null, zone: null, zones: ['America/Bogota'] },
    ]);
  });

  it('leads waiting for a retry say when the first one is due', async () => {
    const id = await campaign('Reintentos', 'start');
    await lead(id, { status: 'pending', nextAt: new Date(Date.now() + 2 * 3_600_000), lastOutcome: 'busy' });
    await lead(id, { status: 'exhausted', lastOutcome: 'no_answer' });
    const s = await status(id);
    expect(s.reason).toBe('waiting_retry');
    expect(s.es).toBe('Nada para marcar ahora: el próximo reintento es en 2 h (1 deudor en espera).');
  });

  it('leads due: silent dialer, no agents, predictive downgraded, near the abandon cap, dialing', async () => {
    const id = await campaign('En marcha', 'start');
    await lead(id, { status: 'pending' });
    await lead(id, { status: 'pending' });
    await lead(id, { status: 'pending', nextAt: new Date(Date.now() + 600_000), lastOutcome: 'no_answer' });
    await lead(id, { status: 'in_call' });
    // a reservation its dialer gave up on (reserved_until passed) is due again
    const stale = await lead(id, { status: 'reserved' });
    await env.t.db.updateTable('campaign_leads').set({ reserved_by: 'gone', reserved_until: new Date(Date.now() - 60_000) }).where('debtor_id', '=', stale).execute();
    // just started: the dialer takes it within seconds
    expect(await status(id)).toMatchObject({ reason: 'starting', es: 'Iniciando: el marcador toma la campaña en unos segundos.' });
    // started a while ago and still nothing from the dialer
    await env.t.db.updateTable('campaigns').set({ updated_at: new Date(Date.now() - 120_000) }).where('id', '=', id).execute();
    expect((await status(id)).reason).toBe('dialer_silent');
    // figures from long ago are not the dialer running now
    await live.putCampaign(stats(id, { at: new Date(Date.now() - 120_000).toISOString() }));
    expect((await status(id)).reason).toBe('dialer_silent');
    await live.putCampaign(stats(id, { agentsLoggedIn: 0, effectiveMode: 'progressive' }));
    expect(await status(id)).toMatchObject({ reason: 'no_agents', es: 'Sin agentes conectados a la campaña: no se marca hasta que uno esté disponible.' });
    await live.putCampaign(stats(id, { agentsLoggedIn: 2, effectiveMode: 'progressive' }));
    expect(await status(id)).toMatchObject({ reason: 'predictive_downgraded', es: 'Marcando en progresivo: hay 2 agentes y el predictivo necesita 5.' });
    await live.putCampaign(stats(id, { agentsLoggedIn: 8, effectiveMode: 'progressive', abandonRateRolling: 0.0299 }));
    expect(await status(id)).toMatchObject({ reason: 'near_abandon_cap', es: 'Marcando en progresivo: la tasa de abandono (3.0 %) está en el tope de 3.0 %.' });
    // the debtors' jurisdictions hold pacing to a lower cap than the campaign's target: that cap is named
    await live.putCampaign(stats(id, { agentsLoggedIn: 8, effectiveMode: 'progressive', abandonRateRolling: 0.0249, abandonCap: 0.025 }));
    expect(await status(id)).toMatchObject({ reason: 'near_abandon_cap', es: 'Marcando en progresivo: la tasa de abandono (2.5 %) está en el tope de 2.5 %.' });
    await live.putCampaign(stats(id));
    const dialing = await status(id);
    expect(dialing).toMatchObject({ reason: 'dialing', es: 'Marcando (predictivo): 4 llamadas en curso, 37 intentos hoy, 3 deudores por marcar.' });
    expect(dialing.en).toBe('Dialling (predictive): 4 calls in progress, 37 attempts today, 3 debtors due.');
    const hopper = (await req('GET', `/campaigns/${id}/hopper`)).json();
    expect(hopper).toMatchObject({ total: 5, dueNow: 3, dueLater: 1, inProgress: 1, blockedTotal: 0 });
    expect(Date.parse(hopper.nextRetryAt)).toBeGreaterThan(Date.now());
  });

  it('a strategy whose retry rules the dialer cannot read (stored before they were checked) is named', async () => {
    const s = await env.t.db.insertInto('strategies').values({ code: 'OLD', name: 'Antigua', retry_rules: JSON.stringify({ busy: 'banana' }) }).returning('id').executeTakeFirstOrThrow();
    const id = await campaign('Estrategia rota', 'start', s.id);
    await lead(id, { status: 'pending' });
    const st = await status(id);
    expect(st.reason).toBe('retry_rules_invalid');
    expect(st.es).toContain('/retryRules/busy: debe ser un objeto');
  });

  it('the overview lists every campaign with its hopper, line and assigned agents; unknown ids are 404; agents are refused', async () => {
    const running = (await req('GET', '/campaigns')).json().items.find((c: { name: string }) => c.name === 'En marcha');
    const put = await env.app.inject({ method: 'PUT', url: `/campaigns/${running.id}/agents`, headers: env.auth('supervisor'), payload: { userIds: [env.users.agent.id, env.users.agent2.id] } });
    expect(put.statusCode).toBe(200);
    const res = await req('GET', '/campaigns/overview');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<{ campaign: { name: string }; hopper: { total: number }; dialing: { reason: string }; agentsAssigned: number }>;
    const byName = new Map(items.map((i) => [i.campaign.name, i]));
    expect(byName.get('Borrador')?.dialing.reason).toBe('draft');
    expect(byName.get('En marcha')?.hopper.total).toBe(5);
    expect(byName.get('En marcha')?.agentsAssigned).toBe(2);
    expect(byName.get('Borrador')?.agentsAssigned).toBe(0);
    expect(byName.get('Fuera de horario')?.dialing.reason).toBe('compliance_blocked');
    expect((await req('GET', '/campaigns/00000000-0000-4000-8000-000000000000/dialing-status')).statusCode).toBe(404);
    expect((await req('GET', '/campaigns/overview', undefined, 'agent')).statusCode).toBe(403);
    const count = await sql<{ n: number }>`select count(*)::int as n from campaigns`.execute(env.t.db);
    expect(items.length).toBe(count.rows[0]!.n);
  });
});
