import { fakeNumber, type AsteriskEnv } from '@cobranza/asterisk-config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ari } from '../src/index.js';
import { connectKillable, killKillable, nextHealth, nextReconnected, startKillable } from './reconnect.js';

let env: AsteriskEnv;
let ari: Ari;
const logs: string[] = [];
beforeAll(async () => {
  env = startKillable();
  ari = await connectKillable(env, logs);
});
afterAll(() => ari?.close());

describe('Asterisk down longer than ari-client keeps trying (~43 s)', () => {
  it('the supervisor keeps reconnecting and the app comes back', { timeout: 90_000 }, async () => {
    const down = nextHealth(ari, 'disconnected', 10_000);
    killKillable();
    const downSince = (await down).since;
    // ari-client's backoff (100 ms doubling to 10 s, 10 tries) is exhausted after about 43 s.
    await new Promise((r) => setTimeout(r, 45_000));
    expect(logs.some((l) => l.includes('gave up reconnecting'))).toBe(true);
    expect(ari.health.state).toBe('disconnected');

    const back = nextReconnected(ari, 20_000);
    startKillable();
    const readyAt = Date.now();
    const h = await back;
    console.log(`reconnected ${Date.now() - readyAt} ms after ARI answered, after ${Math.round((readyAt - downSince.getTime()) / 1000)} s down`);
    expect(h.state).toBe('connected');

    const id = `long-${Date.now()}`;
    const started = ari.waitFor(id, (e) => e.type === 'StasisStart', { timeoutMs: 10_000 });
    await ari.originate({ endpoint: `PJSIP/${fakeNumber('person', 3)}@carrier`, channelId: id, timeoutSec: 10 });
    await started;
    await ari.hangupQuietly(id);
  });
});
