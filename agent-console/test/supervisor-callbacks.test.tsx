// The supervisor's callbacks due, beside the wallboard's campaign cards: asked up to the supervisor's midnight,
// each on the debtor's clock with the city, overdue ones flagged, and an empty list that says why.
process.env.TZ = 'America/Bogota'; // the supervisor's zone: "today" ends at Bogotá's midnight
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CallbackDue, CallbacksDue } from '@cobranza/contracts/api/callbacks';
import type { HttpMethod } from '../src/api/client.js';
import { CallbacksPanel } from '../src/features/supervisor/CallbacksPanel.js';
import { fixClock, makeStore, nb, renderWith, supervisorUser } from './fixtures.js';

// 09:30 in Bogotá
const NOW = new Date('2026-12-07T14:30:00.000Z');
fixClock(NOW);

const cb = (id: string, at: string, o: Partial<CallbackDue> = {}): CallbackDue => ({
  id: `c0000000-0000-4000-8000-00000000000${id}`,
  callbackAt: at,
  overdue: Date.parse(at) < NOW.getTime(),
  debtor: { id: `d0000000-0000-4000-8000-00000000000${id}`, name: 'Rosa Díaz', timeZone: 'America/Bogota' },
  account: { id: 'a0000000-0000-4000-8000-000000000001', externalId: 'TC-1001' },
  agent: { id: 'a0000000-0000-4000-8000-000000000009', name: 'Laura Pérez' },
  campaign: { id: 'e0000000-0000-4000-8000-000000000001', name: 'Mora temprana' },
  reason: null,
  notes: null,
  bookedAt: '2026-12-06T20:00:00.000Z',
  ...o,
});

function fakeApi(items: CallbackDue[], total = items.length) {
  const asked: string[] = [];
  const request = async <T,>(method: HttpMethod, path: string): Promise<T> => {
    if (method === 'GET' && path.startsWith('/callbacks/due')) {
      asked.push(path);
      const body: CallbacksDue = { items, total, overdue: items.filter((i) => i.overdue).length, until: '2026-12-08T05:00:00.000Z', at: NOW.toISOString() };
      return body as T;
    }
    throw new Error(`unexpected ${method} ${path}`);
  };
  return { asked, request };
}

describe('callbacks due', () => {
  it('asks for the callbacks due by the supervisor’s midnight and shows each on the debtor’s clock, overdue first', async () => {
    const api = fakeApi([
      // booked for 08:00 in Bogotá: an hour and a half ago
      cb('1', '2026-12-07T13:00:00.000Z', { notes: 'Después de la reunión', reason: 'holder_not_here' }),
      // a debtor in Mexico City (UTC-6) to be called at 10:15 on their clock = 16:15 UTC, in 1 h 45 min
      cb('2', '2026-12-07T16:15:00.000Z', { debtor: { id: 'd0000000-0000-4000-8000-000000000002', name: 'Luis Mora', timeZone: 'America/Mexico_City' }, agent: null, campaign: null }),
    ]);
    renderWith(makeStore(supervisorUser, { request: api.request }).store, <CallbacksPanel />);
    const rows = await screen.findAllByRole('row');
    expect(decodeURIComponent(api.asked[0]!)).toBe('/callbacks/due?until=2026-12-08T05:00:00.000Z');
    expect(nb(screen.getByTestId('callbacks-counts').textContent)).toBe('(2 pendientes · 1 vencidas)');
    expect(rows.map((r) => nb(r.textContent))).toEqual([
      'Hora del deudorDeudorAgendóCampaña',
      '08:00 (Bogotá)vencida hace 1 h 30 minRosa Díaz · TC-1001El titular no está — Después de la reuniónLaura PérezMora temprana',
      '10:15 (Ciudad de México)en 1 h 45 minLuis Mora · TC-1001sin agentesin campaña',
    ]);
    expect(rows[1]!.className).toBe('overdue');
    expect(within(rows[1]!).getByText('vencida hace 1 h 30 min').className).toBe('chip bad');
  });

  it('shows the date of an overdue callback from another day', async () => {
    renderWith(makeStore(supervisorUser, { request: fakeApi([cb('3', '2026-12-05T20:00:00.000Z')]).request }).store, <CallbacksPanel />);
    const cell = ((await screen.findAllByRole('row'))[1] as HTMLTableRowElement).cells[0]!;
    expect(nb(cell.textContent)).toBe('sáb, 5 de dic, 15:00 (Bogotá)vencida hace 1 d 18 h');
  });

  it('says why the list is empty, and that a long list is cut, in English too', async () => {
    const { store } = makeStore(supervisorUser, { request: fakeApi([]).request });
    renderWith(store, <CallbacksPanel />);
    expect((await screen.findByTestId('callbacks-empty')).textContent).toBe(
      'Ninguna llamada de vuelta pendiente: los agentes no han agendado devoluciones que venzan antes de medianoche, o ya se hicieron todas.',
    );
    store.getState().setLang('en');
    await waitFor(() => expect(screen.getByTestId('callbacks-empty').textContent).toMatch(/^No callbacks due: agents have booked none/));
  });

  it('says when more are due than shown', async () => {
    renderWith(makeStore(supervisorUser, { request: fakeApi([cb('1', '2026-12-07T13:00:00.000Z')], 250).request }).store, <CallbacksPanel />);
    expect(await screen.findByText('Se muestran las 1 más antiguas de 250.')).toBeTruthy();
  });
});
