// What a newcomer meets, against the real `npm start` (a child process: embedded PGlite, in-process bus,
// simulated telephony, no Asterisk): the console at `/`, the demo dialing, an agent who goes ready and
// gets a screen pop, and a closed tab that gets no call afterwards. In Spanish and in English.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed, onTestFinished } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, SCREENSHOTS, type Browser } from './harness.js';
import { startDemoServer, type DemoServer } from './demo-server.js';

const PASSWORD = 'cobranza-demo';
const GRACE_SECONDS = 6;
const T = {
  es: { email: 'Correo', password: 'Contraseña', login: 'Ingresar', ready: 'Disponible', banner: /Telefonía simulada/, channel: 'canal simulado', lost: 'Se perdió la conexión', offline: /^Desconectado/ },
  en: { email: 'Email', password: 'Password', login: 'Sign in', ready: 'Ready', banner: /Simulated telephony/, channel: 'simulated channel', lost: 'Lost the connection', offline: /^Offline/ },
} as const;
type Lang = keyof typeof T;

let server: DemoServer;
let browser: Browser;
let listeningAt = 0;
const pageLog: string[] = [];

beforeAll(async () => {
  server = await startDemoServer({ env: { AGENT_CONSOLE_GRACE_SECONDS: String(GRACE_SECONDS) } });
  listeningAt = Date.now();
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (process.env.E2E_VERBOSE) console.log(`[first-run e2e] server output:\n${server?.output.join('').slice(-4000)}\n${pageLog.slice(-40).join('\n')}`);
});

async function openPage(who: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  page.on('pageerror', (e) => pageLog.push(`${who} pageerror: ${e.message}`));
  return page;
}

/**
 * Logs in from the login page (in Spanish, the console's first language), switches to `lang`, and waits
 * for the live connection, as a person waits for the page to settle (a command sent before it is refused
 * with a notice).
 */
async function login(page: Page, email: string, lang: Lang): Promise<void> {
  await page.goto(`${server.url}/`);
  await page.getByLabel(T.es.email).fill(email);
  await page.getByLabel(T.es.password).fill(PASSWORD);
  await page.getByRole('button', { name: T.es.login }).click();
  await page.locator('select[name="lang"]').selectOption(lang);
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __cobranza: { getState(): { realtimeConnected: boolean } } }).__cobranza.getState().realtimeConnected), { timeout: 15_000 })
    .toBe(true);
}

type Agents = Record<string, { name: string; state: string; pauseReason: string | null; callId: string | null }>;
const wallboardAgents = (page: Page) =>
  page.evaluate(() => (window as unknown as { __cobranza: { getState(): { wallboard: { agents: Agents } } } }).__cobranza.getState().wallboard.agents);
const agentRow = async (page: Page, name: string) => Object.values(await wallboardAgents(page)).find((a) => a.name === name) ?? null;

describe('first run: npm start on a fresh clone', () => {
  it('serves the console at / and its client routes, and prints the URL and the demo logins', async () => {
    for (const path of ['/', '/wallboard', '/admin']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toMatch(/text\/html/);
      expect(await res.text(), path).toContain('<div id="root">');
    }
    const out = server.output.join('');
    expect(out).toContain(`open the console: ${server.url}/`);
    const logins = out.slice(out.indexOf('demo logins (password "cobranza-demo"):'));
    for (const email of ['admin@cobranza.demo', 'supervisor@cobranza.demo', 'agente1@cobranza.demo']) expect(logins).toContain(email);
  });

  let supervisor: Page;
  it('the wallboard moves within a minute: the demo campaign runs and simulated debtors answer', async () => {
    supervisor = await openPage('supervisor');
    await login(supervisor, 'supervisor@cobranza.demo', 'es');
    const card = supervisor.locator('[data-testid^="campaign-"]').first();
    await card.waitFor({ timeout: 15_000 });
    await expect.poll(() => card.locator('h2').textContent()).toMatch(/Mora temprana demo\s*En curso/);
    // attempts and live answers of today go up: the dialer dials and the simulated debtors answer
    const stats = () =>
      supervisor.evaluate(() => {
        const s = (window as unknown as { __cobranza: { getState(): { wallboard: { campaigns: Record<string, { today: { attempts: number; liveAnswers: number } }> } } } }).__cobranza.getState();
        const c = Object.values(s.wallboard.campaigns)[0];
        return c ? c.today : { attempts: 0, liveAnswers: 0 };
      });
    await expect.poll(async () => (await stats()).liveAnswers, { timeout: Math.max(5_000, 60_000 - (Date.now() - listeningAt)), interval: 1000 }).toBeGreaterThan(0);
    expect((await stats()).attempts).toBeGreaterThan(0);
    await expect.poll(() => supervisor.getByTestId('count-talking').textContent(), { timeout: 30_000 }).not.toBe('0');
    expect(await supervisor.getByTestId('telephony-simulated').textContent()).toMatch(T.es.banner);
  });

  for (const [lang, email, closer] of [
    ['es', 'agente1@cobranza.demo', 'agente2@cobranza.demo'],
    ['en', 'agente3@cobranza.demo', 'agente2@cobranza.demo'],
  ] as const) {
    it(`[${lang}] an agent sees that telephony is simulated, goes ready and gets a call with a screen pop`, async () => {
      const agent = await openPage(`agent-${lang}`);
      onTestFinished(() => agent.context().close().catch(() => undefined));
      onTestFailed(async () => void pageLog.push(`agent-${lang} page at failure:\n${await agent.locator('body').innerText().catch(() => '?')}`));
      await login(agent, email, lang);
      await expect.poll(() => agent.getByTestId('telephony-simulated').textContent({ timeout: 1000 }).catch(() => null), { timeout: 15_000 }).toMatch(T[lang].banner);
      expect(await agent.getByTestId('channel-state').textContent()).toBe(T[lang].channel);
      await agent.getByRole('button', { name: T[lang].ready, exact: true }).click();
      const name = (await agent.locator('.app-header .muted').first().textContent())!;
      // the dialer has the agent: ready, or already reserved for a call or on it
      await expect.poll(async () => (await agentRow(supervisor, name))?.state, { timeout: 20_000 }).toMatch(/^(ready|reserved|talking)$/);
      const pop = agent.getByTestId('screen-pop');
      await pop.waitFor({ timeout: 60_000 });
      await expect.poll(() => agent.getByTestId('debtor-name').textContent()).toMatch(/\S+ \S+/);
      expect(await agent.locator('body').textContent()).not.toContain(T[lang].lost);
      await agent.setViewportSize({ width: 1366, height: 768 });
      await agent.screenshot({ path: join(SCREENSHOTS, lang === 'es' ? 'agent-console.png' : 'agent-console-en.png') });
    });

    it(`[${lang}] a closed tab: the agent is unavailable at once, gets no call, and is logged out after the grace period`, async () => {
      const agent = await openPage(`closer-${lang}`);
      onTestFinished(() => agent.context().close().catch(() => undefined));
      await login(agent, closer, lang);
      const name = 'Luis Pérez';
      // logging back in shows the state the dialer has (offline after the previous run's grace period)
      await agent.getByTestId('telephony-simulated').waitFor({ timeout: 15_000 });
      await agent.getByRole('button', { name: T[lang].ready, exact: true }).click();
      await expect.poll(async () => (await agentRow(supervisor, name))?.state, { timeout: 20_000 }).toBe('ready');
      // people are served first, so a call may already be on its way: closed while idle or on that call
      const atClose = (await agentRow(supervisor, name))!;
      await agent.context().close();
      const closedAt = Date.now();
      const onCall = atClose.state === 'talking' || atClose.state === 'reserved';
      if (!onCall) {
        await expect.poll(async () => await agentRow(supervisor, name), { timeout: 5_000, interval: 100 }).toMatchObject({ state: 'paused', pauseReason: 'console_lost' });
        expect(Date.now() - closedAt).toBeLessThan(5_000);
      }
      // from now until past the grace period: never ready again, never a new call (a call in progress keeps going)
      const seen: Array<{ state: string; callId: string | null }> = [];
      while (Date.now() - closedAt < (GRACE_SECONDS + 3) * 1000) {
        const row = await agentRow(supervisor, name);
        seen.push(row ? { state: row.state, callId: row.callId } : { state: 'offline', callId: null });
        await supervisor.waitForTimeout(200);
      }
      expect(seen.filter((r) => r.state === 'ready')).toEqual([]);
      expect(seen.filter((r) => r.callId !== null && r.callId !== atClose.callId)).toEqual([]);
      if (!onCall) expect(seen.at(-1)!.state).toBe('offline');
      if (onCall) return; // the call stays with the agent's channel until the debtor hangs up
      // logging back in shows the state the wallboard shows, not a stale one
      const again = await openPage(`closer-again-${lang}`);
      onTestFinished(() => again.context().close().catch(() => undefined));
      await login(again, closer, lang);
      await expect.poll(() => again.getByTestId('agent-state').textContent({ timeout: 1000 }).catch(() => null), { timeout: 10_000 }).toMatch(T[lang].offline);
      expect((await agentRow(supervisor, name))?.state ?? 'offline').toBe('offline');
    });
  }

  it('the wallboard after a few minutes of the demo (README screenshot)', async () => {
    await supervisor.setViewportSize({ width: 1366, height: 768 });
    await expect.poll(() => supervisor.getByTestId('count-talking').textContent(), { timeout: 30_000 }).not.toBe('0');
    // the picture is better once the pacing has learned (dialer/test/demo-pacing.test.ts holds that claim)
    await expect
      .poll(() => supervisor.locator('[data-testid="dial-mode"]').first().textContent(), { timeout: 20_000 })
      .toMatch(/^Predictivo$/)
      .catch(() => undefined);
    await supervisor.screenshot({ path: join(SCREENSHOTS, 'wallboard.png') });
  });
});
