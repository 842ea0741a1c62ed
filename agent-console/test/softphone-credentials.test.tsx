import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { App, type AppServices } from '../src/App.js';
import { ApiError } from '../src/api/client.js';
import type { SipConfig } from '../src/features/softphone/sipConfig.js';
import type { AppStore } from '../src/store/createAppStore.js';
import { agentUser, makeStore, renderWith } from './fixtures.js';

function services(started: SipConfig[]): AppServices {
  return {
    realtime: () => () => undefined,
    phone: ((_store: AppStore, cfg: SipConfig) => {
      started.push(cfg);
      return { stop: vi.fn() } as unknown as ReturnType<NonNullable<AppServices['phone']>>;
    }) as AppServices['phone'],
  };
}

describe('softphone at login', () => {
  it('is configured from GET /auth/sip, not from a password scheme in the page', async () => {
    const sip = vi.fn(async () => ({ endpoint: 'agent7', domain: 'pbx.cobranza.test', wsUrl: 'wss://pbx.cobranza.test:8089/ws', password: 'Zq9-server-only' }));
    const f = makeStore({ ...agentUser, sipEndpoint: 'agent7' }, { sip });
    const started: SipConfig[] = [];
    renderWith(f.store, <App services={services(started)} />);
    await waitFor(() => expect(started).toHaveLength(1));
    expect(sip).toHaveBeenCalledTimes(1);
    expect(started[0]).toMatchObject({
      uri: 'sip:agent7@pbx.cobranza.test',
      wsUrl: 'wss://pbx.cobranza.test:8089/ws',
      password: 'Zq9-server-only',
      loginExtension: 'sip:agent-login@pbx.cobranza.test',
    });
  });

  it('tells the agent when the API has no SIP account for them and starts no phone', async () => {
    const sip = vi.fn(async () => {
      throw new ApiError(404, 'NO_SIP_ENDPOINT', 'this user has no SIP endpoint', undefined, { es: 'Este usuario no tiene extensión SIP asignada.', en: 'This user has no SIP endpoint.' });
    });
    const f = makeStore({ ...agentUser, sipEndpoint: 'agent7' }, { sip });
    const started: SipConfig[] = [];
    await act(async () => {
      renderWith(f.store, <App services={services(started)} />);
    });
    await waitFor(() => expect(f.store.getState().ui.notice).toBe('No se pudo obtener la cuenta SIP del teléfono: Este usuario no tiene extensión SIP asignada.'));
    expect(screen.getAllByRole('status').map((s) => s.textContent).join(' ')).toMatch(/cuenta SIP/);
    expect(started).toHaveLength(0);
  });
});
