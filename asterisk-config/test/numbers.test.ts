import { describe, expect, it } from 'vitest';
import { FAKE_BEHAVIOURS, fakeBehaviourOf, fakeDtmfVariables, fakeNumber, type FakeBehaviour } from '../src/numbers.js';

describe('fake PSTN number plan', () => {
  it('builds Colombian-mobile-looking E.164 numbers whose last digit is the behaviour', () => {
    expect(fakeNumber('busy', 42)).toBe('+573000004212');
    expect(fakeNumber('personPressesKey', 7, '9')).toBe('+573000000791');
    for (const b of Object.keys(FAKE_BEHAVIOURS) as FakeBehaviour[]) {
      const n = fakeNumber(b, 12345);
      expect(n).toMatch(/^\+57300\d{7}$/);
      expect(fakeBehaviourOf(n)).toBe(b);
    }
  });
  it('reads the behaviour of any number, e.g. from a generated portfolio', () => {
    expect(fakeBehaviourOf('+52 55 1234 5676')).toBe('machine');
    expect(fakeBehaviourOf('3001234560')).toBe('person');
  });
  it('rejects serials and keys that do not fit, saying which', () => {
    expect(() => fakeNumber('person', 100_000)).toThrow(/serial 100000/);
    expect(() => fakeNumber('person', 1, '#')).toThrow(/key #/);
    expect(() => fakeBehaviourOf('+57300123456x')).toThrow(/does not end in a digit/);
  });
  it('passes a DTMF sequence as the X-Fake-Dtmf header and refuses characters SendDTMF would not press', () => {
    expect(fakeDtmfVariables('3W15000#')).toEqual({ 'PJSIP_HEADER(add,X-Fake-Dtmf)': '3W15000#' });
    expect(() => fakeDtmfVariables('1;2')).toThrow(/1;2/);
  });
});
