// The strategy editor against a fake API answering as the real one does (api/src/routes/catalog.ts,
// strategy-editor.ts): problems at their fields and in words, never as pointers; the SMS preview.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Strategy } from '@cobranza/contracts/api';
import { ApiError, type HttpMethod } from '../src/api/client.js';
import { StrategiesScreen } from '../src/desk/strategies/StrategiesScreen.js';
import { adminUser, fixClock, makeStore, renderWith } from './fixtures.js';

fixClock(new Date('2026-12-07T14:30:00.000Z'));

const FLOW = {
  version: 1,
  kind: 'outbound',
  start: 'message',
  prompts: { hello: { es: 'Hola', en: 'Hello' }, menu: { es: 'Marque 1 o 2', en: 'Press 1 or 2' } },
  nodes: {
    message: { verb: 'play', prompts: [{ prompt: 'hello' }], next: 'main' },
    main: { verb: 'menu', prompts: [{ prompt: 'menu' }], options: { '1': { next: 'end' }, '2': { next: 'end' } }, onFail: 'end' },
    end: { verb: 'hangup' },
  },
};
const STRATEGY: Strategy = {
  id: 'st000000-0000-4000-8000-000000000001',
  code: 'temprana',
  name: 'Mora temprana',
  channels: ['voice'],
  dialMode: 'progressive',
  scriptId: null,
  amdMode: 'off',
  ivrFlow: { outbound: FLOW },
  negotiation: { maxInstalments: 6 },
  retryRules: {},
  smsTemplates: { recordatorio: { es: 'Hola {{debtor.firstName}}, pague en {{paymentLink}}' } },
  updatedAt: '2026-12-01T00:00:00Z',
};

function fakeServer() {
  const calls: { method: HttpMethod; path: string; body: unknown }[] = [];
  const request = async <T,>(method: HttpMethod, path: string, body?: unknown): Promise<T> => {
    calls.push({ method, path, body });
    const r = (x: unknown) => x as T;
    if (method === 'GET' && path === '/strategies') return r({ items: [STRATEGY] });
    if (method === 'GET' && path === '/scripts') return r({ items: [] });
    if (method === 'GET' && path === '/strategies/default-flows') return r({});
    if (method === 'GET' && path.startsWith('/ivr/prompts')) return r({ items: [] });
    if (method === 'POST' && path === '/strategies/sms-preview') return r({ text: 'Hola María, pague en https://pagos.example.com/p/1', length: 48, debtor: 'María Gómez' });
    if (method === 'PATCH') {
      const b = body as { ivrFlow: { outbound: typeof FLOW }; retryRules: Record<string, { retryMinutes?: number }> };
      const nodes = b.ivrFlow.outbound.nodes as Record<string, { options?: Record<string, { next: string }> }>;
      for (const [id, n] of Object.entries(nodes))
        for (const [k, o] of Object.entries(n.options ?? {}))
          if (!(o.next in nodes)) {
            const p = { field: `/ivrFlow/outbound/nodes/${id}/options/${k}/next`, reason: `unknown node "${o.next}"`, i18n: { es: `el paso «${o.next}» no existe`, en: `unknown node "${o.next}"` } };
            throw new ApiError(400, 'VALIDATION', p.reason, p.field, { es: `Flujo IVR inválido: ${p.i18n.es}`, en: `Invalid IVR flow: ${p.i18n.en}` }, [p]);
          }
      if ((b.retryRules.busy?.retryMinutes ?? 0) < 0)
        throw new ApiError(400, 'VALIDATION', 'x', '/retryRules/busy/retryMinutes', { es: 'Reglas de reintento: /retryRules/busy/retryMinutes: debe ser un número ≥ 0', en: 'Retry rules: /retryRules/busy/retryMinutes: must be a number ≥ 0' });
      return r({ ...STRATEGY, ...(body as object) });
    }
    throw new Error(`unexpected ${method} ${path}`);
  };
  return { calls, request };
}

async function open(server = fakeServer()) {
  const f = makeStore(adminUser, { request: server.request });
  renderWith(f.store, <StrategiesScreen />);
  await screen.findByRole('group', { name: /Paso 2 «main»/ });
  return server;
}

// many fields typed one by one: slow on a loaded machine, not a hang
describe('strategy editor', { timeout: 20_000 }, () => {
  it('an IVR flow step pointing nowhere is refused at its field and listed in words, without pointers; fixed, it saves', async () => {
    const server = await open();
    const step = screen.getByRole('group', { name: /Paso 2 «main»/ });
    const option2 = within(step).getByLabelText('opción 2: Después, ir a');
    fireEvent.change(option2, { target: { value: 'fin' } });
    fireEvent.click(screen.getByRole('button', { name: 'Guardar estrategia' }));
    await waitFor(() => expect(option2.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(`${option2.id}-error`)!.textContent).toBe('el paso «fin» no existe');
    const summary = screen.getByTestId('strategy-problems');
    expect(summary.textContent).toContain('Llamada contestada › Paso 2 «main» › opción 2 › Después, ir a: el paso «fin» no existe');
    expect(document.body.textContent).not.toMatch(/\/ivrFlow|\/nodes\//);
    fireEvent.change(option2, { target: { value: 'end' } });
    fireEvent.click(screen.getByRole('button', { name: 'Guardar estrategia' }));
    await screen.findByText('Estrategia guardada.');
    const patch = server.calls.filter((c) => c.method === 'PATCH').at(-1)!.body as { ivrFlow: typeof STRATEGY.ivrFlow; negotiation: object };
    expect(patch.ivrFlow).toEqual({ outbound: FLOW });
    expect(patch.negotiation).toEqual({ maxInstalments: 6 });
  });

  it('a retry rule the dialer cannot read is shown at its field, in words', async () => {
    await open();
    const busy = screen.getByLabelText('Ocupado: Reintentar tras (minutos)');
    fireEvent.change(busy, { target: { value: '-5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Guardar estrategia' }));
    await waitFor(() => expect(busy.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(`${busy.id}-error`)!.textContent).toBe('Reglas de reintento: debe ser un número ≥ 0');
    expect(screen.getByTestId('strategy-problems').textContent).toContain('Reintentos › Ocupado › Reintentar tras (minutos)');
  });

  it('previews an SMS template on the sample debtor', async () => {
    const server = await open();
    const group = screen.getByRole('group', { name: 'Plantillas SMS «recordatorio»' });
    fireEvent.click(within(group).getByRole('button', { name: 'Vista previa: «recordatorio» (español)' }));
    expect((await within(group).findByRole('status')).textContent).toContain('Así lo recibe María Gómez (deudor de ejemplo): Hola María, pague en https://pagos.example.com/p/1');
    expect(server.calls.at(-1)).toMatchObject({ path: '/strategies/sms-preview', body: { template: STRATEGY.smsTemplates.recordatorio, lang: 'es' } });
  });
});
