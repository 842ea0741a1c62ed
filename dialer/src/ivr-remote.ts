// The dialer's side of an IVR that runs as its own process (`npm run start:ivr`, IVR_PROCESS=true here): a person
// who answered an agentless call is handed to an IVR process over the bus (`ivr.agentless`); the channel stays in
// this dialer's Stasis app and the IVR watches its events. The IVR's answers (`ivr.control`) drive the call as an
// IVR in this process would: press-to-talk routes the person to an agent, finish ends the IVR part.
import type { Bus } from '@cobranza/bus';
import type { AgentlessControls, AgentlessHandler } from './ports.js';

/** How long an IVR process has to take a call before the dialer ends it (no IVR process is running). */
export const IVR_ACCEPT_MS = 5000;

export interface RemoteIvr {
  handler: AgentlessHandler;
  stop(): Promise<void>;
}

export async function remoteIvr(bus: Bus, log: (msg: string) => void, acceptMs = IVR_ACCEPT_MS): Promise<RemoteIvr> {
  const calls = new Map<string, { controls: AgentlessControls; waiting: NodeJS.Timeout | null }>();
  const off = await bus.subscribe('ivr.control', (m) => {
    const call = calls.get(m.callId);
    if (!call) return;
    if (m.action === 'accepted') {
      if (call.waiting) clearTimeout(call.waiting);
      call.waiting = null;
    } else if (m.action === 'press_to_talk') call.controls.pressToTalk();
    else {
      calls.delete(m.callId);
      call.controls.finish();
    }
  });
  const handler: AgentlessHandler = (debtor, controls) => {
    const waiting = setTimeout(() => {
      if (!calls.delete(debtor.callId)) return;
      log(`no IVR process took agentless call ${debtor.callId} within ${acceptMs} ms: ending it (is npm run start:ivr running?)`);
      controls.finish();
    }, acceptMs);
    calls.set(debtor.callId, { controls, waiting });
    controls.signal.addEventListener(
      'abort',
      () => {
        clearTimeout(waiting);
        calls.delete(debtor.callId);
      },
      { once: true },
    );
    return bus.publish('ivr.agentless', { callId: debtor.callId, debtor });
  };
  return {
    handler,
    async stop() {
      await off();
      for (const c of calls.values()) if (c.waiting) clearTimeout(c.waiting);
      calls.clear();
    },
  };
}
