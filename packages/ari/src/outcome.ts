/**
 * Call progress → outcome, from what Asterisk reports when the channel is destroyed. Pure.
 *
 * Measured on Asterisk 22 (shared/ASTERISK.md): the outcome is in ChannelDestroyed's `cause` plus
 * `tech_cause` (the SIP status), not in Dial's dialstatus (a 404 shows as dialstatus NOANSWER):
 * busy 486 → 17, congestion 503 → 34, unallocated 404 → 1, no answer at the originate timeout → 19 / 480.
 * The SIP status, when present, is the more precise of the two and wins.
 */
export type CallOutcome = 'answered' | 'busy' | 'no_answer' | 'congestion' | 'failed' | 'invalid_number';

export interface HangupInfo {
  /** True once the call was answered (a StasisStart arrived, or the channel reached Up). */
  answered: boolean;
  /** Q.850 cause from ChannelDestroyed. */
  cause: number;
  /** SIP status from ChannelDestroyed.tech_cause, if any. */
  techCause?: number;
}

const BY_SIP: ReadonlyArray<[CallOutcome, readonly number[]]> = [
  ['busy', [486, 600, 603]],
  ['no_answer', [408, 480, 487]],
  ['invalid_number', [404, 410, 484, 485, 604]],
  ['congestion', [500, 502, 503, 504, 580]],
];

const BY_CAUSE: ReadonlyArray<[CallOutcome, readonly number[]]> = [
  // 17 user busy, 21 call rejected (the callee declined).
  ['busy', [17, 21]],
  // 18 no user response, 19 no answer, 20 subscriber absent; 16 before answer = we gave up ringing (CANCEL).
  ['no_answer', [16, 18, 19, 20]],
  // 1 unallocated, 2/3 no route, 22 number changed, 28 invalid format.
  ['invalid_number', [1, 2, 3, 22, 28]],
  // 34 no circuit, 38 network out of order, 41 temporary failure, 42 switching congestion, 44 channel unavailable.
  ['congestion', [34, 38, 41, 42, 44]],
];

export function callOutcome(h: HangupInfo): CallOutcome {
  if (h.answered) return 'answered';
  if (h.techCause !== undefined) {
    for (const [outcome, codes] of BY_SIP) if (codes.includes(h.techCause)) return outcome;
  }
  for (const [outcome, codes] of BY_CAUSE) if (codes.includes(h.cause)) return outcome;
  return 'failed';
}

export type AmdStatus = 'HUMAN' | 'MACHINE' | 'NOTSURE' | 'HANGUP';

export interface AmdResult {
  status: AmdStatus;
  /** AMDCAUSE, e.g. "HUMAN-800-1720", "LONGGREETING-1500-1500", "MAXWORDS-3-2", "TOOLONG-5000", "INITIALSILENCE-2500-2500". */
  cause: string;
}

/**
 * Reads the verdict from the StasisStart args the cobranza-amd dialplan passes: ["amd", STATUS, CAUSE].
 * Returns undefined when the args are not an AMD re-entry.
 */
export function parseAmdArgs(args: readonly string[]): AmdResult | undefined {
  if (args[0] !== 'amd') return undefined;
  const s = (args[1] ?? '').toUpperCase();
  const status: AmdStatus = s === 'HUMAN' || s === 'MACHINE' || s === 'HANGUP' ? s : 'NOTSURE';
  return { status, cause: args.slice(2).join(',') };
}
