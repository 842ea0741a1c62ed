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
});
