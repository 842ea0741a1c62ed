// The audit-log viewer against a fake API answering as GET /audit does (newest first, `before` pages back).
process.env.TZ = 'America/Bogota'; // the viewer's zone: times are shown there, labelled
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '@cobranza/contracts/api/audit';
import type { HttpMethod } from '../src/api/client.js';
import { AUDIT_PAGE_SIZE, AuditScreen } from '../src/desk/audit/AuditScreen.js';
import { auditDetails } from '../src/desk/audit/auditText.js';
import { adminUser, agentUser, fixClock, makeStore, renderWith, supervisorUser } from './fixtures.js';

const NOW = new Date('2026-12-07T14:30:00.000Z');
fixClock(NOW);

const admin = adminUser;
const sup = supervisorUser;
const CAMPAIGN = 'c0000000-0000-4000-8000-000000000001';

function entries(): AuditEntry[] {
  const list: AuditEntry[] = [
    { id: 1, at: '2026-12-07T13:00:00.000Z', userId: null, userEmail: null, action: 'login_failed', entity: 'user', entityId: null, details: { email: 'nadie@example.com' } },
    { id: 2, at: '2026-12-07T13:05:00.000Z', userId: sup.id, userEmail: sup.email, action: 'campaign.settings', entity: 'campaign', entityId: CAMPAIGN, details: { by: sup.email, changed: { abandonTarget: { from: 3, to: 2 } } } },
    { id: 3, at: '2026-12-07T13:10:00.000Z', userId: admin.id, userEmail: admin.email, action: 'import.create', entity: 'import', entityId: 'i0000000-0000-4000-8000-000000000009', details: { filename: 'octubre.csv', totalRows: 300, accepted: 289, rejected: 11 } },
    { id: 4, at: '2026-12-07T13:15:00.000Z', userId: admin.id, userEmail: admin.email, action: 'user.role_change', entity: 'user', entityId: agentUser.id, details: { from: 'agent', to: 'supervisor' } },
  ];
  // older filler logins so that there is more than one page
  for (let i = 0; i < AUDIT_PAGE_SIZE + 5; i++) list.unshift({ id: -1, at: '2026-12-06T12:00:00.000Z', userId: admin.id, userEmail: admin.email, action: 'login', entity: 'user', entityId: admin.id, details: { ip: '127.0.0.1' } });
  return list.map((e, i) => ({ ...e, id: i + 1 }));
}

function fakeApi(log = entries()) {
  const queries: URLSearchParams[] = [];
  const request = async <T,>(method: HttpMethod, path: string): Promise<T> => {
    const r = (x: unknown) => x as T;
    if (path === '/users') return r({ items: [admin, sup, agentUser] });
    if (path === '/campaigns') return r([{ id: CAMPAIGN, name: 'Mora temprana', status: 'running' }]);
    if (method === 'GET' && path.startsWith('/audit?')) {
      const q = new URLSearchParams(path.slice('/audit?'.length));
      queries.push(q);
      const before = Number(q.get('before') ?? Infinity);
      const items = log
        .filter((e) => e.id < before && (!q.get('action') || e.action === q.get('action')) && (!q.get('userId') || e.userId === q.get('userId')))
        .sort((a, b) => b.id - a.id)
        .slice(0, Number(q.get('limit')));
      return r({ items });
    }
    throw new Error(`unexpected ${method} ${path}`);
  };
  return { queries, request };
}

async function open(api = fakeApi()) {
  const f = makeStore(admin, { request: api.request });
  renderWith(f.store, <AuditScreen />);
  await screen.findByRole('table');
  return f;
}

describe('audit-log viewer', () => {
  it('shows who changed pacing and who imported what, in local labelled time, newest first, with words not codes', async () => {
    await open();
    expect(screen.getByRole('columnheader', { name: 'Cuándo (America/Bogota)' })).toBeTruthy();
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows).toHaveLength(AUDIT_PAGE_SIZE);
    const text = (i: number) => [...rows[i]!.querySelectorAll('td')].map((td) => td.textContent);
    // 13:15Z is 08:15 in Bogotá; no UTC time on screen
    expect(text(0)).toEqual([expect.stringMatching(/7\/12\/26,? 8:15:00/), admin.email, 'Cambio de rol', 'Laura Pérez', 'Agente → Supervisor']);
    expect(text(1)).toEqual([expect.stringMatching(/8:10:00/), admin.email, 'Importación de cartera', 'import i0000000', 'octubre.csv: 300 filas, 289 aceptadas, 11 rechazadas']);
    expect(text(2)).toEqual([expect.stringMatching(/8:05:00/), sup.email, 'Cambio de ritmo de marcación', 'Mora temprana', 'abandonTarget: 3 → 2']);
    expect(text(3).slice(1)).toEqual(['Sistema', 'Ingreso fallido', 'user', 'nadie@example.com']);
    expect(screen.getByRole('table').textContent).not.toMatch(/T1\d:\d\d|Z\b|UTC/);
  });

  it('filters by action and by user, and says why a filtered page is empty', async () => {
    const api = fakeApi();
    await open(api);
    fireEvent.change(screen.getByLabelText('Acción'), { target: { value: 'campaign.settings' } });
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(2));
    expect(api.queries.at(-1)!.get('action')).toBe('campaign.settings');
    fireEvent.change(screen.getByLabelText('Quién'), { target: { value: admin.id } });
    expect((await screen.findByTestId('audit-empty')).textContent).toBe('Ningún registro con estos filtros. Quite un filtro para ver más.');
    expect(api.queries.at(-1)!.get('userId')).toBe(admin.id);
  });

  it('pages back with Older (before = the last id shown) and forward with Newer', async () => {
    const api = fakeApi();
    await open(api);
    const newer = screen.getByRole('button', { name: /Más recientes/ }) as HTMLButtonElement;
    expect(newer.disabled).toBe(true);
    const lastId = Number(screen.getAllByTestId(/^audit-/).at(-1)!.dataset.testid!.slice('audit-'.length));
    fireEvent.click(screen.getByRole('button', { name: /Más antiguos/ }));
    await screen.findByText('Página 2', { selector: 'span' });
    expect(api.queries.at(-1)!.get('before')).toBe(String(lastId));
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(10)); // 59 entries: 50 + 9
    expect((screen.getByRole('button', { name: /Más antiguos/ }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: /Más recientes/ }));
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(AUDIT_PAGE_SIZE + 1));
  });

  it('an empty log says why', async () => {
    const f = makeStore(admin, { request: fakeApi([]).request });
    renderWith(f.store, <AuditScreen />);
    expect((await screen.findByTestId('audit-empty')).textContent).toMatch(/todavía nadie ingresó/);
  });

  it('details in words, in Spanish and English', () => {
    expect(auditDetails({ action: 'import.create', details: { filename: 'a.csv', totalRows: 2, accepted: 1, rejected: 1 } }, 'en')).toBe('a.csv: 2 rows, 1 accepted, 1 rejected');
    expect(auditDetails({ action: 'campaign.leads', details: { by: 'x', added: 221, total: 221 } }, 'es')).toBe('221 agregados, 221 en total');
    expect(auditDetails({ action: 'campaign.command', details: { command: 'start', from: 'draft', to: 'running' } }, 'en')).toBe('Draft → Running');
  });
});
