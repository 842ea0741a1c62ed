// Who hears an event on the console channel: decided here and nowhere else.
//
// With REDIS_URL the Socket.IO servers of all API instances are joined by the Redis streams adapter, so an emit
// reaches the sockets of every instance. That is right for an event that happens in one instance only (a
// route's notification, such as an import's progress), and wrong for an event heard on the bus: every instance
// subscribes to the bus and would relay it to every console, which would get it once per instance. So:
//   fromBus  → this instance's own sockets (io.local); the other instances relay their own copy.
//   fromHere → through the adapter, to the sockets of every instance, once each.
import type { ImportProgressEvent, ServerToClientEvents } from '@cobranza/contracts';
import type { Server } from 'socket.io';

type Event = keyof ServerToClientEvents;
type Args<E extends Event> = Parameters<ServerToClientEvents[E]>;
// any: the server's client-to-server, inter-server and socket-data parameters do not matter to what is emitted
type AnyServer = Server<any, ServerToClientEvents, any, any>;

export const SUPERVISORS_ROOM = 'supervisors';
export const agentRoom = (agentId: string) => `agent:${agentId}`;
/** A supervisor's or admin's consoles: the progress of the imports they started. */
export const importsRoom = (userId: string) => `imports:${userId}`;

export class Notifier {
  private io: AnyServer | null = null;

  /** The Socket.IO server, once it exists (routes are built before it; nothing is connected before either). */
  attach(io: AnyServer): void {
    this.io = io;
  }

  detach(): void {
    this.io = null;
  }

  /** An event every instance heard on the bus: to this instance's sockets in these rooms only. */
  fromBus<E extends Event>(rooms: string | string[], event: E, ...args: Args<E>): void {
    this.io?.local.to(rooms).emit(event, ...args);
  }

  /** An event that happened in this instance: to the sockets in these rooms on every instance. */
  fromHere<E extends Event>(rooms: string | string[], event: E, ...args: Args<E>): void {
    this.io?.to(rooms).emit(event, ...args);
  }

  /** An import's progress, from the instance running the import to the consoles of the user who started it. */
  importProgress(userId: string, p: ImportProgressEvent): void {
    this.fromHere(importsRoom(userId), 'import:progress', p);
  }
}
