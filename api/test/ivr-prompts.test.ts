// Admin recordings replacing IVR text prompts, through the app, with real WAV files made by espeak-ng and
// sox, stored where the IVR's prompt library (a separate instance, as in the IVR process) plays them from.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_FLOWS } from '@cobranza/ivr/flows/defaults';
import { PromptLibrary } from '@cobranza/ivr/prompts/library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEnv, type TestEnv } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'api-ivr-prompts-'));
const location = { hostDir: join(dir, 'sounds'), asteriskDir: 'cobranza-ivr' };
let env: TestEnv;
let strategyId: string;

/** A real recording: espeak-ng speaks, sox writes it in the encoding asked for. */
function wav(text: string, soxArgs: string[] = []): Buffer {
  const raw = join(dir, `raw-${Math.random().toString(36).slice(2)}.wav`);
  const out = join(dir, `out-${Math.random().toString(36).slice(2)}.wav`);
  execFileSync('espeak-ng', ['-v', 'es-419', '-w', raw, '--', text]);
  execFileSync('sox', [raw, ...soxArgs, out]);
  return readFileSync(out);
}

function multipart(field: string, filename: string, content: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----cobranza${Date.now()}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: audio/wav\r\n\r\n`);
  return { payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

beforeAll(async () => {
  env = await makeEnv('ivrprompts', { deps: { ivrPrompts: new PromptLibrary(location) } });
  const st = await env.app.inject({ method: 'POST', url: '/strategies', headers: env.auth('admin'), payload: { code: 'REC', name: 'Con grabaciones', ivrFlow: { outbound: DEFAULT_FLOWS.outbound } } });
  expect(st.statusCode).toBe(201);
  strategyId = st.json().id;
}, 60_000);
afterAll(async () => {
  await env?.close();
  rmSync(dir, { recursive: true, force: true });
});

const upload = (url: string, body: Buffer, who: 'admin' | 'supervisor' = 'admin', type = 'audio/wav') =>
  env.app.inject({ method: 'POST', url, headers: { ...env.auth(who), 'content-type': type }, payload: body });
const listing = async (q = `?strategyId=${strategyId}`) => {
  const res = await env.app.inject({ method: 'GET', url: `/ivr/prompts${q}`, headers: env.auth('supervisor') });
  expect(res.statusCode).toBe(200);
  return res.json().items as Array<{ strategyId: string | null; flow: string; owner: string; ownFlow: boolean; promptId: string; lang: string; source: string; ready: boolean }>;
};
const item = (items: Awaited<ReturnType<typeof listing>>, flow: string, promptId: string, lang: string) => items.find((i) => i.flow === flow && i.promptId === promptId && i.lang === lang);

describe('IVR prompt recordings', () => {
  it('lists the prompts of a strategy per flow: its own outbound flow, the default inbound and machine flows', async () => {
    const items = await listing();
    expect(item(items, 'outbound', 'menu', 'es')).toMatchObject({ owner: strategyId, ownFlow: true, source: 'tts' });
    // a prompt with the debtor's name is rendered per call and cannot be recorded
    expect(item(items, 'outbound', 'greeting', 'es')).toMatchObject({ source: 'tts_per_call', ready: false });
    const inbound = items.filter((i) => i.flow === 'inbound');
    expect(inbound.length).toBeGreaterThan(0);
    expect(inbound.every((i) => i.owner === 'default' && !i.ownFlow)).toBe(true);
    // the built-in verbs' words are listed (and recordable) under the id the session plays them by
    expect(item(items, 'system', 'identify_askId', 'es')).toMatchObject({ owner: strategyId, source: 'tts' });
    // without a strategy: the default flows too
    expect((await listing('')).some((i) => i.strategyId === null && i.owner === 'default')).toBe(true);
  });

  it('replaces a text prompt with an uploaded WAV: converted to 8 kHz mono, played by the IVR library, listed, audited', async () => {
    const audio = wav('Para hablar con un asesor marque uno.');
    const res = await upload(`/ivr/prompts/${strategyId}/menu/es`, audio);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ source: 'recording', uri: `sound:cobranza-ivr/rec/${strategyId}__menu.es`, input: { format: 'pcm', channels: 1, sampleRate: 22050, bitsPerSample: 16 } });
    const file = join(location.hostDir, 'rec', `${strategyId}__menu.es.wav`);
    const info = execFileSync('soxi', [file]).toString();
    expect(info).toMatch(/Sample Rate\s*:\s*8000/);
    expect(info).toMatch(/Channels\s*:\s*1/);
    // the IVR process has its own library over the same directory: its next call plays the recording
    const ivrLibrary = new PromptLibrary(location);
    const menuText = DEFAULT_FLOWS.outbound.prompts.menu!.es;
    expect(await ivrLibrary.resolve(strategyId, 'menu', 'es', menuText)).toBe(`sound:cobranza-ivr/rec/${strategyId}__menu.es`);
    expect(await ivrLibrary.resolve(strategyId, 'menu', 'en', DEFAULT_FLOWS.outbound.prompts.menu!.en!)).toMatch(/^sound:cobranza-ivr\/tts\//);
    expect(item(await listing(), 'outbound', 'menu', 'es')).toMatchObject({ source: 'recording', ready: true });
    const audited = await env.t.db.selectFrom('audit_log').selectAll().where('action', '=', 'ivr_prompt.upload').execute();
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ user_id: env.users.admin.id, entity: 'ivr_prompt', entity_id: `${strategyId}/menu/es` });
  });

  it('takes a multipart upload too (8 kHz µ-law stereo here) for the default flows', async () => {
    const mp = multipart('file', 'despedida.wav', wav('Gracias, hasta luego.', ['-r', '8000', '-c', '2', '-e', 'u-law']));
    const res = await env.app.inject({ method: 'POST', url: '/ivr/prompts/default/goodbye/es', headers: { ...env.auth('admin'), ...mp.headers }, payload: mp.payload });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().input).toMatchObject({ format: 'ulaw', channels: 2, sampleRate: 8000 });
    expect(existsSync(join(location.hostDir, 'rec', 'default__goodbye.es.wav'))).toBe(true);
  });

  it("records a built-in verb's words (identify.askId) as the session resolves them", async () => {
    const res = await upload('/ivr/prompts/default/identify_askId/es', wav('Marque su documento.'));
    expect(res.statusCode, res.body).toBe(200);
    expect(await new PromptLibrary(location).resolve('default', 'identify_askId', 'es', 'x')).toBe('sound:cobranza-ivr/rec/default__identify_askId.es');
    expect(item(await listing(''), 'system', 'identify_askId', 'es')).toMatchObject({ owner: 'default', source: 'recording', ready: true });
  });

  it('refuses what the converter cannot take, or a prompt that cannot be recorded, with a clear 400 and no file', async () => {
    const url = `/ivr/prompts/${strategyId}/balance/es`;
    const float = await upload(url, wav('Saldo', ['-e', 'floating-point', '-b', '32']));
    expect(float.statusCode).toBe(400);
    expect(float.json()).toMatchObject({ field: 'file', reason: expect.stringMatching(/audio format 3 \(floating point\) is not supported.*PCM/) });
    const notWav = await upload(url, Buffer.from('ID3\u0004 esto es un mp3, no un wav'));
    expect(notWav.statusCode).toBe(400);
    expect(notWav.json().reason).toMatch(/does not start with a RIFF\/WAVE header/);
    const headerOnly = wav('Saldo').subarray(0, 44);
    expect((await upload(url, headerOnly)).json().reason).toMatch(/no audio samples/);
    expect(existsSync(join(location.hostDir, 'rec', `${strategyId}__balance.es.wav`))).toBe(false);

    const personal = await upload(`/ivr/prompts/${strategyId}/greeting/es`, wav('Hola'));
    expect(personal.statusCode).toBe(400);
    expect(personal.json()).toMatchObject({ in: 'params', field: '/promptId', reason: expect.stringMatching(/debtor\.firstName.*cannot be replaced/) });
    const unknown = await upload(`/ivr/prompts/${strategyId}/nope/es`, wav('Hola'));
    expect(unknown.json()).toMatchObject({ statusCode: 400, reason: expect.stringMatching(/no prompt "nope" in the flows of strategy REC/) });
    expect((await upload(`/ivr/prompts/${strategyId}/menu/es`, wav('Hola'), 'supervisor')).statusCode).toBe(403);
    const text = await upload(`/ivr/prompts/${strategyId}/menu/es`, Buffer.from('hola'), 'admin', 'text/plain');
    expect(text.json()).toMatchObject({ statusCode: 400, in: 'headers', reason: expect.stringMatching(/audio\/wav or multipart/) });
  });

  it('goes back to the text prompt when the recording is removed', async () => {
    const del = await env.app.inject({ method: 'DELETE', url: `/ivr/prompts/${strategyId}/menu/es`, headers: env.auth('admin') });
    expect(del.statusCode).toBe(200);
    expect(item(await listing(), 'outbound', 'menu', 'es')).toMatchObject({ source: 'tts' });
    expect(await new PromptLibrary(location).resolve(strategyId, 'menu', 'es', 'x')).toMatch(/^sound:cobranza-ivr\/tts\//);
    expect((await env.app.inject({ method: 'DELETE', url: `/ivr/prompts/${strategyId}/menu/es`, headers: env.auth('admin') })).statusCode).toBe(404);
  });
});
