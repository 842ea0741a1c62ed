// What the dialer needs from the rest of the platform, as narrow interfaces. main.ts binds them to
// @cobranza/compliance, @cobranza/bus and the IVR; tests bind them to real services too.
import type { AbandonSettings } from '@cobranza/compliance';
import type { CallDebtorContext, DialMode } from '@cobranza/contracts';
import type { Db } from '@cobranza/db';

export interface GateRequest {
  debtorId: string;
  accountId: string | null;
  creditorId: string | null;
  campaignId: string;
  phone: { id: string; e164: string; type: string; consentAutomated: boolean };
  at: Date;
  mode: DialMode;
  /** A live agent is reserved for this call (preview/manual): UK allows redial after abandon. */
  agentGuaranteed: boolean;
}

export interface GateDecision {
  allowed: boolean;
  rule: string;
  reason: string;
  nextAllowedAt: Date | null;
}

/**
 * Writes the contact (the call attempt row) on `db`: the transaction that holds the debtor's contact
 * lock, or null when the gate has no lock (then the caller's own connection).
 */
export type RecordContact = (db: Db | null) => Promise<void>;

/** The compliance gate, called immediately before every originate. It records its own decision. */
export interface ContactGate {
  /**
   * When it allows, it has already run `record` under the debtor's contact lock, so no contact of the
   * debtor in another channel (an SMS, another dialer) was decided between this decision and the attempt
   * row. An error from `record` (the debtor already has a live call) comes back out of evaluate.
   */
  evaluate(req: GateRequest, record: RecordContact): Promise<GateDecision>;
}

/**
 * The abandon cap and window a campaign is paced under, from the compliance profiles of its debtor
 * population (its debtors' jurisdictions and its portfolio's country): UK 3 % over 24 h, US 3 % over
 * 30 days, the platform's safe default where no profile sets one.
 */
export interface AbandonRules {
  forCampaign(campaign: { id: string; creditorId: string | null; country: string | null }): Promise<{ settings: AbandonSettings; profileIds: string[] }>;
}

/** For demos and tests that are about something else: everything allowed, still recorded nowhere. */
export const allowAllGate: ContactGate = {
  async evaluate(_req, record) {
    await record(null);
    return { allowed: true, rule: 'allow/no-gate', reason: 'no compliance gate configured', nextAllowedAt: null };
  },
};

export type DebtorContext = CallDebtorContext;

export interface AgentlessControls {
  /** Route the person to an agent with priority (press-to-talk); the screen pop carries the debtor. */
  pressToTalk(): void;
  /** The flow is finished with the person: the dialer hangs up and records ivr_completed. */
  finish(): void;
  /** Aborted when the person hangs up or the dialer stops. */
  signal: AbortSignal;
}

/**
 * The IVR's outbound message flow for an agentless campaign: called once per answered call
 * recognised as a person. While it runs, the channel belongs to the handler (it plays prompts and
 * reads DTMF through its own ARI wrapper); the dialer still owns hangup and the attempt's outcome.
 */
export type AgentlessHandler = (ctx: DebtorContext, controls: AgentlessControls) => void | Promise<void>;

/** A machine answered a call of a campaign whose strategy leaves machines a message (amd_mode 'message'). */
export interface MachineContext extends DebtorContext {
  /** The campaign's strategy (its machine flow, if it has one). */
  strategyId: string | null;
}

export interface MachineControls {
  /** The message is over: the dialer hangs up and records the outcome `machine`. */
  finish(): void;
  /** Aborted when the call ends (the machine hung up, the dialer stopped). */
  signal: AbortSignal;
}

/**
 * The IVR's machine flow. Resolves true when it takes the call (it plays on `ctx.callId` through its own
 * ARI wrapper and calls `finish()`), false when it has no message for it: the dialer then plays its own
 * safe message (business name and callback number), as it does without a handler or when this throws.
 */
export type MachineHandler = (ctx: MachineContext, controls: MachineControls) => boolean | Promise<boolean>;
