/**
 * The fake PSTN's number plan (extensions.conf [fake-pstn]): the LAST digit of the dialed number picks
 * what the "debtor" does. Numbers look like Colombian mobiles: +57 300 SSSSS K B
 * (S = serial so every debtor gets its own number, K = key pressed by behaviour 1, B = behaviour).
 */
export const FAKE_BEHAVIOURS = {
  /** Rings 1 s, answers, says "¿Aló?" then listens in silence. AMD: HUMAN. */
  person: 0,
  /** As person, then 2 s after the greeting presses K (or the X-Fake-Dtmf header's sequence). AMD: HUMAN. */
  personPressesKey: 1,
  /** SIP 486 → cause 17. */
  busy: 2,
  /** Rings until the caller's timeout → cause 19 / 480. */
  noAnswer: 3,
  /** SIP 404 → cause 1. */
  unallocated: 4,
  /** SIP 503 → cause 34. */
  congestion: 5,
  /** Answers with a long voicemail greeting, beep, silence. AMD: MACHINE. */
  machine: 6,
  /** 183 + "number not in service" announcement in early media (about 7 s), then 404. */
  announcementThenUnallocated: 7,
  /** Rings 8 s, then as person. */
  lateAnswer: 8,
  /** Answers and says nothing. AMD: MACHINE (INITIALSILENCE-2500-2500), as for a real silent answer. */
  silent: 9,
} as const;

export type FakeBehaviour = keyof typeof FAKE_BEHAVIOURS;

/**
 * A number for the fake PSTN. serial: 0..99999 (distinct debtors); key: the digit behaviour
 * personPressesKey presses (ignored by the others, default 1).
 */
export function fakeNumber(behaviour: FakeBehaviour, serial = 0, key = '1'): string {
  if (!Number.isInteger(serial) || serial < 0 || serial > 99_999) throw new RangeError(`serial ${serial}: must be 0..99999`);
  if (!/^[0-9]$/.test(key)) throw new RangeError(`key ${key}: must be one digit 0-9`);
  return `+57300${String(serial).padStart(5, '0')}${key}${FAKE_BEHAVIOURS[behaviour]}`;
}

/** Which behaviour the fake PSTN applies to a number (its last digit). */
export function fakeBehaviourOf(number: string): FakeBehaviour {
  const d = Number(number.trim().slice(-1));
  const found = (Object.keys(FAKE_BEHAVIOURS) as FakeBehaviour[]).find((k) => FAKE_BEHAVIOURS[k] === d);
  if (!found) throw new RangeError(`${number}: does not end in a digit`);
  return found;
}

/**
 * Originate variables that make a personPressesKey debtor press a whole sequence instead of K:
 * SendDTMF syntax, "w" = 0.5 s pause, "W" = 1 s. Example: fakeDtmfVariables("3WW15000#").
 */
export function fakeDtmfVariables(sequence: string): Record<string, string> {
  if (!/^[0-9*#A-DwW]+$/.test(sequence)) throw new RangeError(`DTMF sequence "${sequence}": only 0-9 * # A-D w W`);
  return { 'PJSIP_HEADER(add,X-Fake-Dtmf)': sequence };
}
