// Socket.IO on the API's HTTP server: the console's live channel. Authenticated at the handshake by
// the same session as HTTP (cookie or token). Bus events go out to the right rooms; console commands
// come in validated and go onto the bus with the sender's identity taken from the session, never from
// the message.
import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import type {
  AgentStatus,
  BusEvents,
  CampaignLiveStats,
  ClientToServerEvents,
  CommandAck,
  ServerToClientEvents,
} from '@cobranza/contracts';
import { AgentCommandInput, CampaignCommandInput, SupervisorCommandInput } from '@cobranza/contracts/api';
import type { Unsubscribe } from '@cobranza/bus';
import { type AuthUser, SESSION_COOKIE, userForToken } from '../auth/guard.js';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { originAllowed } from '../lib/origin.js';
import { assertNoDispositionPending } from '../services/agent-shift.js';
import { campaignsOfAgent } from '../services/campaign-agents.js';
import { CampaignService } from '../services/campaigns.js';
import { type LiveStateStore, MemoryLiveState } from './live-state.js';
import { SUPERVISORS_ROOM, agentRoom, importsRoom, Notifier } from './notifier.js';
import { checker } from './validate.js';

interface SocketData {
  user: AuthUser;
  token: string | null;
}
type IoServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type Ack = (r: CommandAck) => void;

export { SUPERVISORS_ROOM, agentRoom, importsRoom } from './notifier.js';

export interface Realtime {
  io: IoServer;
  /** Last known status of every agent seen on the bus (for a wallboard that just opened). */
  agents(): AgentStatus[];
  close(): Promise<void>;
}

function cookieToken(header: string | undefined): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === SESSION_COOKIE) return decodeURIComponent(v.join('='));
  }
  return null;
}

const checkAgent = checker(AgentCommandInput);
const checkCampaign = checker(CampaignCommandInput);
const checkSupervisor = checker(SupervisorCommandInput);

const isSupervisor = (u: AuthUser) => u.role === 'supervisor' || u.role === 'admin';

/** Wraps a handler so a missing ack, a thrown error or a rejected promise always answers cleanly. */
function handle(socket: IoSocket, fn: (input: unknown) => Promise<void>) {
  return (input: unknown, ack?: unknown) => {
    const reply: Ack = typeof ack === 'function' ? (ack as Ack) : () => {};
    fn(input).then(
      () => reply({ ok: true }),
      (e: unknown) => {
        const error = e instanceof ApiError ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e);
        if (!(e instanceof ApiError) && !(e instanceof RealtimeInputError)) socket.emit('error:message', { code: 'INTERNAL', message: 'internal error' });
        reply(e instanceof ApiError ? { ok: false, error, code: e.code, ...(e.extra.i18n ? { i18n: e.extra.i18n } : {}) } : { ok: false, error });
      },
    );
  };
}

class RealtimeInputError extends Error {}

export interface RealtimeOptions {
  /**
   * Joins this instance's Socket.IO server to the other API instances' (the Redis streams adapter): what one
   * instance emits through the adapter reaches consoles connected to another. Without it (no Redis), one instance.
   */
  adapter?: ServerOptions['adapter'];
}

export async function attachRealtime(server: HttpServer, deps: AppDeps, opts: RealtimeOptions = {}): Promise<Realtime> {
  const io: IoServer = new Server(server, {
    serveClient: false,
    path: '/socket.io',
    ...(opts.adapter ? { adapter: opts.adapter } : {}),
    // a page on another site must not ride the console's session cookie into the live channel (403 at the handshake)
    allowRequest: (req, callback) => callback(null, originAllowed(req.headers.origin, req.headers.host, deps.config.allowedOrigins)),
  });
  // every emit below goes through the notifier, which decides whether it stays on this instance
  const notify = deps.notifier ?? new Notifier();
  notify.attach(io);
  const campaigns = new CampaignService(deps.db, deps.bus, deps.config.dailyTimeZone);
  // what this instance heard itself: the answer when the shared store cannot be read
  const agentStatus = new Map<string, AgentStatus>();
  const campaignStats = new Map<string, CampaignLiveStats>();
  const live: LiveStateStore = deps.liveState ?? new MemoryLiveState();
  const remember = (what: string, p: Promise<void>) =>
    p.catch((e: unknown) => process.stderr.write(`[realtime] ${what} not stored: ${e instanceof Error ? e.message : String(e)}\n`));

  io.use((socket, next) => {
    const auth = socket.handshake.auth as { token?: unknown } | undefined;
    const token = typeof auth?.token === 'string' ? auth.token : cookieToken(socket.handshake.headers.cookie);
    userForToken(deps.db, deps.sessions, token).then(
      (user) => {
        if (!user) return next(Object.assign(new Error('UNAUTHENTICATED'), { data: { code: 'UNAUTHENTICATED' } }));
        socket.data.user = user;
        socket.data.token = token;
        next();
      },
      (e: unknown) => next(e instanceof Error ? e : new Error(String(e))),
    );
  });

  // An agent's consoles on this instance: the first one opening and the last one closing tell the dialer
  // (agent.console), which stops routing calls to an agent nobody is looking after. The last one here is not
  // the last one anywhere when the agent has a console on another instance (asked through the adapter).
  const consoles = new Map<string, number>();
  const publishPresence = (agentId: string, connected: boolean) =>
    deps.bus.publish('agent.console', { agentId, connected }).catch((e: unknown) => process.stderr.write(`[realtime] agent.console not published: ${e instanceof Error ? e.message : String(e)}\n`));
  const consolePresence = (agentId: string, delta: 1 | -1) => {
    const n = (consoles.get(agentId) ?? 0) + delta;
    if (n > 0) consoles.set(agentId, n);
    else consoles.delete(agentId);
    if (delta === 1 && n === 1) void publishPresence(agentId, true);
    if (delta === -1 && n === 0) {
      void io
        .in(agentRoom(agentId))
        .fetchSockets()
        .then(
          (left) => left.some((s) => s.data.user.role === 'agent'),
          () => false, // another instance did not answer in time: this one's last console is gone, say so
        )
        .then((elsewhere) => {
          if (!elsewhere && !consoles.has(agentId)) return publishPresence(agentId, false);
        });
    }
  };

  io.on('connection', (socket: IoSocket) => {
    const user = socket.data.user;
    void socket.join(agentRoom(user.id));
    if (isSupervisor(user)) void socket.join([SUPERVISORS_ROOM, importsRoom(user.id)]);
    if (user.role === 'agent') {
      consolePresence(user.id, 1);
      socket.once('disconnect', () => consolePresence(user.id, -1));
    }

    socket.on(
      'agent:command',
      handle(socket, async (input) => {
        const c = checkAgent(input);
        if (!c.ok) throw new RealtimeInputError(c.error);
        if (c.value.command === 'pause' && !c.value.pauseReason) throw new RealtimeInputError('VALIDATION /pauseReason: required to pause');
        if (c.value.command === 'ready' && !c.value.campaignId) throw new RealtimeInputError('VALIDATION /campaignId: required to go ready');
        // an agent takes calls (and screen pops of debtors) only from the campaigns assigned to them
        if (c.value.campaignId && user.role === 'agent' && !(await campaignsOfAgent(deps.db, user.id)).includes(c.value.campaignId)) {
          throw new ApiError(403, 'FORBIDDEN', 'this campaign is not assigned to you');
        }
        if (c.value.command === 'ready' || c.value.command === 'wrapup_done') await assertNoDispositionPending(deps.db, user.id);
        await deps.bus.publish('agent.command', { ...c.value, agentId: user.id });
      }) as ClientToServerEvents['agent:command'],
    );

    socket.on(
      'campaign:command',
      handle(socket, async (input) => {
        if (!isSupervisor(user)) throw new ApiError(403, 'FORBIDDEN', 'campaign commands need the supervisor or admin role');
        const c = checkCampaign(input);
        if (!c.ok) throw new RealtimeInputError(c.error);
        if (c.value.command === 'settings') {
          if (!c.value.settings) throw new RealtimeInputError('VALIDATION /settings: required for command settings');
          await campaigns.changeSettings(user, c.value.campaignId, c.value.settings);
        } else {
          await campaigns.command(user, c.value.campaignId, c.value.command);
        }
      }) as ClientToServerEvents['campaign:command'],
    );

    socket.on(
      'supervisor:command',
      handle(socket, async (input) => {
        if (!isSupervisor(user)) throw new ApiError(403, 'FORBIDDEN', 'listen, whisper and barge need the supervisor or admin role');
        const c = checkSupervisor(input);
        if (!c.ok) throw new RealtimeInputError(c.error);
        await deps.bus.publish('supervisor.command', { ...c.value, supervisorId: user.id });
      }) as ClientToServerEvents['supervisor:command'],
    );

    socket.on('wallboard:subscribe', (ack?: unknown) => {
      const reply = typeof ack === 'function' ? (ack as (r: { ok: boolean }) => void) : () => {};
      if (!isSupervisor(user)) return reply({ ok: false });
      void Promise.all([live.agents(), live.campaigns()])
        .catch((): [AgentStatus[], CampaignLiveStats[]] => [[...agentStatus.values()], [...campaignStats.values()]])
        .then(([agents, stats]) => {
          socket.emit('wallboard:agents', agents);
          for (const s of stats) socket.emit('wallboard:campaign', s);
          reply({ ok: true });
        });
    });
  });

  // a socket lives as long as its session: logout and deactivation disconnect it at once (session.ended on the
  // bus, from whichever instance served the request); expiry, or a lost message, at the next periodic check
  const recheckSocket = (socket: IoSocket): void => {
    userForToken(deps.db, deps.sessions, socket.data.token).then(
      (user) => {
        if (!user) {
          socket.emit('error:message', { code: 'SESSION_ENDED', message: 'session ended' });
          socket.disconnect(true);
        } else if (user.role !== socket.data.user.role) {
          socket.data.user = user;
          if (isSupervisor(user)) void socket.join([SUPERVISORS_ROOM, importsRoom(user.id)]);
          else {
            void socket.leave(SUPERVISORS_ROOM);
            void socket.leave(importsRoom(user.id));
          }
        }
      },
      () => {}, // a database hiccup must not drop every console; the next check decides
    );
  };

  // listeners are in place before anything is served
  const subs: Unsubscribe[] = await Promise.all([
    deps.bus.subscribe('agent.status', (s: BusEvents['agent.status']) => {
      if (s.state === 'offline') agentStatus.delete(s.agentId);
      else agentStatus.set(s.agentId, s);
      void remember('agent status', live.putAgent(s));
      notify.fromBus([agentRoom(s.agentId), SUPERVISORS_ROOM], 'agent:status', s);
    }),
    deps.bus.subscribe('screen.pop', (p) => {
      notify.fromBus(agentRoom(p.agentId), 'screen:pop', p);
    }),
    deps.bus.subscribe('call.status', (c) => {
      const rooms = c.agentId ? [SUPERVISORS_ROOM, agentRoom(c.agentId)] : [SUPERVISORS_ROOM];
      notify.fromBus(rooms, 'call:status', c);
    }),
    deps.bus.subscribe('session.ended', (e) => {
      // only this user's sockets, and only those whose own session is gone (another tab may have logged in again)
      for (const socket of io.sockets.sockets.values()) if (socket.data.user.id === e.userId) recheckSocket(socket);
    }),
    deps.bus.subscribe('campaign.stats', (s) => {
      campaignStats.set(s.campaignId, s);
      void remember('campaign stats', live.putCampaign(s));
      notify.fromBus(SUPERVISORS_ROOM, 'wallboard:campaign', s);
    }),
  ]);

  const recheck = setInterval(() => {
    for (const socket of io.sockets.sockets.values()) recheckSocket(socket);
  }, deps.config.socketRecheckMs);
  recheck.unref();

  return {
    io,
    agents: () => [...agentStatus.values()],
    async close() {
      clearInterval(recheck);
      await Promise.all(subs.map((off) => off()));
      notify.detach();
      // stops the adapter's stream reading and heartbeats (io.close() would also close Fastify's HTTP server)
      await Promise.resolve(io.of('/').adapter.close());
      io.local.disconnectSockets(true); // local: through the adapter it would drop the other instances' consoles too
      // io.close() would also close the HTTP server, which belongs to Fastify
      await new Promise<void>((resolve) => {
        io.engine.close();
        resolve();
      });
    },
  };
}
