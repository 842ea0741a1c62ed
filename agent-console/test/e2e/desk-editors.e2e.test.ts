// The segment and strategy editors against the real `npm start` (embedded PGlite, the demo's portfolio and
// segments): the admin adds a segment and sees how many accounts each would get before saving; then creates a
// strategy whose IVR flow has a menu option leading nowhere, sees it refused at that field, fixes it and saves.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SCREENSHOTS } from './harness.js';
import { useDeskSession } from './desk-session.js';

const desk = useDeskSession('desk-editors');
const horizontalOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('segment and strategy editors in the browser', () => {
  let admin: Page;
  it('adds a segment, sees the accounts each segment would get, and saves the set', async () => {
    admin = await desk.openPage('admin');
    await desk.login(admin, 'admin@cobranza.demo');
    await admin.getByRole('navigation', { name: 'Navegación' }).getByRole('link', { name: 'Segmentos' }).click();
    await admin.waitForURL(`${desk.server().url}/segmentos`);
    const save = admin.getByRole('button', { name: 'Guardar', exact: true });
    await admin.getByRole('button', { name: 'Agregar segmento' }).waitFor();
    expect(await save.isDisabled()).toBe(true);
    const before = await admin.locator('fieldset.segment').count();
    await admin.getByRole('button', { name: 'Agregar segmento' }).click();
    // added before the catch-all, which stays last
    const added = admin.getByRole('group', { name: new RegExp(`^Segmento ${before}`) });
    await added.getByLabel('Nombre').fill('Saldo alto');
    await added.getByLabel('Código').fill('saldo_alto');
    await added.getByLabel('Saldo desde').fill('2000000');
    // first match wins: from the keyboard, up to the top, so high balances go there whatever their days past due
    for (let i = before; i > 1; i--) {
      await admin.getByRole('button', { name: `Subir: Segmento ${i}: Saldo alto`, exact: true }).focus();
      await admin.keyboard.press('Enter');
    }
    const top = admin.getByRole('group', { name: 'Segmento 1: Saldo alto' });
    await top.waitFor();
    expect(await top.getByRole('button', { name: 'Subir: Segmento 1: Saldo alto' }).isDisabled()).toBe(true);
    await admin.getByRole('button', { name: 'Calcular cuentas por segmento' }).click();
    await admin.getByTestId('segment-count-0').waitFor();
    const counts = await admin.locator('[data-testid^="segment-count-"]').allTextContents();
    expect(counts).toHaveLength(before + 1);
    for (const c of counts) expect(c).toMatch(/^[\d.]+ cuentas$/);
    const total = counts.reduce((n, c) => n + Number(c.replace(/\D/g, '')), 0);
    expect(await admin.locator('#seg-save-help').textContent()).toContain(`Total: ${new Intl.NumberFormat('es-CO').format(total)} cuentas`);
    expect(total).toBeGreaterThan(0);
    expect(await horizontalOverflow(admin)).toBeLessThanOrEqual(0);
    await admin.evaluate(() => window.scrollTo(0, 0));
    await admin.screenshot({ path: join(SCREENSHOTS, 'segmentos.png') });
    await save.click();
    await expect.poll(() => admin.locator('#seg-save-help').textContent()).toMatch(/^Segmentos guardados; [\d.]+ cuentas cambiaron de segmento\.$/);
    // the API really stored it, before the catch-all
    const stored = await admin.evaluate(async () => (await (await fetch('/segments', { credentials: 'include' })).json()) as { items: { code: string; active: boolean; rules: object }[] });
    const active = stored.items.filter((s) => s.active);
    expect(active.map((s) => s.code)).toContain('saldo_alto');
    expect(Object.keys(active.at(-1)!.rules)).toEqual([]);
  });

  it('creates a strategy whose IVR flow is refused at the option leading nowhere, then fixes it and saves', async () => {
    await admin.getByRole('navigation', { name: 'Navegación' }).getByRole('link', { name: 'Estrategias' }).click();
    await admin.waitForURL(`${desk.server().url}/estrategias`);
    await admin.getByRole('button', { name: 'Nueva estrategia' }).click();
    await admin.getByLabel('Nombre', { exact: true }).fill('Mora alta con IVR');
    await admin.getByLabel('Código', { exact: true }).fill('mora_alta_ivr');
    await admin.getByLabel('Detección de contestador (AMD)').selectOption('message');
    await admin.getByLabel('Cuotas máximas').fill('12');
    await admin.getByLabel('Ocupado: Reintentar tras (minutos)').fill('15');
    // an own answered-call flow, started from the default, with option 3 of the menu sent to a step that does not exist
    await admin.getByLabel('Flujo propio (si no, se usa el flujo por defecto)').check();
    const menu = admin.getByRole('group', { name: /«main»/ }).first();
    const option3 = menu.getByLabel('opción 3: Después, ir a');
    await option3.fill('fin');
    await admin.getByRole('button', { name: 'Guardar estrategia' }).click();
    const problems = admin.getByTestId('strategy-problems');
    await problems.waitFor();
    expect(await problems.textContent()).toMatch(/Llamada contestada › Paso \d+ «main» › opción 3 › Después, ir a: el paso «fin» no existe/);
    expect(await option3.getAttribute('aria-invalid')).toBe('true');
    expect(await admin.locator(`#${await option3.getAttribute('id')}-error`).textContent()).toBe('el paso «fin» no existe');
    expect(await admin.locator('body').innerText()).not.toMatch(/\/ivrFlow|\/nodes\//);
    // nothing was written
    const list = async () => (await admin.evaluate(async () => (await (await fetch('/strategies', { credentials: 'include' })).json()) as { items: { code: string; ivrFlow: unknown; amdMode: string }[] })).items;
    expect((await list()).some((s) => s.code === 'mora_alta_ivr')).toBe(false);
    expect(await horizontalOverflow(admin)).toBeLessThanOrEqual(0);
    // the listed problem takes the keyboard to its field
    await problems.getByRole('link').first().focus();
    await admin.keyboard.press('Enter');
    await expect.poll(() => option3.evaluate((el) => el === document.activeElement)).toBe(true);
    await admin.screenshot({ path: join(SCREENSHOTS, 'estrategias.png') });

    await option3.fill('promise');
    await admin.getByRole('button', { name: 'Guardar estrategia' }).click();
    await admin.getByText('Estrategia guardada.').waitFor();
    expect(await problems.count()).toBe(0);
    const saved = (await list()).find((s) => s.code === 'mora_alta_ivr');
    expect(saved?.amdMode).toBe('message');
    expect((saved?.ivrFlow as { outbound: { nodes: { main: { options: Record<string, { next: string }> } } } }).outbound.nodes.main.options['3']!.next).toBe('promise');
    // its recordings: the own flow's fixed messages can be listened to
    const listen = admin.getByRole('region', { name: 'Grabaciones del IVR' }).locator('audio').first();
    await listen.waitFor();
    const src = await listen.getAttribute('src');
    const audio = await admin.evaluate(async (u) => {
      const r = await fetch(u!, { credentials: 'include' });
      return { status: r.status, type: r.headers.get('content-type') };
    }, src);
    expect(audio).toEqual({ status: 200, type: 'audio/wav' });
    expect(desk.errors).toEqual([]);
  });
});
