import { agentSipPassword } from '@cobranza/asterisk-config/env';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { makeEnv, type TestEnv } from './helpers.js';

let env: TestEnv;
beforeAll(async () => {
  env = await makeEnv('sip', { config: { SIP_WS_URL: 'wss://pbx.example.com:8089/ws', SIP_DOMAIN: 'pbx.example.com', SIP_PASSWORD_PREFIX: 'prod-secret-', TELEPHONY: 'asterisk' } });
  await env.t.db.updateTable('users').set({ sip_endpoint: 'agent7' }).where('id', '=', env.users.agent.id).execute();
  await env.t.db.updateTable('users').set({ sip_endpoint: 'supervisor2' }).where('id', '=', env.users.supervisor.id).execute();
}, 60_000);
afterAll(async () => env?.close());

const sip = (who: 'agent' | 'supervisor' | 'admin' | null) =>
  env.app.inject({ method: 'GET', url: '/auth/sip', headers: who ? env.auth(who) : {} });

describe('GET /auth/sip', () => {
  it("answers the logged-in user's endpoint, domain, WebSocket URL and the password asterisk-config renders into pjsip", async () => {
    const agent = await sip('agent');
    expect(agent.statusCode).toBe(200);
    expect(agent.headers['cache-control']).toBe('no-store');
    expect(agent.json()).toEqual({ telephony: 'asterisk', endpoint: 'agent7', domain: 'pbx.example.com', wsUrl: 'wss://pbx.example.com:8089/ws', password: 'prod-secret-agent7' });
    expect(agent.json().password).toBe(agentSipPassword('agent7', { agentPasswordPrefix: 'prod-secret-' }));
    const boss = await sip('supervisor');
    expect(boss.json()).toMatchObject({ endpoint: 'supervisor2', password: 'prod-secret-supervisor2' });
  });

  it('answers 404 with a clear message to a user without a SIP endpoint, and 401 without a session', async () => {
    const admin = await sip('admin');
    expect(admin.statusCode).toBe(404);
    expect(admin.json()).toMatchObject({ code: 'NO_SIP_ENDPOINT' });
    expect(admin.json().message).toMatch(/no SIP endpoint/);
    expect((await sip(null)).statusCode).toBe(401);
  });

  it('says telephony is simulated (and gives no SIP password) when no Asterisk is behind the platform', async () => {
    const sim = await makeEnv('sip_sim', { config: { TELEPHONY: 'simulated' } });
    try {
      const agent = await sim.app.inject({ method: 'GET', url: '/auth/sip', headers: sim.auth('agent') });
      expect(agent.statusCode).toBe(200);
      expect(agent.json()).toEqual({ telephony: 'simulated' });
    } finally {
      await sim.close();
    }
    // npm start without ARI_URL runs the dialer in-process on simulated telephony; with ARI_URL, or a separate dialer, it is Asterisk
    expect(loadConfig({}).telephony).toBe('simulated');
    expect(loadConfig({ ARI_URL: 'http://pbx:8088', ARI_USER: 'u', ARI_PASSWORD: 'p' }).telephony).toBe('asterisk');
    expect(loadConfig({ IN_PROCESS_COMPONENTS: 'false' }).telephony).toBe('asterisk');
    expect(() => loadConfig({ TELEPHONY: 'fake' })).toThrow(/TELEPHONY: must be asterisk or simulated/);
  });

  it('defaults to the development scheme and the page host, and refuses a bad setting naming the variable', async () => {
    const dev = loadConfig({});
    expect(dev.sip).toEqual({ wsUrl: undefined, domain: undefined, passwordPrefix: 'cobranza-' });
    expect(loadConfig({ ASTERISK_AGENT_PASSWORD_PREFIX: 'x-' }).sip.passwordPrefix).toBe('x-');
    expect(() => loadConfig({ SIP_WS_URL: 'http://pbx/ws' })).toThrow(/SIP_WS_URL: must use ws: or wss:/);
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: '0123456789abcdef0' })).toThrow(ConfigError);
    const res = await env.app.inject({ method: 'GET', url: '/auth/sip', headers: { ...env.auth('agent'), host: '10.1.2.3:3000' } });
    // with SIP_WS_URL set the page host does not matter
    expect(res.json().wsUrl).toBe('wss://pbx.example.com:8089/ws');
  });
});
