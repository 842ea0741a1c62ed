// What the strategy editor relies on, on a real Postgres: a bad IVR flow refused with every problem at its
// path in both languages and nothing written; SMS templates checked on write and previewed on a sample
// debtor by the sender's renderer; a prompt's audio served to the browser.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { DEFAULT_FLOWS } from '@cobranza/ivr/flows/defaults';
import { PromptLibrary } from '@cobranza/ivr/prompts/library';
import { renderSms } from '@cobranza/ivr/sms/templates';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_ACCOUNT, SAMPLE_DEBTOR, smsLinks } from '../src/services/sms-preview.js';
import { makeEnv, type TestEnv } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'api-strategy-editor-'));
let env: TestEnv;
beforeAll(async () => {
  env = await makeEnv('strategy_editor', { deps: { ivrPrompts: new PromptLibrary({ hostDir: join(dir, 'sounds'), asteriskDir: 'cobranza-ivr' }) } });
}, 60_000);
afterAll(async () => {
  await env?.close();
  rmSync(dir, { recursive: true, force: true });
});

const req = (method: 'POST' | 'PATCH' | 'GET', url: string, payload?: object) => env.app.inject({ method, url, headers: env.auth('admin'), ...(payload ? { payload } : {}) });
const rows = async () => (await sql<{ code: string; ivr_flow: unknown }>`select code, ivr_flow from strategies order by code`.execute(env.t.db)).rows;

/** The default outbound flow with two mistakes: a menu option to a step that does not exist, and a prompt with no Spanish text. */
function brokenOutbound() {
  const flow = structuredClone(DEFAULT_FLOWS.outbound) as unknown as { nodes: Record<string, { options?: Record<string, { next: string }> }>; prompts: Record<string, Record<string, string>> };
  flow.nodes.main!.options!['2']!.next = 'fin';
  flow.prompts.menu = { en: 'Press 1' };
  return flow;
}

describe('IVR flow of a strategy', () => {
  it('a bad flow is refused with every problem at its path, in Spanish and English, and nothing is written', async () => {
    const before = await rows();
    const res = await req('POST', '/strategies', { code: 'IVRBAD', name: 'Con flujo roto', ivrFlow: { outbound: brokenOutbound() } });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.issue).toBe('ivr_flow_invalid');
    expect(body.problems).toEqual(
      expect.arrayContaining([
        { field: '/ivrFlow/outbound/nodes/main/options/2/next', reason: 'unknown node "fin"', i18n: { es: 'el paso «fin» no existe', en: 'unknown node "fin"' } },
        expect.objectContaining({ field: '/ivrFlow/outbound/prompts/menu/es', i18n: expect.objectContaining({ es: 'falta el texto en español' }) }),
      ]),
    );
    expect(await rows()).toEqual(before);
    // the same on an edit: the stored flow stays as it was
    const ok = await req('POST', '/strategies', { code: 'IVROK', name: 'Flujo bueno', ivrFlow: { outbound: DEFAULT_FLOWS.outbound } });
    expect(ok.statusCode, ok.body).toBe(201);
    const stored = await rows();
    const edit = await req('PATCH', `/strategies/${ok.json().id}`, { name: 'Cambiado', ivrFlow: { outbound: brokenOutbound() } });
    expect(edit.statusCode).toBe(400);
    expect(edit.json().problems.map((p: { field: string }) => p.field)).toContain('/ivrFlow/outbound/nodes/main/options/2/next');
    expect(await rows()).toEqual(stored);
  });
});

describe('SMS templates', () => {
  it('a template with an unknown variable is refused at its field, with the reason in Spanish', async () => {
    const res = await req('POST', '/strategies', { code: 'SMSBAD', name: 'SMS', smsTemplates: { recordatorio: { es: 'Hola {{deudor.nombre}}' } } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: '/smsTemplates/recordatorio/es', issue: 'sms_template_invalid' });
    expect(res.json().i18n.es).toMatch(/^Plantilla SMS: variable desconocida \{\{deudor.nombre\}\}/);
    expect((await rows()).some((r) => r.code === 'SMSBAD')).toBe(false);
  });

  it('previews a template on the sample debtor with the sender\'s renderer (money and dates in her format)', async () => {
    const template = { es: '{{creditor.businessName}}: {{debtor.firstName}}, saldo {{account.balance}}, vence el {{account.nextDueDate}}, {{account.daysPastDue}} días de atraso. {{paymentLink}}' };
    const res = await req('POST', '/strategies/sms-preview', { template, lang: 'es', today: '2026-12-07' });
    expect(res.statusCode, res.body).toBe(200);
    const expected = renderSms(template, 'es', SAMPLE_DEBTOR, SAMPLE_ACCOUNT, '2026-12-07', smsLinks());
    expect(res.json()).toEqual({ text: expected, length: expected.length, debtor: 'María Gómez' });
    expect(expected.replace(/\u00a0/g, ' ')).toBe(
      `Banco Andino S.A.: María, saldo $ 1.850.000,00, vence el 15 de diciembre de 2026, 36 días de atraso. ${smsLinks().paymentLinkBase}/${SAMPLE_ACCOUNT.id}`,
    );
    const bad = await req('POST', '/strategies/sms-preview', { template: { es: 'Hola {{deudor}}' }, lang: 'es' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('/template/es');
  });
});

describe('IVR prompt audio', () => {
  it('serves what a call plays: the uploaded recording, or the text rendered', async () => {
    const st = await req('POST', '/strategies', { code: 'AUDIO', name: 'Con grabación', ivrFlow: { outbound: DEFAULT_FLOWS.outbound } });
    const id = st.json().id as string;
    const rendered = await env.app.inject({ method: 'GET', url: `/ivr/prompts/${id}/menu/es/audio`, headers: env.auth('supervisor') });
    expect(rendered.statusCode, rendered.body).toBe(200);
    expect(rendered.headers['content-type']).toBe('audio/wav');
    expect(rendered.rawPayload.subarray(0, 4).toString()).toBe('RIFF');
    const raw = join(dir, 'rec.wav');
    execFileSync('espeak-ng', ['-v', 'es-419', '-w', raw, '--', 'Marque uno para pagar']);
    const up = await env.app.inject({ method: 'POST', url: `/ivr/prompts/${id}/menu/es`, headers: { ...env.auth('admin'), 'content-type': 'audio/wav' }, payload: readFileSync(raw) });
    expect(up.statusCode, up.body).toBe(200);
    const recorded = await env.app.inject({ method: 'GET', url: `/ivr/prompts/${id}/menu/es/audio`, headers: env.auth('supervisor') });
    expect(recorded.statusCode).toBe(200);
    // the recording (converted to 8 kHz), not the rendered text
    expect(Buffer.compare(recorded.rawPayload, rendered.rawPayload)).not.toBe(0);
    // a prompt read per call with the debtor's data has no fixed audio
    const perCall = await env.app.inject({ method: 'GET', url: `/ivr/prompts/${id}/greeting/es/audio`, headers: env.auth('supervisor') });
    expect(perCall.statusCode).toBe(400);
  });
});
