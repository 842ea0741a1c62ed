// The real `npm start` as a child process, the way a newcomer runs it: embedded PGlite (or a test
// Postgres database), in-process bus, simulated telephony, the demo seed, the console built at start
// when missing. No Asterisk, no Redis. Shared by the first-run, vanished-console and agent-shift e2e tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './harness.js';

export interface DemoServer {
  /** http://127.0.0.1:PORT */
  url: string;
  proc: ChildProcess;
  /** Everything the server printed (stdout and stderr), in order. */
  output: string[];
  stop(): Promise<void>;
}

export interface DemoServerOptions {
  /** Postgres URL of a test database (createTestDatabase); unset = embedded PGlite in a temporary folder. */
  databaseUrl?: string;
  /** Extra environment (e.g. CONSOLE_GRACE_SECONDS, DEMO_SIM_AGENTS). */
  env?: Record<string, string>;
  /** How long start-up may take: the first start builds the console. */
  timeoutMs?: number;
}

// Settings of the developer's shell that would point the demo at real services.
const INHERITED_SERVICES = ['DATABASE_URL', 'REDIS_URL', 'REDIS_PREFIX', 'ARI_URL', 'ARI_USER', 'ARI_PASSWORD', 'ARI_APP', 'PGLITE_DIR', 'PORT', 'HOST', 'CONSOLE_DIR', 'SEED_DEMO', 'NODE_ENV'];

export async function startDemoServer(opts: DemoServerOptions = {}): Promise<DemoServer> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const k of INHERITED_SERVICES) delete env[k];
  const dataDir = opts.databaseUrl ? null : mkdtempSync(join(tmpdir(), 'cobranza-demo-e2e-'));
  Object.assign(env, {
    PORT: '0',
    HOST: '127.0.0.1',
    ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : { PGLITE_DIR: join(dataDir!, 'pglite') }),
    LOG_LEVEL: 'warn',
    ...opts.env,
  });
  // detached: its own process group, so stop() reaches npm and the node it started
  const proc = spawn('npm', ['start', '--silent'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const output: string[] = [];
  const cleanup = () => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) {
        cleanup();
        return resolve();
      }
      const kill = setTimeout(() => signal('SIGKILL'), 15_000);
      proc.once('exit', () => {
        clearTimeout(kill);
        cleanup();
        resolve();
      });
      signal('SIGTERM');
    });
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-proc.pid!, sig);
    } catch {
      /* already gone */
    }
  };
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`npm start not listening after ${(opts.timeoutMs ?? 240_000) / 1000} s:\n${output.join('').slice(-4000)}`));
    }, opts.timeoutMs ?? 240_000);
    const onData = (b: Buffer) => {
      output.push(b.toString());
      // the last lines of start-up: the URL, then the demo logins
      const text = output.join('');
      if (text.includes('the console is not built')) {
        clearTimeout(timer);
        void stop();
        reject(new Error(`npm start could not build the console:\n${text.slice(-4000)}`));
        return;
      }
      const m = /open the console: (http:\/\/[^\s/]+)\//.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', (b: Buffer) => output.push(b.toString()));
    proc.once('exit', (code) => {
      clearTimeout(timer);
      cleanup();
      reject(new Error(`npm start exited with ${code}:\n${output.join('').slice(-4000)}`));
    });
  });
  return { url, proc, output, stop };
}
