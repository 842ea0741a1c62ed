import { describe, expect, it } from 'vitest';
import { connectRealtime, type ConsoleSocket } from '../src/realtime/connect.js';
import { sipConfigFor } from '../src/features/softphone/sipConfig.js';
import { agentUser, debtor, makeStore } from './fixtures.js';

/** Just enough of a Socket.IO client to drive the wiring: handlers by event, acks answered by a function. */
function fakeSocket(answer: (event: string, payload: unknown) => { ok: boolean; error?: string }) {
  const handlers = new Map<string, ((...a: unknown[]) => void)[]>();
  const emitted: { event: string; payload: unknown }[] = [];
  const socket = {
    connected: false,
    on(event: string, fn: (...a: unknown[]) => void) {
      handlers.set(event, [...(handlers.get(event) ?? []), fn]);
      return socket;
    },
    emit(event: string, ...args: unknown[]) {
      const ack = args.at(-1) as (...a: unknown[]) => void;
      emitted.push({ event, payload: args.length > 1 ? args[0] : undefined });
      if (event === 'wallboard:subscribe') ack({ ok: true });
      else ack(null, answer(event, args[0]));
      return socket;
    },
    timeout() {
      return socket;
    },
    removeAllListeners() {
      handlers.clear();
      return socket;
    },
    disconnect() {
      socket.connected = false;
      return socket;
    },
    fire(event: string, ...args: unknown[]) {
      for (const h of handlers.get(event) ?? []) h(...args);
    },
  };
  return { socket, emitted };
}

describe('realtime wiring', () => {
  it('feeds server events into the store and sends commands with acks', async () => {
    const f = makeStore();
    const { socket, emitted } = fakeSocket((event) => (event === 'agent:command' ? { ok: true } : { ok: false, error: 'FORBIDDEN' }));
    f.store.getState().attachCommands(null);
    const stop = connectRealtime(f.store, { token: 't', wallboard: false, socketFactory: () => socket as unknown as ConsoleSocket });
    expect(f.store.getState().realtimeConnected).toBe(false);
    expect(await f.store.getState().goReady()).toEqual({ ok: false, error: 'realtime_not_connected' });

    socket.connected = true;
    socket.fire('connect');
    expect(f.store.getState().realtimeConnected).toBe(true);
    socket.fire('agent:status', { agentId: agentUser.id, name: 'Laura', state: 'ready', since: new Date().toISOString(), campaignId: 'c1', pauseReason: null, callId: null });
    expect(f.store.getState().agent.state).toBe('ready');
    socket.fire('screen:pop', { callId: 'x1', agentId: agentUser.id, campaignId: 'c1', debtorId: debtor.id, e164Masked: '+57 *** *** 4567', via: 'dialer', at: new Date().toISOString() });
    await expect.poll(() => f.store.getState().call.debtor?.id).toBe(debtor.id);
    // A pop meant for another agent is not shown.
    socket.fire('screen:pop', { callId: 'x2', agentId: 'someone-else', campaignId: 'c1', debtorId: debtor.id, e164Masked: '', via: 'dialer', at: new Date().toISOString() });
    expect(f.store.getState().call.pop?.callId).toBe('x1');

    expect(await f.store.getState().pause('lunch')).toEqual({ ok: true });
    expect(emitted.at(-1)).toEqual({ event: 'agent:command', payload: { command: 'pause', pauseReason: 'lunch' } });
    expect(await f.store.getState().campaignCommand({ campaignId: 'c1', command: 'stop' })).toEqual({ ok: false, error: 'FORBIDDEN' });
    // the reader sees a sentence in their language, not the code
    expect(f.store.getState().ui.notice).toBe('Su usuario no tiene permiso para esta acción.');

    socket.fire('disconnect');
    expect(f.store.getState().realtimeConnected).toBe(false);
    stop();
    expect(await f.store.getState().hangup()).toEqual({ ok: false, error: 'realtime_not_connected' });
  });
});

describe('softphone configuration', () => {
  it('registers with what the API answers (endpoint, domain, WebSocket URL, password) and the app header', () => {
    const creds = { endpoint: 'agent7', domain: '10.0.0.5', wsUrl: 'ws://10.0.0.5:8088/ws', password: 'server-computed' };
    expect(sipConfigFor({ ...agentUser, sipEndpoint: 'agent7' }, creds, { app: 'cobranza-e2e' })).toEqual({
      wsUrl: 'ws://10.0.0.5:8088/ws',
      uri: 'sip:agent7@10.0.0.5',
      password: 'server-computed',
      displayName: 'Laura Pérez',
      loginExtension: 'sip:agent-login@10.0.0.5',
      app: 'cobranza-e2e',
    });
    expect(sipConfigFor({ ...agentUser, role: 'supervisor', sipEndpoint: 'supervisor2' }, { ...creds, endpoint: 'supervisor2', domain: 'pbx.example' })).toMatchObject({
      loginExtension: 'sip:supervisor-login@pbx.example',
    });
  });
});
