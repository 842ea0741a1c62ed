// Where a prompt's audio comes from: an admin-uploaded recording if there is one for (owner, prompt,
// language), otherwise its text rendered by TTS. Files live in a directory Asterisk can read; the media URI
// names them as Asterisk sees them (paths differ when Asterisk runs in a chroot).
//
// With shared files (FILE_STORE_DIR), uploads go to the shared store and its Postgres index, so every API
// instance, IVR and dialer on any host sees them; each process copies a recording into its own sounds dir
// when a call needs it, named by sha256 (rec/<sha256>.wav), so a new upload is a new name and never stale.
// Without, recordings stay in this host's rec/ folder (one host, and the unit tests). TTS renders are derived
// from the text, so each host renders its own (a cache, not a source file).
import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { StoredFileNotFoundError, type SharedFiles } from '@cobranza/db/files/shared-files';
import type { Lang } from '../flows/types.js';
import { PromptUploadError } from './errors.js';
import { promptHash, TtsRenderer } from './tts.js';
import { inspectWav, type WavInfo } from './wav.js';

const run = promisify(execFile);

export interface PromptLocation {
  /** Directory on this host where prompt files are written. */
  hostDir: string;
  /** The same directory as Asterisk names it in a sound: URI (absolute inside its root, no extension added). */
  asteriskDir: string;
}

export { PromptUploadError };

/** Where startIvr keeps prompt audio unless told otherwise: ASTERISK_SOUNDS_DIR/cobranza-ivr, `cobranza-ivr` in sound: URIs. */
export function defaultPromptLocation(env: Record<string, string | undefined> = process.env): PromptLocation {
  const sounds = env.ASTERISK_SOUNDS_DIR ?? `${env.ASTERISK_CHROOT ?? '/var/cache/cobranza/asterisk-chroot'}/usr/share/asterisk/sounds`;
  return { hostDir: `${sounds}/cobranza-ivr`, asteriskDir: 'cobranza-ivr' };
}

const SAFE = /^[A-Za-z0-9_-]{1,64}$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** What the renderer needs from a prompt source (the file-backed library, or a fake in unit tests). */
export interface PromptSource {
  resolve(owner: string, promptId: string, lang: Lang, text: string): Promise<string>;
  text(text: string, lang: Lang): Promise<string>;
}

export class PromptLibrary implements PromptSource {
  private readonly tts: TtsRenderer;
  /** sound: URI → the text it says, for prompts resolved by this process (logs and tests read calls as text). */
  private readonly texts = new Map<string, string>();
  constructor(
    private readonly loc: PromptLocation,
    /** The shared store and index (FILE_STORE_DIR); null: recordings stay in this host's folder. */
    private readonly files: SharedFiles | null = null,
  ) {
    this.tts = new TtsRenderer(join(loc.hostDir, 'tts'));
  }

  /** The recording's key in the shared store. */
  static storeKey(owner: string, promptId: string, lang: Lang): string {
    return `prompts/${owner}/${promptId}.${lang}.wav`;
  }

  /** The shared recording copied into this host's rec/ folder (once per sha256); null when there is none. */
  private async sharedRecording(files: SharedFiles, owner: string, promptId: string, lang: Lang): Promise<string | null> {
    try {
      const local = await files.materialise(PromptLibrary.storeKey(owner, promptId, lang), join(this.loc.hostDir, 'rec'), '.wav');
      return local ? `sound:${this.loc.asteriskDir}/rec/${local.file.sha256}` : null;
    } catch (e) {
      // indexed but its bytes are gone from the store: the caller hears the text rather than a failed call
      if (e instanceof StoredFileNotFoundError) return null;
      throw e;
    }
  }

  private recordingFile(owner: string, promptId: string, lang: Lang): string {
    return `${owner}__${promptId}.${lang}`;
  }

  /** sound: URI for a library prompt: the recording when one was uploaded, else the rendered text. */
  async resolve(owner: string, promptId: string, lang: Lang, text: string): Promise<string> {
    if (this.files) {
      const uri = await this.sharedRecording(this.files, owner, promptId, lang);
      if (!uri) return this.text(text, lang);
      this.texts.set(uri, `[recording ${promptId}] ${text}`);
      return uri;
    }
    const rec = this.recordingFile(owner, promptId, lang);
    try {
      await stat(join(this.loc.hostDir, 'rec', `${rec}.wav`));
      const uri = `sound:${this.loc.asteriskDir}/rec/${rec}`;
      this.texts.set(uri, `[recording ${promptId}] ${text}`);
      return uri;
    } catch {
      return this.text(text, lang);
    }
  }

  /** sound: URI for free text, rendered once per distinct (voice, text). */
  async text(text: string, lang: Lang): Promise<string> {
    const r = await this.tts.render(text, lang);
    const uri = `sound:${this.loc.asteriskDir}/tts/${r.name}`;
    this.texts.set(uri, text);
    return uri;
  }

  /** Whether an admin recording replaces (owner, prompt, language). */
  async hasRecording(owner: string, promptId: string, lang: Lang): Promise<boolean> {
    if (this.files) return (await this.files.find(PromptLibrary.storeKey(owner, promptId, lang))) !== null;
    return fileExists(join(this.loc.hostDir, 'rec', `${this.recordingFile(owner, promptId, lang)}.wav`));
  }

  /** Whether this text already has its rendered audio (a call would not wait for espeak-ng). */
  async isRendered(text: string, lang: Lang): Promise<boolean> {
    return fileExists(join(this.loc.hostDir, 'tts', `${promptHash(lang, text)}.wav`));
  }

  /** An uploaded WAV, checked (PCM/G.711, rate, length) before conversion; the error says what is wrong with it. */
  async uploadWav(owner: string, promptId: string, lang: Lang, audio: Buffer, createdBy: string | null = null): Promise<{ uri: string; input: WavInfo }> {
    const input = inspectWav(audio);
    return { uri: await this.upload(owner, promptId, lang, audio, 'upload.wav', createdBy), input };
  }

  /** The text behind a TTS URI, or the URI itself (number:, digits:, recordings). */
  describe(uri: string): string {
    return this.texts.get(uri) ?? uri;
  }

  /**
   * An admin's recording replaces the text prompt from the next call on. Any audio sox reads is accepted
   * and converted to 8 kHz mono 16-bit WAV.
   */
  async upload(owner: string, promptId: string, lang: Lang, audio: Buffer, originalName = 'upload.wav', createdBy: string | null = null): Promise<string> {
    if (!SAFE.test(owner)) throw new PromptUploadError(`owner "${owner}": letters, digits, _ and - only`);
    if (!SAFE.test(promptId)) throw new PromptUploadError(`prompt id "${promptId}": letters, digits, _ and - only`);
    const ext = /\.(wav|mp3|ogg|flac|gsm|ul|al)$/i.exec(originalName)?.[1]?.toLowerCase() ?? 'wav';
    const dir = join(this.loc.hostDir, 'rec');
    await mkdir(dir, { recursive: true });
    const name = this.recordingFile(owner, promptId, lang);
    const src = join(dir, `${name}.upload.${process.pid}.${ext}`);
    const tmp = join(dir, `${name}.${process.pid}.tmp.wav`);
    await writeFile(src, audio);
    try {
      try {
        await run('sox', [src, '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', tmp], { timeout: 30_000 });
      } catch (e) {
        throw new PromptUploadError(`prompt ${promptId} (${lang}): not audio sox can read (${(e as Error).message.split('\n')[0]})`);
      }
      if (this.files) {
        const f = await this.files.put({
          key: PromptLibrary.storeKey(owner, promptId, lang),
          kind: 'prompt',
          data: await readFile(tmp),
          contentType: 'audio/wav',
          strategyId: UUID.test(owner) ? owner : null,
          createdBy,
        });
        // this host's copy now, named as materialise would name it: the next call here needs no copy
        await rename(tmp, join(dir, `${f.sha256}.wav`));
        return `sound:${this.loc.asteriskDir}/rec/${f.sha256}`;
      }
      await rename(tmp, join(dir, `${name}.wav`));
    } finally {
      await rm(src, { force: true });
      await rm(tmp, { force: true });
    }
    return `sound:${this.loc.asteriskDir}/rec/${name}`;
  }

  /** The file a call would play for this prompt (the recording, else its text rendered), for people to listen to. */
  async audioFile(owner: string, promptId: string, lang: Lang, text: string): Promise<string> {
    if (this.files) {
      const local = await this.files.materialise(PromptLibrary.storeKey(owner, promptId, lang), join(this.loc.hostDir, 'rec'), '.wav');
      if (local) return local.path;
      return (await this.tts.render(text, lang)).path;
    }
    const rec = join(this.loc.hostDir, 'rec', `${this.recordingFile(owner, promptId, lang)}.wav`);
    if (await fileExists(rec)) return rec;
    return (await this.tts.render(text, lang)).path;
  }

  /**
   * The audio a call would play, as a stream for people to listen to: the recording read from the shared
   * store (StoredFileNotFoundError when its row is there but its bytes are gone), else the rendered text.
   */
  async audio(owner: string, promptId: string, lang: Lang, text: string): Promise<Readable> {
    if (this.files && (await this.hasRecording(owner, promptId, lang))) return (await this.files.open(PromptLibrary.storeKey(owner, promptId, lang))).stream;
    return createReadStream(await this.audioFile(owner, promptId, lang, text));
  }

  /** Back to the text prompt. Local copies named by sha256 stay (other prompts may have the same audio). */
  async removeUpload(owner: string, promptId: string, lang: Lang): Promise<void> {
    if (this.files) {
      await this.files.delete(PromptLibrary.storeKey(owner, promptId, lang));
      return;
    }
    await rm(join(this.loc.hostDir, 'rec', `${this.recordingFile(owner, promptId, lang)}.wav`), { force: true });
  }
}

async function fileExists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).size > 44;
  } catch {
    return false;
  }
}
