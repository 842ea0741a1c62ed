// The segments editor against a fake API answering as api/src/routes/segment-set.ts does (shapes, problems).
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Portfolio, Segment, SegmentDraft, Strategy } from '@cobranza/contracts/api';
import { ApiError, type HttpMethod } from '../src/api/client.js';
import { SegmentsScreen } from '../src/desk/segments/SegmentsScreen.js';
import { adminUser, fixClock, makeStore, nb, renderWith } from './fixtures.js';

fixClock(new Date('2026-12-07T14:30:00.000Z'));

const seg = (n: number, code: string, name: string, rules: Segment['rules']): Segment => ({
  id: `5e000000-0000-4000-8000-00000000000${n}`,
  code,
  name,
  priority: n * 10,
  rules,
  strategyId: null,
  active: true,
  updatedAt: '2026-12-01T00:00:00Z',
});
const SEGMENTS = [seg(1, 'temprana', 'Mora temprana', { dpdMin: 1, dpdMax: 30 }), seg(2, 'resto', 'Resto', {})];
const PORTFOLIO = { id: 'p0000000-0000-4000-8000-000000000001', name: 'Banco Andino tarjetas', country: 'CO', currency: 'COP', creditorId: 'c', createdAt: '2026-11-01T00:00:00Z' } as Portfolio;
const NO_CATCH_ALL = { es: 'falta un segmento comodín (uno sin reglas): algunas cuentas quedarían sin segmento', en: 'no catch-all segment (one with no rules): some accounts would have no segment' };

function fakeServer() {
  const calls: { method: HttpMethod; path: string; body: unknown }[] = [];
  const request = async <T,>(method: HttpMethod, path: string, body?: unknown): Promise<T> => {
    calls.push({ method, path, body });
    const r = (x: unknown) => x as T;
    if (method === 'GET' && path === '/segments') return r({ items: SEGMENTS });
    if (method === 'GET' && path === '/strategies') return r({ items: [{ id: 'st1', name: 'Temprana suave' } as Strategy] });
    if (method === 'GET' && path === '/portfolios') return r({ items: [PORTFOLIO] });
    const drafts = (body as { segments: SegmentDraft[] }).segments;
    const last = drafts[drafts.length - 1];
    if (!last || Object.keys(last.rules).length > 0) {
      const p = { field: '/segments', reason: NO_CATCH_ALL.en, i18n: NO_CATCH_ALL };
      throw new ApiError(400, 'VALIDATION', p.reason, p.field, { es: `Segmentos: ${NO_CATCH_ALL.es}`, en: `Segments: ${NO_CATCH_ALL.en}` }, [p]);
    }
    const bad = drafts.findIndex((d) => d.rules.dpdMin !== undefined && d.rules.dpdMax !== undefined && d.rules.dpdMax < d.rules.dpdMin);
    if (bad >= 0) {
      const p = { field: `/segments/${bad}/rules/dpdMax`, reason: 'dpdMax must be at least dpdMin (10)', i18n: { es: 'el máximo debe ser al menos el mínimo (10)', en: 'dpdMax must be at least dpdMin (10)' } };
      throw new ApiError(400, 'VALIDATION', p.reason, p.field, undefined, [p]);
    }
    if (method === 'POST' && path === '/segments/preview') return r({ today: '2026-12-07', portfolioId: PORTFOLIO.id, total: 1500, counts: drafts.map((d, i) => ({ code: d.code, accounts: i === 0 ? 1234 : 266 })) });
    if (method === 'PUT' && path === '/segments') return r({ moved: 42 });
    throw new Error(`unexpected ${method} ${path}`);
  };
  return { calls, request };
}

async function open(server = fakeServer()) {
  const f = makeStore(adminUser, { request: server.request });
  renderWith(f.store, <SegmentsScreen />);
  await screen.findByRole('group', { name: /Segmento 1: Mora temprana/ });
  return { ...f, server };
}

const save = () => screen.getByRole('button', { name: 'Guardar' });
const countButton = () => screen.getByRole('button', { name: 'Calcular cuentas por segmento' });

// many fields typed one by one: slow on a loaded machine, not a hang
describe('segments editor', { timeout: 20_000 }, () => {
  it('shows how many accounts each segment would get before it can be saved, then saves the set in its order', async () => {
    const { server } = await open();
    expect(save()).toHaveProperty('disabled', true);
    expect(screen.getByText(/Calcule las cuentas antes de guardar/)).toBeTruthy();
    fireEvent.click(countButton());
    await waitFor(() => expect(nb(screen.getByTestId('segment-count-0').textContent)).toBe('1.234 cuentas'));
    expect(nb(screen.getByTestId('segment-count-1').textContent)).toBe('266 cuentas');
    expect(nb(screen.getByRole('status').textContent)).toContain('Total: 1.500 cuentas');
    expect(server.calls.at(-1)?.body).toMatchObject({ portfolioId: PORTFOLIO.id });
    // an edit makes the counts stale: they must be counted again before saving
    const first = screen.getByRole('group', { name: /Segmento 1/ });
    fireEvent.change(within(first).getByLabelText('Días de mora hasta'), { target: { value: '45' } });
    expect(screen.queryByTestId('segment-count-0')).toBeNull();
    expect(save()).toHaveProperty('disabled', true);
    fireEvent.click(countButton());
    await waitFor(() => expect(save()).toHaveProperty('disabled', false));
    fireEvent.click(save());
    await screen.findByText('Segmentos guardados; 42 cuentas cambiaron de segmento.');
    const put = server.calls.find((c) => c.method === 'PUT')!;
    expect(put.body).toEqual({
      segments: [
        { id: SEGMENTS[0]!.id, code: 'temprana', name: 'Mora temprana', priority: 10, rules: { dpdMin: 1, dpdMax: 45 }, strategyId: null },
        { id: SEGMENTS[1]!.id, code: 'resto', name: 'Resto', priority: 20, rules: {}, strategyId: null },
      ],
    });
  });

  it('a set without a catch-all is refused and the screen says why; nothing is saved', async () => {
    const { server, store } = await open();
    fireEvent.click(within(screen.getByRole('group', { name: /Segmento 2/ })).getByRole('button', { name: 'Quitar: Segmento 2: Resto' }));
    fireEvent.click(countButton());
    expect((await screen.findByTestId('segments-error')).textContent).toBe(NO_CATCH_ALL.es);
    expect(save()).toHaveProperty('disabled', true);
    expect(server.calls.some((c) => c.method === 'PUT')).toBe(false);
    // in English, the same reason in English
    act(() => store.getState().setLang('en'));
    fireEvent.click(screen.getByRole('button', { name: 'Count accounts per segment' }));
    await waitFor(() => expect(screen.getByTestId('segments-error').textContent).toBe(NO_CATCH_ALL.en));
  });

  it('puts a number typed wrong, and the server\'s reason, at the field, in the user\'s language', async () => {
    const { server, store } = await open();
    const first = () => screen.getByRole('group', { name: /Segmento 1/ });
    const dpdMax = () => within(first()).getByLabelText('Días de mora hasta');
    fireEvent.change(dpdMax(), { target: { value: 'treinta' } });
    const before = server.calls.length;
    fireEvent.click(countButton());
    await waitFor(() => expect(dpdMax().getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(`${dpdMax().id}-error`)!.textContent).toBe('debe ser un número');
    // the browser caught it: the server was not asked
    expect(server.calls.length).toBe(before);
    fireEvent.change(within(first()).getByLabelText('Días de mora desde'), { target: { value: '10' } });
    fireEvent.change(dpdMax(), { target: { value: '5' } });
    act(() => store.getState().setLang('en'));
    fireEvent.click(screen.getByRole('button', { name: 'Count accounts per segment' }));
    const field = () => within(screen.getByRole('group', { name: /Segment 1/ })).getByLabelText('Days past due to');
    await waitFor(() => expect(field().getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(`${field().id}-error`)!.textContent).toBe('dpdMax must be at least dpdMin (10)');
  });
});
