// Checks an uploaded recording before it reaches sox: a RIFF/WAVE file with PCM (or G.711) samples and a
// rate and channel count the 8 kHz mono conversion handles. Everything else gets an error that says what
// was found and what is expected, instead of sox's own message or, worse, a silent prompt on every call.
import { PromptUploadError } from './errors.js';

export interface WavInfo {
  format: 'pcm' | 'alaw' | 'ulaw';
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  dataBytes: number;
  durationMs: number;
}

const FORMATS: Record<number, WavInfo['format']> = { 1: 'pcm', 6: 'alaw', 7: 'ulaw' };
const EXTENSIBLE = 0xfffe;
/** A prompt longer than this is a mistake (a whole call recording, a song), not a prompt. */
export const MAX_PROMPT_MS = 5 * 60_000;

export function inspectWav(buf: Buffer): WavInfo {
  const bad = (m: string) => new PromptUploadError(`not a usable WAV recording: ${m}`);
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE')
    throw bad(`the file does not start with a RIFF/WAVE header (first bytes: ${JSON.stringify(buf.toString('latin1', 0, Math.min(12, buf.length)))}); send a .wav file`);
  let fmt: Omit<WavInfo, 'dataBytes' | 'durationMs'> | null = null;
  let dataBytes: number | null = null;
  let off = 12;
  while (off + 8 <= buf.length) {
    const id = buf.toString('ascii', off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    const body = off + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > buf.length) throw bad(`the "fmt " chunk at byte ${off} is truncated (${size} bytes)`);
      let code = buf.readUInt16LE(body);
      // WAVE_FORMAT_EXTENSIBLE keeps the real format in the first two bytes of the sub-format GUID
      if (code === EXTENSIBLE && size >= 40 && body + 26 <= buf.length) code = buf.readUInt16LE(body + 24);
      const format = FORMATS[code];
      if (!format) throw bad(`audio format ${code} (${code === 3 ? 'floating point' : code === 85 ? 'MP3' : 'compressed'}) is not supported; export the recording as PCM (16-bit), A-law or µ-law`);
      const channels = buf.readUInt16LE(body + 2);
      const sampleRate = buf.readUInt32LE(body + 4);
      const bitsPerSample = buf.readUInt16LE(body + 14);
      if (channels < 1 || channels > 2) throw bad(`${channels} channels; mono or stereo expected`);
      if (sampleRate < 8000 || sampleRate > 48000) throw bad(`sample rate ${sampleRate} Hz; 8000 to 48000 Hz expected`);
      const bitsOk = format === 'pcm' ? [8, 16, 24, 32].includes(bitsPerSample) : bitsPerSample === 8;
      if (!bitsOk) throw bad(`${bitsPerSample} bits per sample for ${format}; ${format === 'pcm' ? '8, 16, 24 or 32' : '8'} expected`);
      fmt = { format, channels, sampleRate, bitsPerSample };
    } else if (id === 'data') {
      if (!fmt) throw bad('the "data" chunk comes before the "fmt " chunk');
      // a streaming writer may leave the size at 0 or 0xFFFFFFFF: count what is actually there
      dataBytes = size === 0 || size === 0xffffffff || body + size > buf.length ? buf.length - body : size;
      break;
    }
    off = body + size + (size % 2);
  }
  if (!fmt) throw bad('no "fmt " chunk: the header does not say how the samples are encoded');
  if (dataBytes === null || dataBytes <= 0) throw bad('no audio samples (empty or missing "data" chunk)');
  const bytesPerSecond = fmt.sampleRate * fmt.channels * (fmt.bitsPerSample / 8);
  const durationMs = Math.round((dataBytes / bytesPerSecond) * 1000);
  if (durationMs < 100) throw bad(`${durationMs} ms of audio; a prompt needs at least 0.1 s`);
  if (durationMs > MAX_PROMPT_MS) throw bad(`${Math.round(durationMs / 1000)} s of audio; a prompt may last at most ${MAX_PROMPT_MS / 60_000} minutes`);
  return { ...fmt, dataBytes, durationMs };
}
