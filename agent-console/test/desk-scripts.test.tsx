// The Scripts screen against a fake API answering as /scripts does (list, create, a refusal at its field):
// the palette inserts at the cursor, the preview is the agent's own script view on a sample debtor.
process.env.TZ = 'America/Bogota';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Script } from '@cobranza/contracts/api/catalog';
import { ApiError, type HttpMethod } from '../src/api/client.js';
import { ScriptsScreen } from '../src/desk/scripts/ScriptsScreen.js';
import { adminUser, fixClock, makeStore, nb, renderWith } from './fixtures.js';

fixClock(new Date('2026-12-07T14:30:00.000Z'));

const saved: Script = {
  id: 's0000000-0000-4000-8000-000000000001',
  code: 'MORA_30',
  name: 'Mora temprana',
  locale: 'es-CO',
  version: 1,
  updatedAt: '2026-12-07T14:30:00.000Z',
  body: { opening: 'Hola {{nombre}}', body: 'Su saldo es {{saldo}}.', branches: { already_paid: '¿Cuándo pagó?' } },
};

function fakeApi(opts: { scripts?: Script[]; refuse?: ApiError } = {}) {
  const scripts = [...(opts.scripts ?? [])];
  const calls: { method: HttpMethod; path: string; body: unknown }[] = [];
  const request = async <T,>(method: HttpMethod, path: string, body?: unknown): Promise<T> => {
    calls.push({ method, path, body });
    if (method === 'GET' && path === '/scripts') return { items: [...scripts] } as T;
    if (method === 'POST' && path === '/scripts') {
      if (opts.refuse) throw opts.refuse;
      const s = { ...saved, ...(body as object), id: 's0000000-0000-4000-8000-000000000002', version: 1 } as Script;
      scripts.push(s);
      return s as T;
    }
    if (method === 'PATCH' && path === `/scripts/${saved.id}`) {
      if (opts.refuse) throw opts.refuse;
      const s = { ...saved, ...(body as object), version: saved.version + 1 } as Script;
      scripts.splice(0, 1, s);
      return s as T;
    }
    throw new Error(`unexpected ${method} ${path}`);
  };
  return { calls, request };
}

function open(api = fakeApi()) {
  const f = makeStore(adminUser, { request: api.request });
  renderWith(f.store, <ScriptsScreen />);
  return f;
}
const area = (name: string) => screen.getByLabelText(name) as HTMLTextAreaElement;
const preview = () => screen.getByTestId('script-preview');

describe('the scripts screen', () => {
  it('with no scripts says why it matters, and creates the first from the palette and the preview', async () => {
    const api = fakeApi();
    open(api);
    expect((await screen.findByTestId('scripts-empty')).textContent).toContain('Una estrategia sin guion deja al agente sin texto en pantalla');
    fireEvent.click(screen.getByRole('button', { name: 'Nuevo guion' }));
    expect(within(preview()).getByText(/Escriba la apertura o el cuerpo/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Código'), { target: { value: 'MORA_60' } });
    fireEvent.change(screen.getByLabelText('Nombre'), { target: { value: 'Mora media' } });

    // the palette inserts where the cursor is, and the cursor comes back after the variable
    const opening = area('Apertura');
    fireEvent.change(opening, { target: { value: 'Buenos días, ¿hablo con ?' } });
    act(() => opening.focus());
    opening.setSelectionRange(24, 24);
    const palette = screen.getByTestId('variable-palette');
    expect(within(palette).getByText('Se insertará en: Apertura')).toBeTruthy();
    expect(within(palette).getAllByRole('button').map((b) => b.dataset.variable)).toEqual(['nombre', 'apellido', 'nombre_completo', 'saldo', 'moneda', 'fecha_vencimiento', 'dias_mora', 'pago_minimo', 'producto', 'acreedor', 'agente', 'fecha_hoy']);
    fireEvent.click(within(palette).getByRole('button', { name: /^\{\{nombre_completo\}\}: Nombre y apellido \(María Gómez\)/ }));
    expect(opening.value).toBe('Buenos días, ¿hablo con {{nombre_completo}}?');
    expect(document.activeElement).toBe(opening);
    expect(opening.selectionStart).toBe(43);

    // from the keyboard: Alt+V goes to the palette; the body gets {{saldo}} and {{dias_mora}}
    const body = area('Mensaje');
    fireEvent.change(body, { target: { value: 'Su saldo es , con  días de mora, hoy .' } });
    act(() => body.focus());
    body.setSelectionRange(12, 12);
    fireEvent.keyDown(body, { key: 'v', altKey: true });
    expect((document.activeElement as HTMLElement).dataset.variable).toBe('nombre');
    expect(within(palette).getByText('Se insertará en: Mensaje')).toBeTruthy();
    fireEvent.click(within(palette).getByRole('button', { name: /^\{\{saldo\}\}/ }));
    body.setSelectionRange(27, 27);
    fireEvent.click(within(palette).getByRole('button', { name: /^\{\{dias_mora\}\}/ }));
    body.setSelectionRange(body.value.length - 1, body.value.length - 1);
    fireEvent.click(within(palette).getByRole('button', { name: /^\{\{fecha_hoy\}\}/ }));
    expect(body.value).toBe('Su saldo es {{saldo}}, con {{dias_mora}} días de mora, hoy {{fecha_hoy}}.');

    // the preview is the agent's script view, on the sample debtor, on today's date
    const view = within(preview()).getByTestId('script-preview-view');
    expect(within(view).getByText('Buenos días, ¿hablo con María Gómez?')).toBeTruthy();
    expect(nb(view.querySelector('.script-body p')?.textContent)).toBe('Su saldo es $ 1.234.567,80, con 47 días de mora, hoy 7 de diciembre de 2026.');

    // a branch per reason, labelled in words; the one being edited is open in the preview
    const branches = screen.getByRole('group', { name: 'Ramas por motivo de no pago' });
    expect(within(branches).getAllByRole('textbox')).toHaveLength(9);
    const paid = area('Ya pagó');
    act(() => paid.focus());
    fireEvent.change(paid, { target: { value: 'Verificamos el pago de {{pago_minimo}}.' } });
    const branch = view.querySelector('details[data-reason="already_paid"]') as HTMLDetailsElement;
    expect(branch.open).toBe(true);
    expect(nb(branch.querySelector('p')?.textContent)).toBe('Verificamos el pago de $ 150.000,00.');

    fireEvent.click(screen.getByRole('button', { name: 'Guardar guion' }));
    expect(await screen.findByText('Guion creado: versión 1.')).toBeTruthy();
    const post = api.calls.find((c) => c.method === 'POST')!;
    expect(post.body).toEqual({
      code: 'MORA_60',
      name: 'Mora media',
      locale: 'es-CO',
      body: { opening: 'Buenos días, ¿hablo con {{nombre_completo}}?', verification: '', body: body.value, closing: '', branches: { already_paid: 'Verificamos el pago de {{pago_minimo}}.' } },
    });
    await waitFor(() => expect(screen.getByRole('heading', { level: 2, name: /^Mora media/ })).toBeTruthy());
  }, 20_000); // many renders: a loaded machine took 5 s

  it('marks an unknown variable at its branch as it is typed, and shows the API refusal there, in the chosen language', async () => {
    const refuse = new ApiError(400, 'VALIDATION', 'x', '/body/branches/never_got_bill', {
      es: '/body/branches/never_got_bill en el cuerpo: la variable {{correo}} (carácter 17) no existe; se pueden usar: nombre',
      en: '/body/branches/never_got_bill in the body: unknown variable {{correo}} at character 17; the variables are: nombre',
    });
    const api = fakeApi({ scripts: [saved], refuse });
    const f = open(api);
    await screen.findByRole('heading', { level: 2, name: /^Mora temprana/ });
    const bill = area('Nunca recibió la factura');
    fireEvent.change(bill, { target: { value: 'Le escribimos a {{correo}}.' } });
    expect(bill.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/la variable \{\{correo\}\} \(carácter 17\) no existe/)).toBeTruthy();
    expect(within(preview()).getByText('El guion tiene errores: corríjalos en los campos marcados.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Guardar guion' }));
    await waitFor(() => expect(api.calls.some((c) => c.method === 'PATCH')).toBe(true));
    const err = await screen.findByText('la variable {{correo}} (carácter 17) no existe; se pueden usar: nombre');
    expect(err.id).toBe('scr-branches-never_got_bill-error');
    act(() => f.store.getState().setLang('en'));
    expect(screen.getByText('unknown variable {{correo}} at character 17; the variables are: nombre').id).toBe('scr-branches-never_got_bill-error');
    expect(screen.getByLabelText('Never got the bill')).toBe(bill);
    // nothing saved: the list still has version 1
    expect(screen.queryByText(/version 2/)).toBeNull();
  });

  it('refuses to send a script without code, name, opening or body, saying so at each field', async () => {
    const api = fakeApi();
    open(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Nuevo guion' }));
    fireEvent.click(screen.getByRole('button', { name: 'Guardar guion' }));
    for (const id of ['scr-code', 'scr-name', 'scr-opening', 'scr-body']) expect(document.getElementById(`${id}-error`)?.textContent, id).toBe('es obligatorio');
    expect(api.calls.filter((c) => c.method !== 'GET')).toEqual([]);
  });
});
