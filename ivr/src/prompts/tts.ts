// Text prompts become audio once: espeak-ng speaks the text, sox turns it into the 8 kHz mono 16-bit WAV
// Asterisk plays without transcoding. Files are named by a hash of (voice, text), so the same text is
// rendered once however many calls use it, and a changed text gets a new file.
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Lang } from '../flows/types.js';

const run = promisify(execFile);

export const VOICES: Record<Lang, { voice: string; wpm: number }> = {
  es: { voice: 'es-419', wpm: 160 },
  en: { voice: 'en-us', wpm: 165 },
};

export class TtsError extends Error {
  readonly code = 'IVR_TTS_FAILED';
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'TtsError';
  }
}

export function promptHash(lang: Lang, text: string): string {
  const v = VOICES[lang];
  return createHash('sha256').update(`${v.voice}|${v.wpm}|${text.normalize('NFC')}`).digest('hex').slice(0, 24);
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).size > 44;
  } catch {
    return false;
  }
}

export interface RenderResult {
  /** File name without extension, relative to the directory given. */
  name: string;
  path: string;
  cached: boolean;
}

/** Renders `text` to `<dir>/<hash>.wav` unless it is already there. Concurrent calls for one text render once. */
export class TtsRenderer {
  private inflight = new Map<string, Promise<RenderResult>>();
  constructor(private readonly dir: string) {}

  render(text: string, lang: Lang): Promise<RenderResult> {
    const name = promptHash(lang, text);
    const path = join(this.dir, `${name}.wav`);
    const running = this.inflight.get(name);
    if (running) return running;
    const p = (async () => {
      if (await exists(path)) return { name, path, cached: true };
      await mkdir(this.dir, { recursive: true });
      const raw = `${path}.${process.pid}.${Date.now()}.raw.wav`;
      const tmp = `${path}.${process.pid}.${Date.now()}.tmp.wav`;
      const v = VOICES[lang];
      try {
        // text is passed as an argument, never through a shell: no quoting issues with names like O'Neil
        await run('espeak-ng', ['-v', v.voice, '-s', String(v.wpm), '-w', raw, '--', text], { timeout: 20_000 });
        await run('sox', [raw, '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', tmp], { timeout: 20_000 });
        await rename(tmp, path);
      } catch (e) {
        throw new TtsError(`could not render prompt ${name} (${lang}): ${(e as Error).message}`, e);
      } finally {
        await run('rm', ['-f', raw, tmp]).catch(() => undefined);
      }
      return { name, path, cached: false };
    })().finally(() => this.inflight.delete(name));
    this.inflight.set(name, p);
    return p;
  }
}
