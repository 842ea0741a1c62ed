// The console end to end, against the real things: the built console served by the API runtime,
// Postgres, Redis, Asterisk 22 and Chromium with a fake microphone.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '@cobranza/db/testing';
import { loadConfig } from '@cobranza/api/config';
import { startRuntime, type Runtime } from '@cobranza/api/runtime';
import { asteriskCli, buildConsole, CONSOLE, ensureServices, launchChromium, SCREENSHOTS, type Browser } from './harness.js';
import { PASSWORD, seed, type Seeded } from './seed.js';

// An endpoint no other test suite registers (asterisk-config makes agent1..agent20).
const SIP_ENDPOINT = 'agent19';
// Fake PSTN: the last digit picks the behaviour, 0 = a person who answers.
const DEBTOR_E164 = '+573001234560';

let tdb: TestDatabase;
let api: Runtime;
let browser: Browser;
let data: Seeded;
const suffix = randomBytes(3).toString('hex');
const figures: Record<string, number | string> = {};

beforeAll(async () => {
  ensureServices();
  buildConsole();
  tdb = await createTestDatabase('console_e2e');
  data = await seed(tdb.db, { sipEndpoint: SIP_ENDPOINT, e164: DEBTOR_E164, suffix });
  const config = loadConfig({
    DATABASE_URL: tdb.url,
    REDIS_URL: 'redis://127.0.0.1:6379',
    REDIS_PREFIX: `cobranza:e2e-console-${suffix}:`,
    PORT: '0',
    HOST: '127.0.0.1',
    CONSOLE_DIR: join(CONSOLE, 'dist'),
    SEED_DEMO: 'false',
    IN_PROCESS_COMPONENTS: 'false',
    LOG_LEVEL: 'warn',
  });
  api = await startRuntime(config, { db: tdb, migrate: false, logger: false });
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
  await tdb?.drop();
  if (Object.keys(figures).length) console.log('[console e2e] figures', JSON.stringify(figures));
  if (pageLog.length) console.log(`[console e2e] browser log:\n${pageLog.slice(-60).join('\n')}`);
});

const pageLog: string[] = [];
function watch(page: Page, who: string): Page {
  page.on('console', (m) => pageLog.push(`${who} console.${m.type()}: ${m.text().slice(0, 300)}`));
  page.on('pageerror', (e) => pageLog.push(`${who} pageerror: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) pageLog.push(`${who} HTTP ${r.status()} ${r.request().method()} ${r.url()}`);
  });
  return page;
}

async function login(page: Page, email: string): Promise<void> {
  await page.goto(api.url);
  await page.getByLabel('Correo').fill(email);
  await page.getByLabel('Contraseña').fill(PASSWORD);
  await page.getByRole('button', { name: 'Ingresar' }).click();
}

const phoneState = (page: Page) =>
  page.evaluate(() => (window as unknown as { __cobranza: { getState(): { phone: Record<string, unknown> } } }).__cobranza.getState().phone);

describe('agent console in Chromium against the real API and Asterisk', () => {
  let agentPage: Page;

  it('an agent logs in and the softphone registers to Asterisk', async () => {
    agentPage = watch(await browser.context.newPage(), 'agent');
    await login(agentPage, data.agent.email);
    await expect.poll(() => agentPage.getByTestId('sip-state').textContent({ timeout: 1000 }).catch(() => null), { timeout: 15_000 }).toBe('registrado');
    expect(await agentPage.getByTestId('mic-state').textContent()).toBe('activo');
    const phone = await phoneState(agentPage);
    expect(typeof phone.registeredInMs).toBe('number');
    figures.registrationMs = phone.registeredInMs as number;
    // Asterisk's own view: the endpoint has a live WebSocket contact.
    expect(asteriskCli(`pjsip show aor ${SIP_ENDPOINT}`)).toMatch(new RegExp(`Contact:\\s+${SIP_ENDPOINT}/sip:\\S+\\s+\\S+\\s+(Avail|NonQual)`));
    await expect.poll(() => agentPage.getByTestId('agent-state').textContent()).toMatch(/Desconectado|Disponible|En pausa/);
  });
});
