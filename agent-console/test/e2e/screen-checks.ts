// What every desk screen must be, checked on the page as it is: nothing wider than 1366 px, no raw message
// keys, no UTC timestamps, no control that the keyboard cannot reach. walkEveryScreen reads the navigation
// from the page, so a screen added to the routes table is checked without touching the tests.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

interface ScreenProblems {
  overflowPx: number;
  rawKeys: string[];
  utcTimes: string[];
  unreachable: string[];
}

async function problemsOn(page: Page): Promise<ScreenProblems> {
  return page.evaluate(() => {
    const main = document.querySelector('main');
    // a script's {{variables}} (nombre_completo, dias_mora) are what the admin writes, not message keys
    let text = document.body.innerText.replace(/\{\{[^{}]*\}\}/g, '');
    // nor is a file's column name shown as code (paid_on, fecha_pago)
    for (const code of document.querySelectorAll<HTMLElement>('main code')) text = text.split(code.innerText).join(' ');
    // a message key is snake_case with at least two parts, e.g. nav_reports, import_rejects_title
    const rawKeys = [...new Set(text.match(/\b[a-z]+(?:_[a-z0-9]+){1,}\b/g) ?? [])].filter((k) => !k.includes('@'));
    const utcTimes = [...new Set(text.match(/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}[^\s]*|\b\d{2}:\d{2}(?::\d{2})?\s?(?:UTC|GMT|Z)\b/g) ?? [])];
    const controls = main ? [...main.querySelectorAll<HTMLElement>('button, a[href], input, select, textarea, [role="button"], [role="tab"], [onclick]')] : [];
    const unreachable = controls
      .filter((el) => !(el as HTMLButtonElement).disabled && el.offsetParent !== null && el.tabIndex < 0)
      .map((el) => `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`);
    return { overflowPx: document.documentElement.scrollWidth - document.documentElement.clientWidth, rawKeys, utcTimes, unreachable };
  });
}

/** Visits each link of the navigation from the keyboard; returns what is wrong, screen by screen. */
export async function walkEveryScreen(page: Page, who: string): Promise<string[]> {
  const nav = page.getByRole('navigation').first();
  await nav.waitFor();
  const labels = (await nav.getByRole('link').allTextContents()).map((l) => l.trim());
  expect(labels.length, `${who} has a navigation`).toBeGreaterThan(1);
  const report: string[] = [];
  for (const label of labels) {
    const link = nav.getByRole('link', { name: label, exact: true });
    const href = await link.getAttribute('href');
    await link.focus();
    await page.keyboard.press('Enter'); // from the keyboard, as the issue asks
    await page.waitForURL((u) => u.pathname === href);
    await page.locator('main').waitFor();
    await page.waitForLoadState('networkidle');
    const p = await problemsOn(page);
    if (p.overflowPx > 0) report.push(`${who} ${href}: ${p.overflowPx} px wider than 1366`);
    if (p.rawKeys.length) report.push(`${who} ${href}: raw keys ${p.rawKeys.join(', ')}`);
    if (p.utcTimes.length) report.push(`${who} ${href}: UTC times ${p.utcTimes.join(', ')}`);
    if (p.unreachable.length) report.push(`${who} ${href}: not reachable by Tab ${p.unreachable.join(', ')}`);
  }
  return report;
}

