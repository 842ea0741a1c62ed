// `npm start` as a real process for the tests and benchmarks that need one (the embedded database's lock, an import's
// effect on the server's event loop): the repository's server entry, with the environment given.
import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

export const ROOT = resolve(new URL('../../..', import.meta.url).pathname);

export interface Started {
  child: ChildProcess;
  exited: Promise<number | null>;
  /** standard output and error so far */
  out(): string;
}

/** Starts the server with `env` over this process's environment, minus DATABASE_URL and REDIS_URL (embedded mode). */
export function npmStart(env: Record<string, string>): Started {
  const full: Record<string, string> = { ...(process.env as Record<string, string>), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env };
  delete full.DATABASE_URL;
  delete full.REDIS_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'api/src/server.ts')], { cwd: ROOT, env: full, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += String(d)));
  child.stderr!.on('data', (d: Buffer) => (out += String(d)));
  return { child, exited: new Promise((r) => child.on('exit', (code) => r(code))), out: () => out };
}

/** The URL the server printed once listening; throws with its output if it exits or takes over `timeoutMs`. */
export async function listening(s: Started, timeoutMs = 180_000): Promise<string> {
  for (const until = Date.now() + timeoutMs; Date.now() < until; ) {
    const m = /listening on (http:\/\/\S+)/.exec(s.out());
    if (m) return m[1]!;
    if (s.child.exitCode !== null) throw new Error(`server exited: ${s.out()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start: ${s.out()}`);
}

/** SIGTERM, and the exit code. */
export async function stop(s: Started): Promise<number | null> {
  if (s.child.exitCode === null) s.child.kill('SIGTERM');
  return s.exited;
}
