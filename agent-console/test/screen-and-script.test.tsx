import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { ScreenPop } from '../src/features/screen-pop/ScreenPop.js';
import { ScriptPanel } from '../src/features/script/ScriptPanel.js';
import { debtor, makeStore, nb, renderWith, agentUser } from './fixtures.js';

// The fixture's account fell due on 2026-10-01: on this day (10:00 in Bogotá) it is 53 days past due.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-23T15:00:00Z'));
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const pop = { callId: 'call-1', agentId: agentUser.id, campaignId: null, debtorId: debtor.id, e164Masked: '+57 *** *** 4567', via: 'dialer' as const, at: new Date().toISOString() };

describe('screen pop and script', () => {
  it('pops the debtor with masked id, balances in COP, days past due, documents and history', async () => {
    const { store } = makeStore();
    renderWith(store, <ScreenPop />);
    expect(screen.getByText('Esperando llamada…')).toBeTruthy();
    await act(() => store.getState().onScreenPop(pop));
    const card = await screen.findByTestId('screen-pop');
    expect(within(card).getByTestId('debtor-name').textContent).toBe('María Gómez');
    expect(within(card).getByTestId('debtor-id').textContent).toBe('*******050');
    const text = nb(card.textContent);
    expect(text).toContain('$ 1.000.000,00');
    expect(text).toContain('$ 150.000,00');
    expect(Array.from(card.querySelectorAll('td.num')).map((td) => td.textContent)).toContain('53');
    expect(text).toContain('Extracto octubre');
    expect(text).toContain('Mora 31–60');
    await waitFor(() => expect(within(card).getByTestId('history').textContent).toContain('incumplida'));
    expect(card.textContent).not.toMatch(/3001234567/);
  });

  it('renders the segment script with the debtor variables and a branch per reason', async () => {
    const { store } = makeStore();
    renderWith(store, <ScriptPanel />);
    await act(() => store.getState().onScreenPop(pop));
    const panel = await screen.findByTestId('script');
    const text = nb(panel.textContent);
    expect(text).toContain('¿hablo con María Gómez? Le habla Laura Pérez.');
    expect(text).toContain('María, su saldo es $ 1.000.000,00 con 53 días de mora desde el 1 de octubre de 2026. El pago mínimo es $ 150.000,00.');
    const reasons = Array.from(panel.querySelectorAll('details')).map((d) => d.getAttribute('data-reason'));
    expect(reasons).toEqual([
      'already_paid',
      'does_not_recognise_debt',
      'never_got_bill',
      'no_money_lost_job',
      'will_pay_month_end',
      'holder_not_here',
      'payment_already_sent',
      'lost_payment_slip',
    ]);
    expect(text).toContain('Perdió el recibo de pago');
    expect(text).toContain('Le enviamos un nuevo recibo por $ 150.000,00.');
  });

  it('switches the labels to English and shows a broken script error naming the variable', async () => {
    const { store } = makeStore();
    const broken = { ...debtor, script: { ...debtor.script!, body: { ...debtor.script!.body, body: 'Saldo {{saldo_total}}' } } };
    store.setState({ lang: 'en' });
    renderWith(store, <ScriptPanel />);
    await act(async () => {
      store.setState({ call: { pop, popReceivedAt: 0, debtor: broken, debtorLoadedAt: 0, history: [], loading: false, error: null, status: 'bridged' } });
    });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('The script has an error');
    expect(alert.textContent).toContain('unknown variable {{saldo_total}}');
  });
});
