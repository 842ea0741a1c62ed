// The one place that listens to the socket: server events go into store actions, and the store
// sends commands through the CommandSender built here.
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@cobranza/contracts';
import type { AppStore } from '../store/createAppStore.js';
import type { CommandResult, CommandSender } from '../store/types.js';

export type ConsoleSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const ACK_TIMEOUT_MS = 5000;

export interface RealtimeOptions {
  url?: string; // default: same origin
  token: string | null;
  wallboard: boolean; // supervisors subscribe to the wallboard
  socketFactory?: (url: string | undefined, opts: Parameters<typeof io>[1]) => ConsoleSocket;
}

export function connectRealtime(store: AppStore, opts: RealtimeOptions): () => void {
  const make = opts.socketFactory ?? ((url, o) => (url ? io(url, o) : io(o)) as ConsoleSocket);
  const socket = make(opts.url, {
    path: '/socket.io',
    withCredentials: true,
    auth: opts.token ? { token: opts.token } : {},
    transports: ['websocket'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
  });
  const s = store.getState();

  socket.on('connect', () => {
    store.getState().setRealtimeConnected(true);
    if (opts.wallboard) socket.emit('wallboard:subscribe', () => undefined);
    // events missed while disconnected (a call ended, a status changed): the server's view is the truth
    else void store.getState().resync();
  });
  socket.on('disconnect', () => store.getState().setRealtimeConnected(false));
  socket.on('connect_error', () => store.getState().setRealtimeConnected(false));
  socket.on('agent:status', (a) => store.getState().onAgentStatus(a));
  socket.on('screen:pop', (p) => void store.getState().onScreenPop(p));
  socket.on('call:status', (c) => store.getState().onCallStatus(c));
  socket.on('wallboard:agents', (list) => store.getState().onWallboardAgents(list));
  socket.on('wallboard:campaign', (c) => store.getState().onWallboardCampaign(c));
  socket.on('error:message', (e) => store.getState().onServerError(e));
  socket.on('import:progress', (p) => store.getState().onImportProgress(p));

  const ack = <A,>(event: 'agent:command' | 'campaign:command' | 'supervisor:command', payload: A): Promise<CommandResult> =>
    new Promise((resolve) => {
      if (!socket.connected) return resolve({ ok: false, error: 'realtime_not_connected' });
      // The three command events share one ack shape; socket.io's typed emit cannot express "one of
      // these events with its payload", hence the casts (the payloads are typed by CommandSender).
      socket.timeout(ACK_TIMEOUT_MS).emit(event as 'agent:command', payload as never, ((err: Error | null, r?: CommandResult) => {
        resolve(err ? { ok: false, error: 'timeout' } : (r ?? { ok: false, error: 'no_answer' }));
      }) as never);
    });

  const sender: CommandSender = {
    agent: (c) => ack('agent:command', c),
    campaign: (c) => ack('campaign:command', c),
    supervisor: (c) => ack('supervisor:command', c),
  };
  s.attachCommands(sender);
  return () => {
    store.getState().attachCommands(null);
    socket.removeAllListeners();
    socket.disconnect();
  };
}
