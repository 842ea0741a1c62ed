// The agent's shift in the console, on a fixed clock: F5 and re-login rebuild the desk from the server, the
// disposition comes first, wording in the reader's language (no raw keys, pointers or UTC), the callback time in
// the debtor's zone, wrap-up overruns on the wallboard.
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentStatus, CampaignLiveStats } from '@cobranza/contracts';
import { DEFAULT_PACING } from '@cobranza/contracts/api/campaigns';
import { App, type AppServices } from '../src/App.js';
import { ApiError } from '../src/api/client.js';
import type { AgentShift } from '../src/api/types.js';
import { DispositionPanel } from '../src/features/disposition/DispositionPanel.js';
import { ScreenPop } from '../src/features/screen-pop/ScreenPop.js';
import { ScriptPanel } from '../src/features/script/ScriptPanel.js';
import { Wallboard } from '../src/features/wallboard/Wallboard.js';
import { createAppStore, type Prefs } from '../src/store/createAppStore.js';
import { agentUser, debtor, history, makeStore, nb, renderWith } from './fixtures.js';

// Monday 2026-12-07 09:30 in Bogotá
const NOW = new Date('2026-12-07T14:30:00.000Z');
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const noServices: AppServices = { realtime: () => () => undefined, phone: null };
const CALL = 'call-77';
const wrapping: AgentStatus = { agentId: agentUser.id, name: agentUser.name, state: 'wrapping', since: '2026-12-07T14:28:00.000Z', campaignId: null, pauseReason: null, callId: CALL };
const shiftWithCall: AgentShift = {
  status: wrapping,
  call: { callId: CALL, debtorId: debtor.id, campaignId: null, e164Masked: '+57 *** *** 4567', at: '2026-12-07T14:25:00.000Z', endedAt: '2026-12-07T14:28:00.000Z' },
};
const pop = { callId: CALL, agentId: agentUser.id, campaignId: null, debtorId: debtor.id, e164Masked: '+57 *** *** 4567', via: 'dialer' as const, at: NOW.toISOString() };

function memoryPrefs(): Prefs & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('F5 and re-login', () => {
  it('F5 with a valid session keeps the desk: state, the call on screen and its pending disposition (no login page)', async () => {
    const f = makeStore(agentUser, { shift: async () => shiftWithCall });
    f.store.setState({ session: { user: null, token: null, status: 'anonymous', error: null } });
    renderWith(f.store, <App services={noServices} />);
    await act(() => f.store.getState().restore());
    expect(screen.queryByRole('form', { name: /Ingresar/ })).toBeNull();
    expect(screen.getByTestId('agent-state').textContent).toContain('Cierre');
    expect((await screen.findByTestId('debtor-name')).textContent).toBe('María Gómez');
    expect(screen.getByTestId('screen-pop').getAttribute('data-call-id')).toBe(CALL);
    expect(await screen.findByRole('form', { name: 'Gestión' })).toBeTruthy();
    expect(f.store.getState().call.status).toBe('ended');
    // the next call waits: Ready is off and the desk says why
    expect((screen.getByRole('button', { name: 'Disponible' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('disposition-first').textContent).toBe('Guarde la gestión de la llamada anterior antes de recibir otra.');
  });

  it('F5 registers the softphone again with the restored session (no login needed)', async () => {
    const f = makeStore({ ...agentUser, sipEndpoint: 'agent7' }, { sip: async () => ({ endpoint: 'agent7', domain: 'pbx.test', wsUrl: 'wss://pbx.test/ws', password: 'from-api' }) });
    f.store.setState({ session: { user: null, token: null, status: 'anonymous', error: null } });
    const started: string[] = [];
    const services: AppServices = {
      realtime: () => () => undefined,
      phone: ((_s: unknown, cfg: { uri: string }) => {
        started.push(cfg.uri);
        return { stop: () => undefined, setMuted: () => undefined, setHeld: () => undefined, sendDtmf: () => undefined, retry: () => undefined };
      }) as unknown as AppServices['phone'],
    };
    renderWith(f.store, <App services={services} />);
    expect(started).toEqual([]);
    await act(() => f.store.getState().restore());
    await waitFor(() => expect(started).toEqual(['sip:agent7@pbx.test']));
  });

  it('F5 without a session shows the login page, in Spanish', async () => {
    const f = makeStore(agentUser, { me: async () => Promise.reject(new ApiError(401, 'UNAUTHENTICATED', 'login required')) });
    f.store.setState({ session: { user: null, token: null, status: 'anonymous', error: null } });
    renderWith(f.store, <App services={noServices} />);
    await act(() => f.store.getState().restore());
    expect(screen.getByRole('heading', { name: 'Ingresar' })).toBeTruthy();
  });

  it('a new login resyncs from the server: the state and the call waiting for its disposition', async () => {
    const f = makeStore(agentUser, { shift: async () => shiftWithCall });
    f.store.setState({ session: { user: null, token: null, status: 'anonymous', error: null } });
    await act(async () => void (await f.store.getState().login('laura@example.com', 'x')));
    expect(f.store.getState().agent).toMatchObject({ state: 'wrapping', callId: CALL });
    expect(f.store.getState().call).toMatchObject({ pop: { callId: CALL }, status: 'ended', debtor: { id: debtor.id } });
  });
});

describe('the disposition comes first', () => {
  it('Alt+R with the last call undisposed sends no ready, says why; after saving, ready goes out', async () => {
    const f = makeStore();
    f.store.setState({ selectedCampaignId: 'c1' });
    renderWith(f.store, <App services={noServices} />);
    await act(() => f.store.getState().onScreenPop(pop));
    act(() => f.store.getState().onAgentStatus({ ...wrapping, since: NOW.toISOString() }));
    await act(async () => void fireEvent.keyDown(window, { key: 'r', code: 'KeyR', altKey: true }));
    expect(f.agentCommands.filter((c) => c.command === 'ready')).toHaveLength(0);
    expect(f.store.getState().ui.notice).toBe('Guarde la gestión de la llamada anterior antes de recibir otra.');

    fireEvent.change(document.querySelector('[name="outcome"]')!, { target: { value: 'refused' } });
    fireEvent.click(screen.getByRole('button', { name: 'Guardar gestión' }));
    await waitFor(() => expect(f.disposed).toHaveLength(1));
    await waitFor(() => expect(f.agentCommands.at(-1)).toEqual({ command: 'wrapup_done' }));
    expect(await f.store.getState().goReady()).toEqual({ ok: true });
    expect(f.agentCommands.at(-1)).toEqual({ command: 'ready', campaignId: 'c1' });
  });

  it("shows the server's refusal in the reader's language (English), never its code", async () => {
    const f = makeStore();
    f.store.setState({ lang: 'en', selectedCampaignId: 'c1' });
    f.store.getState().attachCommands({
      agent: async () => ({ ok: false, error: 'DISPOSITION_PENDING: the call x needs its disposition', code: 'DISPOSITION_PENDING', i18n: { es: 'Guarde la gestión…', en: 'Save the outcome of the previous call before taking another.' } }),
      campaign: async () => ({ ok: true }),
      supervisor: async () => ({ ok: true }),
    });
    await f.store.getState().goReady();
    expect(f.store.getState().ui.notice).toBe('Save the outcome of the previous call before taking another.');
  });
});

describe('wording', () => {
  it('a server that is down reads as a sentence in the UI language, not realtime_not_connected', async () => {
    for (const lang of ['es', 'en'] as const) {
      const f = makeStore();
      f.store.setState({ lang, selectedCampaignId: 'c1' });
      f.store.getState().attachCommands(null);
      await f.store.getState().goReady();
      const notice = f.store.getState().ui.notice ?? '';
      expect(notice).toBe(lang === 'es' ? 'Sin conexión con el servidor. Reintente cuando vuelva la conexión.' : 'No connection to the server. Try again when it is back.');
      expect(notice).not.toMatch(/_/);
    }
  });

  it('opens in Spanish, remembers a chosen language across reloads, and a login does not switch it', async () => {
    const prefs = memoryPrefs();
    const first = createAppStore({ api: fakeApi(), prefs });
    expect(first.getState().lang).toBe('es');
    first.getState().setLang('en');
    const reloaded = createAppStore({ api: fakeApi(), prefs });
    expect(reloaded.getState().lang).toBe('en');
    await reloaded.getState().login('laura@example.com', 'x'); // Laura's profile says es
    expect(reloaded.getState().lang).toBe('en');
  });

  it('the debtor history in English: codes become words, no Spanish line, no "bridged"', async () => {
    const calls = [...history, { kind: 'call' as const, id: 'c9', at: '2026-12-07T14:00:00Z', accountId: null, summary: 'Llamada saliente +57*****4567: bridged', details: { direction: 'outbound', e164Masked: '+57*****4567', status: 'bridged', outcome: null, agentName: 'Laura' } }];
    const f = makeStore(agentUser, { history: async () => calls });
    f.store.setState({ lang: 'en' });
    renderWith(f.store, <ScreenPop />);
    await act(() => f.store.getState().onScreenPop(pop));
    const list = await screen.findByTestId('history');
    await waitFor(() => expect(list.textContent).toContain('outbound +57*****4567: In conversation (Laura)'));
    expect(list.textContent).not.toMatch(/Llamada|saliente|bridged|Promesa/);
    // the phone types and the debtor's clock, labelled with the city
    const card = screen.getByTestId('screen-pop');
    expect(card.textContent).toContain('mobile');
    expect(nb(within(card).getByTestId('debtor-clock').textContent)).toBe("Debtor's time: Mon 09:30 (Bogotá)");
  });

  it("writes money as the locale does when the debtor's country is no real country (the demo's XD profile)", async () => {
    const f = makeStore(agentUser, { debtor: async () => ({ ...debtor, country: 'XD' }) });
    renderWith(f.store, <ScreenPop />);
    await act(() => f.store.getState().onScreenPop(pop));
    const card = await screen.findByTestId('screen-pop');
    expect(nb(card.textContent)).toContain('$ 1.000.000,00');
    expect(card.textContent).not.toMatch(/COP/);
  });

  it('the script names the creditor and says the product in words', async () => {
    const f = makeStore();
    renderWith(f.store, <ScriptPanel />);
    await act(() => f.store.getState().onScreenPop(pop));
    const text = nb((await screen.findByTestId('script')).textContent);
    expect(text).toContain('Le enviamos el extracto de su tarjeta de crédito.');
    expect(text).not.toContain('tarjeta_credito');
  });
});

describe('callback time', () => {
  it("is read as the debtor's local time, labelled with the city, and shown in the agent's time too", async () => {
    const f = makeStore();
    renderWith(f.store, <DispositionPanel />);
    await act(() => f.store.getState().onScreenPop(pop));
    await screen.findByRole('form', { name: 'Gestión' });
    fireEvent.change(document.querySelector('[name="outcome"]')!, { target: { value: 'callback' } });
    expect(screen.getByTestId('callback-zone').textContent).toBe('hora del deudor (Bogotá)');
    const input = document.querySelector('[name="callbackAt"]') as HTMLInputElement;
    expect(input.min).toBe('2026-12-07T09:30');
    fireEvent.change(input, { target: { value: '2026-12-09T10:00' } });
    expect(screen.getByTestId('callback-your-time').textContent).toMatch(/\(su hora\)$/);
    fireEvent.click(screen.getByRole('button', { name: 'Guardar gestión' }));
    await waitFor(() => expect(f.disposed).toHaveLength(1));
    expect(f.disposed[0]!.body.callbackAt).toBe('2026-12-09T15:00:00.000Z');
  });

  it("shows a refused callback as the server's sentence in the user's language, without a JSON pointer or UTC", async () => {
    const i18n = {
      es: 'Fuera del horario permitido. Próxima hora permitida: miércoles, 9 de diciembre, 07:00 (hora del deudor, Bogotá).',
      en: "Outside allowed hours. Next allowed: Wednesday, December 9 at 07:00 (debtor's time, Bogotá).",
    };
    const f = makeStore(agentUser, {
      dispose: async () => Promise.reject(new ApiError(400, 'VALIDATION', '/callbackAt: Outside allowed hours (next allowed 2026-12-09T12:00:00.000Z)', '/callbackAt', i18n)),
    });
    renderWith(f.store, <DispositionPanel />);
    await act(() => f.store.getState().onScreenPop(pop));
    await screen.findByRole('form', { name: 'Gestión' });
    fireEvent.change(document.querySelector('[name="outcome"]')!, { target: { value: 'callback' } });
    fireEvent.change(document.querySelector('[name="callbackAt"]')!, { target: { value: '2026-12-08T22:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Guardar gestión' }));
    const alert = await screen.findByText(/Próxima hora permitida/);
    expect(alert.textContent).toBe(i18n.es);
    expect(document.body.textContent).not.toMatch(/\/callbackAt|T12:00:00|Z\)/);
  });
});

describe('wallboard', () => {
  it('flags an agent in wrap-up longer than the campaign wrap-up time', () => {
    const f = makeStore({ ...agentUser, role: 'supervisor', sipEndpoint: null });
    const stats: CampaignLiveStats = {
      campaignId: 'c1',
      name: 'Mora temprana',
      status: 'running',
      settings: { ...DEFAULT_PACING, wrapUpSeconds: 30 },
      effectiveMode: 'progressive',
      linesPerAgent: 1,
      agentsLoggedIn: 2,
      callsRinging: 0,
      callsWaiting: 0,
      today: { attempts: 0, liveAnswers: 0, abandoned: 0, rightPartyContacts: 0, promises: 0, promisedAmount: {}, contactsByHour: Array.from({ length: 24 }, () => 0) },
      abandonRateToday: 0,
      abandonRateRolling: 0,
      contactRate: 0,
      at: NOW.toISOString(),
    };
    f.store.setState({ wallboard: { agents: {}, campaigns: { c1: stats }, updatedAt: null } });
    f.store.getState().onWallboardAgents([
      { agentId: 'a1', name: 'Ana', state: 'wrapping', since: '2026-12-07T14:29:00.000Z', campaignId: 'c1', pauseReason: null, callId: 'x1' }, // 60 s
      { agentId: 'a2', name: 'Beto', state: 'wrapping', since: '2026-12-07T14:29:50.000Z', campaignId: 'c1', pauseReason: null, callId: 'x2' }, // 10 s
    ]);
    renderWith(f.store, <Wallboard />);
    const rows = screen.getAllByRole('row');
    const ana = rows.find((r) => r.textContent?.includes('Ana'))!;
    const beto = rows.find((r) => r.textContent?.includes('Beto'))!;
    expect(within(ana).getByTestId('wrapup-overrun').textContent).toBe('Cierre excedido');
    expect(within(beto).queryByTestId('wrapup-overrun')).toBeNull();
  });
});

function fakeApi(): Parameters<typeof createAppStore>[0]['api'] {
  return {
    login: async () => ({ token: 't', expiresAt: '2026-12-08T00:00:00Z', user: agentUser }),
    me: async () => agentUser,
    sip: async () => ({ endpoint: 'agent1', domain: 'pbx.test', wsUrl: 'wss://pbx.test/ws', password: 'x' }),
    logout: async () => undefined,
    campaigns: async () => [],
    debtor: async () => debtor,
    history: async () => history,
    dispose: async () => Promise.reject(new Error('not used')),
    shift: async () => ({ status: null, call: null }),
    request: async () => Promise.reject(new Error('not used')),
  };
}
