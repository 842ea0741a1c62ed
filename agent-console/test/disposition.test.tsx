import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { addDays, todayIn } from '@cobranza/domain/format/index';
import { DispositionPanel } from '../src/features/disposition/DispositionPanel.js';
import { debtor, makeStore, nb, renderWith, agentUser } from './fixtures.js';

afterEach(cleanup);

const pop = { callId: 'call-9', agentId: agentUser.id, campaignId: null, debtorId: debtor.id, e164Masked: '+57 *** *** 4567', via: 'dialer' as const, at: new Date().toISOString() };
const today = todayIn('America/Bogota');

async function open() {
  const f = makeStore();
  renderWith(f.store, <DispositionPanel />);
  await act(() => f.store.getState().onScreenPop(pop));
  await screen.findByRole('form', { name: 'Gestión' });
  return f;
}
const field = (name: string) => document.querySelector(`[name="${name}"]`) as HTMLInputElement;
const change = (name: string, value: string) => fireEvent.change(field(name), { target: { value } });

describe('disposition form', () => {
  it('refuses a promise below the strategy minimum and saves a valid one with wrapup_done', async () => {
    const { store, disposed, agentCommands } = await open();
    change('outcome', 'promise_to_pay');
    change('amount', '150000');
    // Checked as soon as the amount is typed, before any date.
    expect(nb(screen.getByRole('alert').textContent)).toContain('El monto mínimo es $ 200.000,00 (20 % del saldo)');
    change('dueDate', addDays(today, 10));
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Guardar gestión' }));
    expect(disposed).toHaveLength(0);

    change('amount', '250000,50');
    change('dueDate', addDays(today, 31));
    expect(screen.getByRole('alert').textContent).toContain('30 días');
    change('dueDate', addDays(today, 30));
    change('reason', 'will_pay_month_end');
    fireEvent.click(screen.getByRole('button', { name: 'Guardar gestión' }));
    await waitFor(() => expect(disposed).toHaveLength(1));
    expect(disposed[0]).toEqual({
      callId: 'call-9',
      body: {
        outcome: 'promise_to_pay',
        reason: 'will_pay_month_end',
        accountId: debtor.accounts[0]!.id,
        promise: { accountId: debtor.accounts[0]!.id, amount: 250000.5, dueDate: addDays(today, 30) },
      },
    });
    await waitFor(() => expect(agentCommands).toEqual([{ command: 'wrapup_done' }]));
    expect(store.getState().call.pop).toBeNull();
  });

  it('computes and shows the instalment schedule with exact cents and refuses too many instalments', async () => {
    const { disposed } = await open();
    change('outcome', 'payment_plan');
    change('instalments', '7');
    change('firstDueDate', addDays(today, 5));
    expect(screen.getByRole('alert').textContent).toContain('Máximo 6 cuotas');
    change('instalments', '3');
    const rows = Array.from(screen.getByTestId('schedule').querySelectorAll('tbody tr')).map((r) => nb(r.lastElementChild?.textContent));
    expect(rows).toEqual(['$ 333.333,34', '$ 333.333,33', '$ 333.333,33']);
    fireEvent.click(screen.getByRole('button', { name: 'Guardar gestión' }));
    await waitFor(() => expect(disposed).toHaveLength(1));
    expect(disposed[0]!.body.promise).toEqual({
      accountId: debtor.accounts[0]!.id,
      amount: 1000000,
      dueDate: addDays(today, 5),
      plan: { kind: 'instalments', count: 3, frequency: 'monthly' },
    });
  });

  it('offers a settlement up to the maximum discount and shows what is to pay', async () => {
    await open();
    change('outcome', 'settlement');
    change('discountPct', '35');
    change('dueDate', addDays(today, 3));
    expect(screen.getByRole('alert').textContent).toContain('El descuento máximo es 30 %');
    change('discountPct', '30');
    expect(nb(screen.getByTestId('settlement-pay').textContent)).toContain('$ 700.000,00');
  });

  it('requires an outcome and a future callback time; wrong number says the phone will be marked', async () => {
    const { disposed } = await open();
    fireEvent.click(screen.getByRole('button', { name: 'Guardar gestión' }));
    expect(screen.getByRole('alert').textContent).toBe('Obligatorio');
    change('outcome', 'callback');
    change('callbackAt', '2020-01-01T10:00');
    expect(screen.getByRole('alert').textContent).toBe('Debe ser en el futuro');
    change('outcome', 'wrong_number');
    // the status in words, not its code
    expect(screen.getByTestId('marks-phone').textContent).toBe('Se marcará el teléfono como número equivocado');
    fireEvent.click(screen.getByRole('button', { name: 'Guardar gestión' }));
    await waitFor(() => expect(disposed[0]?.body.outcome).toBe('wrong_number'));
  });

  it('shows the wrap-up countdown from the campaign wrap-up time', async () => {
    const { store } = await open();
    act(() =>
      store.getState().onAgentStatus({ agentId: agentUser.id, name: 'Laura', state: 'wrapping', since: new Date().toISOString(), campaignId: null, pauseReason: null, callId: 'call-9' }),
    );
    await waitFor(() => expect(screen.getByTestId('wrapup-countdown').textContent).toMatch(/Tiempo de cierre: (1:00|0:59)/));
  });
});
