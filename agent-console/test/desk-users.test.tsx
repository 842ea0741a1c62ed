// The users screen against a fake API that answers as the real one does (shapes and errors of api/src/routes/users.ts).
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError, type HttpMethod } from '../src/api/client.js';
import type { Campaign, User } from '../src/api/types.js';
import { UsersScreen } from '../src/desk/users/UsersScreen.js';
import { adminUser, agentUser, fixClock, makeStore, renderWith } from './fixtures.js';

const NOW = new Date('2026-12-07T14:30:00.000Z');
fixClock(NOW);

const admin = adminUser;
const campaign = { id: 'c0000000-0000-4000-8000-000000000001', name: 'Mora temprana', status: 'running' } as Campaign;
const WEAK = { es: 'La contraseña debe tener al menos 5 caracteres distintos.', en: 'The password must have at least 5 different characters.' };

function fakeServer(opts: { campaigns?: Campaign[] } = {}) {
  const users: User[] = [{ ...admin }, { ...agentUser }];
  const assigned: Record<string, string[]> = { [campaign.id]: [] };
  const calls: { method: HttpMethod; path: string; body: unknown }[] = [];
  const request = async <T,>(method: HttpMethod, path: string, body?: unknown): Promise<T> => {
    calls.push({ method, path, body });
    const id = path.split('/')[2] ?? '';
    const r = (x: unknown) => x as T;
    if (method === 'GET' && path === '/users') return r({ items: [...users] });
    if (method === 'POST' && path === '/users') {
      const b = body as { email: string; name: string; password: string; role: User['role'] };
      if (new Set(b.password).size < 5) throw new ApiError(400, 'VALIDATION', '/password: weak', '/password', WEAK);
      if (!b.email.includes('@'))
        throw new ApiError(400, 'VALIDATION', 'body /email: must match format', '/email', { es: '/email en el cuerpo: no tiene el formato esperado', en: '/email in the body: must match format "email"' });
      if (users.some((u) => u.email === b.email)) throw new ApiError(409, 'CONFLICT', 'already exists: email', '/email');
      const u: User = { ...agentUser, id: `u${users.length}`, email: b.email, name: b.name, role: b.role, sipEndpoint: null };
      users.push(u);
      return r(u);
    }
    if (method === 'PATCH' && path.startsWith('/users/')) {
      const u = users.find((x) => x.id === id)!;
      Object.assign(u, body);
      return r({ ...u });
    }
    if (method === 'DELETE' && path.startsWith('/users/')) {
      const u = users.find((x) => x.id === id)!;
      u.active = false;
      return r({ ...u });
    }
    if (method === 'GET' && path === '/campaigns') return r(opts.campaigns ?? [campaign]);
    if (path.endsWith('/agents') && method === 'GET') return r({ userIds: assigned[id] ?? [] });
    if (path.endsWith('/agents') && method === 'PUT') return r({ userIds: (assigned[id] = (body as { userIds: string[] }).userIds) });
    throw new Error(`unexpected ${method} ${path}`);
  };
  return { users, assigned, calls, request };
}

async function open(server = fakeServer()) {
  const f = makeStore(admin, { request: server.request });
  renderWith(f.store, <UsersScreen />);
  await screen.findByTestId(`user-${agentUser.email}`);
  return f;
}

describe('users and roles screen', () => {
  it('a weak password is refused at the password field in Spanish (no pointer, nothing created); a good one creates the user', async () => {
    const server = fakeServer();
    await open(server);
    const form = screen.getByRole('form', { name: 'Crear usuario' });
    fireEvent.change(within(form).getByLabelText('Nombre'), { target: { value: 'Pedro Páez' } });
    fireEvent.change(within(form).getByLabelText('Correo'), { target: { value: 'pedro@example.com' } });
    fireEvent.change(within(form).getByLabelText('Contraseña'), { target: { value: 'aaaaaaaaaa' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Crear usuario' }));
    const password = within(form).getByLabelText('Contraseña');
    await waitFor(() => expect(password.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(password.getAttribute('aria-describedby')!.split(' ')[0]!)!.textContent).toBe(WEAK.es);
    expect(server.users).toHaveLength(2);
    // typing again clears the error of that field only
    fireEvent.change(password, { target: { value: 'Rio-Magdalena-77' } });
    expect(password.getAttribute('aria-invalid')).toBe('false');
    fireEvent.click(within(form).getByRole('button', { name: 'Crear usuario' }));
    await screen.findByTestId('user-pedro@example.com');
    expect(within(form).getByRole('status').textContent).toBe('Usuario pedro@example.com creado.');
    expect(server.calls.find((c) => c.method === 'POST')?.body).toMatchObject({ role: 'agent', locale: 'es' });
  });

  it('the API schema error lands at its field without the JSON pointer; a taken e-mail says so; empty fields are required', async () => {
    const f = await open();
    const form = screen.getByRole('form', { name: 'Crear usuario' });
    fireEvent.click(within(form).getByRole('button', { name: 'Crear usuario' }));
    expect(within(form).getAllByText('Obligatorio')).toHaveLength(3);
    fireEvent.change(within(form).getByLabelText('Nombre'), { target: { value: 'X' } });
    fireEvent.change(within(form).getByLabelText('Correo'), { target: { value: 'no-es-correo' } });
    fireEvent.change(within(form).getByLabelText('Contraseña'), { target: { value: 'Rio-Magdalena-77' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Crear usuario' }));
    await within(form).findByText('no tiene el formato esperado');
    fireEvent.change(within(form).getByLabelText('Correo'), { target: { value: agentUser.email } });
    act(() => f.store.getState().setLang('en'));
    fireEvent.click(within(form).getByRole('button', { name: 'Create user' }));
    await within(form).findByText('Another record already has this value.');
    expect(within(form).getByLabelText('Email').getAttribute('aria-invalid')).toBe('true');
  });

  it('changes a role, deactivates and reactivates a user; the admin cannot change or deactivate themselves', async () => {
    const server = fakeServer();
    await open(server);
    const own = screen.getByTestId(`user-${admin.email}`);
    expect((within(own).getByRole('combobox') as HTMLSelectElement).disabled).toBe(true);
    expect(within(own).queryByRole('button')).toBeNull();
    const row = () => screen.getByTestId(`user-${agentUser.email}`);
    fireEvent.change(within(row()).getByLabelText('Rol de Laura Pérez'), { target: { value: 'supervisor' } });
    await within(row()).findByText('Rol de Laura Pérez: Supervisor.');
    expect(server.calls.at(-2)).toMatchObject({ method: 'PATCH', path: `/users/${agentUser.id}`, body: { role: 'supervisor' } });
    fireEvent.click(within(row()).getByRole('button', { name: 'Desactivar: Laura Pérez' }));
    await within(row()).findByText('Desactivado');
    expect(server.calls.some((c) => c.method === 'DELETE' && c.path === `/users/${agentUser.id}`)).toBe(true);
    fireEvent.click(within(row()).getByRole('button', { name: 'Reactivar: Laura Pérez' }));
    await within(row()).findByText('Activo');
  });

  it('assigns active agents to a campaign with PUT /campaigns/:id/agents', async () => {
    const server = fakeServer();
    await open(server);
    const panel = screen.getByRole('region', { name: 'Agentes por campaña' });
    const box = within(panel).getByRole('checkbox', { name: 'Laura Pérez' }) as HTMLInputElement;
    await waitFor(() => expect(box.disabled).toBe(false)); // the current assignment has loaded
    expect(box.checked).toBe(false);
    fireEvent.click(box);
    fireEvent.click(within(panel).getByRole('button', { name: 'Guardar asignación' }));
    await within(panel).findByText('Asignación guardada: 1 agentes en Mora temprana.');
    expect(server.assigned[campaign.id]).toEqual([agentUser.id]);
  });

  it('with no campaigns the panel says why there is nothing to assign', async () => {
    await open(fakeServer({ campaigns: [] }));
    expect(screen.getByText(/No hay campañas todavía/)).toBeTruthy();
  });
});
