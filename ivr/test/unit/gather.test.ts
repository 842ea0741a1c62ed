import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DtmfBuffer, gather } from '../../src/gather.js';
import { CallerGoneError } from '../../src/media.js';
import { FakeMedia } from '../fakes.js';

describe('gather timers (fake clock)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const opts = { maxDigits: 6, firstDigitTimeoutMs: 5000, interDigitTimeoutMs: 2000, overallTimeoutMs: 12000 };

  it('gives up after the first-digit timeout, counted from the end of the prompt', async () => {
    const media = new FakeMedia('c', 1000); // 1 s per URI
    const buf = new DtmfBuffer(media);
    let result: unknown = null;
    void gather(media, buf, ['sound:a', 'sound:b'], 'es', opts).then((r) => (result = r));
    await vi.advanceTimersByTimeAsync(2000 + 4999); // prompt 2 s + 4.999 s of silence
    expect(result).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(result).toEqual({ digits: '', end: 'no_input', interrupted: false });
  });

  it('ends on the inter-digit timeout with the digits so far', async () => {
    const media = new FakeMedia('c', 10);
    const buf = new DtmfBuffer(media);
    let result: unknown = null;
    void gather(media, buf, [], 'es', opts).then((r) => (result = r));
    media.press('12');
    await vi.advanceTimersByTimeAsync(1999);
    expect(result).toBeNull();
    media.press('3'); // resets the inter-digit timer
    await vi.advanceTimersByTimeAsync(1999);
    expect(result).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(result).toEqual({ digits: '123', end: 'inter_digit_timeout', interrupted: false });
  });

  it('ends at the overall timeout even if keys keep coming', async () => {
    const media = new FakeMedia('c', 10);
    const buf = new DtmfBuffer(media);
    let result: { digits: string; end: string } | null = null;
    void gather(media, buf, [], 'es', { ...opts, maxDigits: 30 }).then((r) => (result = r));
    for (let i = 0; i < 12; i++) {
      media.press('7');
      await vi.advanceTimersByTimeAsync(1500);
    }
    expect(result).toEqual({ digits: '7'.repeat(8), end: 'overall_timeout', interrupted: false });
  });

  it('stops the prompt on the first key and keeps that key', async () => {
    const media = new FakeMedia('c', 1000);
    const buf = new DtmfBuffer(media);
    let result: unknown = null;
    void gather(media, buf, ['sound:long-menu'], 'es', opts).then((r) => (result = r));
    await vi.advanceTimersByTimeAsync(300);
    media.press('4');
    await vi.advanceTimersByTimeAsync(1);
    expect(media.plays[0]?.end).toBe('stopped');
    media.press('2#');
    await vi.advanceTimersByTimeAsync(1);
    expect(result).toEqual({ digits: '42', end: 'terminator', interrupted: true });
  });

  it('stops at maxDigits without waiting for a terminator', async () => {
    const media = new FakeMedia('c', 10);
    const buf = new DtmfBuffer(media);
    const p = gather(media, buf, [], 'es', { ...opts, maxDigits: 4 });
    media.press('98765');
    await expect(p).resolves.toEqual({ digits: '9876', end: 'max_digits', interrupted: false });
    expect(buf.pending()).toBe(1); // the fifth key waits for the next gather
  });

  it('uses keys typed during an earlier message (type-ahead) without replaying the prompt', async () => {
    const media = new FakeMedia('c', 10);
    const buf = new DtmfBuffer(media);
    media.press('3');
    const p = gather(media, buf, ['sound:menu'], 'es', { ...opts, maxDigits: 1 });
    await expect(p).resolves.toEqual({ digits: '3', end: 'max_digits', interrupted: true });
    expect(media.plays).toEqual([]);
  });

  it('rejects with CallerGoneError when the caller hangs up while it waits', async () => {
    const media = new FakeMedia('c', 10);
    const buf = new DtmfBuffer(media);
    const p = gather(media, buf, [], 'es', opts);
    const check = expect(p).rejects.toBeInstanceOf(CallerGoneError);
    media.press('1');
    media.callerHangsUp();
    await vi.advanceTimersByTimeAsync(1);
    await check;
  });
});
