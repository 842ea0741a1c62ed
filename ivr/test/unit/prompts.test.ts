// Prompt audio with the real espeak-ng and sox (installed by scripts/services.sh), in a temp directory.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PromptLibrary, PromptUploadError } from '../../src/prompts/library.js';
import { promptHash } from '../../src/prompts/tts.js';

const dir = mkdtempSync(join(tmpdir(), 'ivr-prompts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const lib = new PromptLibrary({ hostDir: dir, asteriskDir: 'cobranza-ivr' });

function soxInfo(path: string): string {
  return execFileSync('soxi', [path]).toString();
}

describe('prompt library', () => {
  it('renders a text prompt once to 8 kHz mono 16-bit WAV, named by a hash of voice and text', async () => {
    const uri = await lib.text('Bienvenido a la línea de autoservicio.', 'es');
    const name = promptHash('es', 'Bienvenido a la línea de autoservicio.');
    expect(uri).toBe(`sound:cobranza-ivr/tts/${name}`);
    const file = join(dir, 'tts', `${name}.wav`);
    const info = soxInfo(file);
    expect(info).toMatch(/Channels\s*:\s*1/);
    expect(info).toMatch(/Sample Rate\s*:\s*8000/);
    expect(info).toMatch(/Precision\s*:\s*16-bit/);
    const mtime = statSync(file).mtimeMs;
    expect(await lib.text('Bienvenido a la línea de autoservicio.', 'es')).toBe(uri);
    expect(statSync(file).mtimeMs).toBe(mtime); // cached, not rendered again
    // another language or another text is another file
    expect(await lib.text('Welcome to the self-service line.', 'en')).not.toBe(uri);
    expect(lib.describe(uri)).toBe('Bienvenido a la línea de autoservicio.');
  });

  it('renders concurrent requests for the same text once', async () => {
    const uris = await Promise.all(Array.from({ length: 5 }, () => lib.text('Un texto pedido cinco veces a la vez.', 'es')));
    expect(new Set(uris).size).toBe(1);
  });

  it("an admin's recording replaces the text prompt from the next call on, per owner and language", async () => {
    const before = await lib.resolve('strat-1', 'greeting', 'es', 'Hola');
    expect(before).toMatch(/^sound:cobranza-ivr\/tts\//);
    const upload = join(dir, 'upload.wav');
    execFileSync('sox', ['-n', '-r', '44100', '-c', '2', upload, 'synth', '0.5', 'sine', '440']);
    const { readFileSync } = await import('node:fs');
    const uri = await lib.upload('strat-1', 'greeting', 'es', readFileSync(upload), 'greeting.wav');
    expect(uri).toBe('sound:cobranza-ivr/rec/strat-1__greeting.es');
    expect(soxInfo(join(dir, 'rec', 'strat-1__greeting.es.wav'))).toMatch(/Sample Rate\s*:\s*8000[\s\S]*Channels|Channels\s*:\s*1[\s\S]*Sample Rate\s*:\s*8000/);
    expect(await lib.resolve('strat-1', 'greeting', 'es', 'Hola')).toBe(uri);
    expect(await lib.resolve('strat-1', 'greeting', 'en', 'Hello')).toMatch(/\/tts\//); // English still the text
    expect(await lib.resolve('strat-2', 'greeting', 'es', 'Hola')).toMatch(/\/tts\//); // other strategies untouched
    await lib.removeUpload('strat-1', 'greeting', 'es');
    expect(await lib.resolve('strat-1', 'greeting', 'es', 'Hola')).toBe(before);
  });

  it('refuses an upload that is not audio, or with unsafe names, saying which', async () => {
    await expect(lib.upload('strat-1', 'greeting', 'es', Buffer.from('not audio at all'), 'x.wav')).rejects.toThrow(/prompt greeting \(es\): not audio sox can read/);
    await expect(lib.upload('../etc', 'greeting', 'es', Buffer.alloc(10))).rejects.toBeInstanceOf(PromptUploadError);
  });
});
