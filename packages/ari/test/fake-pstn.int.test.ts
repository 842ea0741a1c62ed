import { fakeNumber, type FakeBehaviour } from '@cobranza/asterisk-config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callOutcome, parseAmdArgs, type Ari, type AmdStatus, type CallOutcome } from '../src/index.js';
import { bg, connectTestApp } from './helpers.js';

/**
 * Every behaviour of the fake PSTN (loopback carrier), dialed the way the dialer does: originate with the app,
 * on answer run AMD in the dialplan, read the verdict from the second StasisStart, map the hangup to an outcome.
 */
interface Result {
  outcome: CallOutcome;
  amd?: AmdStatus;
  amdCause?: string;
  cause: number;
  techCause?: number;
  digits: string;
  originateToAnswerMs?: number;
  amdMs?: number;
}

async function dial(ari: Ari, number: string, timeoutSec: number): Promise<Result> {
  const id = `pstn-${number.slice(1)}-${Date.now()}`;
  let answered = false;
  let answeredAt = 0;
  let digits = '';
  const r: Partial<Result> = {};
  const t0 = Date.now();
  const destroyed = new Promise<Result>((resolve) => {
    ari.subscribe(id, (e) => {
      if (e.type === 'StasisStart') {
        const amd = parseAmdArgs(e.args);
        if (!amd) {
          answered = true;
          answeredAt = e.receivedAt;
          r.originateToAnswerMs = answeredAt - t0;
          bg(ari.runAmd(id), 'runAmd');
        } else {
          r.amd = amd.status;
          r.amdCause = amd.cause;
          r.amdMs = e.receivedAt - answeredAt;
          // Listen 3.5 s more (a debtor who presses a key does it 2 s after the greeting), then hang up.
          setTimeout(() => bg(ari.hangupQuietly(id), 'hangup'), 3500);
        }
      } else if (e.type === 'ChannelDtmfReceived') {
        digits += e.digit;
      } else if (e.type === 'ChannelDestroyed') {
        resolve({
          ...r,
          outcome: callOutcome({ answered, cause: e.cause, techCause: e.techCause }),
          cause: e.cause,
          techCause: e.techCause,
          digits,
        } as Result);
      }
    });
  });
  await ari.originate({ endpoint: `PJSIP/${number}@carrier`, channelId: id, timeoutSec, callerId: 'Cobranza <6015550100>' });
  return destroyed;
}

let ari: Ari;
beforeAll(async () => {
  ari = await connectTestApp('t-pstn');
});
afterAll(() => ari?.close());

const cases: Array<{ behaviour: FakeBehaviour; key?: string; timeoutSec: number; outcome: CallOutcome; amd?: AmdStatus; digits?: string; cause: number; techCause?: number }> = [
  { behaviour: 'person', timeoutSec: 15, outcome: 'answered', amd: 'HUMAN', cause: 16 },
  { behaviour: 'personPressesKey', key: '7', timeoutSec: 15, outcome: 'answered', amd: 'HUMAN', digits: '7', cause: 16 },
  { behaviour: 'machine', timeoutSec: 15, outcome: 'answered', amd: 'MACHINE', cause: 16 },
  // AMD takes 2.5 s of silence after answer for a machine (INITIALSILENCE): so does a real silent answer.
  { behaviour: 'silent', timeoutSec: 15, outcome: 'answered', amd: 'MACHINE', cause: 16 },
  { behaviour: 'lateAnswer', timeoutSec: 15, outcome: 'answered', amd: 'HUMAN', cause: 16 },
  { behaviour: 'busy', timeoutSec: 15, outcome: 'busy', cause: 17, techCause: 486 },
  { behaviour: 'noAnswer', timeoutSec: 4, outcome: 'no_answer', cause: 19, techCause: 480 },
  { behaviour: 'unallocated', timeoutSec: 15, outcome: 'invalid_number', cause: 1, techCause: 404 },
  { behaviour: 'congestion', timeoutSec: 15, outcome: 'congestion', cause: 34, techCause: 503 },
  { behaviour: 'announcementThenUnallocated', timeoutSec: 15, outcome: 'invalid_number', cause: 1, techCause: 404 },
];

describe('fake PSTN through the loopback carrier', () => {
  it('gives each number its outcome, cause and AMD verdict', async () => {
    const results = await Promise.all(cases.map((c, i) => dial(ari, fakeNumber(c.behaviour, 100 + i, c.key ?? '1'), c.timeoutSec)));
    const rows = cases.map((c, i) => ({ behaviour: c.behaviour, ...results[i] }));
    for (const row of rows) console.log(JSON.stringify(row));
    for (const [i, c] of cases.entries()) {
      const r = results[i]!;
      expect({ behaviour: c.behaviour, outcome: r.outcome, amd: r.amd, cause: r.cause, techCause: r.techCause }).toEqual({
        behaviour: c.behaviour,
        outcome: c.outcome,
        amd: c.amd,
        cause: c.cause,
        techCause: c.techCause,
      });
      if (c.digits) expect(r.digits).toBe(c.digits);
    }
    expect(ari.subscriptionCount).toBe(0);
  });
});
