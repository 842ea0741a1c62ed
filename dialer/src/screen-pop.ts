// The screen pop an agent's console opens for a call: built here, once, for every way a debtor reaches an
// agent (a dialed call, a preview offer, a press-to-talk from the IVR, a supervisor transfer).
import type { ScreenPop } from '@cobranza/contracts';

export interface ScreenPopOf {
  callId: string;
  agentId: string;
  campaignId: string | null;
  debtorId: string;
  /** The number called; only its last 4 digits leave the dialer. */
  e164: string | null;
  via: ScreenPop['via'];
  /** On the dialer's clock. */
  at: number;
}

export function screenPop(p: ScreenPopOf): ScreenPop {
  return {
    callId: p.callId,
    agentId: p.agentId,
    campaignId: p.campaignId,
    debtorId: p.debtorId,
    e164Masked: p.e164 ? p.e164.replace(/\d(?=\d{4})/g, '*') : '',
    via: p.via,
    at: new Date(p.at).toISOString(),
  };
}
