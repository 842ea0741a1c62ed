import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen } from '@testing-library/react';
import { StatusBar } from '../src/features/agent-status/StatusBar.js';
import { makeStore, renderWith } from './fixtures.js';

afterEach(() => cleanup());

describe('status bar', () => {
  it('says why an agent cannot go ready when no campaign is assigned to them', async () => {
    const { store } = makeStore();
    renderWith(store, <StatusBar />);
    expect(screen.getByTestId('no-campaigns').textContent).toMatch(/No tiene campañas asignadas/);
    expect((screen.getByRole('button', { name: 'Disponible' }) as HTMLButtonElement).disabled).toBe(true);
    await act(async () => store.setState({ campaigns: [{ id: 'c1', name: 'Mora temprana' } as never] }));
    expect(screen.queryByTestId('no-campaigns')).toBeNull();
  });

  it('holds Ready, saying so, until the live connection to the server is up (a click before it would only be refused)', async () => {
    const { store } = makeStore();
    store.setState({ campaigns: [{ id: 'c1', name: 'Mora temprana' } as never], selectedCampaignId: 'c1', realtimeConnected: false });
    renderWith(store, <StatusBar />);
    const ready = () => screen.getByRole('button', { name: 'Disponible' }) as HTMLButtonElement;
    expect(ready().disabled).toBe(true);
    expect(screen.getByTestId('connecting').textContent).toBe('Conectando con el servidor…');
    await act(async () => store.setState({ realtimeConnected: true }));
    expect(ready().disabled).toBe(false);
    expect(screen.queryByTestId('connecting')).toBeNull();
  });
});
