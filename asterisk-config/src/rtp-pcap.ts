import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

/**
 * Builds the RTP stream a SIPp party plays (exec play_pcap_audio): G.711 µ-law audio in 20 ms packets and
 * RFC 4733 (RFC 2833) telephone-events for DTMF, in one stream (one SSRC, continuous sequence numbers), so
 * the far end sees a phone that talks and presses keys. SIPp sends each packet's UDP payload to the
 * negotiated media address at the recorded pace; the addresses in the file do not matter.
 */
export type RtpStep =
  /** Silence (µ-law 0xFF) for this long. */
  | { silenceMs: number }
  /** An audio file (any format sox reads), converted to 8 kHz µ-law. */
  | { wav: string }
  /** Keys pressed one after another: each tone lasts toneMs (default 120) followed by gapMs of silence (default 300). */
  | { dtmf: string; toneMs?: number; gapMs?: number };

const PT_PCMU = 0;
const PT_EVENT = 101;
const FRAME = 160; // samples per 20 ms at 8 kHz
const DTMF_EVENTS: Record<string, number> = {
  '0': 0, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 7, '8': 8, '9': 9, '*': 10, '#': 11,
  A: 12, B: 13, C: 14, D: 15,
};

interface Packet {
  atMs: number;
  payload: Buffer;
}

export function ulawFromAudioFile(path: string): Buffer {
  return execFileSync('sox', [path, '-t', 'raw', '-e', 'mu-law', '-b', '8', '-r', '8000', '-c', '1', '-'], {
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** RTP packets (payloads only, with their send times) for a script. */
export function rtpPackets(steps: readonly RtpStep[], ssrc = 0x0c0b7a2a): Packet[] {
  const packets: Packet[] = [];
  let seq = 1;
  let ts = 0; // RTP timestamp, in samples
  let t = 0; // send time, ms
  const rtp = (pt: number, marker: boolean, timestamp: number, body: Buffer): Buffer => {
    const h = Buffer.alloc(12);
    h[0] = 0x80;
    h[1] = (marker ? 0x80 : 0) | pt;
    h.writeUInt16BE(seq++ & 0xffff, 2);
    h.writeUInt32BE(timestamp >>> 0, 4);
    h.writeUInt32BE(ssrc, 8);
    return Buffer.concat([h, body]);
  };
  const audio = (samples: Buffer) => {
    for (let off = 0; off < samples.length; off += FRAME) {
      const frame = Buffer.alloc(FRAME, 0xff);
      samples.copy(frame, 0, off, Math.min(off + FRAME, samples.length));
      packets.push({ atMs: t, payload: rtp(PT_PCMU, false, ts, frame) });
      ts += FRAME;
      t += 20;
    }
  };
  const silence = (ms: number) => audio(Buffer.alloc(Math.round((ms / 1000) * 8000), 0xff));

  for (const step of steps) {
    if ('silenceMs' in step) silence(step.silenceMs);
    else if ('wav' in step) audio(ulawFromAudioFile(step.wav));
    else {
      for (const key of step.dtmf) {
        const event = DTMF_EVENTS[key.toUpperCase()];
        if (event === undefined) throw new RangeError(`DTMF "${step.dtmf}": "${key}" is not 0-9 * # A-D`);
        const toneMs = step.toneMs ?? 120;
        const start = ts;
        const n = Math.max(1, Math.round(toneMs / 20));
        for (let i = 1; i <= n; i++) {
          const end = i === n;
          const body = Buffer.from([event, (end ? 0x80 : 0) | 10, 0, 0]);
          body.writeUInt16BE(Math.min(i * FRAME, 0xffff), 2);
          // The end packet is sent three times (RFC 4733 §2.5.1.4) so one loss does not stretch the tone.
          for (let r = 0; r < (end ? 3 : 1); r++) packets.push({ atMs: t, payload: rtp(PT_EVENT, i === 1 && r === 0, start, body) });
          t += 20;
        }
        ts = start + n * FRAME;
        silence(step.gapMs ?? 300);
      }
    }
  }
  return packets;
}

/** Writes a pcap (Ethernet/IPv4/UDP 127.0.0.1) that SIPp's play_pcap_audio can send. */
export function writeRtpPcap(path: string, steps: readonly RtpStep[]): { durationMs: number; packets: number } {
  const packets = rtpPackets(steps);
  const chunks: Buffer[] = [];
  const global = Buffer.alloc(24);
  global.writeUInt32LE(0xa1b2c3d4, 0);
  global.writeUInt16LE(2, 4);
  global.writeUInt16LE(4, 6);
  global.writeUInt32LE(65535, 16); // snaplen
  global.writeUInt32LE(1, 20); // LINKTYPE_ETHERNET
  chunks.push(global);
  let ipId = 1;
  for (const p of packets) {
    const udpLen = 8 + p.payload.length;
    const ipLen = 20 + udpLen;
    const frame = Buffer.alloc(14 + ipLen);
    frame.writeUInt16BE(0x0800, 12);
    const ip = 14;
    frame[ip] = 0x45;
    frame.writeUInt16BE(ipLen, ip + 2);
    frame.writeUInt16BE(ipId++ & 0xffff, ip + 4);
    frame[ip + 8] = 64;
    frame[ip + 9] = 17;
    frame.writeUInt32BE(0x7f000001, ip + 12);
    frame.writeUInt32BE(0x7f000001, ip + 16);
    frame.writeUInt16BE(ipChecksum(frame.subarray(ip, ip + 20)), ip + 10);
    const udp = ip + 20;
    frame.writeUInt16BE(6000, udp);
    frame.writeUInt16BE(6002, udp + 2);
    frame.writeUInt16BE(udpLen, udp + 4);
    p.payload.copy(frame, udp + 8);
    const rec = Buffer.alloc(16);
    rec.writeUInt32LE(Math.floor(p.atMs / 1000), 0);
    rec.writeUInt32LE((p.atMs % 1000) * 1000, 4);
    rec.writeUInt32LE(frame.length, 8);
    rec.writeUInt32LE(frame.length, 12);
    chunks.push(rec, frame);
  }
  writeFileSync(path, Buffer.concat(chunks));
  const last = packets[packets.length - 1];
  return { durationMs: last ? last.atMs + 20 : 0, packets: packets.length };
}

function ipChecksum(h: Buffer): number {
  let sum = 0;
  for (let i = 0; i < h.length; i += 2) sum += h.readUInt16BE(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}
