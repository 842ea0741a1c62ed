// The dialer's side of an IVR in another process (src/ivr-remote.ts), over the in-process bus: the IVR's answers
// drive the call, and a call nobody takes is ended rather than left with a person listening to silence.
// (The whole path on real Asterisk and Redis: ivr/test/asterisk/remote-agentless.test.ts.)
import { InProcessBus } from '@cobranza/bus';
import type { BusEvents } from '@cobranza/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { remoteIvr, type RemoteIvr } from '../src/ivr-remote.js';
import type { DebtorContext } from '../src/ports.js';

const debtor = (callId: string) => ({ callId, debtorId: 'd1', accountId: 'a1', campaignId: 'c1', locale: 'es-CO' }) as unknown as DebtorContext;
const settle = () => new Promise((r) => setTimeout(r, 20));

let bus: InProcessBus;
let remote: RemoteIvr;
afterEach(async () => {
  await remote?.stop();
  await bus?.close();
});

function controls() {
  const done: string[] = [];
  const abort = new AbortController();
  return { done, abort, controls: { signal: abort.signal, pressToTalk: () => done.push('press_to_talk'), finish: () => done.push('finish') } };
}

describe('handing agentless calls to an IVR process', () => {
  it('publishes the answered call with its debtor, and follows the IVR: press-to-talk, then finish', async () => {
    bus = new InProcessBus();
    const handed: BusEvents['ivr.agentless'][] = [];
    await bus.subscribe('ivr.agentless', (m) => void handed.push(m));
    remote = await remoteIvr(bus, () => {}, 100);
    const c = controls();
    await remote.handler(debtor('call-1'), c.controls);
    await settle();
    expect(handed).toEqual([{ callId: 'call-1', debtor: debtor('call-1') }]);
    await bus.publish('ivr.control', { callId: 'call-1', action: 'accepted' });
    await bus.publish('ivr.control', { callId: 'other', action: 'finish' }); // another dialer's call
    await bus.publish('ivr.control', { callId: 'call-1', action: 'press_to_talk' });
    await settle();
    await new Promise((r) => setTimeout(r, 150)); // past the time to accept: taken, so not ended
    expect(c.done).toEqual(['press_to_talk']);
    await bus.publish('ivr.control', { callId: 'call-1', action: 'finish' });
    await bus.publish('ivr.control', { callId: 'call-1', action: 'finish' }); // a repeat changes nothing
    await settle();
    expect(c.done).toEqual(['press_to_talk', 'finish']);
  });

  it('ends a call no IVR process takes in time, and says why', async () => {
    bus = new InProcessBus();
    const logs: string[] = [];
    remote = await remoteIvr(bus, (m) => logs.push(m), 50);
    const c = controls();
    await remote.handler(debtor('call-2'), c.controls);
    await new Promise((r) => setTimeout(r, 120));
    expect(c.done).toEqual(['finish']);
    expect(logs.join('\n')).toMatch(/no IVR process took agentless call call-2/);
  });

  it('forgets a call that ended on its own (hang-up): a late answer from the IVR does nothing', async () => {
    bus = new InProcessBus();
    remote = await remoteIvr(bus, () => {}, 50);
    const c = controls();
    await remote.handler(debtor('call-3'), c.controls);
    c.abort.abort();
    await new Promise((r) => setTimeout(r, 100));
    await bus.publish('ivr.control', { callId: 'call-3', action: 'finish' });
    await settle();
    expect(c.done).toEqual([]);
  });
});
