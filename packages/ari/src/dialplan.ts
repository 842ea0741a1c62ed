/**
 * The contract with asterisk-config's dialplan (extensions.conf): names of contexts and channel variables,
 * and what the StasisStart args mean for each way a channel enters the app.
 */
import { parseAmdArgs, type AmdStatus } from './outcome.js';

export const DIALPLAN = {
  /** continueInDialplan target that runs AMD() and returns with args amd,<status>,<cause>. */
  amdContext: 'cobranza-amd',
  amdExtension: 's',
} as const;

export const CHANNEL_VARIABLES = {
  /** Stasis app the dialplan sends the channel back to (set by originate automatically). */
  app: 'COBRANZA_APP',
  /** Per-call AMD() arguments overriding amd.conf. */
  amdParams: 'AMD_PARAMS',
  amdStatus: 'AMDSTATUS',
  amdCause: 'AMDCAUSE',
} as const;

/** Why a channel entered the app, read from StasisStart args. */
export type StasisEntry =
  | { kind: 'amd'; status: AmdStatus; cause: string }
  | { kind: 'agent'; endpoint: string }
  | { kind: 'supervisor'; endpoint: string }
  | { kind: 'inbound'; did: string; callerNumber: string }
  /** Anything else: the appArgs the process itself gave (originate, snoop). */
  | { kind: 'app'; args: string[] };

export function stasisEntry(args: readonly string[]): StasisEntry {
  const amd = parseAmdArgs(args);
  if (amd) return { kind: 'amd', ...amd };
  const [first, second = '', third = ''] = args;
  if ((first === 'agent' || first === 'supervisor') && second) return { kind: first, endpoint: second };
  if (first === 'inbound' && second) return { kind: 'inbound', did: second, callerNumber: third };
  return { kind: 'app', args: [...args] };
}
