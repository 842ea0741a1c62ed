import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { SoftphonePanel } from '../src/features/softphone/SoftphonePanel.js';
import { startJssipPhone } from '../src/features/softphone/jssipPhone.js';
import { HelpOverlay } from '../src/features/shortcuts/HelpOverlay.js';
import { useShortcuts } from '../src/features/shortcuts/useShortcuts.js';
import type { AppStore } from '../src/store/createAppStore.js';
import { agentUser, makeStore, renderWith } from './fixtures.js';

afterEach(cleanup);

const cfg = {
  wsUrl: 'ws://127.0.0.1:1/ws',
  uri: 'sip:agent1@127.0.0.1',
  password: 'x',
  displayName: 'Laura',
  loginExtension: 'sip:agent-login@127.0.0.1',
};

describe('softphone', () => {
  it('says clearly when the microphone is refused, and retries when asked', async () => {
    const { store } = makeStore();
    let asks = 0;
    const refuse = async () => {
      asks++;
      throw Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' });
    };
    renderWith(store, <SoftphonePanel />);
    const control = startJssipPhone(store, cfg, { getUserMedia: refuse, audioElement: {} as HTMLAudioElement });
    act(() => store.getState().attachPhone(control));
    await waitFor(() => expect(screen.getByTestId('mic-state').textContent).toBe('bloqueado'));
    expect(screen.getByRole('alert').textContent).toContain('El navegador no permite usar el micrófono');
    expect(screen.getByTestId('sip-state').textContent).toBe('desconectado');
    expect(store.getState().phone.detail).toBe('NotAllowedError: Permission denied');
    fireEvent.click(screen.getByRole('button', { name: 'Reintentar' }));
    await waitFor(() => expect(asks).toBe(2));
    control.stop();
  });

  it('disables call controls until the permanent channel is up', () => {
    const { store } = makeStore();
    renderWith(store, <SoftphonePanel />);
    expect(screen.getByRole('button', { name: 'Silenciar' })).toHaveProperty('disabled', true);
    expect(screen.getByRole('button', { name: 'Colgar' })).toHaveProperty('disabled', true);
    act(() => store.getState().setPhone({ registration: 'lost', error: 'conn_lost', channel: 'up' }));
    expect(screen.getByRole('alert').textContent).toBe('Se perdió la conexión con la central. Reconectando…');
    expect(screen.getByRole('button', { name: '5' })).toHaveProperty('disabled', false);
  });

  it('transfers the debtor to a supervisor, only while on a call', async () => {
    const { store, agentCommands } = makeStore();
    renderWith(store, <SoftphonePanel />);
    const button = screen.getByRole('button', { name: 'Transferir a supervisor' });
    expect(button).toHaveProperty('disabled', true);
    act(() => store.getState().setPhone({ registration: 'registered', channel: 'up' }));
    act(() => store.getState().onAgentStatus({ agentId: agentUser.id, name: 'L', state: 'talking', since: new Date().toISOString(), campaignId: 'c1', pauseReason: null, callId: 'call-1' }));
    expect(button).toHaveProperty('disabled', false);
    expect(button.getAttribute('title')).toBe('Pasa al deudor a un supervisor libre; usted queda en cierre de la llamada');
    fireEvent.click(button);
    await waitFor(() => expect(agentCommands).toEqual([{ command: 'transfer' }]));
  });
});

function Shortcuts({ store }: { store: AppStore }) {
  useShortcuts(store, true);
  return <HelpOverlay />;
}

describe('keyboard shortcuts', () => {
  it('toggles ready/pause, hangs up, picks a frequent outcome and shows the help overlay', async () => {
    const { store, agentCommands } = makeStore();
    store.setState({ selectedCampaignId: 'c1' });
    renderWith(store, <Shortcuts store={store} />);
    fireEvent.keyDown(window, { key: 'r', code: 'KeyR', altKey: true });
    await waitFor(() => expect(agentCommands[0]).toEqual({ command: 'ready', campaignId: 'c1' }));
    act(() => store.getState().onAgentStatus({ agentId: agentUser.id, name: 'L', state: 'ready', since: new Date().toISOString(), campaignId: 'c1', pauseReason: null, callId: null }));
    fireEvent.keyDown(window, { key: 'r', code: 'KeyR', altKey: true });
    await waitFor(() => expect(agentCommands[1]).toEqual({ command: 'pause', pauseReason: 'break' }));
    fireEvent.keyDown(window, { key: 'h', code: 'KeyH', altKey: true });
    await waitFor(() => expect(agentCommands[2]).toEqual({ command: 'hangup' }));
    fireEvent.keyDown(window, { key: '2', code: 'Digit2', altKey: true });
    expect(store.getState().ui.quickOutcome).toBe('callback');
    expect(screen.queryByRole('dialog')).toBeNull();
    fireEvent.keyDown(window, { key: '?' });
    const help = screen.getByRole('dialog');
    expect(help.textContent).toContain('Alt+1');
    expect(help.textContent).toContain('Resultado: Promesa de pago');
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
