// Strategies carry the IVR flows; a flow the IVR cannot play must be refused when it is saved.
import { DEFAULT_FLOWS } from '@cobranza/ivr/flows/defaults';
import type { PlayNode } from '@cobranza/ivr/flows/types';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEnv, type TestEnv } from './helpers.js';

let env: TestEnv;
beforeAll(async () => {
  env = await makeEnv('ivrflows');
}, 60_000);
afterAll(async () => env?.close());

const req = (method: 'POST' | 'PATCH' | 'GET', url: string, payload?: unknown) =>
  env.app.inject({ method, url, headers: env.auth('admin'), ...(payload !== undefined ? { payload: payload as object } : {}) });
const strategies = async () => (await sql<{ n: number }>`select count(*)::int as n from strategies`.execute(env.t.db)).rows[0]!.n;

/** The default outbound flow with option 3 of the menu pointing at a node that does not exist. */
function brokenOutbound() {
  const flow = structuredClone(DEFAULT_FLOWS.outbound) as unknown as { nodes: Record<string, { options?: Record<string, { next: string }> }> };
  flow.nodes.main!.options!['3']!.next = 'pago';
  return flow;
}

describe('strategy IVR flows are validated on save', () => {
  it('refuses a POST with a bad node, naming its path, and stores nothing', async () => {
    const before = await strategies();
    const res = await req('POST', '/strategies', { code: 'IVR1', name: 'IVR', ivrFlow: { outbound: brokenOutbound() } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION', in: 'body', field: '/ivrFlow/outbound/nodes/main/options/3/next', reason: 'unknown node "pago"' });
    expect(res.json().message).toContain('/ivrFlow/outbound/nodes/main/options/3/next: unknown node "pago"');
    expect(await strategies()).toBe(before);
  });

  it('lists every problem and refuses flows stored under the wrong kind or unknown keys', async () => {
    const machine = structuredClone(DEFAULT_FLOWS.machine);
    const res = await req('POST', '/strategies', { code: 'IVR2', name: 'IVR', ivrFlow: { inbound: machine, robocall: {} } });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('/ivrFlow/inbound/kind: is "machine" but the flow is stored as inbound');
    expect(res.json().message).toContain('/ivrFlow/robocall: unknown flow "robocall"');
  });

  it('accepts a valid flow, and a PATCH with a bad one leaves the stored flow as it was', async () => {
    const good = await req('POST', '/strategies', { code: 'IVR3', name: 'IVR', ivrFlow: { outbound: DEFAULT_FLOWS.outbound } });
    expect(good.statusCode).toBe(201);
    const id = good.json().id as string;
    const bad = await req('PATCH', `/strategies/${id}`, { name: 'renamed', ivrFlow: { outbound: brokenOutbound() } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('/ivrFlow/outbound/nodes/main/options/3/next');
    const after = (await req('GET', `/strategies/${id}`)).json();
    expect(after.name).toBe('IVR');
    expect(after.ivrFlow.outbound.nodes.main.options['3'].next).toBe('promise');
    // clearing the flow (back to the defaults) is allowed
    expect((await req('PATCH', `/strategies/${id}`, { ivrFlow: null })).statusCode).toBe(200);
  });
});

describe('strategy text prompts are rendered when the strategy is saved', () => {
  it('puts the WAV of a new fixed text in the cache before any call; texts with variables are left for the call', async () => {
    const library = env.deps.ivrPrompts!;
    const flow = structuredClone(DEFAULT_FLOWS.outbound);
    const fresh = `Aviso nuevo de la estrategia ${Date.now()}: su cuenta tiene novedades.`;
    const inline = `Texto en línea ${Date.now()}.`;
    flow.prompts.notice = { es: fresh, en: 'A new notice about your account.' };
    const message = flow.nodes.message as PlayNode;
    message.prompts = [{ prompt: 'notice' }, { text: { es: inline } }, ...message.prompts];
    expect(await library.isRendered(fresh, 'es')).toBe(false);
    const res = await req('POST', '/strategies', { code: 'IVR4', name: 'IVR', ivrFlow: { outbound: flow } });
    expect(res.statusCode).toBe(201);
    // no call has been made: the audio is there because of the save
    expect(await library.isRendered(fresh, 'es')).toBe(true);
    expect(await library.isRendered('A new notice about your account.', 'en')).toBe(true);
    expect(await library.isRendered(inline, 'es')).toBe(true);
    expect(await library.isRendered(DEFAULT_FLOWS.outbound.prompts.menu!.es, 'es')).toBe(true);
    // a greeting with the debtor's name is not rendered with the placeholder in it
    expect(await library.isRendered(DEFAULT_FLOWS.outbound.prompts.greeting!.es, 'es')).toBe(false);

    // an edit with a changed text renders the new one
    const edited = `${fresh} Editado.`;
    flow.prompts.notice = { es: edited };
    expect((await req('PATCH', `/strategies/${res.json().id}`, { ivrFlow: { outbound: flow } })).statusCode).toBe(200);
    expect(await library.isRendered(edited, 'es')).toBe(true);
  });
});
