// An admin sets up a campaign from the browser against the real `npm start` on the real Postgres (simulated
// telephony): a script written with the variable palette (an unknown variable refused by the API at its
// branch first), a campaign from the demo portfolio, its leads loaded, started, and dialing.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useDeskSession } from './desk-session.js';
import { SCREENSHOTS } from './harness.js';

const desk = useDeskSession('desk-setup', { postgres: 'desk_setup_e2e' });

const CAMPAIGN = 'Campaña guion e2e';
const horizontalOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('the admin sets up a campaign from the browser and sees it dial', () => {
  let page: Page;
  const api = async (path: string) => {
    const cookies = await page.context().cookies();
    const res = await fetch(`${desk.server().url}${path}`, { headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') } });
    return res.json() as Promise<{ items: { id: string; code: string; version: number; body: Record<string, unknown> }[] }>;
  };

  it('writes a script with the palette from the keyboard; an unknown variable is refused at its branch, then it saves', async () => {
    page = await desk.openPage('admin');
    await desk.login(page, 'admin@cobranza.demo');
    await page.getByRole('link', { name: 'Guiones' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${desk.server().url}/guiones`);
    await page.getByRole('button', { name: 'Nuevo guion' }).click();
    await page.getByLabel('Código').fill('GUION_E2E');
    await page.getByLabel('Nombre', { exact: true }).fill('Guion de la prueba');

    // the opening: typed, then {{nombre_completo}} from the palette with the keyboard (Alt+V, Tab to it, Enter)
    const opening = page.getByLabel('Apertura');
    await opening.click();
    await page.keyboard.type('Buenos días, ¿hablo con ');
    await page.keyboard.press('Alt+V');
    const palette = page.getByTestId('variable-palette');
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.variable)).toBe('nombre');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await opening.inputValue()).toBe('Buenos días, ¿hablo con {{nombre_completo}}');
    await page.keyboard.type('? Le habla ');
    await palette.getByRole('button', { name: /^\{\{agente\}\}/ }).click();
    await page.keyboard.type('.');
    const body = page.getByLabel('Mensaje');
    await body.click();
    await page.keyboard.type('Su saldo es ');
    await palette.getByRole('button', { name: /^\{\{saldo\}\}/ }).click();
    await page.keyboard.type(', con ');
    await palette.getByRole('button', { name: /^\{\{dias_mora\}\}/ }).click();
    await page.keyboard.type(' días de mora.');
    await page.getByLabel('Ya pagó').fill('¿En qué fecha pagó? Verificamos los {{saldo}}.');
    await page.getByLabel('Nunca recibió la factura').fill('Le escribimos a {{correo}} hoy.');

    // the preview is the agent's view of the sample debtor; the unknown variable is marked as typed
    const preview = page.getByTestId('script-preview');
    expect(await preview.getByText('El guion tiene errores').count()).toBe(1);
    await page.getByRole('button', { name: 'Guardar guion' }).click();
    const error = page.locator('#scr-branches-never_got_bill-error');
    await expect.poll(() => error.textContent()).toMatch(/^la variable \{\{correo\}\} \(carácter 17\) no existe; se pueden usar: nombre, apellido/);
    expect(await page.getByLabel('Nunca recibió la factura').getAttribute('aria-invalid')).toBe('true');
    expect((await api('/scripts')).items.some((s) => s.code === 'GUION_E2E')).toBe(false);

    await page.getByLabel('Nunca recibió la factura').fill('Le escribimos hoy a su correo, {{nombre}}.');
    await page.getByLabel('Ya pagó').focus(); // its branch opens in the preview
    const view = preview.getByTestId('script-preview-view');
    expect(await view.locator('.script-opening p').textContent()).toBe('Buenos días, ¿hablo con María Gómez? Le habla Adriana Admin.');
    expect(await view.locator('.script-body p').textContent()).toMatch(/^Su saldo es \$\s1\.234\.567,80, con 47 días de mora\.$/);
    await page.getByRole('button', { name: 'Guardar guion' }).click();
    await page.getByText('Guion creado: versión 1.').waitFor();
    const saved = (await api('/scripts')).items.find((s) => s.code === 'GUION_E2E');
    expect(saved?.body).toMatchObject({ opening: 'Buenos días, ¿hablo con {{nombre_completo}}? Le habla {{agente}}.', branches: { never_got_bill: 'Le escribimos hoy a su correo, {{nombre}}.' } });
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOTS, 'guiones.png') });
  });

  it('creates a campaign from the demo portfolio, loads its leads, starts it and sees it dial', async () => {
    await page.getByRole('link', { name: 'Campañas' }).click();
    await page.getByTestId('campaigns-table').waitFor({ timeout: 15_000 });
    const row = (name: string) => page.getByRole('row', { name });
    const reason = (name: string) => row(name).getByTestId('dialing-line').getAttribute('data-reason');
    // the demo campaign's simulated agents are freed for this one
    await row('Mora temprana demo').getByRole('button', { name: 'Pausar' }).click();
    await expect.poll(() => reason('Mora temprana demo'), { timeout: 10_000 }).toBe('paused');
    await page.getByRole('button', { name: 'Nueva campaña' }).click();
    const form = page.getByRole('form', { name: 'Nueva campaña' });
    const portfolio = form.getByLabel('Cartera');
    await expect.poll(() => portfolio.locator('option').count()).toBeGreaterThan(1);
    await form.getByLabel('Nombre').fill(CAMPAIGN);
    await portfolio.selectOption({ index: 1 });
    const strategy = form.getByLabel('Estrategia');
    await expect.poll(() => strategy.locator('option').count()).toBeGreaterThan(1);
    await strategy.selectOption({ index: 1 });
    await form.getByLabel('Modo de marcación').selectOption('progressive');
    await form.getByRole('button', { name: 'Crear campaña' }).click();
    await page.getByText(`Campaña «${CAMPAIGN}» creada como borrador.`, { exact: false }).waitFor({ timeout: 10_000 });
    await row(CAMPAIGN).getByRole('button', { name: 'Cargar leads' }).click();
    await page.getByText(/deudores nuevos en cola/).waitFor({ timeout: 15_000 });
    await row(CAMPAIGN).getByRole('button', { name: 'Iniciar' }).click();
    await expect.poll(() => reason(CAMPAIGN), { timeout: 60_000, interval: 1000 }).toBe('dialing');
    const attempts = async () => Number(/(\d+) intentos hoy/.exec((await row(CAMPAIGN).getByTestId('dialing-line').textContent()) ?? '')?.[1] ?? 0);
    await expect.poll(attempts, { timeout: 60_000, interval: 1000 }).toBeGreaterThan(0);
    expect(desk.errors).toEqual([]);
  });
});
