// The Reports screen (/reportes) and the supervisor's "agents today" panel against a fake API answering as
// GET /reports/* does. Clock fixed on a Wednesday in Bogotá: "this week" is Monday to today.
process.env.TZ = 'America/Bogota';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AbandonReport, AgentsReport, ContactHoursReport, ContactsReport, PromisesReport, ReportRange } from '@cobranza/contracts/api/reports';
import { API_BASE, type HttpMethod } from '../src/api/client.js';
import { ReportsScreen } from '../src/features/reports/ReportsScreen.js';
import { AgentDayPanel } from '../src/features/supervisor/AgentDayPanel.js';
import { fixClock, makeStore, nb, renderWith, supervisorUser } from './fixtures.js';

// Wednesday 9 December 2026, 10:00 in Bogotá
const NOW = new Date('2026-12-09T15:00:00.000Z');
fixClock(NOW);

const CAMPAIGN = 'c0000000-0000-4000-8000-000000000001';
const AGENT = 'a0000000-0000-4000-8000-000000000011';
const SEGMENT = 's0000000-0000-4000-8000-000000000001'.replace('s', 'b');

const range = (q: URLSearchParams): ReportRange => ({
  from: q.get('from')!,
  to: q.get('to')!,
  timeZone: q.get('timeZone')!,
  groupBy: (q.get('groupBy') as ReportRange['groupBy']) ?? null,
  start: '2026-12-07T05:00:00.000Z',
  end: '2026-12-10T05:00:00.000Z',
  generatedAt: NOW.toISOString(),
});

const agentFigures = { calls: 12, rightPartyContacts: 5, promises: 2, promisedAmounts: [{ currency: 'COP', amount: 450000 }], talkSeconds: 3725, wrapSeconds: 600, idleSeconds: 1800, pauseSeconds: 900 };

function answers(q: URLSearchParams, empty: boolean) {
  const r = range(q);
  const by = r.groupBy;
  const label = by === 'agent' ? 'Laura Pérez' : by === 'campaign' ? 'Mora temprana' : null;
  const key = by === 'agent' ? AGENT : by === 'campaign' ? CAMPAIGN : null;
  const contacts: ContactsReport = {
    ...r,
    rows: empty ? [] : [{ key, label, attempts: 200, contacts: 70, rightPartyContacts: 40, contactRate: 0.35, rightPartyRate: 40 / 70 }],
    totals: empty ? { attempts: 0, contacts: 0, rightPartyContacts: 0, contactRate: null, rightPartyRate: null } : { attempts: 200, contacts: 70, rightPartyContacts: 40, contactRate: 0.35, rightPartyRate: 40 / 70 },
  };
  const pf = { currency: 'COP', promises: 3, amount: 750000, kept: 1, broken: 1, pending: 1, cancelled: 0, keptAmount: 300000, keptRate: 0.5, payments: 1, paymentsAmount: 300000 };
  const promises: PromisesReport = { ...r, rows: empty ? [] : [{ key, label, ...pf }], totals: empty ? [] : [pf] };
  const agents: AgentsReport = { ...r, groupBy: 'agent', rows: empty ? [] : [{ key: AGENT, label: 'Laura Pérez', ...agentFigures }], totals: agentFigures };
  const win = (country: string, profileId: string, windowHours: number, maxRate: number, live: number, ab: number) => ({
    key,
    label,
    country,
    profileId,
    windowHours,
    maxRate,
    windowStart: '2026-11-10T05:00:00.000Z',
    windowEnd: NOW.toISOString(),
    liveAnswers: live,
    abandoned: ab,
    rate: live ? ab / live : null,
    overCap: live ? ab / live > maxRate : false,
    series: [],
  });
  const abandon: AbandonReport = { ...r, rows: empty ? [] : [win('US', 'US', 720, 0.03, 1000, 20), win('GB', 'UK', 24, 0.03, 100, 5)] };
  const hours = Array.from({ length: 24 }, (_, h) => (h === 9 ? 12 : h === 18 ? 30 : 0));
  const contactHours: ContactHoursReport = { ...r, rows: empty ? [] : [{ key: SEGMENT, label: 'Mora 31–60', contacts: hours, attempts: hours.map((n) => n * 3) }] };
  return { contacts, promises, agents, abandon, 'contact-hours': contactHours } as Record<string, unknown>;
}

function fakeApi({ empty = false } = {}) {
  const asked: string[] = [];
  const request = async <T,>(method: HttpMethod, path: string): Promise<T> => {
    asked.push(path);
    const r = (x: unknown) => x as T;
    if (path === '/campaigns') return r({ items: [{ id: CAMPAIGN, name: 'Mora temprana', status: 'running' }] });
    if (path === '/portfolios') return r({ items: [{ id: 'p0000000-0000-4000-8000-000000000001'.replace('p', 'd'), name: 'Banco Andino' }] });
    if (path === '/segments') return r({ items: [{ id: SEGMENT, name: 'Mora 31–60' }] });
    const m = /^\/reports\/([a-z-]+)\?(.*)$/.exec(path);
    if (method === 'GET' && m) return r(answers(new URLSearchParams(m[2]), empty)[m[1]!]);
    throw new Error(`unexpected ${method} ${path}`);
  };
  const reportQueries = (name: string) => asked.filter((p) => p.startsWith(`/reports/${name}?`)).map((p) => new URLSearchParams(p.split('?')[1]));
  return { asked, request, reportQueries };
}

const card = (name: string) => screen.getByTestId(`report-${name}`);
const rows = (el: HTMLElement) => within(el).getAllByRole('row').map((r) => nb(r.textContent));

describe('Reports screen', () => {
  it('asks for this week on the supervisor’s clock and shows each report with words, local figures and its CSV', async () => {
    const api = fakeApi();
    renderWith(makeStore(supervisorUser, { request: api.request }).store, <ReportsScreen />);
    await waitFor(() => expect(within(card('contacts')).queryByRole('table')).not.toBeNull());
    expect((screen.getByLabelText('Desde') as HTMLInputElement).value).toBe('2026-12-07');
    expect((screen.getByLabelText('Hasta') as HTMLInputElement).value).toBe('2026-12-09');
    expect(Object.fromEntries(api.reportQueries('contacts')[0]!)).toEqual({ from: '2026-12-07', to: '2026-12-09', timeZone: 'America/Bogota' });
    expect(screen.getByText('Días según la hora de Bogotá')).toBeTruthy();

    expect(rows(card('contacts'))).toEqual(['Sin agrupar (total)IntentosContactosContactos con el titularTasa de contactoTasa con el titular', 'Todo200704035,0%57,1%']);
    await waitFor(() => expect(within(card('promises')).queryByRole('table')).not.toBeNull());
    expect(rows(card('promises'))[1]).toBe('Todo3$ 750.00011150,0%$ 300.000 (1)');
    await waitFor(() => expect(within(card('agents')).queryByRole('table')).not.toBeNull());
    expect(rows(card('agents'))[1]).toBe('Laura Pérez121:02:0510:0030:0015:0052 · $ 450.000');
    expect(within(card('agents')).getByRole('img', { name: 'Conversación, cierre y espera por agente' })).toBeTruthy();

    // each jurisdiction's own window, named; the UK's 5 % is over its 3 % cap
    await waitFor(() => expect(within(card('abandon')).queryByRole('table')).not.toBeNull());
    expect(nb(screen.getByTestId('abandon-US').textContent)).toBe('30 días móviles (EE. UU.)1.000202,0%3,0%');
    expect(nb(screen.getByTestId('abandon-GB').textContent)).toBe('24 horas móviles (Reino Unido)10055,0% sobre el límite3,0%');
    expect(within(card('abandon')).getAllByRole('img').map((i) => i.getAttribute('aria-label'))).toEqual([
      'Tasa de abandono de cada jurisdicción frente a su límite: 30 días móviles (EE. UU.)',
      'Tasa de abandono de cada jurisdicción frente a su límite: 24 horas móviles (Reino Unido)',
    ]);

    // the heatmap: the darkest cell is 18:00 on the debtor's clock, and each cell says what it holds
    const heat = await screen.findByTestId('contact-hours-heatmap');
    const cells = within(heat).getAllByRole('cell');
    expect(cells[18]!.className).toBe('heat heat-5');
    expect(cells[9]!.className).toBe('heat heat-2');
    expect(cells[18]!.getAttribute('title')).toBe('Mora 31–60, 18:00: 30 contactos de 90 intentos');

    // the CSV of each report, the same query, Spanish headers
    const csv = within(card('promises')).getByRole('link', { name: 'Descargar CSV: Promesas de pago y pagos' });
    expect(csv.getAttribute('href')).toBe(`${API_BASE}/reports/promises.csv?from=2026-12-07&to=2026-12-09&timeZone=America%2FBogota&lang=es`);
    expect(csv.hasAttribute('download')).toBe(true);
    // no raw key, JSON pointer or UTC instant anywhere
    expect(document.body.textContent).not.toMatch(/\b[a-z]+_[a-z_]+\b|\d{4}-\d{2}-\d{2}T\d{2}/);
  });

  it('groups and filters: the query carries them, rows are named, the agent list comes from the range', async () => {
    const api = fakeApi();
    renderWith(makeStore(supervisorUser, { request: api.request }).store, <ReportsScreen />);
    await waitFor(() => expect(within(screen.getByLabelText('Agente')).getAllByRole('option').map((o) => o.textContent)).toEqual(['Todos los agentes', 'Laura Pérez']));
    fireEvent.change(screen.getByLabelText('Agrupar por'), { target: { value: 'campaign' } });
    await waitFor(() => expect(rows(card('contacts'))[1]).toMatch(/^Mora temprana200/));
    expect(rows(card('contacts'))[0]).toMatch(/^Campaña/);
    fireEvent.change(screen.getByLabelText('Campaña'), { target: { value: CAMPAIGN } });
    fireEvent.change(screen.getByLabelText('Agente'), { target: { value: AGENT } });
    await waitFor(() => expect(Object.fromEntries(api.reportQueries('promises').at(-1)!)).toEqual({ from: '2026-12-07', to: '2026-12-09', timeZone: 'America/Bogota', groupBy: 'campaign', campaignId: CAMPAIGN, agentId: AGENT }));
    fireEvent.click(screen.getByRole('button', { name: 'Hoy' }));
    await waitFor(() => expect(api.reportQueries('contacts').at(-1)!.get('from')).toBe('2026-12-09'));
  });

  it('refuses a reversed range at its field and asks for nothing', async () => {
    const api = fakeApi();
    renderWith(makeStore(supervisorUser, { request: api.request }).store, <ReportsScreen />);
    await waitFor(() => expect(within(card('contacts')).queryByRole('table')).not.toBeNull());
    const before = api.asked.length;
    fireEvent.change(screen.getByLabelText('Hasta'), { target: { value: '2026-12-01' } });
    const to = screen.getByLabelText('Hasta');
    expect(to.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(to.getAttribute('aria-describedby')!)!.textContent).toBe('Debe ser igual o posterior a «Desde».');
    expect(screen.queryAllByRole('link', { name: /Descargar CSV/ })).toEqual([]);
    await new Promise((r) => setTimeout(r, 50));
    expect(api.asked.slice(before).filter((p) => p.startsWith('/reports/'))).toEqual([]);
  });

  it('says why each report is empty, and switches to English', async () => {
    const { store } = makeStore(supervisorUser, { request: fakeApi({ empty: true }).request });
    renderWith(store, <ReportsScreen />);
    expect((await screen.findByTestId('report-contacts-empty')).textContent).toBe('Sin intentos en este rango: ninguna campaña marcó entre estas fechas con estos filtros.');
    expect((await screen.findByTestId('report-promises-empty')).textContent).toMatch(/^Sin promesas en este rango/);
    expect((await screen.findByTestId('report-agents-empty')).textContent).toMatch(/^Sin actividad de agentes en este rango/);
    expect((await screen.findByTestId('report-abandon-empty')).textContent).toMatch(/^Sin llamadas contestadas/);
    expect((await screen.findByTestId('report-contact-hours-empty')).textContent).toMatch(/^Sin contactos en este rango/);
    store.getState().setLang('en');
    await waitFor(() => expect(screen.getByTestId('report-contacts-empty').textContent).toBe('No attempts in this range: no campaign dialled between these dates with these filters.'));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Reports');
    expect(within(card('promises')).getByRole('link', { name: 'Download CSV: Promises to pay and payments' }).getAttribute('href')).toMatch(/&lang=en$/);
  });
});

describe('agents today (supervisor)', () => {
  it('asks the agents report for today on the supervisor’s clock and shows calls, talk, wrap, idle, RPC and promises', async () => {
    const api = fakeApi();
    renderWith(makeStore(supervisorUser, { request: api.request }).store, <AgentDayPanel />);
    await screen.findByRole('table');
    expect(Object.fromEntries(api.reportQueries('agents')[0]!)).toEqual({ from: '2026-12-09', to: '2026-12-09', timeZone: 'America/Bogota' });
    expect(rows(screen.getByTestId('agents-day'))).toEqual([
      'AgenteLlamadasConversaciónCierreEsperaContactos con el titularPromesas',
      'Laura Pérez121:02:0510:0030:0052 · $ 450.000',
    ]);
  });

  it('says why it is empty', async () => {
    renderWith(makeStore(supervisorUser, { request: fakeApi({ empty: true }).request }).store, <AgentDayPanel />);
    expect((await screen.findByTestId('agents-day-empty')).textContent).toBe('Ningún agente ha trabajado hoy: nadie se ha conectado ni ha atendido llamadas desde medianoche.');
  });
});
