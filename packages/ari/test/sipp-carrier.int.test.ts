import { join } from 'node:path';
import { startSippCaller, startSippDebtor, startSippReject, type SippProcess } from '@cobranza/asterisk-config';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { callOutcome, type Ari, type CallOutcome, type EventOf } from '../src/index.js';
import { bg, connectTestApp, median } from './helpers.js';

/** SIPp as the carrier: real SIP answers from another stack than Asterisk's own loopback. */
let ari: Ari;
const sipps: SippProcess[] = [];
beforeAll(async () => {
  ari = await connectTestApp('t-sippcarrier');
});
afterAll(async () => {
  await Promise.all(sipps.map((s) => s.stop()));
  ari?.close();
});

async function outcomeOf(endpoint: string, timeoutSec: number): Promise<{ outcome: CallOutcome; cause: number; techCause?: number }> {
  const id = `sippc-${Math.random().toString(36).slice(2)}`;
  let answered = false;
  const done = new Promise<{ outcome: CallOutcome; cause: number; techCause?: number }>((resolve) =>
    ari.subscribe(id, (e) => {
      if (e.type === 'StasisStart') {
        answered = true;
        bg(ari.hangupQuietly(id), 'hangup');
      }
      if (e.type === 'ChannelDestroyed') resolve({ outcome: callOutcome({ answered, cause: e.cause, techCause: e.techCause }), cause: e.cause, techCause: e.techCause });
    }),
  );
  await ari.originate({ endpoint, channelId: id, timeoutSec });
  return done;
}

describe('SIPp carrier', () => {
  it('maps the SIP answers of a foreign stack to outcomes', async () => {
    const codes: Array<[number, CallOutcome]> = [
      [486, 'busy'],
      [603, 'busy'],
      [404, 'invalid_number'],
      [503, 'congestion'],
      [480, 'no_answer'],
    ];
    const results = await Promise.all(
      codes.map(async ([code]) => {
        const s = await startSippReject({ code });
        sipps.push(s);
        return outcomeOf(`PJSIP/sippcarrier/sip:+573005550200@127.0.0.1:${s.port}`, 10);
      }),
    );
    console.log(codes.map(([c], i) => `${c} → cause ${results[i]!.cause} → ${results[i]!.outcome}`).join('; '));
    expect(results.map((r) => r.outcome)).toEqual(codes.map(([, o]) => o));
    expect(results.map((r) => r.techCause)).toEqual(codes.map(([c]) => c));
  });

  it('measures originate → StasisStart for a debtor who answers at once', async () => {
    const n = 8;
    const debtor = await startSippDebtor({ ringMs: 0, maxCalls: n, script: [{ silenceMs: 2000 }] });
    sipps.push(debtor);
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const id = `fast-${i}-${Date.now()}`;
      const started = ari.waitFor(id, (e): e is EventOf<'StasisStart'> => e.type === 'StasisStart', { timeoutMs: 10_000 });
      const t0 = Date.now();
      await ari.originate({ endpoint: `PJSIP/sippcarrier/sip:+57300555030${i}@127.0.0.1:${debtor.port}`, channelId: id, timeoutSec: 10 });
      times.push((await started).receivedAt - t0);
      const gone = ari.waitFor(id, (e) => e.type === 'ChannelDestroyed', { timeoutMs: 5000 });
      await ari.hangup(id);
      await gone;
    }
    console.log(`originate → StasisStart (SIPp answers at once): median ${median(times)} ms, max ${Math.max(...times)} ms, n=${n}`);
    expect(times).toHaveLength(n);
  });

  it('an inbound call to the DID enters the app with the DID and the caller number, and its keys arrive', async () => {
    const env = inject('asterisk');
    const inbound = new Promise<EventOf<'StasisStart'>>((resolve) => {
      const off = ari.onUnrouted((e) => {
        if (e.type === 'StasisStart' && e.args[0] === 'inbound') {
          off();
          resolve(e);
        }
      });
    });
    const caller = await startSippCaller({
      asterisk: env,
      callerNumber: '+573001112233',
      did: env.inboundDid,
      app: ari.app,
      script: [{ silenceMs: 1500 }, { wav: join(env.soundsDir, 'cobranza', 'fake-person-hello.wav') }, { silenceMs: 500 }, { dtmf: '2' }, { silenceMs: 5000 }],
      hangupAfterMs: 20_000,
    });
    sipps.push(caller);
    const start = await inbound;
    expect(start.args).toEqual(['inbound', env.inboundDid, '+573001112233']);
    const id = start.channel.id;
    const digit = ari.waitFor(id, (e): e is EventOf<'ChannelDtmfReceived'> => e.type === 'ChannelDtmfReceived', { timeoutMs: 10_000 });
    await ari.answer(id);
    expect((await digit).digit).toBe('2');
    const t0 = Date.now();
    await ari.hangup(id);
    // The caller takes our BYE as the end of the call (not its own 20 s hang-up timer).
    expect((await caller.exited).code).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});
