// The agent's shift in Chromium against the real `npm start` (embedded database, simulated telephony, the demo
// campaign dialing): F5 in the middle of a call keeps the state and the call, the disposition comes before the
// next call, in Spanish and in English, and the desk fits 1366x768 with no horizontal scroll.
// Screenshots go to AGENT_SHIFT_SHOTS (default: the system temp folder).
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from './demo-server.js';
import { launchChromium, type Browser } from './harness.js';

const SHOTS = process.env.AGENT_SHIFT_SHOTS ?? join(tmpdir(), 'agent-shift-shots');
const PASSWORD = 'cobranza-demo';

let server: DemoServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  // no simulated agents: every debtor the demo campaign reaches goes to the people in this test, so a call
  // arrives in seconds rather than whenever eight idle robots are busy
  server = await startDemoServer({ env: { DEMO_SIM_AGENTS: '0' } });
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const WORDS = {
  es: { login: 'Ingresar', email: 'Correo', password: 'Contraseña', ready: 'Disponible', hangup: 'Colgar', save: 'Guardar gestión', wrapping: 'Cierre', readyState: 'Disponible', first: 'Guarde la gestión de la llamada anterior antes de recibir otra.' },
  en: { login: 'Sign in', email: 'Email', password: 'Password', ready: 'Ready', hangup: 'Hang up', save: 'Save disposition', wrapping: 'Wrap-up', readyState: 'Ready', first: 'Save the outcome of the previous call before taking another.' },
} as const;

const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);
const stateText = (page: Page) => page.getByTestId('agent-state').innerText();
const callOnScreen = (page: Page) => page.getByTestId('screen-pop').getAttribute('data-call-id');

/** What a person reads must not hold raw keys, JSON pointers, UTC instants or untranslated codes. */
async function noRawText(page: Page): Promise<void> {
  const text = await page.evaluate(() => document.body.innerText);
  expect(text).not.toMatch(/\b[a-z]+_[a-z_]+\b/); // realtime_not_connected, tarjeta_credito, state_ready...
  expect(text).not.toMatch(/\/[a-z]+[A-Z][a-zA-Z]*:|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/); // /callbackAt:, 2026-12-09T12:00
  expect(text).not.toMatch(/\bbridged\b/);
}

async function shift(lang: 'es' | 'en', email: string): Promise<void> {
  const w = WORDS[lang];
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(`${server.url}/`);
  // Spanish first, before anything was chosen; English is chosen on the login page and kept
  await expect.poll(() => page.getByRole('heading', { name: 'Ingresar' }).count(), { timeout: 30_000 }).toBe(1);
  if (lang === 'en') await page.locator('select[name="lang"]').selectOption('en');
  await page.getByLabel(w.email).fill(email);
  await page.getByLabel(w.password).fill(PASSWORD);
  await page.getByRole('button', { name: w.login, exact: true }).click();
  await page.getByTestId('agent-state').waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: w.ready, exact: true }).click();

  // the demo campaign dials at any hour: a debtor is put through to this agent (the first run warms up the hopper)
  await page
    .getByTestId('debtor-name')
    .waitFor({ timeout: 200_000 })
    .catch(async (e: unknown) => {
      await page.screenshot({ path: join(SHOTS, `${lang}-0-no-call.png`) });
      throw e;
    });
  const callId = await callOnScreen(page);
  expect(callId).toBeTruthy();
  expect(await fitsWidth(page)).toBeLessThanOrEqual(1366);
  await page.screenshot({ path: join(SHOTS, `${lang}-1-call.png`) });

  // F5 in the middle of the call: no login page, the same call and the state still on screen
  const before = await stateText(page);
  await page.reload();
  await page.getByTestId('debtor-name').waitFor({ timeout: 30_000 });
  expect(await page.getByRole('heading', { name: w.login }).count()).toBe(0);
  expect(await callOnScreen(page)).toBe(callId);
  expect(await stateText(page)).toContain(before.split('\n')[0]!.replace(/\d+:\d+/, '').trim());
  await page.screenshot({ path: join(SHOTS, `${lang}-2-after-f5.png`) });

  // the call ends (the agent hangs up unless the debtor already did): wrap-up, the disposition is due
  const hangup = page.getByRole('button', { name: w.hangup, exact: true });
  if (await hangup.isEnabled()) await hangup.click();
  await expect.poll(() => stateText(page), { timeout: 60_000 }).toContain(w.wrapping);
  // Alt+R asks for the next call: refused with the reason, and no other debtor arrives
  await page.keyboard.press('Alt+KeyR');
  await expect.poll(() => page.getByText(w.first).count()).toBeGreaterThan(0);
  expect(await page.getByRole('button', { name: w.ready, exact: true }).isDisabled()).toBe(true);
  // the server holds the call for its disposition too (what a re-login or another tab would see)
  const shiftNow = await page.evaluate(async () => (await fetch('/agents/me/shift', { credentials: 'include' })).json());
  expect(shiftNow.call?.callId).toBe(callId);
  await page.waitForTimeout(3000);
  expect(await callOnScreen(page)).toBe(callId);
  await noRawText(page);
  expect(await fitsWidth(page)).toBeLessThanOrEqual(1366);
  await page.screenshot({ path: join(SHOTS, `${lang}-3-disposition-first.png`) });

  // F5 in wrap-up still shows the call and the form
  await page.reload();
  await page.locator('form#disposition-form').waitFor({ timeout: 30_000 });
  expect(await callOnScreen(page)).toBe(callId);

  // the disposition saved, the agent may take the next call
  await page.locator('select[name="outcome"]').selectOption('refused');
  await page.getByRole('button', { name: w.save, exact: true }).click();
  await page.getByTestId('disposition-saved').waitFor({ timeout: 15_000 });
  await expect.poll(async () => (await page.evaluate(async () => (await fetch('/agents/me/shift', { credentials: 'include' })).json())).call, { timeout: 10_000 }).toBeNull();
  // saving ends wrap-up: the agent is ready for the next call (or already on it)
  await expect.poll(async () => (await stateText(page)).split('\n')[0], { timeout: 15_000 }).toMatch(new RegExp(`${w.readyState}|${lang === 'es' ? 'En llamada' : 'On a call'}`));
  await page.screenshot({ path: join(SHOTS, `${lang}-4-after-disposition.png`) });
  await context.close();
}

describe("the agent's shift against npm start", () => {
  it('F5 in the middle of a call, the disposition before the next call, 1366x768 — in Spanish', () => shift('es', 'agente1@cobranza.demo'), 420_000);
  it('the same in English', () => shift('en', 'agente2@cobranza.demo'), 300_000);
});
