import { describe, expect, it } from 'vitest';
import { defineProfile, evaluateContact, resolveProfiles, type ContactContext, type ContactEvent, type ContactRequest } from '../src/index.js';
import { at, context, ev, request } from './helpers.js';

const BOG = 'America/Bogota';
const CHI = 'America/Chicago';
const LON = 'Europe/London';
const SCL = 'America/Santiago';

function decide(req: ContactRequest, ctx: ContactContext) {
  return evaluateContact(req, ctx, resolveProfiles(ctx.jurisdiction));
}

describe('Colombia: 1 contact a day, one channel per week', () => {
  it('second contact the same day is blocked until the next open day', () => {
    const ctx = context({ history: [ev(at('2026-01-13T08:00', BOG), 'voice', { connected: false })] });
    const d = decide(request({ at: at('2026-01-13T15:00', BOG) }), ctx);
    expect(d.allowed).toBe(false);
    expect(d.ruleId).toBe('CO/daily-one-contact');
    expect(d.nextAllowedAt?.toISOString()).toBe(at('2026-01-14T07:00', BOG).toISOString());
  });

  it('after a contact by phone, SMS is blocked for the rest of the calendar week; phone is not', () => {
    const ctx = context({ history: [ev(at('2026-01-13T10:00', BOG), 'voice', { live: true, rightParty: true })] });
    const sms = decide(request({ channel: 'sms', at: at('2026-01-15T10:00', BOG) }), ctx);
    expect(sms.allowed).toBe(false);
    expect(sms.ruleId).toBe('CO/one-channel-per-week');
    expect(sms.nextAllowedAt?.toISOString()).toBe(at('2026-01-19T07:00', BOG).toISOString());
    // An IVR call is the same medium (phone) as a voice call.
    expect(decide(request({ channel: 'ivr', automated: true, at: at('2026-01-15T10:00', BOG) }), ctx).allowed).toBe(true);
    expect(decide(request({ at: at('2026-01-15T10:00', BOG) }), ctx).allowed).toBe(true);
  });

  it('unanswered attempts count (unsettled: safe default)', () => {
    const ctx = context({ history: [ev(at('2026-01-13T10:00', BOG), 'sms', { connected: true })] });
    expect(decide(request({ at: at('2026-01-14T10:00', BOG) }), ctx).ruleId).toBe('CO/one-channel-per-week');
  });

  it('channels not authorised by the debtor, and references, are never contacted', () => {
    const ctx = context({ authorisedChannels: ['voice'] });
    const d = decide(request({ channel: 'sms', at: at('2026-01-13T10:00', BOG) }), ctx);
    expect(d.ruleId).toBe('CO/channel-not-authorised');
    expect(d.nextAllowedAt).toBeNull();
    const ref = decide(request({ at: at('2026-01-13T10:00', BOG), phone: { e164: '+573009999999', type: 'mobile', consentAutomated: false, optedOut: false, relation: 'reference' } }), context());
    expect(ref.ruleId).toBe('CO/no-reference-contact');
  });
});

describe('United States: Regulation F and TCPA', () => {
  const us = (history: ContactEvent[], over: Partial<ContactContext> = {}) => context({ timeZones: [CHI], jurisdiction: { country: 'US' }, history, ...over });
  const days = (n: number, outcome = {}, hour = 10) =>
    Array.from({ length: n }, (_, i) => ev(at(`2026-03-0${i + 1}T${hour}:00`, CHI), 'voice', outcome));

  it('7 calls in 7 days per debt: the 8th is blocked until the first leaves the window', () => {
    const d = decide(request({ at: at('2026-03-07T15:00', CHI) }), us(days(7, { connected: true })));
    expect(d.ruleId).toBe('US/regf-7-in-7');
    // Seven consecutive local days, 1 March being day 1: the 1 March call leaves at local midnight
    // starting 8 March (the DST day), and the calling window opens at 08:00 CDT.
    expect(d.nextAllowedAt?.toISOString()).toBe(at('2026-03-08T08:00', CHI).toISOString());
  });

  it('unanswered calls that never connect are excluded; voicemails count', () => {
    const history = [...days(6, { connected: true }), ev(at('2026-03-07T09:00', CHI), 'voice', { connected: false })];
    expect(decide(request({ at: at('2026-03-07T15:00', CHI) }), us(history)).allowed).toBe(true);
    const vm = [...days(6, { connected: true }), ev(at('2026-03-07T09:00', CHI), 'voice', { connected: false, voicemail: true })];
    expect(decide(request({ at: at('2026-03-07T15:00', CHI) }), us(vm)).ruleId).toBe('US/regf-7-in-7');
  });

  it('the cap is per debt: calls about another account do not count', () => {
    const other = days(7, { connected: true }).map((e) => ({ ...e, accountId: 'a2' }));
    expect(decide(request({ at: at('2026-03-07T15:00', CHI) }), us(other)).allowed).toBe(true);
  });

  it('no call within 7 days after a conversation; SMS is still allowed', () => {
    const conv = ev(at('2026-03-10T11:00', CHI), 'voice', { live: true, rightParty: true, conversation: true });
    const d = decide(request({ at: at('2026-03-16T11:00', CHI) }), us([conv]));
    expect(d.ruleId).toBe('US/regf-after-conversation');
    // 10 March is day 1; calls again on day 8 (17 March) as soon as the window opens
    expect(d.nextAllowedAt?.toISOString()).toBe(at('2026-03-17T08:00', CHI).toISOString());
    expect(decide(request({ at: at('2026-03-17T08:00', CHI) }), us([conv])).allowed).toBe(true);
    expect(decide(request({ channel: 'sms', at: at('2026-03-12T11:00', CHI) }), us([conv])).allowed).toBe(true);
  });

  it('autodialed or prerecorded calls to a mobile need prior consent; a manual call does not', () => {
    const phone = { e164: '+13125550100', type: 'mobile' as const, consentAutomated: false, optedOut: false };
    const auto = decide(request({ at: at('2026-03-10T11:00', CHI), automated: true, phone }), us([]));
    expect(auto.ruleId).toBe('US/automated-needs-consent');
    expect(auto.nextAllowedAt).toBeNull();
    expect(decide(request({ at: at('2026-03-10T11:00', CHI), automated: false, phone }), us([])).allowed).toBe(true);
    expect(decide(request({ at: at('2026-03-10T11:00', CHI), automated: true, phone: { ...phone, type: 'landline' } }), us([])).allowed).toBe(true);
    expect(decide(request({ at: at('2026-03-10T11:00', CHI), automated: true, phone: { ...phone, type: 'unknown' } }), us([])).allowed).toBe(false);
  });

  it('US-MA: at most 2 calls per 7 days per debt', () => {
    const ctx = us([ev(at('2026-03-02T10:00', 'America/New_York'), 'voice'), ev(at('2026-03-04T10:00', 'America/New_York'), 'voice')], {
      timeZones: ['America/New_York'],
      jurisdiction: { country: 'US', region: 'MA' },
    });
    const d = decide(request({ at: at('2026-03-05T10:00', 'America/New_York') }), ctx);
    expect(d.ruleId).toBe('US-MA/two-per-7-days');
    expect(d.profileIds).toEqual(['US', 'US-MA']);
    // 7 days after 2 March 10:00 EST, across the DST change: 168 h is 11:00 EDT, the strict reading.
    expect(d.nextAllowedAt?.toISOString()).toBe(at('2026-03-09T11:00', 'America/New_York').toISOString());
  });
});

describe('United Kingdom: abandoned calls and machines', () => {
  const uk = (history: ContactEvent[]) => context({ timeZones: [LON], jurisdiction: { country: 'GB' }, history });
  const abandoned = ev(at('2026-06-02T10:00', LON), 'voice', { live: true, abandoned: true });

  it('no redial within 72 h of an abandoned call unless an agent is guaranteed', () => {
    const d = decide(request({ at: at('2026-06-05T09:59', LON), automated: true }), uk([abandoned]));
    expect(d.ruleId).toBe('UK/no-redial-72h-after-abandon');
    expect(d.nextAllowedAt?.toISOString()).toBe(at('2026-06-05T10:00', LON).toISOString());
    expect(decide(request({ at: at('2026-06-05T10:00', LON), automated: true }), uk([abandoned])).allowed).toBe(true);
    expect(decide(request({ at: at('2026-06-03T10:00', LON), automated: true, agentGuaranteed: true }), uk([abandoned])).allowed).toBe(true);
  });

  it('the no-redial period is per number: another phone of the debtor may be called', () => {
    const other = { e164: '+447700900123', type: 'mobile' as const, consentAutomated: true, optedOut: false };
    expect(decide(request({ at: at('2026-06-03T10:00', LON), automated: true, phone: other }), uk([abandoned])).allowed).toBe(true);
  });

  it('after a machine detection, no redial the rest of that local day', () => {
    const machine = ev(at('2026-06-02T10:00', LON), 'voice', { machine: true });
    const d = decide(request({ at: at('2026-06-02T18:00', LON), automated: true }), uk([machine]));
    expect(d.ruleId).toBe('UK/machine-rest-of-day');
    expect(d.nextAllowedAt?.toISOString()).toBe(at('2026-06-03T08:00', LON).toISOString());
  });
});

describe('Chile: weekly caps and legal stop', () => {
  const cl = (history: ContactEvent[], over: Partial<ContactContext> = {}) => context({ timeZones: [SCL], jurisdiction: { country: 'CL' }, history, ...over });

  it('1 call a week', () => {
    const d = decide(request({ at: at('2026-03-12T10:00', SCL) }), cl([ev(at('2026-03-10T10:00', SCL), 'voice', { connected: false })]));
    expect(d.ruleId).toBe('CL/calls-one-per-week');
    // 7 local calendar days, Tuesday 10 March being day 1: Tuesday 17 March from the 08:00 opening
    expect(d.nextAllowedAt?.toISOString()).toBe(at('2026-03-17T08:00', SCL).toISOString());
  });

  it('other media: 2 a week, at least 2 days apart', () => {
    const one = cl([ev(at('2026-03-10T10:00', SCL), 'sms')]);
    const gap = decide(request({ channel: 'sms', at: at('2026-03-11T10:00', SCL) }), one);
    expect(gap.ruleId).toBe('CL/other-media-two-per-week/min-gap');
    expect(gap.nextAllowedAt?.toISOString()).toBe(at('2026-03-12T10:00', SCL).toISOString());
    const two = cl([ev(at('2026-03-09T10:00', SCL), 'sms'), ev(at('2026-03-11T10:00', SCL), 'email')]);
    const cap = decide(request({ channel: 'sms', at: at('2026-03-13T10:00', SCL) }), two);
    expect(cap.ruleId).toBe('CL/other-media-two-per-week');
    // the 9 March SMS leaves the 7 local days at midnight starting 16 March; the window opens at 08:00
    expect(cap.nextAllowedAt?.toISOString()).toBe(at('2026-03-16T08:00', SCL).toISOString());
  });

  it('stops after a lawsuit or insolvency', () => {
    const d = decide(request({ at: at('2026-03-12T10:00', SCL) }), cl([], { legalHolds: ['insolvency'] }));
    expect(d.ruleId).toBe('CL/legal-hold-stop');
    expect(d.nextAllowedAt).toBeNull();
  });
});

describe('Ecuador and Mexico', () => {
  it('EC: one action a day across channels', () => {
    const GYE = 'America/Guayaquil';
    const ctx = context({ timeZones: [GYE], jurisdiction: { country: 'EC' }, history: [ev(at('2026-03-10T08:00', GYE), 'email')] });
    expect(decide(request({ at: at('2026-03-10T12:00', GYE) }), ctx).ruleId).toBe('EC/one-action-per-day');
  });
  it('MX: hidden caller id is blocked', () => {
    const MEX = 'America/Mexico_City';
    const ctx = context({ timeZones: [MEX], jurisdiction: { country: 'MX' } });
    expect(decide(request({ at: at('2026-03-10T12:00', MEX), callerIdHidden: true }), ctx).ruleId).toBe('MX/caller-id-required');
  });
});

describe('opt-outs are honoured immediately, per channel and per number', () => {
  it('SMS STOP blocks SMS to that number only', () => {
    const ctx = context({ optOuts: [{ channel: 'sms', phoneE164: '+573001234567', source: 'sms-stop' }] });
    const sms = decide(request({ channel: 'sms', at: at('2026-01-13T10:00', BOG) }), ctx);
    expect(sms.ruleId).toBe('optout.sms');
    expect(sms.nextAllowedAt).toBeNull();
    expect(decide(request({ at: at('2026-01-13T10:00', BOG) }), ctx).allowed).toBe(true);
    const otherPhone = { e164: '+573005550000', type: 'mobile' as const, consentAutomated: true, optedOut: false };
    expect(decide(request({ channel: 'sms', phone: otherPhone, at: at('2026-01-13T10:00', BOG) }), ctx).allowed).toBe(true);
  });
  it('a keypad opt-out of all contact blocks every channel and outranks the window in the decision', () => {
    const ctx = context({ optOuts: [{ channel: 'all', source: 'keypad' }] });
    const d = decide(request({ channel: 'email', at: at('2026-01-18T10:00', BOG) }), ctx);
    expect(d.ruleId).toBe('optout.all');
    expect(d.blockedBy.map((b) => b.ruleId)).toContain('CO/calling-window');
  });
  it('a phone flagged opted-out is never dialed', () => {
    const d = decide(request({ at: at('2026-01-13T10:00', BOG), phone: { e164: '+573001234567', type: 'landline', consentAutomated: true, optedOut: true } }), context());
    expect(d.ruleId).toBe('optout.phone');
  });
});

describe('counting keys', () => {
  it('a creditor cap counts only that creditor, and every creditor when the request does not say which', () => {
    const policy = defineProfile({
      id: 'house',
      label: 'house policy',
      scope: { kind: 'custom' },
      caps: [{ id: 'one-per-creditor-a-day', key: 'creditor', channels: ['voice', 'sms'], counts: 'attempt', window: { kind: 'day' }, limit: 1 }],
    });
    const ctx = context({ timeZones: [CHI], jurisdiction: { country: 'US' }, history: [ev(at('2026-03-10T09:00', CHI), 'sms', {}, { creditorId: 'other' })] });
    const profiles = [...resolveProfiles(ctx.jurisdiction), policy];
    expect(evaluateContact(request({ at: at('2026-03-10T10:00', CHI) }), ctx, profiles).allowed).toBe(true);
    expect(evaluateContact(request({ at: at('2026-03-10T10:00', CHI), creditorId: 'other' }), ctx, profiles).ruleId).toBe('house/one-per-creditor-a-day');
    expect(evaluateContact(request({ at: at('2026-03-10T10:00', CHI), creditorId: '' }), ctx, profiles).ruleId).toBe('house/one-per-creditor-a-day');
  });
});

describe('input errors say what and where', () => {
  it('unknown zone, missing phone, bad history', () => {
    expect(() => decide(request({ at: at('2026-01-13T10:00', BOG) }), context({ timeZones: ['Mars/Olympus'] }))).toThrow(/context.timeZones\[0\].*Mars\/Olympus/);
    const noPhone = request({ at: at('2026-01-13T10:00', BOG) });
    delete noPhone.phone;
    expect(() => decide(noPhone, context())).toThrow(/request.phone: required for channel "voice"/);
    expect(() => decide(request({ at: at('2026-01-13T10:00', BOG) }), context({ history: [{ at: new Date('x'), channel: 'voice', outcome: {} }] }))).toThrow(/context.history\[0\].at/);
    expect(() => resolveProfiles({ country: 'AR' })).toThrow(/jurisdiction.country.*AR/);
  });
});
