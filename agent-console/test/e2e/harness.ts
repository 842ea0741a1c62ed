// Boots what the end-to-end run needs, all real: the console build, the API runtime (Postgres test
// database, Redis with its own key prefix), Asterisk (scripts/services.sh), and Debian's Chromium.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { chromium, type Browser as PwBrowser, type BrowserContext } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const CONSOLE = resolve(ROOT, 'agent-console');
export const SCREENSHOTS = resolve(ROOT, 'docs/screenshots');

export function ensureServices(): void {
  // Idempotent and quick when everything is up; fails loudly (never skips) when it cannot.
  execFileSync('bash', [join(ROOT, 'scripts/services.sh')], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 600_000 });
}

export function buildConsole(): void {
  // Vitest sets NODE_ENV=test, which would give a development build (React dev, /api base).
  execFileSync(join(ROOT, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn', '--mode', 'production'], {
    cwd: CONSOLE,
    stdio: 'inherit',
    timeout: 300_000,
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

export function asteriskCli(cmd: string): string {
  return execFileSync('bash', [join(ROOT, 'asterisk-config/run.sh'), 'cli', cmd], { encoding: 'utf8', timeout: 20_000 });
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  newContext(o?: { clockAheadMs?: number }): Promise<BrowserContext>;
  close(): Promise<void>;
}

/**
 * Chromium with the flags the softphone needs. launch() runs on a fresh temporary user-data-dir
 * (removed at close), and each user gets its own context: the agent's and the supervisor's sessions
 * must not share cookies.
 */
export async function launchChromium(): Promise<Browser> {
  const browser: PwBrowser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  return {
    newContext: async (o = {}) => {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'es-CO', timezoneId: 'America/Bogota', permissions: ['microphone'] });
      // The page reads the clock this process reads: scripts/test-at.sh moves Node's Date (the servers the test
      // starts included), not Chromium's, and a test may run its dialer ahead of the real time.
      const ahead = o.clockAheadMs ?? 0;
      if (ahead > 0 || Number(process.env.COBRANZA_CLOCK_OFFSET_MS ?? 0) !== 0) await context.clock.install({ time: Date.now() + ahead });
      return context;
    },
    close: () => browser.close().catch(() => undefined),
  };
}

export interface Dialer {
  proc: ChildProcess;
  output: string[];
  stop(): Promise<void>;
}

/** The dialer as its own process (dialer/src/main.ts), on the API's database and bus. */
export async function startDialer(env: Record<string, string>): Promise<Dialer> {
  const proc = spawn(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'dialer/src/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dialer not ready after 60 s:\n${output.join('')}`)), 60_000);
    const onData = (b: Buffer) => {
      output.push(b.toString());
      // NODE_ENV=production: the log is JSON lines (LOG_FORMAT), the text form says '[dialer] ready'
      if (/\[dialer\] ready|"message":"ready"/.test(output.join(''))) {
        clearTimeout(timer);
        resolve();
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', (b: Buffer) => output.push(b.toString()));
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dialer exited with ${code}:\n${output.join('')}`));
    });
  });
  await ready;
  return {
    proc,
    output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        const kill = setTimeout(() => proc.kill('SIGKILL'), 5000);
        proc.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        proc.kill('SIGTERM');
      }),
  };
}
