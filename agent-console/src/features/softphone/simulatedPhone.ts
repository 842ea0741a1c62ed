// No Asterisk behind the platform (`npm start`'s demo): there is no softphone to register and no
// permanent channel to open; the dialer simulates the agent's channel when the agent goes ready.
// The panel and the banner say so, rather than "connection lost" or "no channel".
import type { AppStore } from '../../store/createAppStore.js';
import type { PhoneControl } from '../../store/types.js';

export function startSimulatedPhone(store: AppStore): PhoneControl {
  store.getState().setPhone({ registration: 'simulated', channel: 'simulated', mic: 'unused', error: null, detail: null });
  const nothing = () => undefined;
  return { setMuted: nothing, setHeld: nothing, sendDtmf: nothing, retry: nothing, stop: () => store.getState().setPhone({ registration: 'disconnected', channel: 'idle', mic: 'unknown' }) };
}
