import { describe, expect, it } from 'vitest';
import { parseEvent, routingKeys, type AriEvent } from '../src/events.js';
import { EventRouter } from '../src/router.js';

const chan = (id: string, state = 'Up') => ({
  id,
  name: `PJSIP/carrier-${id}`,
  state,
  caller: { name: '', number: '6015550100' },
  connected: { name: '', number: '' },
  dialplan: { context: 'default', exten: 's', priority: 1, app_name: 'Stasis', app_data: 'x' },
  creationtime: '2026-11-23T16:00:00.000+0000',
  language: 'es',
});

describe('parseEvent', () => {
  it('normalises ChannelDestroyed with cause and SIP tech cause', () => {
    const e = parseEvent({ type: 'ChannelDestroyed', timestamp: 't', cause: 17, cause_txt: 'User busy', tech_cause: 486, channel: chan('a', 'Down') });
    expect(e).toMatchObject({ type: 'ChannelDestroyed', cause: 17, causeText: 'User busy', techCause: 486, channel: { id: 'a', callerNumber: '6015550100' } });
  });
  it('keeps StasisStart args and unknown events', () => {
    expect(parseEvent({ type: 'StasisStart', args: ['amd', 'HUMAN', 'HUMAN-1-2'], channel: chan('a') })).toMatchObject({ args: ['amd', 'HUMAN', 'HUMAN-1-2'] });
    expect(parseEvent({ type: 'TextMessageReceived', foo: 1 })).toMatchObject({ type: 'Other', rawType: 'TextMessageReceived' });
  });
  it('routes playbacks and recordings to their target channel or bridge', () => {
    const p = parseEvent({ type: 'PlaybackFinished', playback: { id: 'p1', media_uri: 'sound:x', target_uri: 'channel:c1', state: 'done' } });
    expect(routingKeys(p)).toEqual(['p1', 'c1']);
    const r = parseEvent({ type: 'RecordingFinished', recording: { name: 'rec/1', target_uri: 'bridge:b1', state: 'done', format: 'wav' } });
    expect(routingKeys(r)).toEqual(['rec/1', 'b1']);
  });
});

describe('EventRouter', () => {
  const ev = (raw: Record<string, unknown>): AriEvent => parseEvent(raw);

  it('delivers to the subscribers of every id an event mentions, once per handler', () => {
    const r = new EventRouter();
    const seen: string[] = [];
    const h = (e: AriEvent) => seen.push(e.type);
    r.subscribe('c1', h);
    r.subscribe('b1', h);
    r.dispatch(ev({ type: 'ChannelEnteredBridge', channel: chan('c1'), bridge: { id: 'b1', channels: ['c1'] } }));
    expect(seen).toEqual(['ChannelEnteredBridge']);
  });

  it('sends events nobody claimed to onUnrouted, and not the claimed ones', () => {
    const r = new EventRouter();
    const unrouted: string[] = [];
    r.onUnrouted((e) => unrouted.push(e.type === 'StasisStart' ? e.channel.id : e.type));
    r.subscribe('mine', () => {});
    r.dispatch(ev({ type: 'StasisStart', args: ['agent', 'sipagent1'], channel: chan('agentchan') }));
    r.dispatch(ev({ type: 'StasisStart', args: [], channel: chan('mine') }));
    expect(unrouted).toEqual(['agentchan']);
  });

  it('drops a channel subscription after ChannelDestroyed so campaigns do not leak', () => {
    const r = new EventRouter();
    r.subscribe('c1', () => {});
    r.subscribe('c2', () => {});
    r.dispatch(ev({ type: 'ChannelDestroyed', cause: 16, channel: chan('c1') }));
    expect(r.subscriptionCount).toBe(1);
  });

  it('keeps dispatching when a handler throws, and reports the error', () => {
    const errors: unknown[] = [];
    const r = new EventRouter((err) => errors.push(err));
    const seen: string[] = [];
    r.subscribe('c1', () => {
      throw new Error('boom');
    });
    r.subscribe('c1', (e) => seen.push(e.type));
    r.dispatch(ev({ type: 'ChannelStateChange', channel: chan('c1') }));
    expect(seen).toEqual(['ChannelStateChange']);
    expect(errors).toHaveLength(1);
  });
});
