import { randomBytes } from 'node:crypto';
import type { BusEvents, BusTopic } from '@cobranza/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { type Bus, InProcessBus, RedisBus } from '../src/index.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function nextMessage<T extends BusTopic>(bus: Bus, topic: T): Promise<{ msg: Promise<BusEvents[T]>; ready: Promise<unknown> }> {
  let resolve!: (m: BusEvents[T]) => void;
  const msg = new Promise<BusEvents[T]>((r) => (resolve = r));
  const ready = bus.subscribe(topic, (m) => resolve(m));
  return ready.then(() => ({ msg, ready }));
}

const withTimeout = <T>(p: Promise<T>, ms = 2000): Promise<T | 'timeout'> =>
  Promise.race([p, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms))]);

const status = (agentId: string): BusEvents['agent.status'] => ({
  agentId,
  name: 'Ana',
  state: 'ready',
  since: new Date(0).toISOString(),
  campaignId: null,
  pauseReason: null,
  callId: null,
});

type Pair = { a: Bus; b: Bus };
const opened: Bus[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((b) => b.close()));
});

const impls: Array<[string, () => Pair]> = [
  [
    'in-process',
    () => {
      const bus = new InProcessBus();
      opened.push(bus);
      return { a: bus, b: bus };
    },
  ],
  [
    'redis (two connections, like two processes)',
    () => {
      const prefix = `test:bus:${randomBytes(4).toString('hex')}:`;
      const a = new RedisBus({ url: REDIS_URL, prefix });
      const b = new RedisBus({ url: REDIS_URL, prefix });
      opened.push(a, b);
      return { a, b };
    },
  ],
];

describe.each(impls)('%s bus', (_name, make) => {
  it('delivers a published message to a subscriber as an equal copy', async () => {
    const { a, b } = make();
    const { msg } = await nextMessage(b, 'agent.status');
    const sent = status('u1');
    await a.publish('agent.status', sent);
    const got = await withTimeout(msg);
    expect(got).toEqual(sent);
    expect(got).not.toBe(sent);
  });

  it('delivers to every subscriber of the topic and to none of another topic', async () => {
    const { a, b } = make();
    const seen: string[] = [];
    await b.subscribe('agent.status', (m) => void seen.push(`one:${m.agentId}`));
    await b.subscribe('agent.status', (m) => void seen.push(`two:${m.agentId}`));
    await b.subscribe('screen.pop', () => void seen.push('wrong topic'));
    const { msg } = await nextMessage(b, 'agent.status');
    await a.publish('agent.status', status('u2'));
    await withTimeout(msg);
    await new Promise((r) => setTimeout(r, 50));
    expect(seen.sort()).toEqual(['one:u2', 'two:u2']);
  });

  it('stops delivering after unsubscribe, and keeps the other subscriptions', async () => {
    const { a, b } = make();
    const seen: string[] = [];
    const off = await b.subscribe('campaign.command', (m) => void seen.push(`off:${m.command}`));
    await b.subscribe('campaign.command', (m) => void seen.push(`kept:${m.command}`));
    await off();
    await off(); // idempotent
    const { msg } = await nextMessage(b, 'campaign.command');
    await a.publish('campaign.command', { campaignId: 'c1', command: 'pause', by: 'u1' });
    await withTimeout(msg);
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toEqual(['kept:pause']);
  });

  it('keeps delivering to other handlers when one throws or rejects, and reports the failures', async () => {
    const errors: unknown[] = [];
    const onHandlerError = (_t: BusTopic, e: unknown) => void errors.push(e);
    const { a, b } = make();
    const target: Bus =
      b instanceof RedisBus ? new RedisBus({ url: REDIS_URL, prefix: b.prefix, onHandlerError }) : new InProcessBus({ onHandlerError });
    const source = b instanceof RedisBus ? a : target;
    opened.push(target);
    await target.subscribe('screen.pop', () => {
      throw new Error('boom');
    });
    await target.subscribe('screen.pop', async () => {
      throw new Error('async boom');
    });
    const { msg } = await nextMessage(target, 'screen.pop');
    await source.publish('screen.pop', {
      callId: 'ch1',
      agentId: 'u1',
      campaignId: null,
      debtorId: 'd1',
      e164Masked: '+*******1234',
      via: 'dialer',
      at: new Date().toISOString(),
    });
    expect(await withTimeout(msg)).not.toBe('timeout');
    await new Promise((r) => setTimeout(r, 20));
    expect(errors.map((e) => (e as Error).message).sort()).toEqual(['async boom', 'boom']);
  });

  it('answers ping', async () => {
    const { a } = make();
    expect(await a.ping()).toBeGreaterThanOrEqual(0);
  });
});

describe('redis bus isolation', () => {
  it('does not deliver across prefixes (deployments and parallel test runs share one Redis)', async () => {
    const x = new RedisBus({ url: REDIS_URL, prefix: `test:iso:${randomBytes(4).toString('hex')}:` });
    const y = new RedisBus({ url: REDIS_URL, prefix: `test:iso:${randomBytes(4).toString('hex')}:` });
    opened.push(x, y);
    const seen: string[] = [];
    await y.subscribe('agent.status', (m) => void seen.push(m.agentId));
    const { msg } = await nextMessage(x, 'agent.status');
    await x.publish('agent.status', status('only-x'));
    await withTimeout(msg);
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toEqual([]);
  });

  it('ping rejects when Redis is unreachable', async () => {
    const dead = new RedisBus({ url: 'redis://127.0.0.1:1', prefix: 'test:dead:' });
    opened.push(dead);
    await expect(dead.ping()).rejects.toThrow();
  });
});
