import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { CampaignLiveStats } from '@cobranza/contracts';
import { DEFAULT_PACING } from '@cobranza/contracts/api/campaigns';
import { Wallboard } from '../src/features/wallboard/Wallboard.js';
import { PreviewPanel } from '../src/features/preview/PreviewPanel.js';
import { debtor, makeStore, renderWith, agentUser } from './fixtures.js';

afterEach(cleanup);

const supervisor = { ...agentUser, id: 'cccccccc-cccc-4ccc-8ccc-cccccccccccc', role: 'supervisor' as const, name: 'Ana' };
const campaignId = 'dddddddd-dddd-4ddd-8ddd-dddddddddddd';
const stats: CampaignLiveStats = {
  campaignId,
  name: 'Mora temprana',
  status: 'running',
  settings: { ...DEFAULT_PACING, abandonTarget: 0.03 },
  effectiveMode: 'progressive',
  linesPerAgent: 1.5,
  agentsLoggedIn: 3,
  callsRinging: 4,
  callsWaiting: 1,
  today: { attempts: 200, liveAnswers: 80, abandoned: 4, rightPartyContacts: 55, promises: 12, promisedAmount: { COP: 3500000 }, contactsByHour: Array.from({ length: 24 }, (_, h) => (h === 10 ? 30 : h > 7 && h < 19 ? 5 : 0)) },
  abandonRateToday: 0.05,
  abandonRateRolling: 0.021,
  contactRate: 0.4,
  at: new Date().toISOString(),
};
const ago = (s: number) => new Date(Date.now() - s * 1000).toISOString();

describe('wallboard', () => {
  it('shows agents by state with time in state, campaign stats against the cap, and sends pacing changes', async () => {
    const { store, campaignCommands, supervisorCommands } = makeStore(supervisor);
    renderWith(store, <Wallboard />);
    act(() => {
      store.getState().onWallboardAgents([
        { agentId: 'a1', name: 'Laura', state: 'talking', since: ago(75), campaignId, pauseReason: null, callId: 'c1' },
        { agentId: 'a2', name: 'Pedro', state: 'ready', since: ago(5), campaignId, pauseReason: null, callId: null },
        { agentId: 'a3', name: 'Sofía', state: 'paused', since: ago(600), campaignId, pauseReason: 'lunch', callId: null },
      ]);
      store.getState().onWallboardCampaign(stats);
    });
    expect(screen.getByTestId('count-talking').textContent).toBe('1');
    expect(screen.getByTestId('count-paused').textContent).toBe('1');
    const rows = within(screen.getByTestId('agents-table')).getAllByRole('row').slice(1) as HTMLTableRowElement[];
    expect(rows.map((r) => r.cells[0]?.textContent)).toEqual(['Laura', 'Pedro', 'Sofía']);
    expect(rows[0]!.cells[2]?.textContent).toMatch(/^1:1[3-6]$/);
    expect(rows[2]!.cells[1]?.textContent).toBe('En pausa · Almuerzo');
    const card = screen.getByTestId(`campaign-${campaignId}`);
    expect(within(card).getByTestId('dial-mode').textContent).toBe('Progresivo (Predictivo)');
    expect(within(card).getByTestId('abandon-today').className).toContain('bad');
    expect(within(card).getByTestId('calls-ringing').textContent).toBe('4');
    expect(within(card).getByTestId('promises').textContent).toBe('12');
    expect(card.querySelector('rect.bar.top title')?.textContent).toBe('10: 30');

    fireEvent.click(within(rows[0]!).getByRole('button', { name: 'Escuchar' }));
    expect(supervisorCommands).toEqual([{ agentId: 'a1', command: 'listen' }]);
    expect(within(rows[1]!).getByRole('button', { name: 'Susurrar' })).toHaveProperty('disabled', true);

    fireEvent.change(card.querySelector('[name="mode"]')!, { target: { value: 'preview' } });
    fireEvent.change(card.querySelector('[name="abandonTarget"]')!, { target: { value: '9' } });
    expect(within(card).getByRole('button', { name: 'Aplicar' })).toHaveProperty('disabled', true);
    fireEvent.change(card.querySelector('[name="abandonTarget"]')!, { target: { value: '2.5' } });
    fireEvent.change(card.querySelector('[name="maxLinesPerAgent"]')!, { target: { value: '2' } });
    fireEvent.click(within(card).getByRole('button', { name: 'Aplicar' }));
    await waitFor(() => expect(campaignCommands).toHaveLength(1));
    expect(campaignCommands[0]).toEqual({ campaignId, command: 'settings', settings: { mode: 'preview', abandonTarget: 0.025, maxLinesPerAgent: 2 } });
    fireEvent.click(within(card).getByRole('button', { name: 'Pausa' }));
    await waitFor(() => expect(campaignCommands[1]).toEqual({ campaignId, command: 'pause' }));
  });
});

describe('wallboard abandon window', () => {
  it("names the campaign's own window and measures against the cap pacing holds to (a UK campaign: 24 h, a lower jurisdiction cap)", () => {
    const { store } = makeStore(supervisor);
    renderWith(store, <Wallboard />);
    act(() => {
      store.getState().onWallboardCampaign({ ...stats, abandonRateToday: 0.01, abandonRateRolling: 0.027, abandonWindowHours: 24, abandonCap: 0.025 });
    });
    const card = screen.getByTestId(`campaign-${campaignId}`);
    expect(within(card).getAllByText('Abandono estimado (24 h)').length).toBeGreaterThan(0);
    expect(within(card).getByTestId('abandon-rolling').className).toContain('bad'); // 2.7 % over the 2.5 % in force
    act(() => {
      store.getState().onWallboardCampaign({ ...stats, abandonRateToday: 0.01, abandonRateRolling: 0.027, abandonWindowHours: 720, abandonCap: 0.03 });
    });
    expect(within(card).getAllByText('Abandono estimado (30 d)').length).toBeGreaterThan(0);
    expect(within(card).getByTestId('abandon-rolling').className).not.toContain('bad');
  });
});

describe('preview mode', () => {
  it('shows the next debtor before dialing, dials a chosen phone, and skips only with a reason', async () => {
    const { store, agentCommands } = makeStore();
    renderWith(store, <PreviewPanel />);
    await act(() =>
      store.getState().onScreenPop({ callId: 'prev-1', agentId: agentUser.id, campaignId, debtorId: debtor.id, e164Masked: '+57 *** *** 4567', via: 'preview', at: new Date().toISOString() }),
    );
    const panel = await screen.findByTestId('preview');
    const skip = within(panel).getByRole('button', { name: 'Omitir' });
    expect(skip).toHaveProperty('disabled', true);
    fireEvent.change(panel.querySelector('[name="previewPhone"]')!, { target: { value: debtor.phones[1]!.id } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Marcar' }));
    await waitFor(() => expect(agentCommands[0]).toEqual({ command: 'dial', phoneId: debtor.phones[1]!.id, debtorId: debtor.id }));
    fireEvent.change(panel.querySelector('[name="skipReason"]')!, { target: { value: 'dispute_in_progress' } });
    fireEvent.click(skip);
    await waitFor(() => expect(agentCommands[1]).toEqual({ command: 'skip', reason: 'dispute_in_progress', debtorId: debtor.id }));
    await waitFor(() => expect(screen.queryByTestId('preview')).toBeNull());
  });
});
