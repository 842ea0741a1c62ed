// One real `npm start` and one Chromium per desk e2e file: started before the file's tests, stopped after,
// with pages at 1366×768 whose script errors are collected, and the demo's login.
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@cobranza/db/testing';
import { startDemoServer, type DemoServer } from './demo-server.js';
import { launchChromium, SCREENSHOTS, type Browser } from './harness.js';

export const DEMO_PASSWORD = 'cobranza-demo';

export interface DeskSession {
  /** The running server (after beforeAll). */
  server(): DemoServer;
  /** A new browser context's page at 1366×768; its `pageerror`s go to `errors`. */
  openPage(who: string): Promise<Page>;
  /** Logs in from the login page, in Spanish (the console's first language). */
  login(page: Page, email: string): Promise<void>;
  errors: string[];
  /** The test database the server runs on (with `postgres`, after beforeAll). */
  db(): TestDatabase['db'];
}

/**
 * `postgres`: run `npm start` on a fresh test database of that name on the real Postgres, not the embedded one;
 * `env`: more of the server's environment (e.g. DEMO_SIM_AGENTS=0, so the demo's calls go to the test's agent).
 */
export function useDeskSession(label: string, opts: { postgres?: string; env?: Record<string, string> } = {}): DeskSession {
  let server: DemoServer;
  let browser: Browser;
  let tdb: TestDatabase | undefined;
  const errors: string[] = [];
  beforeAll(async () => {
    if (opts.postgres) tdb = await createTestDatabase(opts.postgres);
    server = await startDemoServer({ ...(tdb ? { databaseUrl: tdb.url } : {}), ...(opts.env ? { env: opts.env } : {}) });
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await tdb?.drop();
    if (process.env.E2E_VERBOSE) console.log(`[${label} e2e] ${server?.output.join('').slice(-3000)}\n${errors.join('\n')}`);
  });
  return {
    server: () => server,
    errors,
    db() {
      if (!tdb) throw new Error('this desk session runs on the embedded database: pass { postgres } to read it');
      return tdb.db;
    },
    async openPage(who) {
      const page = await (await browser.newContext()).newPage();
      await page.setViewportSize({ width: 1366, height: 768 });
      page.on('pageerror', (e) => errors.push(`${who} pageerror: ${e.message}`));
      return page;
    },
    async login(page, email) {
      await page.goto(`${server.url}/`);
      await page.getByLabel('Correo').fill(email);
      await page.getByLabel('Contraseña').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Ingresar' }).click();
    },
  };
}
