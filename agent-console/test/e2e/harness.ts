// Boots what the end-to-end run needs, all real: the console build, the API runtime (Postgres test
// database, Redis with its own key prefix), Asterisk (scripts/services.sh), and Debian's Chromium.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

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
  context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh user-data-dir per run: no cached permissions, cookies or service workers. */
export async function launchChromium(): Promise<Browser> {
  const dir = mkdtempSync(join(tmpdir(), 'cobranza-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 900 },
    locale: 'es-CO',
    timezoneId: 'America/Bogota',
  });
  return {
    context,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
