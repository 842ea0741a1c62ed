// The console end to end, against the real things: the built console served by the API runtime,
// Postgres, Redis, the dialer process on Asterisk 22, a fake-PSTN debtor who answers, and Chromium
// with a fake microphone.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sql } from 'kysely';
import { nextOpenWindow } from '@cobranza/compliance/testing';
import { createTestDatabase, untilContacted, type TestDatabase } from '@cobranza/db/testing';
import { loadConfig } from '@cobranza/api/config';
import { startRuntime, type Runtime } from '@cobranza/api/runtime';
import { addDays, daysBetween, todayIn } from '@cobranza/domain/format/index';
import { asteriskCli, buildConsole, CONSOLE, ensureServices, launchChromium, SCREENSHOTS, startDialer, type Browser, type Dialer } from './harness.js';
import { PASSWORD, seed, type Seeded } from './seed.js';

// An endpoint no other test suite registers (asterisk-config makes agent1..agent20).
const SIP_ENDPOINT = 'agent19';
// Fake PSTN: the last digit picks the behaviour, 0 = a person who answers and stays on the line.
const DEBTOR_E164 = '+573001234560';
const NEXT_E164 = '+573001234570';
const ARI = { url: 'http://127.0.0.1:8088', user: 'cobranza', password: 'cobranza-dev-ari' };

let tdb: TestDatabase;
let api: Runtime;
let dialer: Dialer;
let browser: Browser;
let agentPage: Page | undefined;
let data: Seeded;
const suffix = randomBytes(3).toString('hex');
// Our own Stasis application: other suites may run a dialer on the same Asterisk at the same time.
const APP = `cobranza-e2e-console-${suffix}`;
const figures: Record<string, number | string> = {};
// The debtors are in Colombia: the dialer's clock runs ahead to the next hours the real CO profile allows (0 on a
// weekday morning; about 36 h on a Sunday night before a holiday). The browsers' clocks run ahead with it, so the
// times the dialer stamps (screen pop, wrap-up deadline) read right on the console.
let clockAheadMs = 0;
const pageLog: string[] = [];

/** Channels of this suite's endpoint left by an earlier run that crashed (the endpoint is reserved for this suite). */
function hangupStaleAgentChannels(): void {
  for (const line of asteriskCli('core show channels concise').split('\n')) {
    if (line.startsWith(`PJSIP/${SIP_ENDPOINT}-`)) asteriskCli(`channel request hangup ${line.split('!')[0]}`);
  }
}

beforeAll(async () => {
  ensureServices();
  hangupStaleAgentChannels();
  buildConsole();
  tdb = await createTestDatabase('console_e2e');
  data = await seed(tdb.db, { sipEndpoint: SIP_ENDPOINT, e164: DEBTOR_E164, nextE164: NEXT_E164, suffix });
  const prefix = `cobranza:e2e-console-${suffix}:`;
  const config = loadConfig({
    DATABASE_URL: tdb.url,
    REDIS_URL: 'redis://127.0.0.1:6379',
    REDIS_PREFIX: prefix,
    PORT: '0',
    HOST: '127.0.0.1',
    CONSOLE_DIR: join(CONSOLE, 'dist'),
    SEED_DEMO: 'false',
    IN_PROCESS_COMPONENTS: 'false',
    LOG_LEVEL: 'warn',
  });
  api = await startRuntime(config, { db: tdb, migrate: false, logger: false });
  clockAheadMs = (await nextOpenWindow({ jurisdiction: { country: 'CO' }, timeZone: 'America/Bogota', openForMs: 3_600_000 })).getTime() - Date.now();
  clockAheadMs = Math.max(0, clockAheadMs);
  figures.dialerClockAheadMin = Math.round(clockAheadMs / 60_000);
  dialer = await startDialer({
    NODE_ENV: 'test',
    DIALER_CLOCK_AHEAD_MS: String(clockAheadMs),
    DATABASE_URL: tdb.url,
    REDIS_URL: 'redis://127.0.0.1:6379',
    REDIS_PREFIX: prefix,
    ARI_URL: ARI.url,
    ARI_USER: ARI.user,
    ARI_PASSWORD: ARI.password,
    ARI_APP: APP,
    ARI_TRUNK: 'carrier',
    DIALER_ID: `e2e-console-${suffix}`,
  });
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  // Log out like an agent at the end of a shift: the softphone hangs up its channel and unregisters.
  await agentPage?.getByRole('button', { name: 'Salir' }).click({ timeout: 2000 }).catch(() => undefined);
  await agentPage?.waitForTimeout(500).catch(() => undefined);
  await browser?.close();
  await dialer?.stop();
  await api?.close();
  await tdb?.drop();
  if (Object.keys(figures).length) console.log('[console e2e] figures', JSON.stringify(figures));
  if (process.env.E2E_VERBOSE) console.log(`[console e2e] browser log (last 40):\n${pageLog.slice(-40).join('\n')}`);
  if (dialer && process.env.E2E_VERBOSE) console.log(`[console e2e] dialer output:\n${dialer.output.join('').slice(-4000)}`);
});

/** Waits for what the dialer should do; a call the compliance gate refused fails the test at once, saying why. */
function untilDialed(what: string, cond: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  return untilContacted(tdb.db, what, cond, timeoutMs, { everyMs: 200 });
}

/** The debtor ends the call: the carrier leg of this run's call is hung up in Asterisk. */
function debtorHangsUp(): void {
  const leg = asteriskCli('core show channels concise')
    .split('\n')
    .find((l) => l.startsWith('PJSIP/carrier-') && l.includes(`!Stasis!${APP}`));
  expect(leg, 'the debtor leg of this run is up in Asterisk').toBeTruthy();
  asteriskCli(`channel request hangup ${leg!.split('!')[0]}`);
}

async function openPage(who: string): Promise<Page> {
  const context = await browser.newContext({ clockAheadMs });
  // The dialer of this run listens under its own Stasis app: the softphone asks Asterisk for it.
  await context.addInitScript((app) => {
    (window as unknown as { __COBRANZA_SIP__: { app: string } }).__COBRANZA_SIP__ = { app };
  }, APP);
  const page = await context.newPage();
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

type StoreView = { phone: Record<string, unknown>; call: { pop: { at: string; callId: string } | null; popReceivedAt: number | null; debtorLoadedAt: number | null } };
const storeState = (page: Page) => page.evaluate(() => (window as unknown as { __cobranza: { getState(): StoreView } }).__cobranza.getState());
const text = (page: Page, testId: string) => page.getByTestId(testId).textContent({ timeout: 500 }).catch(() => null);

describe('agent console in Chromium against the real API, dialer and Asterisk', () => {
  let agent: Page;
  let supervisor: Page;
  let callId = '';

  it('an agent logs in, the softphone registers and opens the permanent channel into the dialer', async () => {
    agent = agentPage = await openPage('agent');
    await login(agent, data.agent.email);
    await expect.poll(() => text(agent, 'sip-state'), { timeout: 15_000 }).toBe('registrado');
    expect(await text(agent, 'mic-state')).toBe('activo');
    // Asterisk's own view: the endpoint has a live WebSocket contact.
    expect(asteriskCli(`pjsip show aor ${SIP_ENDPOINT}`)).toMatch(new RegExp(`Contact:\\s+${SIP_ENDPOINT}/sip:\\S+\\s+\\S+\\s+(Avail|NonQual)`));
    await expect.poll(() => text(agent, 'channel-state'), { timeout: 15_000 }).toBe('canal abierto');
    const phone = (await storeState(agent)).phone;
    figures.registrationMs = phone.registeredInMs as number;
    figures.channelUpMs = phone.channelUpInMs as number;
  });

  it('goes ready; the dialer calls a debtor who answers and the screen pops with that debtor within a second', async () => {
    await expect.poll(() => agent.locator('select[name="campaign"]').inputValue()).toBe(data.campaignId);
    // A freshly started API pays its first database connections and first-run code on its first debtor
    // read (about a second on this loaded 2-core machine); a running API is warm. Warm it up with
    // another debtor's record so the figure below is the steady-state pop.
    figures.coldDebtorFetchMs = await agent.evaluate(async (id) => {
      const t0 = performance.now();
      await Promise.all([fetch(`/debtors/${id}`).then((r) => r.json()), fetch(`/debtors/${id}/history`).then((r) => r.json())]);
      return Math.round(performance.now() - t0);
    }, data.nextDebtorId);
    await agent.getByRole('button', { name: 'Disponible', exact: true }).click();
    await expect.poll(() => text(agent, 'agent-state'), { timeout: 5000 }).toMatch(/^Disponible/);
    await untilDialed('the screen pop', async () => (await agent.getByTestId('screen-pop').count()) > 0, 30_000);
    expect(await agent.getByTestId('screen-pop').getAttribute('data-debtor-id')).toBe(data.debtorId);
    expect(await text(agent, 'debtor-name')).toBe('Valentina Restrepo');
    expect(await text(agent, 'debtor-id')).not.toContain('1020304050');
    await expect.poll(() => text(agent, 'agent-state')).toMatch(/^En llamada/);
    const s = await storeState(agent);
    callId = s.call.pop!.callId;
    const bridgedAt = Date.parse(s.call.pop!.at);
    figures.popTransportMs = s.call.popReceivedAt! - bridgedAt;
    figures.screenPopMs = s.call.debtorLoadedAt! - bridgedAt;
    figures.debtorFetchMs = s.call.debtorLoadedAt! - s.call.popReceivedAt!;
    figures.debtorRefetchMs = await agent.evaluate(async (id) => {
      const t0 = performance.now();
      await fetch(`/debtors/${id}`, { credentials: 'include' }).then((r) => r.json());
      return Math.round(performance.now() - t0);
    }, data.debtorId);
    expect(s.call.debtorLoadedAt! - bridgedAt).toBeLessThan(1000);
    // The script of the debtor's segment, filled in.
    const script = (await agent.getByTestId('script').textContent())!.replace(/[\u00a0\u202f]/g, ' ');
    expect(script).toContain('¿hablo con Valentina Restrepo? Le habla Laura Pérez, de Banco Andino.');
    // 45 days past due when seeded; a day more when the clocks run ahead into the next day
    const dpd = daysBetween(addDays(todayIn('America/Bogota'), -45), todayIn('America/Bogota', new Date(Date.now() + clockAheadMs)));
    expect(script).toContain(`$ 1.250.000,00 con ${dpd} días de mora`);
    expect(await agent.locator('[data-testid="script"] details').evaluateAll((els) => els.map((e) => e.getAttribute('data-reason')))).toEqual([
      'already_paid',
      'does_not_recognise_debt',
      'never_got_bill',
      'no_money_lost_job',
      'will_pay_month_end',
      'holder_not_here',
      'payment_already_sent',
      'lost_payment_slip',
    ]);
    await agent.locator('[data-reason="no_money_lost_job"] summary').click();
    const attempt = await tdb.db.selectFrom('call_attempts').select(['debtor_id', 'agent_id', 'bridged_at']).where('id', '=', callId).executeTakeFirstOrThrow();
    expect(attempt).toMatchObject({ debtor_id: data.debtorId, agent_id: data.agent.id });
  });

  it('a supervisor switches the campaign to preview on the wallboard and the dialer obeys', async () => {
    supervisor = await openPage('supervisor');
    await login(supervisor, data.supervisor.email);
    const card = supervisor.getByTestId(`campaign-${data.campaignId}`);
    await card.waitFor({ timeout: 10_000 });
    await expect.poll(() => card.getByTestId('dial-mode').textContent()).toBe('Progresivo');
    await expect.poll(() => supervisor.getByTestId('count-talking').textContent()).toBe('1');
    await card.locator('select[name="mode"]').selectOption('preview');
    const t0 = Date.now();
    await card.getByRole('button', { name: 'Aplicar' }).click();
    await expect.poll(() => card.getByTestId('pacing-result').textContent({ timeout: 500 }).catch(() => null)).toBe('✓');
    // The mode shown comes from the dialer's own live stats: it changed because the dialer applied it.
    await expect.poll(() => card.getByTestId('dial-mode').textContent(), { timeout: 5000, interval: 50 }).toBe('Vista previa');
    figures.pacingChangeSeenMs = Date.now() - t0;
    const audit = await tdb.db.selectFrom('audit_log').select(['user_id', 'details']).where('action', '=', 'campaign.settings').executeTakeFirstOrThrow();
    expect(audit.user_id).toBe(data.supervisor.id);
  });

  it('the agent hangs up, records a promise to pay within the strategy rules, Postgres has it, and the next debtor comes in preview', async () => {
    await agent.getByRole('button', { name: 'Colgar' }).click();
    await expect.poll(() => text(agent, 'agent-state'), { timeout: 5000 }).toMatch(/^Cierre/);
    await expect.poll(() => text(agent, 'wrapup-countdown')).toMatch(/^Tiempo de cierre: 1:[23]\d$/);
    const due = addDays(todayIn('America/Bogota'), 7);
    await agent.locator('select[name="outcome"]').selectOption('promise_to_pay');
    await agent.locator('input[name="amount"]').fill('200000');
    await expect.poll(() => agent.locator('.field-error').first().textContent()).toContain('El monto mínimo es $');
    await agent.locator('input[name="amount"]').fill('300000');
    await agent.locator('input[name="dueDate"]').fill(due);
    await agent.locator('select[name="reason"]').selectOption('will_pay_month_end');
    await agent.locator('textarea[name="notes"]').fill('Paga con la prima de diciembre.');
    await agent.keyboard.press('Alt+S');
    await agent.getByTestId('disposition-saved').waitFor({ timeout: 10_000 });

    const promise = await tdb.db
      .selectFrom('promises')
      .select(['account_id', 'amount', 'currency', 'created_by', 'status', sql<string>`to_char(due_date, 'YYYY-MM-DD')`.as('due')])
      .where('debtor_id', '=', data.debtorId)
      .executeTakeFirstOrThrow();
    expect(promise).toEqual({ account_id: data.accountId, amount: '300000.00', currency: 'COP', created_by: data.agent.id, status: 'pending', due });
    const disp = await tdb.db.selectFrom('dispositions').selectAll().where('call_attempt_id', '=', callId).executeTakeFirstOrThrow();
    expect(disp).toMatchObject({ outcome: 'promise_to_pay', reason: 'will_pay_month_end', agent_id: data.agent.id, notes: 'Paga con la prima de diciembre.' });

    // Wrap-up done: the agent is ready again and, in preview mode, the dialer shows the next debtor before dialing.
    const preview = agent.getByTestId('preview');
    await preview.waitFor({ timeout: 15_000 });
    await expect.poll(() => agent.getByTestId('screen-pop').getAttribute('data-debtor-id')).toBe(data.nextDebtorId);
    await expect.poll(() => text(agent, 'debtor-name')).toBe('Julián Ospina');
    const dialed = await tdb.db.selectFrom('call_attempts').select('id').where('debtor_id', '=', data.nextDebtorId).execute();
    expect(dialed).toEqual([]);
  });

  it('from the preview the agent dials the shown debtor, who is called and bridged', async () => {
    await agent.getByTestId('preview').getByRole('button', { name: 'Marcar' }).click();
    await untilDialed('the previewed debtor to be bridged', async () => /^En llamada/.test((await text(agent, 'agent-state')) ?? ''), 20_000);
    const attempt = await tdb.db
      .selectFrom('call_attempts')
      .select(['agent_id', 'e164', 'bridged_at'])
      .where('debtor_id', '=', data.nextDebtorId)
      .executeTakeFirstOrThrow();
    expect(attempt.agent_id).toBe(data.agent.id);
    expect(attempt.e164).toBe(NEXT_E164);
    await expect.poll(() => text(agent, 'debtor-name')).toBe('Julián Ospina');
    // This time the debtor ends the call.
    debtorHangsUp();
    await expect.poll(() => text(agent, 'agent-state'), { timeout: 5000 }).toMatch(/^Cierre/);
  });
});
