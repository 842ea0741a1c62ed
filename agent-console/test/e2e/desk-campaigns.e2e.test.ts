// The Campaigns desk against the real `npm start` (embedded PGlite, in-process bus, simulated telephony):
// a supervisor pauses the demo campaign, creates one from the demo portfolio, loads its leads, starts it,
// and sees it dial: the why line says "Marcando" with attempts counted today. Screenshot at 1366×768.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useDeskSession } from './desk-session.js';
import { SCREENSHOTS } from './harness.js';

const desk = useDeskSession('desk-campaigns');

const NAME = 'Campaña e2e diciembre';

describe('Campaigns desk: create, load leads, start, see it dial', () => {
  let page: Page;
  const row = (name: string) => page.getByRole('row', { name });
  const reason = (name: string) => row(name).getByTestId('dialing-line').getAttribute('data-reason');

  it('a supervisor reaches the Campaigns screen from the navigation and pauses the demo campaign', async () => {
    page = await desk.openPage('supervisor');
    await desk.login(page, 'supervisor@cobranza.demo');
    await page.getByRole('link', { name: 'Campañas' }).click();
    await page.getByTestId('campaigns-table').waitFor({ timeout: 15_000 });
    expect(new URL(page.url()).pathname).toBe('/campanas');
    await row('Mora temprana demo').getByRole('button', { name: 'Pausar' }).click();
    await expect.poll(() => reason('Mora temprana demo'), { timeout: 10_000 }).toBe('paused');
  });

  it('creates a campaign from the demo portfolio and a strategy, as a draft', async () => {
    await page.getByRole('button', { name: 'Nueva campaña' }).click();
    const form = page.getByRole('form', { name: 'Nueva campaña' });
    // Enter on an empty form: the name is refused at its field, nothing is created
    await page.keyboard.press('Enter');
    await expect.poll(() => form.getByText('Escriba el nombre de la campaña.').count()).toBe(1);
    const portfolio = form.getByLabel('Cartera');
    await expect.poll(() => portfolio.locator('option').count()).toBeGreaterThan(1);
    await page.screenshot({ path: join(SCREENSHOTS, 'desk-campaigns-form.png') });
    await form.getByLabel('Nombre').fill(NAME);
    await portfolio.selectOption({ index: 1 });
    const strategy = form.getByLabel('Estrategia');
    await expect.poll(() => strategy.locator('option').count()).toBeGreaterThan(1);
    await strategy.selectOption({ index: 1 });
    await form.getByLabel('Modo de marcación').selectOption('progressive');
    await form.getByRole('button', { name: 'Crear campaña' }).click();
    await page.getByText(`Campaña «${NAME}» creada como borrador.`, { exact: false }).waitFor({ timeout: 10_000 });
    await expect.poll(() => reason(NAME), { timeout: 10_000 }).toBe('draft');
  });

  it('loads its leads, starts it, and sees it dial', async () => {
    await row(NAME).getByRole('button', { name: 'Cargar leads' }).click();
    await page.getByText(/deudores nuevos en cola/).waitFor({ timeout: 15_000 });
    const dueNow = async () => Number(/(\d+)/.exec((await row(NAME).getByTestId('hopper-due_now').textContent()) ?? '')?.[1] ?? 0);
    await expect.poll(dueNow, { timeout: 10_000 }).toBeGreaterThan(0);
    await row(NAME).getByRole('button', { name: 'Iniciar' }).click();
    await expect.poll(() => reason(NAME), { timeout: 60_000, interval: 1000 }).toBe('dialing');
    const attempts = async () => Number(/(\d+) intentos hoy/.exec((await row(NAME).getByTestId('dialing-line').textContent()) ?? '')?.[1] ?? 0);
    await expect.poll(attempts, { timeout: 60_000, interval: 1000 }).toBeGreaterThan(0);
    // the queue moves: debtors leave "due now" for a call, handled or a later retry
    const moved = async () => {
      const n = async (k: string) => Number(/(\d+)/.exec((await row(NAME).getByTestId(`hopper-${k}`).textContent()) ?? '')?.[1] ?? 0);
      return (await n('in_progress')) + (await n('done')) + (await n('due_later')) + (await n('exhausted'));
    };
    await expect.poll(moved, { timeout: 30_000, interval: 1000 }).toBeGreaterThan(0);
    // fits 1366×768 without sideways scrolling
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
    await page.screenshot({ path: join(SCREENSHOTS, 'desk-campaigns.png') });
    expect(desk.errors).toEqual([]);
  });
});
