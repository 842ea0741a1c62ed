// The desk's navigation: each role sees its own links, a known path of another role says "not allowed",
// an unknown one "not found", and links move between screens without reloading (keyboard included).
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App, type AppServices } from '../src/App.js';
import type { User } from '../src/api/types.js';
import { navFor, resolveRoute } from '../src/desk/routes.js';
import { normalizePath } from '../src/desk/router.js';
import { adminUser, agentUser, fixClock, makeStore, renderWith, supervisorUser } from './fixtures.js';

const NOW = new Date('2026-12-07T14:30:00.000Z');
const noServices: AppServices = { realtime: () => () => undefined, phone: null };
const admin = adminUser;
const supervisor = supervisorUser;

fixClock(NOW);
afterEach(() => window.history.replaceState(null, '', '/'));

function openAt(path: string, user: User) {
  window.history.replaceState(null, '', path);
  const f = makeStore(user);
  renderWith(f.store, <App services={noServices} />);
  return f;
}
const navLinks = () => within(screen.getByRole('navigation', { name: 'Navegación' })).getAllByRole('link').map((a) => a.textContent);

describe('desk navigation by role', () => {
  it('an admin sees every screen; the start page is the wallboard', () => {
    openAt('/', admin);
    expect(navLinks()).toEqual(['Operación', 'Campañas', 'Reportes', 'Carteras e importaciones', 'Segmentos', 'Estrategias', 'Guiones', 'Usuarios', 'Auditoría']);
    expect(screen.getByTestId('wallboard')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Operación' }).getAttribute('aria-current')).toBe('page');
  });

  it('a supervisor sees operations, campaigns and reports, and gets "not allowed" on /usuarios', () => {
    openAt('/usuarios', supervisor);
    expect(navLinks()).toEqual(['Operación', 'Campañas', 'Reportes']);
    expect(screen.getByRole('heading', { name: 'No permitido' })).toBeTruthy();
    expect(screen.getByTestId('not-allowed').textContent).toContain('pida a un administrador');
  });

  it('an agent has no navigation: the agent desk at /, "not allowed" on /usuarios and /auditoria', () => {
    openAt('/', agentUser);
    expect(screen.queryByRole('navigation')).toBeNull();
    expect(screen.getByTestId('agent-state')).toBeTruthy();
    cleanup();
    for (const path of ['/usuarios', '/auditoria', '/campanas']) {
      openAt(path, agentUser);
      expect(screen.getByTestId('not-allowed'), path).toBeTruthy();
      expect(screen.queryByTestId('agent-state')).toBeNull();
      cleanup();
    }
  });

  it('an unknown path says "not found" and links back to the start page', () => {
    openAt('/admin', admin);
    expect(screen.getByRole('heading', { name: 'Página no encontrada' })).toBeTruthy();
    fireEvent.click(screen.getByRole('link', { name: 'Ir al inicio' }));
    expect(window.location.pathname).toBe('/');
    expect(screen.getByTestId('wallboard')).toBeTruthy();
  });

  it('a link changes the URL and the screen without a reload, moves focus to the screen, and Back returns', () => {
    openAt('/', admin);
    const link = screen.getByRole('link', { name: 'Usuarios' });
    expect(link.getAttribute('href')).toBe('/usuarios'); // a real link: Enter, middle-click and "open in new tab" work
    fireEvent.click(link);
    expect(window.location.pathname).toBe('/usuarios');
    expect(screen.queryByTestId('wallboard')).toBeNull();
    expect(screen.getByRole('link', { name: 'Usuarios' }).getAttribute('aria-current')).toBe('page');
    expect(document.activeElement?.tagName).toBe('MAIN');
    // Ctrl+click is the browser's (new tab): the page stays
    fireEvent.click(screen.getByRole('link', { name: 'Auditoría' }), { ctrlKey: true });
    expect(window.location.pathname).toBe('/usuarios');
  });

  it('Back (popstate) shows the previous screen', async () => {
    openAt('/', admin);
    fireEvent.click(screen.getByRole('link', { name: 'Auditoría' }));
    expect(window.location.pathname).toBe('/auditoria');
    // jsdom goes back in a later task: wait for it (a fixed 20 ms failed on a loaded machine)
    act(() => window.history.back());
    await waitFor(() => expect(window.location.pathname).toBe('/'));
    await waitFor(() => expect(screen.getByTestId('wallboard')).toBeTruthy());
  });

  it('English: the same navigation in the other language', () => {
    const f = openAt('/nope', admin);
    act(() => f.store.getState().setLang('en'));
    expect(within(screen.getByRole('navigation', { name: 'Navigation' })).getAllByRole('link').map((a) => a.textContent)).toContain('Audit log');
    expect(screen.getByRole('heading', { name: 'Page not found' })).toBeTruthy();
  });

  it('the routes table: a path of another role is forbidden, trailing slashes do not matter', () => {
    expect(resolveRoute('/usuarios', 'supervisor').kind).toBe('forbidden');
    expect(resolveRoute('/usuarios', 'admin').kind).toBe('page');
    expect(resolveRoute('/x', 'agent').kind).toBe('not_found');
    expect(resolveRoute(normalizePath('/usuarios/'), 'admin').kind).toBe('page');
    expect(navFor('agent')).toEqual([]);
  });
});
