import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rtpPackets, writeRtpPcap } from '../src/rtp-pcap.js';

const header = (p: Buffer) => ({
  marker: (p[1]! & 0x80) !== 0,
  pt: p[1]! & 0x7f,
  seq: p.readUInt16BE(2),
  ts: p.readUInt32BE(4),
});

describe('RTP stream for SIPp', () => {
  it('sends a key as RFC 4733 events: marker first, one timestamp, growing duration, end packet three times', () => {
    const packets = rtpPackets([{ silenceMs: 40 }, { dtmf: '5', toneMs: 100, gapMs: 40 }]);
    const events = packets.filter((p) => header(p.payload).pt === 101);
    expect(events).toHaveLength(5 + 2); // 5 × 20 ms, the last repeated twice more
    const heads = events.map((p) => header(p.payload));
    expect(heads.map((h) => h.marker)).toEqual([true, false, false, false, false, false, false]);
    expect(new Set(heads.map((h) => h.ts)).size).toBe(1);
    const body = events.map((p) => p.payload.subarray(12));
    expect(body.every((b) => b[0] === 5)).toBe(true);
    expect(body.map((b) => (b[1]! & 0x80) !== 0)).toEqual([false, false, false, false, true, true, true]);
    expect(body.map((b) => b.readUInt16BE(2))).toEqual([160, 320, 480, 640, 800, 800, 800]);
  });

  it('keeps one stream: consecutive sequence numbers, 20 ms pacing, audio timestamps advancing 160 per packet', () => {
    const packets = rtpPackets([{ silenceMs: 100 }, { dtmf: '12' }, { silenceMs: 100 }]);
    const heads = packets.map((p) => header(p.payload));
    heads.forEach((h, i) => expect(h.seq).toBe(i + 1));
    const audio = heads.filter((h) => h.pt === 0);
    expect(audio[1]!.ts - audio[0]!.ts).toBe(160);
    const times = packets.map((p) => p.atMs);
    expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true);
  });

  it('refuses a key that is not a DTMF digit', () => {
    expect(() => rtpPackets([{ dtmf: '1x' }])).toThrow(/"x" is not 0-9/);
  });

  it('writes a pcap (Ethernet/IPv4/UDP) with one record per packet', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcap-test-'));
    try {
      const file = join(dir, 'x.pcap');
      const { packets, durationMs } = writeRtpPcap(file, [{ silenceMs: 200 }, { dtmf: '9' }]);
      const buf = readFileSync(file);
      expect(buf.readUInt32LE(0)).toBe(0xa1b2c3d4);
      expect(buf.readUInt32LE(20)).toBe(1);
      let off = 24;
      let n = 0;
      while (off < buf.length) {
        const len = buf.readUInt32LE(off + 8);
        expect(buf.readUInt16BE(off + 16 + 12)).toBe(0x0800); // IPv4
        expect(buf[off + 16 + 14 + 9]).toBe(17); // UDP
        off += 16 + len;
        n++;
      }
      expect(n).toBe(packets);
      expect(durationMs).toBeGreaterThanOrEqual(200 + 120 + 300);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
