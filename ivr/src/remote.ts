// The IVR process's side of agentless calls placed by a dialer in another process (dialer/src/ivr-remote.ts): a
// handed-over call (`ivr.agentless` on the bus) is claimed by one IVR process, which watches the channel's events
// (it stays in the dialer's Stasis app), answers `accepted`, plays the strategy's flow, and reports press-to-talk
// and the end back (`ivr.control`).
import type { Ari } from '@cobranza/ari';
import type { BusEvents } from '@cobranza/contracts';
import type { IvrRuntime } from './runtime.js';
import type { Logger } from './session.js';

export interface AgentlessBus {
  publish(topic: 'ivr.control', msg: BusEvents['ivr.control']): Promise<void>;
  subscribe(topic: 'ivr.agentless', handler: (m: BusEvents['ivr.agentless']) => void): Promise<() => Promise<void>>;
}

export interface AgentlessServerDeps {
  bus: AgentlessBus;
  ari: Ari;
  runtime: Pick<IvrRuntime, 'runAgentless'>;
  /** True for the one IVR process that takes the call (several may run); default: this one always. */
  claim?: (callId: string) => Promise<boolean>;
  log: Logger;
}

export async function serveAgentlessCalls(d: AgentlessServerDeps): Promise<() => Promise<void>> {
  const control = (callId: string, action: BusEvents['ivr.control']['action']) =>
    d.bus.publish('ivr.control', { callId, action }).catch((e: Error) => d.log.error('ivr: control not published', { callId, action, error: e.message }));
  const take = async ({ callId, debtor }: BusEvents['ivr.agentless']): Promise<void> => {
    if (d.claim && !(await d.claim(callId))) return;
    // its keys and playbacks reach this process from now on; only then is the call taken
    await d.ari.watchChannel(callId);
    const ended = new AbortController();
    const off = d.ari.subscribe(callId, (e) => {
      if (e.type === 'ChannelDestroyed') ended.abort();
    });
    await control(callId, 'accepted');
    try {
      await d.runtime.runAgentless(debtor, { signal: ended.signal, pressToTalk: () => void control(callId, 'press_to_talk'), finish: () => void control(callId, 'finish') });
    } finally {
      off();
      if (!ended.signal.aborted) await d.ari.unwatchChannel(callId);
    }
  };
  return d.bus.subscribe('ivr.agentless', (m) => {
    take(m).catch((e: Error) => {
      d.log.error('ivr: agentless call failed', { callId: m.callId, error: e.message });
      void control(m.callId, 'finish');
    });
  });
}
