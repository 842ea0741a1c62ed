// Figures for the IVR (npm run -w @cobranza/ivr bench, after scripts/services.sh): how fast a key stops a
// prompt on a real call (Asterisk + SIPp sending RFC 2833 DTMF), how long a playback takes to start, what a
// text prompt costs to render and to reuse, and what flow validation costs. Prints a table; asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Ari, parseAmdArgs } from '@cobranza/ari';
import { ensureAsterisk } from '@cobranza/asterisk-config';
import { startSippDebtor } from '@cobranza/asterisk-config/sipp';
import { AriMedia } from '../ari-media.js';
import { DEFAULT_FLOWS } from '../flows/defaults.js';
import { validateFlow } from '../flows/validate.js';
import { DtmfBuffer, playInterruptible } from '../gather.js';
import { PromptLibrary } from '../prompts/library.js';

const KEYS = Number(process.env.BENCH_KEYS ?? 10);

function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(1);
  return `n=${s.length} median ${q(0.5)} p90 ${q(0.9)} max ${s[s.length - 1]!.toFixed(1)}`;
}

async function tts(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ivr-bench-'));
  const lib = new PromptLibrary({ hostDir: dir, asteriskDir: 'x' });
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < 10; i++) {
    const text = `Hola cliente número ${i}, le llamamos de Banco Andino por su cuenta.`;
    let t = performance.now();
    await lib.text(text, 'es');
    cold.push(performance.now() - t);
    t = performance.now();
    await lib.text(text, 'es');
    warm.push(performance.now() - t);
  }
  rmSync(dir, { recursive: true, force: true });
  console.log(`TTS render (espeak-ng + sox, new text), ms:   ${stats(cold)}`);
  console.log(`TTS reuse (same text, cached file), ms:       ${stats(warm)}`);
}

function validation(): void {
  const n = 2000;
  const t = performance.now();
  for (let i = 0; i < n; i++) validateFlow(DEFAULT_FLOWS.outbound);
  console.log(`flow validation (default outbound flow, 13 nodes): ${(((performance.now() - t) / n) * 1000).toFixed(0)} µs per flow`);
}

async function dtmfStop(): Promise<void> {
  const env = ensureAsterisk();
  const app = `ivr-bench-${process.pid}`;
  const ari = await Ari.connect({ url: env.ariUrl, user: env.ariUser, password: env.ariPassword, app });
  const script = [{ silenceMs: 300 }, { wav: join(env.soundsDir, 'cobranza', 'fake-person-hello.wav') }, ...Array.from({ length: KEYS }, () => [{ silenceMs: 3000 }, { dtmf: '5' }]).flat(), { silenceMs: 10_000 }];
  const sipp = await startSippDebtor({ script, ringMs: 100 });
  const channelId = `ivr-bench-${Date.now()}`;
  const up = new Promise<void>((resolve) => {
    ari.subscribe(channelId, (e) => {
      if (e.type === 'StasisStart' && parseAmdArgs(e.args) === undefined) resolve();
    });
  });
  await ari.originate({ endpoint: `PJSIP/sippcarrier/sip:573001112233@127.0.0.1:${sipp.port}`, channelId, app, timeoutSec: 15 });
  await up;
  const media = new AriMedia(ari, channelId);
  const buffer = new DtmfBuffer(media);
  let keyAt = 0;
  media.onDtmf(() => (keyAt = performance.now()));
  const stopMs: number[] = [];
  const startMs: number[] = [];
  // the shape of the outbound message: text prompts with sayings in between
  const lib = new PromptLibrary({ hostDir: join(env.soundsDir, 'cobranza-ivr'), asteriskDir: 'cobranza-ivr' });
  const t1 = await lib.text('Hola Lucía. Le llamamos de Banco Andino. Su cuenta tiene un saldo pendiente de', 'es');
  const t2 = await lib.text('vencido desde el cinco de octubre. Para hablar ahora con un asesor, marque uno. Para consultar su cuenta, marque dos.', 'es');
  const long = [t1, 'number:1250000', t2, 'sound:digits/mon-9', t1, 'number:49', t2];
  const deadline = Date.now() + KEYS * 3600 + 8000;
  while (stopMs.length < KEYS && Date.now() < deadline && !media.isGone()) {
    buffer.clear();
    keyAt = 0;
    const wall = Date.now();
    const before = media.heard.length;
    const r = await playInterruptible(media, buffer, long, 'es');
    const rec = media.heard.length > before ? media.heard.at(-1) : undefined;
    if (rec) startMs.push(rec.startedAt - wall);
    if (r.interrupted && keyAt) stopMs.push(performance.now() - keyAt);
  }
  await media.hangup();
  await sipp.stop();
  ari.close();
  console.log(`key → prompt stopped (real call, RFC 2833), ms: ${stats(stopMs)}`);
  console.log(`play request → PlaybackStarted, ms:          ${stats(startMs.filter((x) => x >= 0))}`);
}

await tts();
validation();
await dtmfStop();
process.exit(0);
