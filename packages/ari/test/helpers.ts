import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { Ari } from '../src/index.js';

/** A connection under its own app name: test files (and other people's test runs) never steal each other's events. */
export async function connectTestApp(prefix: string): Promise<Ari> {
  const env = inject('asterisk');
  return Ari.connect({
    url: env.ariUrl,
    user: env.ariUser,
    password: env.ariPassword,
    app: `${prefix}-${randomUUID().slice(0, 8)}`,
    connectTimeoutMs: 20_000,
  });
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Fire-and-forget from an event handler, with the failure reported instead of an unhandled rejection. */
export function bg(p: Promise<unknown>, what: string): void {
  p.catch((e: unknown) => console.error(`${what}: ${String(e)}`));
}
