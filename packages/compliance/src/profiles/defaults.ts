// Default jurisdiction profiles from shared/COMPLIANCE.md. Where the table marks a point as
// unsettled, the stricter reading is used and listed in `unsettled` so an operator can see
// (and change) the choice.
import type { AbandonSettings, Channel, ComplianceProfile, TimeRange, WeeklySchedule } from '../types.js';

const ALL: Channel[] = ['voice', 'ivr', 'sms', 'email'];
const CALLS: Channel[] = ['voice', 'ivr'];

function days(range: TimeRange, ...which: Array<keyof WeeklySchedule>): WeeklySchedule {
  const s: WeeklySchedule = {};
  for (const d of which) s[d] = [range];
  return s;
}
/**
 * Country code of the demo's simulated debtors: XD is in ISO 3166-1's user-assigned range (XA–XZ), so
 * no real country can ever have it, and it still has the two letters every jurisdiction must have.
 */
export const DEMO_COUNTRY = 'XD';

const WEEKDAYS_ONLY = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
const MON_SAT = [...WEEKDAYS_ONLY, 'sat'] as const;
const EVERY_DAY = [...MON_SAT, 'sun'] as const;

/** Neutral values: a profile built from this restricts nothing until fields are set. */
export const NEUTRAL: Omit<ComplianceProfile, 'id' | 'label' | 'scope'> = {
  consentHoursExtendWindow: false,
  weekStartsOn: 1,
  caps: [],
  lockouts: [],
  stopOnLegalHolds: [],
  requireChannelAuthorisation: false,
  forbidReferenceContacts: false,
  requireCallerId: false,
};

const US_ABANDON: AbandonSettings = {
  maxRate: 0.03,
  windowHours: 30 * 24,
  connectDeadlineMs: 2000,
  minRingMs: 15_000,
  noRedialHours: 0,
  countAmdFalsePositives: true,
};

const UK_ABANDON: AbandonSettings = {
  maxRate: 0.03,
  windowHours: 24,
  connectDeadlineMs: 2000,
  minRingMs: 15_000,
  noRedialHours: 72,
  countAmdFalsePositives: true,
};

export const DEFAULT_PROFILES: Record<string, ComplianceProfile> = {
  CO: {
    ...NEUTRAL,
    id: 'CO',
    label: 'Colombia — Ley 2300 de 2023',
    scope: { kind: 'jurisdiction', country: 'CO' },
    schedule: { ...days({ from: '07:00', to: '19:00' }, ...WEEKDAYS_ONLY), sat: [{ from: '08:00', to: '15:00' }] },
    holidays: { calendars: [{ country: 'CO' }] },
    caps: [
      { id: 'daily-one-contact', key: 'person', channels: ALL, counts: 'attempt', window: { kind: 'day' }, limit: 1, description: 'at most 1 contact a day across channels' },
    ],
    lockouts: [
      {
        type: 'singleChannelPerPeriod',
        id: 'one-channel-per-week',
        trigger: 'attempt',
        key: 'person',
        period: 'week',
        channelGroups: [CALLS, ['sms'], ['email']],
        description: 'after a direct contact, only that channel for the rest of the calendar week',
      },
    ],
    requireChannelAuthorisation: true,
    optOutMedia: [CALLS],
    forbidReferenceContacts: true,
    unsettled: [
      { setting: 'caps[daily-one-contact].counts, lockouts[one-channel-per-week].trigger', choice: 'attempt', note: 'whether unanswered attempts count as a contact is unsettled; counting them is the safe side' },
      { setting: 'lockouts[one-channel-per-week].channelGroups', choice: 'voice and IVR calls are one channel (phone)', note: 'the law speaks of media; an IVR call is a phone call' },
      { setting: 'optOutMedia', choice: 'voice and IVR are one medium', note: 'a debtor who refused IVR calls has refused phone calls, agent calls included' },
    ],
  },
  MX: {
    ...NEUTRAL,
    id: 'MX',
    label: 'México — CONDUSEF (disposiciones de despachos de cobranza)',
    scope: { kind: 'jurisdiction', country: 'MX' },
    schedule: days({ from: '07:00', to: '22:00' }, ...WEEKDAYS_ONLY),
    holidays: { calendars: [{ country: 'MX' }] },
    requireCallerId: true,
    unsettled: [
      { setting: 'schedule', choice: 'Monday–Friday only', note: 'some read the rule as Mon–Fri only; set sat/sun 07:00–22:00 to allow weekends' },
      { setting: 'holidays', choice: 'statutory rest days and bank holidays blocked', note: 'no explicit holiday rule; blocking is the safe side' },
    ],
  },
  PE: {
    ...NEUTRAL,
    id: 'PE',
    label: 'Perú — Código de Protección y Defensa del Consumidor art. 62',
    scope: { kind: 'jurisdiction', country: 'PE' },
    schedule: days({ from: '07:00', to: '20:00' }, ...WEEKDAYS_ONLY),
    holidays: { calendars: [{ country: 'PE' }] },
  },
  CL: {
    ...NEUTRAL,
    id: 'CL',
    label: 'Chile — Ley 19.496 art. 37',
    scope: { kind: 'jurisdiction', country: 'CL' },
    schedule: days({ from: '08:00', to: '20:00' }, ...MON_SAT),
    holidays: { calendars: [{ country: 'CL' }] },
    caps: [
      // "A week" is read as any 7 consecutive local calendar days, the contact's day being day 1: a
      // call on Tuesday allows the next one from the following Tuesday (day 8), at any hour of the
      // window. A calendar week (Mon–Sun) would allow a Saturday call and a Monday call two days
      // apart; 7×24 h would keep day 8 closed until the hour of the last call, stricter than any reading.
      { id: 'calls-one-per-week', key: 'person', channels: CALLS, counts: 'attempt', window: { kind: 'calendarDays', days: 7 }, limit: 1, description: 'calls (and visits): 1 a week' },
      { id: 'other-media-two-per-week', key: 'person', channels: ['sms', 'email'], counts: 'attempt', window: { kind: 'calendarDays', days: 7 }, limit: 2, minGapHours: 48, description: 'other media: 2 a week, at least 2 days apart' },
    ],
    stopOnLegalHolds: ['lawsuit', 'insolvency'],
    unsettled: [
      { setting: 'caps[*].window', choice: '7 consecutive local calendar days (the contact day is day 1)', note: '"a week" read as any 7 consecutive days, which also bounds every calendar week; days are the debtor\'s local days, as everywhere in the engine' },
      { setting: 'caps[*].counts', choice: 'attempt', note: 'unanswered attempts counted' },
      { setting: 'caps[other-media-two-per-week].minGapHours', choice: '48', note: '"2 days apart" read as 48 hours' },
    ],
  },
  EC: {
    ...NEUTRAL,
    id: 'EC',
    label: 'Ecuador',
    scope: { kind: 'jurisdiction', country: 'EC' },
    schedule: days({ from: '07:00', to: '20:00' }, ...WEEKDAYS_ONLY),
    holidays: { calendars: [{ country: 'EC' }] },
    caps: [{ id: 'one-action-per-day', key: 'person', channels: ALL, counts: 'attempt', window: { kind: 'day' }, limit: 1, description: '1 collection action a day' }],
    unsettled: [{ setting: 'holidays', choice: 'original and transferred dates both blocked', note: 'transfers are re-decreed yearly' }],
  },
  US: {
    ...NEUTRAL,
    id: 'US',
    label: 'United States — FDCPA / Regulation F; TCPA',
    scope: { kind: 'jurisdiction', country: 'US' },
    schedule: days({ from: '08:00', to: '21:00' }, ...EVERY_DAY),
    consentHoursExtendWindow: true,
    weekStartsOn: 7,
    caps: [
      // Reg F (12 CFR 1006.14(b)(2)) counts 7 consecutive days, the day of the call (or conversation) being
      // the first: calendar days in the debtor's local time, not 7×24 h.
      { id: 'regf-7-in-7', key: 'debt', channels: CALLS, counts: 'connected', window: { kind: 'calendarDays', days: 7 }, limit: 7, description: 'more than 7 calls in 7 days per person per debt is presumed harassment (calls that never connect excluded)' },
    ],
    lockouts: [
      { type: 'afterEvent', id: 'regf-after-conversation', trigger: 'conversation', triggerChannels: CALLS, key: 'debt', blocks: CALLS, duration: { kind: 'calendarDays', days: 7 }, description: 'no call within 7 days after a telephone conversation about the debt (its day is day 1; calls again from local midnight starting day 8)' },
    ],
    automatedConsent: { channels: ['voice', 'ivr', 'sms'], phoneTypes: ['mobile', 'unknown'] },
    abandon: US_ABANDON,
    unsettled: [
      { setting: 'automatedConsent.phoneTypes', choice: 'unknown treated as mobile', note: 'a number of unknown type may be a mobile' },
      { setting: 'abandon.countAmdFalsePositives', choice: 'true', note: 'not required by the FCC rule; counting them is the safe side' },
    ],
  },
  'US-MA': {
    ...NEUTRAL,
    id: 'US-MA',
    label: 'Massachusetts — 940 CMR 7.04',
    scope: { kind: 'jurisdiction', country: 'US', region: 'MA' },
    schedule: days({ from: '08:00', to: '21:00' }, ...EVERY_DAY),
    weekStartsOn: 7,
    caps: [{ id: 'two-per-7-days', key: 'debt', channels: ['voice', 'ivr', 'sms'], counts: 'attempt', window: { kind: 'rolling', days: 7 }, limit: 2, description: 'at most 2 calls per 7 days per debt' }],
    unsettled: [{ setting: 'caps[two-per-7-days].counts', choice: 'attempt', note: 'unanswered attempts counted; text and recorded messages count as calls' }],
  },
  'US-WA': {
    ...NEUTRAL,
    id: 'US-WA',
    label: 'Washington — RCW 19.16.250',
    scope: { kind: 'jurisdiction', country: 'US', region: 'WA' },
    schedule: days({ from: '07:30', to: '21:00' }, ...EVERY_DAY),
    weekStartsOn: 7,
    caps: [{ id: 'three-per-week', key: 'person', channels: ['voice', 'ivr', 'sms'], counts: 'attempt', window: { kind: 'rolling', days: 7 }, limit: 3, description: 'at most 3 a week' }],
    unsettled: [{ setting: 'caps[three-per-week]', choice: 'rolling 7 days, attempts', note: '"a week" read as any 7 days, which also bounds every calendar week' }],
  },
  /**
   * Not a jurisdiction: the simulated debtors of `npm start`'s demo (api/src/demo/seed.ts) live here so
   * the demo dials at any hour and on any day without loosening a real profile. Nothing else may use
   * it: imports accept only real countries (packages/domain COUNTRIES), so no real debtor reaches it.
   */
  [DEMO_COUNTRY]: {
    ...NEUTRAL,
    id: DEMO_COUNTRY,
    label: 'Demo — simulated debtors, not a real jurisdiction',
    scope: { kind: 'jurisdiction', country: DEMO_COUNTRY },
    // no contact window and no holidays: the demo must show the dialer working at any hour
    caps: [{ id: 'demo-three-a-day', key: 'person', channels: ALL, counts: 'attempt', window: { kind: 'day' }, limit: 3, description: 'at most 3 attempts a day (keeps the demo list from being redialled in a loop)' }],
    abandon: US_ABANDON,
  },
  UK: {
    ...NEUTRAL,
    id: 'UK',
    label: 'United Kingdom — Ofcom persistent misuse policy, FCA CONC 7.9',
    scope: { kind: 'jurisdiction', country: 'GB' },
    schedule: days({ from: '08:00', to: '21:00' }, ...MON_SAT),
    holidays: { calendars: [{ country: 'GB' }] },
    lockouts: [
      { type: 'afterEvent', id: 'no-redial-72h-after-abandon', trigger: 'abandoned', triggerChannels: CALLS, key: 'phone', blocks: CALLS, duration: { kind: 'hours', hours: 72 }, exemptIfAgentGuaranteed: true, description: 'no redial of an abandoned number within 72 h unless an agent is guaranteed' },
      { type: 'afterEvent', id: 'machine-rest-of-day', trigger: 'machine', triggerChannels: CALLS, key: 'phone', blocks: CALLS, duration: { kind: 'restOfDay' }, exemptIfAgentGuaranteed: true, description: 'after machine detection, no redial that day unless an agent is guaranteed' },
    ],
    requireCallerId: true,
    abandon: UK_ABANDON,
    unsettled: [
      { setting: 'schedule', choice: 'Monday–Saturday 08:00–21:00', note: 'policy, not statute; Sunday excluded as the safe side' },
      { setting: 'holidays', choice: 'bank holidays blocked', note: 'policy' },
    ],
  },
};
