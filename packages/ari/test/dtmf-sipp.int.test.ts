import { join } from 'node:path';
import { startSippDebtor, type SippProcess } from '@cobranza/asterisk-config';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Ari, AriEvent } from '../src/index.js';
import { bg, connectTestApp } from './helpers.js';

let ari: Ari;
const sipps: SippProcess[] = [];
beforeAll(async () => {
  ari = await connectTestApp('t-dtmf');
});
afterAll(async () => {
  await Promise.all(sipps.map((s) => s.stop()));
  ari?.close();
});

describe('a SIPp debtor pressing keys (RFC 2833)', () => {
  it('arrives as ChannelDtmfReceived, in order, while the call is in Stasis', async () => {
    const env = inject('asterisk');
    const hello = join(env.soundsDir, 'cobranza', 'fake-person-hello.wav');
    const debtor = await startSippDebtor({
      ringMs: 300,
      // "¿Aló?", then the IVR menu choice 3, then an amount ending in #.
      script: [{ silenceMs: 300 }, { wav: hello }, { silenceMs: 1000 }, { dtmf: '3' }, { silenceMs: 500 }, { dtmf: '15000#' }, { silenceMs: 5000 }],
    });
    sipps.push(debtor);
    const id = `dtmf-${Date.now()}`;
    const digits: string[] = [];
    const events: AriEvent[] = [];
    const done = new Promise<void>((resolve) =>
      ari.subscribe(id, (e) => {
        events.push(e);
        if (e.type === 'ChannelDtmfReceived') {
          digits.push(e.digit);
          if (e.digit === '#') bg(ari.hangupQuietly(id), 'hangup');
        }
        if (e.type === 'ChannelDestroyed') resolve();
      }),
    );
    await ari.originate({ endpoint: `PJSIP/sippcarrier/sip:+573005550101@127.0.0.1:${debtor.port}`, channelId: id, timeoutSec: 10 });
    await done;
    expect(events.some((e) => e.type === 'StasisStart')).toBe(true);
    expect(digits.join('')).toBe('315000#');
    const code = (await debtor.exited).code;
    expect(code).toBe(0);
  });
});
