// The Redis streams adapter that joins the Socket.IO servers of all API instances. A stream rather than
// pub/sub: an instance that loses Redis for a moment reads on from where it was, so no emit is lost.
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import type { ServerOptions } from 'socket.io';

export interface ClusterAdapter {
  adapter: ServerOptions['adapter'];
  close(): Promise<void>;
}

export function redisStreamsAdapter(url: string, prefix: string): ClusterAdapter {
  // its own connection: commands wait out a Redis restart (maxRetriesPerRequest null) instead of dropping an emit;
  // the adapter duplicates it for its blocking reads and its pub/sub
  // named for the deployment's prefix (CLIENT LIST tells the adapters' connections of two deployments apart)
  const redis = new Redis(url, { maxRetriesPerRequest: null, connectionName: `${prefix.replace(/\s/g, '_')}socketio` });
  redis.on('error', () => {}); // reported by /health through the bus's and sessions' connections
  // The adapter ends its duplicated connections with disconnect(), which fails what is still in flight on them:
  // a SUBSCRIBE sent at start-up that nobody awaits becomes an unhandled 'Connection is closed' when a server
  // stops within moments of starting (seen in the API's tests). QUIT waits for those replies first.
  const duplicate = redis.duplicate.bind(redis);
  redis.duplicate = (...args: Parameters<Redis['duplicate']>) => {
    const client = duplicate(...args);
    client.disconnect = () => void client.quit().catch(() => {});
    return client;
  };
  return {
    adapter: createAdapter(redis, {
      // one cluster per REDIS_PREFIX, like the bus: two deployments (or two tests) on one Redis stay apart
      streamName: `${prefix}socket.io`,
      channelPrefix: `${prefix}socket.io`,
      sessionKeyPrefix: `${prefix}socket.io:session:`,
      // console events are JSON: skips the adapter's search for binary payloads
      onlyPlaintext: true,
    }) as ServerOptions['adapter'],
    async close() {
      await redis.quit().catch(() => {});
    },
  };
}
