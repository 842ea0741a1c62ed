// The import wizard against a fake API answering as the import routes do (preview, import, history).
process.env.TZ = 'America/Bogota';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { ImportProgressEvent } from '@cobranza/contracts';
import { describe, expect, it } from 'vitest';
import type { ImportPreview, ImportSummary } from '@cobranza/contracts/api/imports';
import { API_BASE, type HttpMethod } from '../src/api/client.js';
import { PortfoliosScreen } from '../src/desk/portfolios/PortfoliosScreen.js';
import { adminUser, fixClock, makeStore, renderWith } from './fixtures.js';

const NOW = new Date('2026-12-07T14:30:00.000Z');
fixClock(NOW);

const admin = adminUser;
const PORTFOLIO = 'p0000000-0000-4000-8000-000000000001';
const preview: ImportPreview = {
  columns: [
    { header: 'tipo_documento', column: 'document_type' },
    { header: 'saldo', column: 'balance' },
    { header: 'color', column: null },
  ],
  headerError: null,
  rows: [
    { line: 2, values: ['CC', '1000', 'azul'], errors: [] },
    { line: 3, values: ['CC', 'mucho', 'rojo'], errors: [{ column: 'balance', reason: 'balance: not a number' }] },
  ],
};

function fakeApi(opts: { preview?: ImportPreview; portfolios?: unknown[] } = {}) {
  const history: ImportSummary[] = [];
  const calls: { method: HttpMethod; path: string; body: unknown }[] = [];
  const request = async <T,>(method: HttpMethod, path: string, body?: unknown): Promise<T> => {
    calls.push({ method, path, body });
    const r = (x: unknown) => x as T;
    if (path === '/portfolios') return r({ items: opts.portfolios ?? [{ id: PORTFOLIO, name: 'Banco Andino', country: 'CO', currency: 'COP' }] });
    if (method === 'GET' && path === `/portfolios/${PORTFOLIO}/imports`) return r({ items: [...history] });
    if (path.startsWith(`/portfolios/${PORTFOLIO}/imports/preview?`)) return r(opts.preview ?? preview);
    if (method === 'POST' && path.startsWith(`/portfolios/${PORTFOLIO}/imports?`)) {
      history.unshift({ id: 'i0000000-0000-4000-8000-000000000001', portfolioId: PORTFOLIO, filename: 'octubre.csv', kind: 'portfolio', status: 'completed', totalRows: 2, accepted: 1, rejected: 1, error: null, startedAt: '2026-12-07T14:29:00.000Z', finishedAt: '2026-12-07T14:29:05.000Z', createdByEmail: admin.email });
      return r({ importId: 'i0000000-0000-4000-8000-000000000001', status: 'completed', totalRows: 2, accepted: 1, rejected: 1, rejects: [{ line: 3, column: 'balance', value: 'mucho', reason: 'balance: not a number' }] });
    }
    throw new Error(`unexpected ${method} ${path}`);
  };
  return { calls, request };
}

const csvFile = () => new File(['tipo_documento,saldo,color\nCC,1000,azul\nCC,mucho,rojo\n'], 'octubre.csv', { type: 'text/csv' });

async function open(api = fakeApi()) {
  const f = makeStore(admin, { request: api.request });
  renderWith(f.store, <PortfoliosScreen />);
  await screen.findByRole('region', { name: 'Importar cartera' });
  return f;
}

describe('portfolio import wizard', () => {
  it('previews the mapping and first rows, imports, shows the counts, the rejects and their CSV, and the history', async () => {
    const api = fakeApi();
    await open(api);
    expect(await screen.findByText(/no tiene importaciones todavía/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('1. Archivo CSV de la cartera'), { target: { files: [csvFile()] } });
    const p = await screen.findByTestId('import-preview');
    const sent = api.calls.find((c) => c.path.includes('/preview'))!;
    expect(sent.path).toContain('filename=octubre.csv');
    expect(sent.body).toBeInstanceOf(File); // the file itself, not JSON
    const rows = within(p).getAllByRole('row').slice(1).map((r) => [...r.children].map((c) => c.textContent));
    expect(rows).toEqual([
      ['tipo_documento', 'document_type', 'CC', 'CC'],
      ['saldo', 'balance', '1000', 'mucho'],
      ['color', 'no reconocida', 'azul', 'rojo'],
    ]);
    expect(within(p).getByText('1 de las primeras 2 filas se rechazarían:')).toBeTruthy();
    expect(within(p).getByText('Línea 3 · balance: balance: not a number')).toBeTruthy();
    fireEvent.click(within(p).getByRole('button', { name: '3. Importar' }));
    const result = await screen.findByTestId('import-result');
    expect([...result.querySelectorAll('dd')].map((d) => d.textContent)).toEqual(['2', '1', '1']);
    expect(within(result).getByRole('link', { name: 'Descargar rechazos (CSV)' }).getAttribute('href')).toBe(`${API_BASE}/imports/i0000000-0000-4000-8000-000000000001/rejects.csv`);
    expect(within(result).getAllByRole('row')[1]!.textContent).toContain('mucho');
    const history = screen.getByRole('region', { name: 'Historial de importaciones' });
    await waitFor(() => expect(within(history).getAllByRole('row')).toHaveLength(2));
    // 14:29Z is 09:29 in Bogotá, labelled
    expect(within(history).getAllByRole('row')[1]!.textContent).toMatch(/9:29.*Cartera.*octubre\.csv.*ana@example\.com.*Completada/);
    expect(within(history).getByRole('columnheader', { name: 'Cuándo (America/Bogota)' })).toBeTruthy();
  });

  it('a header the import would refuse is said before importing, and the import button stays off', async () => {
    await open(fakeApi({ preview: { ...preview, headerError: 'line 1 (header): unknown column(s): color' } }));
    fireEvent.change(screen.getByLabelText('1. Archivo CSV de la cartera'), { target: { files: [csvFile()] } });
    const p = await screen.findByTestId('import-preview');
    expect(within(p).getByRole('alert').textContent).toContain('El archivo no se puede importar así:');
    expect((within(p).getByRole('button', { name: '3. Importar' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('no portfolios: says why there is nothing to import into', async () => {
    const f = makeStore(admin, { request: fakeApi({ portfolios: [] }).request });
    renderWith(f.store, <PortfoliosScreen />);
    expect(await screen.findByText(/No hay carteras/)).toBeTruthy();
  });

  it("shows the server's progress while the import runs, for this upload only", async () => {
    let finish: (v: unknown) => void = () => {};
    const api = fakeApi();
    const request = async <T,>(method: HttpMethod, path: string, body?: unknown): Promise<T> => {
      if (method === 'POST' && path.startsWith(`/portfolios/${PORTFOLIO}/imports?`)) {
        api.calls.push({ method, path, body });
        return new Promise<T>((resolve) => (finish = resolve as (v: unknown) => void));
      }
      return api.request<T>(method, path, body);
    };
    const f = makeStore(admin, { request });
    renderWith(f.store, <PortfoliosScreen />);
    fireEvent.change(await screen.findByLabelText('1. Archivo CSV de la cartera'), { target: { files: [csvFile()] } });
    fireEvent.click(within(await screen.findByTestId('import-preview')).getByRole('button', { name: '3. Importar' }));
    const bar = await screen.findByTestId('import-progress');
    expect(within(bar).getByRole('status').textContent).toBe('Enviando el archivo…');
    const ref = /[?&]ref=([\w-]+)/.exec(api.calls.at(-1)!.path)![1]!;
    const progress = (p: Partial<ImportProgressEvent>) => act(() => f.store.getState().onImportProgress({ ref, portfolioId: PORTFOLIO, kind: 'portfolio', phase: 'reading', rows: 0, bytes: 0, totalBytes: 1000, ...p }));
    progress({ ref: 'someone-elses', bytes: 900, rows: 9000 });
    expect(within(bar).getByRole('status').textContent).toBe('Enviando el archivo…');
    progress({ bytes: 450, rows: 12000 });
    expect(within(bar).getByRole('status').textContent).toBe('Leyendo y revisando el archivo: 45 % (12.000 filas)');
    expect(bar.querySelector('progress')!.getAttribute('value')).toBe('45');
    progress({ phase: 'merging', bytes: 1000, rows: 26000 });
    expect(within(bar).getByRole('status').textContent).toBe('Guardando 26.000 filas en la cartera…');
    expect(bar.querySelector('progress')!.hasAttribute('value')).toBe(false); // under way, no made-up figure
    progress({ phase: 'reading', bytes: 500, rows: 100 }); // a late event does not move it back
    expect(within(bar).getByRole('status').textContent).toBe('Guardando 26.000 filas en la cartera…');
    act(() => f.store.getState().setLang('en'));
    expect(within(bar).getByRole('status').textContent).toBe('Saving 26,000 rows into the portfolio…');
    await act(async () => finish({ importId: 'i1', status: 'completed', totalRows: 2, accepted: 2, rejected: 0, rejects: [] }));
    expect(await screen.findByTestId('import-result')).toBeTruthy();
    expect(screen.queryByTestId('import-progress')).toBeNull();
  });

  it('imports a payments file: preview, new and already recorded payments, rejects, and the history says Pagos', async () => {
    const history: ImportSummary[] = [];
    const calls: string[] = [];
    const payPreview: ImportPreview = {
      columns: [
        { header: 'id_cuenta', column: 'external_id' },
        { header: 'valor', column: 'amount' },
        { header: 'fecha_pago', column: 'paid_on' },
      ],
      headerError: null,
      rows: [
        { line: 2, values: ['TC-1', '50000', '2026-12-01'], errors: [] },
        { line: 3, values: ['TC-9', '-5', '2026-12-01'], errors: [{ column: 'amount', reason: 'amount: must be greater than 0' }] },
      ],
    };
    const request = async <T,>(method: HttpMethod, path: string): Promise<T> => {
      calls.push(`${method} ${path}`);
      const r = (x: unknown) => x as T;
      if (path === '/portfolios') return r({ items: [{ id: PORTFOLIO, name: 'Banco Andino', country: 'CO', currency: 'COP' }] });
      if (method === 'GET' && path === `/portfolios/${PORTFOLIO}/imports`) return r({ items: [...history] });
      if (path.startsWith(`/portfolios/${PORTFOLIO}/payment-imports/preview?`)) return r(payPreview);
      if (method === 'POST' && path.startsWith(`/portfolios/${PORTFOLIO}/payment-imports?`)) {
        history.unshift({ id: 'i0000000-0000-4000-8000-000000000002', portfolioId: PORTFOLIO, filename: 'pagos.csv', kind: 'payments', status: 'completed', totalRows: 2, accepted: 1, rejected: 1, error: null, startedAt: '2026-12-07T14:29:00.000Z', finishedAt: '2026-12-07T14:29:01.000Z', createdByEmail: admin.email });
        return r({ importId: 'i0000000-0000-4000-8000-000000000002', status: 'completed', totalRows: 2, accepted: 1, rejected: 1, inserted: 1, alreadyRecorded: 0, warnings: [], promises: { checked: 3, kept: 1, broken: 0 }, rejects: [{ line: 3, column: 'amount', value: '-5', reason: 'amount: must be greater than 0' }] });
      }
      throw new Error(`unexpected ${method} ${path}`);
    };
    const f = makeStore(admin, { request });
    renderWith(f.store, <PortfoliosScreen />);
    const wizard = await screen.findByRole('region', { name: 'Importar pagos' });
    fireEvent.change(within(wizard).getByLabelText('1. Archivo CSV de pagos del acreedor'), { target: { files: [new File(['id_cuenta,valor,fecha_pago\n'], 'pagos.csv')] } });
    const p = await within(wizard).findByTestId('payments-preview');
    expect(within(p).getAllByRole('row').slice(1).map((r) => r.children[1]!.textContent)).toEqual(['external_id', 'amount', 'paid_on']);
    expect(within(p).getByText('Línea 3 · amount: amount: must be greater than 0')).toBeTruthy();
    fireEvent.click(within(p).getByRole('button', { name: '3. Importar pagos' }));
    const result = await within(wizard).findByTestId('payments-result');
    expect(calls.some((c) => /^POST \/portfolios\/[\w-]+\/payment-imports\?filename=pagos\.csv&ref=[\w-]+$/.test(c))).toBe(true);
    expect([...result.querySelectorAll('dt')].map((d) => d.textContent)).toEqual(['Filas', 'Aceptadas', 'Rechazadas', 'Pagos nuevos', 'Ya registrados']);
    expect([...result.querySelectorAll('dd')].map((d) => d.textContent)).toEqual(['2', '1', '1', '1', '0']);
    expect(within(result).getByText('Promesas revisadas: 3; cumplidas: 1; incumplidas: 0.')).toBeTruthy();
    expect(within(result).getByRole('link', { name: 'Descargar rechazos (CSV)' }).getAttribute('href')).toBe(`${API_BASE}/imports/i0000000-0000-4000-8000-000000000002/rejects.csv`);
    const list = screen.getByRole('region', { name: 'Historial de importaciones' });
    await waitFor(() => expect(within(list).getAllByRole('row')[1]!.textContent).toMatch(/Pagos.*pagos\.csv/));
  });
});
