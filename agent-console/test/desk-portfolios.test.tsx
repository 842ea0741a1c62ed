// The import wizard against a fake API answering as the import routes do (preview, import, history).
process.env.TZ = 'America/Bogota';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
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
      history.unshift({ id: 'i0000000-0000-4000-8000-000000000001', portfolioId: PORTFOLIO, filename: 'octubre.csv', status: 'completed', totalRows: 2, accepted: 1, rejected: 1, error: null, startedAt: '2026-12-07T14:29:00.000Z', finishedAt: '2026-12-07T14:29:05.000Z', createdByEmail: admin.email });
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
    expect(within(history).getAllByRole('row')[1]!.textContent).toMatch(/9:29.*octubre\.csv.*ana@example\.com.*Completada/);
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
});
