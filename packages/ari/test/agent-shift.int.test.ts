import { startSippAgents } from '@cobranza/asterisk-config';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Ari, EventOf } from '../src/index.js';
import { connectTestApp } from './helpers.js';

let ari: Ari;
beforeAll(async () => {
  ari = await connectTestApp('t-shift');
});
afterAll(() => ari?.close());

describe('a permanent agent channel', () => {
  it('outlives SIP transaction timers (32 s) and ends cleanly when the platform hangs it up', { timeout: 60_000 }, async () => {
    const env = inject('asterisk');
    const login = new Promise<EventOf<'StasisStart'>>((resolve) =>
      ari.onUnrouted((e) => {
        if (e.type === 'StasisStart' && e.args[0] === 'agent') resolve(e);
      }),
    );
    const agent = await startSippAgents({ asterisk: env, agents: ['sipagent196'], app: ari.app });
    try {
      const { channel } = await login;
      let ended: string | undefined;
      ari.subscribe(channel.id, (e) => {
        if (e.type === 'ChannelHangupRequest' || e.type === 'ChannelDestroyed') ended ??= e.type;
      });
      // Had Asterisk not received the agent's ACK, it would hang up here (Timer H, 64 × T1 = 32 s).
      await new Promise((r) => setTimeout(r, 36_000));
      expect(ended).toBeUndefined();
      expect((await ari.getChannel(channel.id)).state).toBe('Up');
      await ari.hangup(channel.id);
      expect((await agent.exited).code).toBe(0);
    } finally {
      await agent.stop();
    }
  });
});
