import { fakeNumber, type AsteriskEnv } from '@cobranza/asterisk-config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AriError, callOutcome, type Ari } from '../src/index.js';
import { connectKillable, freezeKillable, killKillable, nextHealth, nextReconnected, startKillable } from './reconnect.js';

let env: AsteriskEnv;
let ari: Ari;
const logs: string[] = [];
beforeAll(async () => {
  env = startKillable();
  ari = await connectKillable(env, logs);
});
afterAll(() => ari?.close());

describe('Asterisk killed mid-call and started again', () => {
  it('reports disconnected, refuses originate meanwhile, reconnects, emits reconnected, and the app works again', async () => {
    // A live call when Asterisk dies.
    const callId = `short-${Date.now()}`;
    const up = ari.waitFor(callId, (e) => e.type === 'StasisStart', { timeoutMs: 10_000 });
    await ari.originate({ endpoint: `PJSIP/${fakeNumber('person', 1)}@carrier`, channelId: callId, timeoutSec: 10 });
    await up;
    expect(ari.health.state).toBe('connected');

    const down = nextHealth(ari, 'disconnected', 10_000);
    killKillable();
    const downAt = (await down).since;
    const refused = await ari.originate({ endpoint: `PJSIP/${fakeNumber('busy', 1)}@carrier` }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AriError);
    expect((refused as AriError).code).toBe('UNAVAILABLE');

    await new Promise((r) => setTimeout(r, 3000));
    const back = nextReconnected(ari, 20_000);
    const t0 = Date.now();
    startKillable();
    const readyAt = Date.now();
    const h = await back;
    console.log(
      `down ${readyAt - downAt.getTime()} ms; run.sh start took ${readyAt - t0} ms; reconnected ${Date.now() - readyAt} ms after ARI answered (reconnects=${h.reconnects})`,
    );
    expect(h.state).toBe('connected');
    expect(h.reconnects).toBe(1);

    // Reconcile: the call that was up is gone (Asterisk restarted), and the app receives events again.
    const ids = (await ari.listChannels()).map((c) => c.id);
    expect(ids).not.toContain(callId);
    const busyId = `short-busy-${Date.now()}`;
    const destroyed = ari.waitFor(busyId, (e) => e.type === 'ChannelDestroyed', { timeoutMs: 10_000 });
    await ari.originate({ endpoint: `PJSIP/${fakeNumber('busy', 2)}@carrier`, channelId: busyId, timeoutSec: 10 });
    const e = await destroyed;
    expect(e.type === 'ChannelDestroyed' && callOutcome({ answered: false, cause: e.cause, techCause: e.techCause })).toBe('busy');
  });

  it('a hung Asterisk (no socket closed) is noticed by the heartbeat, and the connection comes back when it resumes', async () => {
    expect(ari.health.state).toBe('connected');
    const down = nextHealth(ari, 'disconnected', 10_000);
    const t0 = Date.now();
    freezeKillable(true);
    try {
      await down;
      console.log(`frozen Asterisk noticed after ${Date.now() - t0} ms (heartbeat 1 s)`);
    } finally {
      freezeKillable(false);
    }
    const h = await nextReconnected(ari, 20_000);
    expect(h.state).toBe('connected');
  });
});
