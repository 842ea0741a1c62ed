import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AriError, isGone, type Ari } from '../src/index.js';
import { connectTestApp } from './helpers.js';

/** What callers see when the far side is gone: the real Asterisk's answers, translated once. */
let ari: Ari;
beforeAll(async () => {
  ari = await connectTestApp('t-errors');
});
afterAll(() => ari?.close());

const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof AriError ? `${e.code}/${e.status}` : String(e)));

describe('errors from the real Asterisk', () => {
  it('a channel that is gone is NOT_FOUND for every channel operation', async () => {
    const gone = 'no-such-channel';
    expect(await codeOf(ari.hangup(gone))).toBe('NOT_FOUND/404');
    expect(await codeOf(ari.answer(gone))).toBe('NOT_FOUND/404');
    expect(await codeOf(ari.play(gone, 'sound:beep'))).toBe('NOT_FOUND/404');
    expect(await codeOf(ari.runAmd(gone))).toBe('NOT_FOUND/404');
    expect(await codeOf(ari.getChannelVariable(gone, 'X'))).toBe('NOT_FOUND/404');
    expect(await codeOf(ari.snoop(gone))).toBe('NOT_FOUND/404');
    await expect(ari.hangupQuietly(gone)).resolves.toBeUndefined();
    expect(isGone(await ari.hangup(gone).catch((e: unknown) => e))).toBe(true);
  });

  it('adding a gone channel to a bridge is NOT_FOUND too (ARI answers 400 there), a gone bridge is NOT_FOUND', async () => {
    const bridgeId = `errors-${Date.now()}`;
    await ari.createBridge({ bridgeId });
    expect(await codeOf(ari.addChannel(bridgeId, 'no-such-channel'))).toBe('NOT_FOUND/400');
    await ari.destroyBridge(bridgeId);
    expect(await codeOf(ari.addChannel(bridgeId, 'no-such-channel'))).toBe('NOT_FOUND/404');
    expect(await codeOf(ari.destroyBridge(bridgeId))).toBe('NOT_FOUND/404');
  });

  it('an endpoint Asterisk cannot create is INTERNAL at originate; a bridge id given is honoured', async () => {
    // Asterisk cannot allocate the channel: 500 (the dialer records the attempt as failed).
    expect(await codeOf(ari.originate({ endpoint: 'Nonsense/x', channelId: `bad-${Date.now()}` }))).toBe('INTERNAL/500');
    const bridge = await ari.createBridge({ bridgeId: `mine-${Date.now()}` });
    expect(bridge.id).toMatch(/^mine-/);
    await ari.destroyBridge(bridge.id);
  });

  it('a stopped playback that already finished is not an error', async () => {
    await expect(ari.stopPlayback('no-such-playback')).resolves.toBeUndefined();
  });
});
