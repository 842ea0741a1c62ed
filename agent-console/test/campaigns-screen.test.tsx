// The Campaigns screen: every campaign with its status, mode, why-not-dialing line and hopper; start, pause,
// stop, load leads; create one from a portfolio, segments and a strategy, with errors at their field.
import type { CampaignOverviewItem, DialingStatus, HopperSummary } from '@cobranza/contracts/api/campaign-status';
import type { Campaign } from '@cobranza/contracts/api/index';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, type ApiClient } from '../src/api/client.js';
import type { User } from '../src/api/types.js';
import { CampaignsScreen } from '../src/features/campaigns/CampaignsScreen.js';
import { Wallboard } from '../src/features/wallboard/Wallboard.js';
import { agentUser, makeStore, nb, renderWith } from './fixtures.js';

const NOW = new Date('2026-12-07T14:30:00.000Z');
const supervisor: User = { ...agentUser, id: 'a0000000-0000-4000-8000-000000000002', name: 'Sergio Supervisor', role: 'supervisor', sipEndpoint: null };
const PORTFOLIO = 'b0000000-0000-4000-8000-000000000001';
const SEGMENT = 'c0000000-0000-4000-8000-000000000001';
const STRATEGY = 'd0000000-0000-4000-8000-000000000001';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const hopper = (o: Partial<HopperSummary> = {}): HopperSummary => ({
  total: 0,
  dueNow: 0,
  dueLater: 0,
  nextRetryAt: null,
  inProgress: 0,
  blocked: [],
  blockedTotal: 0,
  done: 0,
  exhausted: 0,
  at: NOW.toISOString(),
  ...o,
});
const line = (reason: DialingStatus['reason'], es: string, en: string): DialingStatus => ({ reason, es, en, at: NOW.toISOString() });
const campaign = (id: string, name: string, status: Campaign['status']): Campaign => ({
  id,
  name,
  portfolioId: PORTFOLIO,
  strategyId: null,
  segmentIds: [],
  status,
  settings: { mode: 'predictive', abandonTarget: 0.03, maxLinesPerAgent: 3, minAgentsForPredictive: 5, amdErrorEstimate: 0.05, agentlessConcurrency: 20, wrapUpSeconds: 60 },
  createdAt: NOW.toISOString(),
  updatedAt: NOW.toISOString(),
});

const AGENTS = [
  { id: 'f0000000-0000-4000-8000-000000000001', name: 'Ana Gómez', email: 'agente1@cobranza.demo' },
  { id: 'f0000000-0000-4000-8000-000000000002', name: 'Bruno Díaz', email: 'agente2@cobranza.demo' },
  { id: 'f0000000-0000-4000-8000-000000000003', name: 'Lucía Mora', email: 'agente3@cobranza.demo' },
];

/** A fake API that keeps campaigns in memory and answers like the real routes. */
function fakeApi(initial: CampaignOverviewItem[]) {
  const items = [...initial];
  const calls: Array<{ method: string; path: string; body?: unknown }> = [];
  const assigned = new Set<string>([AGENTS[0]!.id]);
  const request: ApiClient['request'] = async <T,>(method: string, path: string, body?: unknown): Promise<T> => {
    calls.push({ method, path, body });
    const answer = (v: unknown) => v as T;
    if (method === 'GET' && path === '/campaigns/overview') return answer({ items: structuredClone(items) });
    if (path === '/portfolios') return answer({ items: [{ id: PORTFOLIO, creditorId: PORTFOLIO, name: 'Banco Andino — tarjetas', country: 'CO', currency: 'COP', createdAt: NOW.toISOString() }] });
    if (path === '/segments') return answer({ items: [{ id: SEGMENT, code: 'M60', name: 'Mora 31–60', priority: 1, rules: {}, strategyId: null, active: true, updatedAt: NOW.toISOString() }] });
    if (path === '/strategies') return answer({ items: [{ id: STRATEGY, code: 'E1', name: 'Mora media', channels: ['voice'], dialMode: 'predictive', scriptId: null, amdMode: 'off', ivrFlow: null, negotiation: {}, retryRules: {}, smsTemplates: {}, updatedAt: NOW.toISOString() }] });
    const st = /^\/campaigns\/([^/]+)\/settings$/.exec(path);
    if (st && method === 'PATCH') {
      const item = items.find((i) => i.campaign.id === st[1])!;
      const b = body as Record<string, number>;
      if (b.wrapUpSeconds === 599) throw new ApiError(400, 'BAD_INPUT', 'refused', '/wrapUpSeconds', { es: '/wrapUpSeconds en el cuerpo: la política del centro no permite más de 300 s', en: '/wrapUpSeconds in the body: at most 300 s' });
      item.campaign.settings = { ...item.campaign.settings, ...(body as object) };
      return answer(structuredClone(item.campaign));
    }
    const ag = /^\/campaigns\/([^/]+)\/agents(\/choices)?$/.exec(path);
    if (ag) {
      const item = items.find((i) => i.campaign.id === ag[1])!;
      if (method === 'GET')
        return answer({
          items: AGENTS.map((a) => ({ ...a, assigned: assigned.has(a.id), otherCampaigns: a.id === AGENTS[1]!.id ? ['Mora 60'] : [] })),
        });
      const ids = (body as { userIds: string[] }).userIds;
      if (ids.includes(AGENTS[2]!.id)) throw new ApiError(400, 'BAD_INPUT', 'is not an active agent', '/userIds/0', { es: 'Lucía Mora ya no es un agente activo', en: 'Lucía Mora is no longer an active agent' });
      assigned.clear();
      ids.forEach((i) => assigned.add(i));
      item.agentsAssigned = ids.length;
      return answer({ userIds: ids });
    }
    const m = /^\/campaigns\/([^/]+)\/(commands|leads)$/.exec(path);
    if (m) {
      const item = items.find((i) => i.campaign.id === m[1])!;
      if (m[2] === 'leads') {
        item.hopper = hopper({ total: 40, dueNow: 40 });
        return answer({ added: 40, total: 40 });
      }
      const command = (body as { command: string }).command;
      item.campaign.status = command === 'start' ? 'running' : command === 'pause' ? 'paused' : 'stopped';
      item.dialing = line('dialing', 'Marcando (predictivo): 3 llamadas en curso, 5 intentos hoy, 37 deudores por marcar.', 'Dialling (predictive): 3 calls…');
      return answer(item.campaign);
    }
    if (method === 'POST' && path === '/campaigns') {
      const b = body as { name: string };
      if (b.name === 'Duplicada') throw new ApiError(409, 'CONFLICT', 'already exists: name', '/name', { es: '/name en el cuerpo: ya existe una campaña con ese nombre', en: '/name in the body: already exists' });
      const c = campaign('e0000000-0000-4000-8000-000000000009', b.name, 'draft');
      items.unshift({ campaign: c, hopper: hopper(), agentsAssigned: 0, dialing: line('draft', 'Borrador: no se ha iniciado. Inicie la campaña para marcar.', 'Draft: not started yet.') });
      return answer(c);
    }
    throw new Error(`no fake for ${method} ${path}`);
  };
  return { request, calls, items };
}

const DRAFT = 'e0000000-0000-4000-8000-000000000001';
const RUNNING = 'e0000000-0000-4000-8000-000000000002';
const BLOCKED = 'e0000000-0000-4000-8000-000000000003';

function fixture() {
  return [
    { campaign: campaign(DRAFT, 'Mora temprana', 'draft'), hopper: hopper(), agentsAssigned: 0, dialing: line('draft', 'Borrador: no se ha iniciado. Inicie la campaña para marcar.', 'Draft: not started yet. Start the campaign to dial.') },
    {
      campaign: campaign(RUNNING, 'Mora 60', 'running'),
      agentsAssigned: 6,
      hopper: hopper({ total: 10, dueNow: 4, dueLater: 3, inProgress: 1, done: 2 }),
      dialing: line('predictive_downgraded', 'Marcando en progresivo: hay 2 agentes y el predictivo necesita 5.', 'Dialling progressive: 2 agents logged in, predictive needs 5.'),
    },
    {
      campaign: campaign(BLOCKED, 'Nocturna', 'running'),
      agentsAssigned: 2,
      hopper: hopper({
        total: 3,
        blockedTotal: 3,
        blocked: [
          { rule: 'CO/calling-window', leads: 2, reason: { es: 'Fuera del horario permitido', en: 'Outside the allowed hours' }, nextAllowedAt: '2026-12-08T12:00:00.000Z', zone: 'America/Bogota', zones: ['America/Bogota'] },
          { rule: 'CO/optout-same-medium', leads: 1, reason: null, nextAllowedAt: null, zone: null, zones: ['America/Bogota'] },
        ],
      }),
      dialing: line('compliance_blocked', 'Todos los deudores pendientes están bloqueados por cumplimiento (CO/calling-window).', 'Every pending debtor is held by compliance (CO/calling-window).'),
    },
  ] satisfies CampaignOverviewItem[];
}

function open(items: CampaignOverviewItem[] = fixture()) {
  const api = fakeApi(items);
  const f = makeStore(supervisor, { request: api.request });
  renderWith(f.store, <CampaignsScreen />);
  return { ...f, api };
}
const row = (name: string) => screen.getByRole('row', { name });

describe('Campaigns screen', () => {
  it('lists every campaign with status, mode, the why line and the hopper; blocked rules in the debtor’s clock', async () => {
    open();
    await screen.findByTestId('campaigns-table');
    const draft = row('Mora temprana');
    expect(within(draft).getByText('Borrador')).toBeTruthy();
    expect(within(draft).getByTestId('dialing-line').textContent).toBe('Borrador: no se ha iniciado. Inicie la campaña para marcar.');
    expect(within(draft).getAllByRole('button').map((b) => b.textContent)).toEqual(['Iniciar', 'Detener', 'Cargar leads', 'Ritmo', 'Agentes']);
    const running = row('Mora 60');
    expect(within(running).getByText('Predictivo')).toBeTruthy();
    expect(within(running).getByTestId('agents-assigned').textContent).toBe('6 agentes asignados');
    expect(within(running).getByTestId('dialing-line').getAttribute('data-reason')).toBe('predictive_downgraded');
    expect(within(running).getByTestId('hopper-due_now').textContent).toBe('para ahora: 4');
    expect(within(running).getByTestId('hopper-due_later').textContent).toBe('después: 3');
    expect(within(running).getAllByRole('button').map((b) => b.textContent)).toEqual(['Pausar', 'Detener', 'Cargar leads', 'Ritmo', 'Agentes']);
    const blocked = within(row('Nocturna')).getByTestId('hopper');
    expect(nb(blocked.textContent)).toContain('CO/calling-window: 2 · Fuera del horario permitido · hasta martes, 8 de diciembre, 07:00 (hora del deudor, Bogotá)');
    expect(nb(blocked.textContent)).toContain('CO/optout-same-medium: 1 · sin fecha');
  });

  it('starts a draft and loads leads from the row, and says what happened', async () => {
    const { api } = open();
    await screen.findByTestId('campaigns-table');
    fireEvent.click(within(row('Mora temprana')).getByRole('button', { name: 'Cargar leads' }));
    expect(await screen.findByText('Mora temprana: 40 deudores nuevos en cola (40 en total).')).toBeTruthy();
    await waitFor(() => expect(within(row('Mora temprana')).getByTestId('hopper-due_now').textContent).toBe('para ahora: 40'));
    fireEvent.click(within(row('Mora temprana')).getByRole('button', { name: 'Iniciar' }));
    expect(await screen.findByText('Mora temprana: En curso.')).toBeTruthy();
    await waitFor(() => expect(within(row('Mora temprana')).getByTestId('dialing-line').getAttribute('data-reason')).toBe('dialing'));
    expect(api.calls.filter((c) => c.method === 'POST').map((c) => [c.path, c.body])).toEqual([
      [`/campaigns/${DRAFT}/leads`, undefined],
      [`/campaigns/${DRAFT}/commands`, { command: 'start' }],
    ]);
  });

  it('creates a campaign from a portfolio, a segment and a strategy; missing fields and refusals are shown at the field', async () => {
    const { api } = open();
    await screen.findByTestId('campaigns-table');
    fireEvent.click(screen.getByRole('button', { name: 'Nueva campaña' }));
    const form = screen.getByRole('form', { name: 'Nueva campaña' });
    // the name field has the focus: the form is filled from the keyboard
    expect(document.activeElement).toBe(within(form).getByLabelText('Nombre'));
    await within(form).findByRole('option', { name: 'Banco Andino — tarjetas' });
    fireEvent.click(within(form).getByRole('button', { name: 'Crear campaña' }));
    expect(within(form).getByLabelText('Nombre').getAttribute('aria-invalid')).toBe('true');
    expect(within(form).getByText('Escriba el nombre de la campaña.')).toBeTruthy();
    expect(within(form).getByText('Elija la cartera de la que salen los deudores.')).toBeTruthy();
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);

    fireEvent.change(within(form).getByLabelText('Nombre'), { target: { value: 'Duplicada' } });
    // the name's message goes once the name is written; the portfolio's stays until one is chosen
    expect(within(form).queryByText('Escriba el nombre de la campaña.')).toBeNull();
    expect(within(form).getByText('Elija la cartera de la que salen los deudores.')).toBeTruthy();
    fireEvent.change(within(form).getByLabelText('Cartera'), { target: { value: PORTFOLIO } });
    fireEvent.click(within(form).getByRole('button', { name: 'Crear campaña' }));
    // the server's reason, in Spanish, beside the name (without the JSON pointer)
    expect(await within(form).findByText('ya existe una campaña con ese nombre')).toBeTruthy();

    fireEvent.change(within(form).getByLabelText('Nombre'), { target: { value: 'Mora 90 diciembre' } });
    fireEvent.click(within(form).getByRole('checkbox', { name: 'Mora 31–60' }));
    fireEvent.change(within(form).getByLabelText('Estrategia'), { target: { value: STRATEGY } });
    fireEvent.change(within(form).getByLabelText('Modo de marcación'), { target: { value: 'progressive' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Crear campaña' }));
    expect(await screen.findByText('Campaña «Mora 90 diciembre» creada como borrador. Cargue sus leads e iníciela.')).toBeTruthy();
    expect(api.calls.find((c) => c.method === 'POST' && c.path === '/campaigns' && (c.body as { name: string }).name === 'Mora 90 diciembre')?.body).toEqual({
      name: 'Mora 90 diciembre',
      portfolioId: PORTFOLIO,
      segmentIds: [SEGMENT],
      strategyId: STRATEGY,
      settings: { mode: 'progressive' },
    });
    await waitFor(() => expect(row('Mora 90 diciembre')).toBeTruthy());
  });

  it('no campaigns: the empty state says why and what to do; English switch', async () => {
    const f = open([]);
    expect((await screen.findByTestId('campaigns-empty')).textContent).toContain('Cree una con «Nueva campaña»');
    act(() => f.store.getState().setLang('en'));
    expect(screen.getByTestId('campaigns-empty').textContent).toContain('Create one with “New campaign”');
    expect(screen.getByRole('heading', { name: 'Campaigns' })).toBeTruthy();
  });

  it('a list that cannot be read says so in the reader’s language', async () => {
    const f = makeStore(supervisor, {
      request: async () => {
        throw new ApiError(403, 'FORBIDDEN', 'this action needs one of the roles: supervisor, admin');
      },
    });
    renderWith(f.store, <CampaignsScreen />);
    expect((await screen.findByRole('alert')).textContent).toMatch(/^No se pudo leer la lista de campañas: /);
    expect(screen.getByRole('alert').textContent).not.toContain('this action');
  });

  it('the wallboard card shows the campaign’s why-not-dialing line', async () => {
    const api = fakeApi(fixture());
    const f = makeStore(supervisor, { request: api.request });
    const stats = {
      campaignId: RUNNING,
      name: 'Mora 60',
      status: 'running' as const,
      settings: fixture()[1]!.campaign.settings,
      effectiveMode: 'progressive' as const,
      linesPerAgent: 1,
      agentsLoggedIn: 2,
      callsRinging: 1,
      callsWaiting: 0,
      today: { attempts: 5, liveAnswers: 1, abandoned: 0, rightPartyContacts: 0, promises: 0, promisedAmount: {}, contactsByHour: new Array<number>(24).fill(0) },
      abandonRateToday: 0,
      abandonRateRolling: 0,
      contactRate: 0.2,
      at: NOW.toISOString(),
    };
    f.store.setState((s) => ({ wallboard: { ...s.wallboard, campaigns: { [RUNNING]: stats } } }));
    renderWith(f.store, <Wallboard />);
    const card = screen.getByTestId(`campaign-${RUNNING}`);
    await waitFor(() => expect(within(card).getByTestId('dialing-line').textContent).toBe('Marcando en progresivo: hay 2 agentes y el predictivo necesita 5.'));
  });

  it('assigns agents to a campaign from its row: who works it, who works elsewhere, a refusal shown, the count updated', async () => {
    const { api } = open();
    await screen.findByTestId('campaigns-table');
    fireEvent.click(within(row('Mora temprana')).getByRole('button', { name: 'Agentes' }));
    const panel = await screen.findByTestId('assign-agents');
    expect(within(panel).getByRole('heading').textContent).toBe('Agentes de «Mora temprana»');
    await within(panel).findByText('Ana Gómez');
    const box = (name: string) => within(panel).getByRole('checkbox', { name: new RegExp(name) }) as HTMLInputElement;
    expect(box('Ana Gómez').checked).toBe(true);
    expect(box('Bruno Díaz').checked).toBe(false);
    expect(within(panel).getByText(/también en Mora 60/)).toBeTruthy();
    // an agent deactivated meanwhile: the API refuses, the panel says why and stays open
    fireEvent.click(box('Lucía Mora'));
    fireEvent.click(within(panel).getByRole('button', { name: 'Guardar agentes' }));
    expect((await within(panel).findByRole('alert')).textContent).toBe('Lucía Mora ya no es un agente activo');
    fireEvent.click(box('Lucía Mora'));
    fireEvent.click(box('Bruno Díaz'));
    fireEvent.click(within(panel).getByRole('button', { name: 'Guardar agentes' }));
    await waitFor(() => expect(screen.queryByTestId('assign-agents')).toBeNull());
    expect(screen.getByTestId('campaigns-message').textContent).toBe('«Mora temprana»: 2 agentes asignados.');
    expect(api.calls.filter((c) => c.method === 'PUT').at(-1)!.body).toEqual({ userIds: [AGENTS[0]!.id, AGENTS[1]!.id] });
    await waitFor(() => expect(within(row('Mora temprana')).getByTestId('agents-assigned').textContent).toBe('2 agentes asignados'));
  });

  it('changes a campaign\'s mode and pacing from its row: out-of-range values refused at their field, the API\'s refusal at its field', async () => {
    const { api } = open();
    await screen.findByTestId('campaigns-table');
    fireEvent.click(within(row('Mora 60')).getByRole('button', { name: 'Ritmo' }));
    const form = await screen.findByTestId('pacing-form');
    const field = (label: string) => within(form).getByLabelText(label) as HTMLInputElement;
    expect(field('Objetivo de abandono (%)').value).toBe('3');
    fireEvent.change(field('Objetivo de abandono (%)'), { target: { value: '7' } });
    fireEvent.change(field('Agentes mínimos para predictivo'), { target: { value: '2.5' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Guardar ritmo' }));
    expect(within(form).getByText('Entre 0 y 5.')).toBeTruthy();
    expect(within(form).getByText('Entre 1 y 100.')).toBeTruthy();
    expect(field('Objetivo de abandono (%)').getAttribute('aria-invalid')).toBe('true');
    expect(api.calls.some((c) => c.method === 'PATCH')).toBe(false); // nothing sent while a field is wrong
    fireEvent.change(field('Objetivo de abandono (%)'), { target: { value: '2,5' } });
    fireEvent.change(field('Agentes mínimos para predictivo'), { target: { value: '4' } });
    fireEvent.change(field('Tiempo de cierre (segundos)'), { target: { value: '599' } });
    fireEvent.change(within(form).getByLabelText('Modo de marcación'), { target: { value: 'progressive' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Guardar ritmo' }));
    expect((await within(form).findByText('la política del centro no permite más de 300 s')).id).toBe('pacing-wrapUpSeconds-error');
    fireEvent.change(field('Tiempo de cierre (segundos)'), { target: { value: '45' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Guardar ritmo' }));
    await waitFor(() => expect(screen.queryByTestId('pacing-form')).toBeNull());
    expect(api.calls.filter((c) => c.method === 'PATCH').at(-1)!.body).toEqual({ mode: 'progressive', abandonTarget: 0.025, maxLinesPerAgent: 3, minAgentsForPredictive: 4, wrapUpSeconds: 45, agentlessConcurrency: 20 });
    expect(screen.getByTestId('campaigns-message').textContent).toBe('«Mora 60»: modo Progresivo, abandono objetivo 2,5 %, 3 líneas por agente.');
  });
});
