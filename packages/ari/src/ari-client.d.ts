// ari-client ships no types; this declares only the part the connection supervisor uses.
declare module 'ari-client' {
  import type { EventEmitter } from 'node:events';
  export interface AriClientInstance extends EventEmitter {
    start(apps: string | string[]): Promise<void>;
    stop(): void;
    ping(): void;
  }
  export function connect(url: string, user: string, pass: string): Promise<AriClientInstance>;
  const client: { connect: typeof connect };
  export default client;
}
