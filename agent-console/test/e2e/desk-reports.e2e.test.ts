// A supervisor sees a promise recorded by an agent appear in the day's report and in its CSV: the real
// `npm start` on a test Postgres database (demo seed, simulated telephony, no simulated agents so the demo
// campaign's calls go to the person in this test). The agent takes a call in the browser and records the
// promise on the agent screen; the supervisor reads the operations screen (agents today) and /reportes, and
// downloads the CSV. Screenshots at 1366×768 for the README: supervisor.png, reportes.png.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useDeskSession } from './desk-session.js';
import { SCREENSHOTS } from './harness.js';

const desk = useDeskSession('desk-reports', { postgres: 'desk_reports_e2e', env: { DEMO_SIM_AGENTS: '0' } });

const AGENT_EMAIL = 'agente1@cobranza.demo';
const AGENT_NAME = 'Ana Gómez';

/** YYYY-MM-DD `days` after today in a zone. */
function dayIn(zone: string, days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** What a person reads must not hold raw keys, JSON pointers or UTC instants. */
async function noRawText(page: Page): Promise<void> {
  const text = await page.evaluate(() => document.body.innerText);
  expect(text).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
  expect(text).not.toMatch(/\/[a-z]+[A-Z][a-zA-Z]*:|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
}

describe('Reports: a promise recorded by an agent in the day’s report and its CSV', () => {
  let promised: { amount: string; currency: string };

  it('the agent takes a call from the demo campaign and records a promise to pay on the agent screen', async () => {
    const agent = await desk.openPage('agent');
    await desk.login(agent, AGENT_EMAIL);
    await agent.getByTestId('agent-state').waitFor({ timeout: 30_000 });
    await agent.getByRole('button', { name: 'Disponible', exact: true }).click();
    await agent.getByTestId('debtor-name').waitFor({ timeout: 200_000 });
    const callId = await agent.getByTestId('screen-pop').getAttribute('data-call-id');
    expect(callId).toBeTruthy();
    const hangup = agent.getByRole('button', { name: 'Colgar', exact: true });
    if (await hangup.isEnabled()) await hangup.click();
    await expect.poll(() => agent.getByTestId('agent-state').innerText(), { timeout: 60_000 }).toContain('Cierre');

    // the whole balance of the called account, due in three days on the debtor's clock: within any strategy's rules
    const call = await desk.db()
      .selectFrom('call_attempts as c')
      .innerJoin('accounts as a', 'a.id', 'c.account_id')
      .innerJoin('debtors as d', 'd.id', 'c.debtor_id')
      .select(['a.balance', 'a.currency', 'd.time_zone'])
      .where('c.id', '=', callId!)
      .executeTakeFirstOrThrow();
    promised = { amount: Number(call.balance).toFixed(2), currency: call.currency };
    await agent.locator('select[name="outcome"]').selectOption('promise_to_pay');
    await agent.locator('input[name="amount"]').fill(promised.amount);
    await agent.locator('input[name="dueDate"]').fill(dayIn(call.time_zone, 3));
    await agent.locator('select[name="reason"]').selectOption('will_pay_month_end');
    await agent.keyboard.press('Alt+S');
    await agent.getByTestId('disposition-saved').waitFor({ timeout: 15_000 });
    // back to pause, so no further call (and no second promise) lands while the supervisor reads
    await agent.context().close();
    const row = await desk.db().selectFrom('promises').select(['amount', 'created_by']).where('source', '=', 'agent').executeTakeFirstOrThrow();
    expect(Number(row.amount).toFixed(2)).toBe(promised.amount);
  }, 300_000);

  it('the supervisor sees the promise in the agents’ figures of the day on the operations screen', async () => {
    const page = await desk.openPage('supervisor');
    await desk.login(page, 'supervisor@cobranza.demo');
    const day = page.getByTestId('agents-day');
    const agentRow = day.getByRole('row', { name: new RegExp(AGENT_NAME) });
    // the panel reads every minute; a reload reads at once (after the panel's first answer is in)
    const loaded = day.locator('table, [data-testid="agents-day-empty"]');
    await expect
      .poll(
        async () => {
          await loaded.first().waitFor({ timeout: 15_000 });
          if (await agentRow.count()) return 1;
          await page.reload();
          return 0;
        },
        { timeout: 60_000, interval: 2000 },
      )
      .toBe(1);
    const cells = await agentRow.getByRole('cell').allInnerTexts();
    // calls, talk, wrap, idle, right-party contacts, promises (with the amount)
    expect(Number(cells[0])).toBeGreaterThanOrEqual(1);
    expect(cells.at(-1)).toMatch(/^1 · /);
    expect(await page.getByTestId('callbacks-due').isVisible()).toBe(true);
    // the whole operations screen: live agents and campaigns, then callbacks due and the agents' day below
    await page.screenshot({ path: join(SCREENSHOTS, 'supervisor.png'), fullPage: true });
    await noRawText(page);
    await page.context().close();
  });

  it('the supervisor opens Reportes, sees the promise in today’s report per agent, and downloads it as CSV', async () => {
    const page = await desk.openPage('supervisor-reports');
    await desk.login(page, 'supervisor@cobranza.demo');
    await page.getByRole('link', { name: 'Reportes' }).click();
    expect(new URL(page.url()).pathname).toBe('/reportes');
    const promises = page.getByTestId('report-promises');
    await promises.getByRole('table').waitFor({ timeout: 20_000 });
    // today, grouped by agent, from the keyboard
    await page.getByRole('button', { name: 'Hoy' }).focus();
    await page.keyboard.press('Enter');
    await page.getByLabel('Agrupar por').selectOption('agent');
    const row = promises.getByRole('row', { name: new RegExp(AGENT_NAME) });
    await row.waitFor({ timeout: 20_000 });
    const cells = await row.getByRole('cell').allInnerTexts();
    expect(cells[0]).toBe('1');
    const nb = (x: string) => x.replace(/[\u00a0\u202f]/g, ' ');
    expect(nb(cells[1]!)).toBe(nb(new Intl.NumberFormat('es-CO', { style: 'currency', currency: promised.currency }).format(Number(promised.amount))));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
    await noRawText(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'reportes.png'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), promises.getByRole('link', { name: /Descargar CSV/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8').replace(/^\ufeff/, '');
    const lines = csv.trim().split(/\r\n/);
    expect(lines[0]).toMatch(/^Agente,Moneda,Promesas,Monto prometido,/);
    const line = lines.find((l) => l.startsWith(`${AGENT_NAME},`));
    expect(line, csv).toBeDefined();
    expect(line!.split(',').slice(1, 4)).toEqual([promised.currency, '1', promised.amount]);
    expect(desk.errors).toEqual([]);
  });
});
