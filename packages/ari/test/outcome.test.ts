import { describe, expect, it } from 'vitest';
import { stasisEntry } from '../src/dialplan.js';
import { callOutcome, parseAmdArgs, type CallOutcome, type HangupInfo } from '../src/outcome.js';

// What Asterisk 22 reported for each case (shared/ASTERISK.md, and the real-Asterisk tests in this folder).
const table: Array<[string, HangupInfo, CallOutcome]> = [
  ['answered then normal clearing', { answered: true, cause: 16 }, 'answered'],
  ['answered, far end busy code irrelevant', { answered: true, cause: 17, techCause: 486 }, 'answered'],
  ['486 busy', { answered: false, cause: 17, techCause: 486 }, 'busy'],
  ['603 decline', { answered: false, cause: 21, techCause: 603 }, 'busy'],
  ['cause 17 without SIP code', { answered: false, cause: 17 }, 'busy'],
  ['originate timeout', { answered: false, cause: 19, techCause: 480 }, 'no_answer'],
  ['no answer cause only', { answered: false, cause: 19 }, 'no_answer'],
  ['we cancelled while ringing', { answered: false, cause: 16, techCause: 487 }, 'no_answer'],
  ['404 unallocated', { answered: false, cause: 1, techCause: 404 }, 'invalid_number'],
  ['484 address incomplete', { answered: false, cause: 28, techCause: 484 }, 'invalid_number'],
  ['cause 1 without SIP code', { answered: false, cause: 1 }, 'invalid_number'],
  ['503 congestion', { answered: false, cause: 34, techCause: 503 }, 'congestion'],
  ['cause 38 network out of order', { answered: false, cause: 38 }, 'congestion'],
  ['SIP code wins over cause', { answered: false, cause: 16, techCause: 486 }, 'busy'],
  ['unknown cause', { answered: false, cause: 0 }, 'failed'],
  ['cause 58 bearer not available', { answered: false, cause: 58 }, 'failed'],
];

describe('callOutcome', () => {
  it.each(table)('%s', (_name, info, expected) => {
    expect(callOutcome(info)).toBe(expected);
  });
});

describe('parseAmdArgs', () => {
  it('reads the verdict the cobranza-amd dialplan passes back', () => {
    expect(parseAmdArgs(['amd', 'HUMAN', 'HUMAN-806-800'])).toEqual({ status: 'HUMAN', cause: 'HUMAN-806-800' });
    expect(parseAmdArgs(['amd', 'MACHINE', 'MAXWORDS-3-2'])).toEqual({ status: 'MACHINE', cause: 'MAXWORDS-3-2' });
    expect(parseAmdArgs(['amd', 'HANGUP', ''])).toEqual({ status: 'HANGUP', cause: '' });
  });
  it('treats an unknown or empty status as NOTSURE', () => {
    expect(parseAmdArgs(['amd', '', ''])?.status).toBe('NOTSURE');
    expect(parseAmdArgs(['amd'])?.status).toBe('NOTSURE');
  });
  it('ignores StasisStart args that are not an AMD return', () => {
    expect(parseAmdArgs([])).toBeUndefined();
    expect(parseAmdArgs(['agent', 'sipagent1'])).toBeUndefined();
  });
});

describe('stasisEntry', () => {
  it('tells the ways a channel enters the app apart', () => {
    expect(stasisEntry(['amd', 'MACHINE', 'MAXWORDS-3-2'])).toEqual({ kind: 'amd', status: 'MACHINE', cause: 'MAXWORDS-3-2' });
    expect(stasisEntry(['agent', 'agent7'])).toEqual({ kind: 'agent', endpoint: 'agent7' });
    expect(stasisEntry(['supervisor', 'supervisor2'])).toEqual({ kind: 'supervisor', endpoint: 'supervisor2' });
    expect(stasisEntry(['inbound', '+576015550100', '+573001112233'])).toEqual({ kind: 'inbound', did: '+576015550100', callerNumber: '+573001112233' });
    expect(stasisEntry(['outbound'])).toEqual({ kind: 'app', args: ['outbound'] });
    expect(stasisEntry([])).toEqual({ kind: 'app', args: [] });
    // An agent entry without its endpoint is not trusted as an agent.
    expect(stasisEntry(['agent'])).toEqual({ kind: 'app', args: ['agent'] });
  });
});
