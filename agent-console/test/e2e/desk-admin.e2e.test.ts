// The admin desk against the real `npm start` (embedded PGlite, simulated telephony, no Asterisk): the
// admin's navigation, a user created through the form (a weak password refused at its field first), the
// creation in the audit log; an agent has no admin navigation and is not allowed on /usuarios.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BadRow, generatePortfolio } from '@cobranza/domain/generator/generate';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SCREENSHOTS } from './harness.js';
import { useDeskSession } from './desk-session.js';
import { walkEveryScreen } from './screen-checks.js';

const desk = useDeskSession('desk-admin');
const { openPage, login } = desk;

const horizontalOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `desk-${name}.png`) });

describe('admin desk in the browser', () => {
  let admin: Page;
  it('the admin sees the whole navigation; the wallboard is the start page', async () => {
    admin = await openPage('admin');
    await login(admin, 'admin@cobranza.demo');
    const nav = admin.getByRole('navigation', { name: 'Navegación' });
    await nav.waitFor();
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Operación', 'Campañas', 'Reportes', 'Carteras e importaciones', 'Segmentos', 'Estrategias', 'Guiones', 'Usuarios', 'Auditoría']);
    await admin.getByTestId('wallboard').waitFor();
    expect(await horizontalOverflow(admin)).toBeLessThanOrEqual(0);
  });

  it('creates a user: a weak password is refused at the password field, a good one creates it', async () => {
    // from the keyboard: the nav link is a real link, Enter follows it
    await admin.getByRole('link', { name: 'Usuarios' }).focus();
    await admin.keyboard.press('Enter');
    await admin.waitForURL(`${desk.server().url}/usuarios`);
    const form = admin.getByRole('form', { name: 'Crear usuario' });
    await form.getByLabel('Nombre').fill('Marta Ruiz');
    await form.getByLabel('Correo').fill('marta.ruiz@cobranza.demo');
    await form.getByLabel('Rol').selectOption('agent');
    await form.getByLabel('Contraseña').fill('aaaaaaaaaa');
    await form.getByRole('button', { name: 'Crear usuario' }).click();
    const error = admin.locator('#nu-password-error');
    await error.waitFor();
    expect(await error.textContent()).toBe('La contraseña debe tener al menos 5 caracteres distintos.');
    expect(await form.getByLabel('Contraseña').getAttribute('aria-invalid')).toBe('true');
    expect(await admin.getByTestId('user-marta.ruiz@cobranza.demo').count()).toBe(0);
    await shot(admin, 'users-weak-password');

    await form.getByLabel('Contraseña').fill('Cafetal-Norte-42');
    await form.getByLabel('Contraseña').press('Enter'); // submits the form
    await admin.getByTestId('user-marta.ruiz@cobranza.demo').waitFor();
    expect(await form.getByRole('status').textContent()).toBe('Usuario marta.ruiz@cobranza.demo creado.');
    expect(await horizontalOverflow(admin)).toBeLessThanOrEqual(0);
    await shot(admin, 'users');
    // the new account can log in (the API really stored it)
    const res = await fetch(`${desk.server().url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'marta.ruiz@cobranza.demo', password: 'Cafetal-Norte-42' }) });
    expect(res.status).toBe(200);
  });

  it('sees the creation in the audit log, in local time labelled with the zone', async () => {
    await admin.getByRole('link', { name: 'Auditoría' }).click();
    await admin.waitForURL(`${desk.server().url}/auditoria`);
    await admin.getByLabel('Acción').selectOption('user.create');
    // the filtered page: only creations (her login from the fetch above is filtered out)
    await expect.poll(() => admin.locator('tbody td:nth-child(3)').allTextContents()).toEqual(expect.arrayContaining(['Usuario creado']));
    await expect.poll(async () => new Set(await admin.locator('tbody td:nth-child(3)').allTextContents())).toEqual(new Set(['Usuario creado']));
    const row = admin.locator('tbody tr', { hasText: 'marta.ruiz@cobranza.demo' });
    const cells = await row.locator('td').allTextContents();
    expect(cells.slice(1)).toEqual(['admin@cobranza.demo', 'Usuario creado', 'Marta Ruiz', 'marta.ruiz@cobranza.demo (Agente)']);
    expect(await admin.getByRole('columnheader').first().textContent()).toBe('Cuándo (America/Bogota)');
    await admin.getByLabel('Acción').selectOption('');
    await admin.locator('tbody tr', { hasText: 'Ingreso' }).first().waitFor();
    expect(await horizontalOverflow(admin)).toBeLessThanOrEqual(0);
    await shot(admin, 'audit');
  });

  it('imports a CSV with bad rows through the wizard: mapping preview, counts, reject table, rejects.csv, history', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-import-'));
    const bad: BadRow[] = [];
    const today = new Date().toISOString().slice(0, 10);
    const file = join(dir, 'cartera-diciembre.csv');
    writeFileSync(file, [...generatePortfolio({ rows: 60, seed: 'desk-e2e', today, badRows: 5 }, (b) => bad.push(b))].join(''));
    try {
      await admin.getByRole('link', { name: 'Carteras e importaciones' }).click();
      await admin.waitForURL(`${desk.server().url}/carteras`);
      await admin.getByLabel('1. Archivo CSV de la cartera').setInputFiles(file);
      const preview = admin.getByTestId('import-preview');
      await preview.waitFor();
      // every column of the generated file is recognised; the first rows are shown as parsed
      expect(await preview.locator('tr.unmapped').count()).toBe(0);
      expect(await preview.locator('tbody tr').count()).toBeGreaterThan(10);
      expect(await horizontalOverflow(admin)).toBeLessThanOrEqual(0);
      await shot(admin, 'import-preview');
      await preview.getByRole('button', { name: '3. Importar' }).click();
      const result = admin.getByTestId('import-result');
      await result.waitFor({ timeout: 60_000 });
      const [total, accepted, rejected] = (await result.locator('dd').allTextContents()).map(Number);
      expect(total).toBe(60);
      expect(rejected).toBeGreaterThanOrEqual(bad.length);
      expect(accepted! + rejected!).toBe(60);
      expect(await result.locator('table.rejects tbody tr').count()).toBe(rejected);
      const [download] = await Promise.all([admin.waitForEvent('download'), result.getByRole('link', { name: 'Descargar rechazos (CSV)' }).click()]);
      const saved = join(dir, 'rechazos.csv');
      await download.saveAs(saved);
      const lines = readFileSync(saved, 'utf8').replace(/^\ufeff/, '').trim().split(/\r?\n/);
      expect(lines.length).toBeGreaterThan(rejected!); // a header and one line per reject (a row may have several)
      for (const b of bad) expect(lines.some((l) => l.startsWith(`${b.line},`)), `line ${b.line}`).toBe(true);
      const history = admin.getByRole('region', { name: 'Historial de importaciones' });
      await history.locator('tbody tr', { hasText: 'cartera-diciembre.csv' }).waitFor();
      expect(await history.locator('tbody tr').first().textContent()).toContain('admin@cobranza.demo');
      expect(await horizontalOverflow(admin)).toBeLessThanOrEqual(0);
      await admin.evaluate(() => window.scrollTo(0, 0));
      await shot(admin, 'import-result');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an agent has no admin navigation and gets "not allowed" on /usuarios', async () => {
    const agent = await openPage('agent');
    await login(agent, 'agente1@cobranza.demo');
    await agent.getByTestId('agent-state').waitFor();
    expect(await agent.getByRole('navigation').count()).toBe(0);
    await agent.goto(`${desk.server().url}/usuarios`);
    await agent.getByRole('heading', { name: 'No permitido' }).waitFor();
    expect(await agent.getByTestId('agent-state').count()).toBe(0);
    await expect.poll(() => agent.getByText('Sin conexión en tiempo real').count()).toBe(0); // the socket is up before the picture
    await shot(agent, 'not-allowed');
    // and the API agrees: the users list is the admins'
    const cookies = await agent.context().cookies();
    const res = await fetch(`${desk.server().url}/users`, { headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') } });
    expect(res.status).toBe(403);
    expect(desk.errors).toEqual([]); // no script error on any page of the run
  });
});

// Every screen of the navigation, as the admin and the supervisor reach it from the keyboard, in Spanish and English.
describe('every desk screen', () => {
  for (const [who, email] of [
    ['admin', 'admin@cobranza.demo'],
    ['supervisor', 'supervisor@cobranza.demo'],
  ] as const) {
    it(`${who}: each screen of the navigation fits 1366×768, is reached by keyboard and shows no raw keys or UTC times, in Spanish and English`, async () => {
      const page = await desk.openPage(who);
      await desk.login(page, email);
      const problems = await walkEveryScreen(page, `${who} (es)`);
      await page.locator('select[name="lang"]').selectOption('en');
      problems.push(...(await walkEveryScreen(page, `${who} (en)`)));
      expect(problems).toEqual([]);
      expect(desk.errors).toEqual([]);
    });
  }
});
