// "7 days" in Reg F and "a week" in Chile are counted in the debtor's local calendar days, the day
// of the contact being day 1, not as 7×24 hours.
import { describe, expect, it } from 'vitest';
import { defineProfile, evaluateContact, resolveProfiles, type ContactContext, type ContactEvent, type ContactRequest } from '../src/index.js';
import { at, context, ev, request } from './helpers.js';

const NY = 'America/New_York';
const LA = 'America/Los_Angeles';
const SCL = 'America/Santiago';
const US_PHONE = { e164: '+12125550100', type: 'landline' as const, consentAutomated: false, optedOut: false };

function decide(req: ContactRequest, ctx: ContactContext) {
  return evaluateContact(req, ctx, resolveProfiles(ctx.jurisdiction));
}

describe('Reg F: 7 days after a conversation, in the debtor\'s calendar days', () => {
  // Conversation on Tuesday 10 March 2026 at 20:30 New York time: that Tuesday is day 1.
  const conv = ev(at('2026-03-10T20:30', NY), 'voice', { live: true, rightParty: true, conversation: true });
  const us = (zones = [NY]) => context({ timeZones: zones, jurisdiction: { country: 'US' }, history: [conv] });

  it('a call at 09:00 on day 8 is allowed (7×24 h would hold it until 20:30)', () => {
    expect(decide(request({ at: at('2026-03-17T09:00', NY), phone: US_PHONE }), us()).allowed).toBe(true);
    expect(decide(request({ at: at('2026-03-17T08:00', NY), phone: US_PHONE }), us()).allowed).toBe(true);
  });

  it('day 7 stays blocked to its last minute, and the decision points at local midnight of day 8 (window 08:00)', () => {
    const d = decide(request({ at: at('2026-03-16T20:59', NY), phone: US_PHONE }), us());
    expect(d.ruleId).toBe('US/regf-after-conversation');
    expect(d.blockedBy.find((b) => b.ruleId === 'US/regf-after-conversation')?.until?.toISOString()).toBe(at('2026-03-17T00:00', NY).toISOString());
    expect(d.nextAllowedAt?.toISOString()).toBe(at('2026-03-17T08:00', NY).toISOString());
  });

  it('with an uncertain zone, day 8 must have begun in every candidate zone', () => {
    // 08:00 in New York is 05:00 in Los Angeles (outside its window): the first instant both allow is 08:00 Pacific.
    const d = decide(request({ at: at('2026-03-17T08:00', NY), phone: US_PHONE }), us([NY, LA]));
    expect(d.allowed).toBe(false);
    expect(d.nextAllowedAt?.toISOString()).toBe(at('2026-03-17T08:00', LA).toISOString());
  });

  it('the 7-in-7 cap frees a call at local midnight, also across the DST change', () => {
    // Seven connected calls, 2 → 8 March 2026 (clocks go forward on 8 March): the 2 March call is day 1.
    const calls: ContactEvent[] = Array.from({ length: 7 }, (_, i) => ev(at(`2026-03-0${i + 2}T20:00`, NY), 'voice', { connected: true }));
    const ctx = context({ timeZones: [NY], jurisdiction: { country: 'US' }, history: calls });
    const d = decide(request({ at: at('2026-03-08T20:30', NY), phone: US_PHONE }), ctx);
    expect(d.ruleId).toBe('US/regf-7-in-7');
    expect(d.nextAllowedAt?.toISOString()).toBe(at('2026-03-09T08:00', NY).toISOString());
  });
});

describe('Chile: "a week" is 7 local calendar days, the contact day being day 1', () => {
  const cl = (history: ContactEvent[]) => context({ timeZones: [SCL], jurisdiction: { country: 'CL' }, history });
  const phone = { e164: '+56912345678', type: 'mobile' as const, consentAutomated: true, optedOut: false };

  it('a call on Tuesday at 19:00 allows the next from the following Tuesday at 08:00, not 19:00', () => {
    const h = [ev(at('2026-03-10T19:00', SCL), 'voice', { connected: false })];
    expect(decide(request({ at: at('2026-03-16T19:59', SCL), phone }), cl(h)).ruleId).toBe('CL/calls-one-per-week');
    expect(decide(request({ at: at('2026-03-17T08:00', SCL), phone }), cl(h)).allowed).toBe(true);
  });

  it('it is not a calendar week: a Saturday call still blocks the Monday after', () => {
    const h = [ev(at('2026-03-14T10:00', SCL), 'voice', { connected: false })];
    const d = decide(request({ at: at('2026-03-16T10:00', SCL), phone }), cl(h));
    expect(d.ruleId).toBe('CL/calls-one-per-week');
    expect(d.nextAllowedAt?.toISOString()).toBe(at('2026-03-21T08:00', SCL).toISOString());
  });
});

describe('calendarDays in configuration', () => {
  it('must be a positive whole number of days', () => {
    expect(() =>
      defineProfile({ id: 'house', label: 'house', scope: { kind: 'custom' }, caps: [{ id: 'x', key: 'person', channels: ['voice'], counts: 'attempt', window: { kind: 'calendarDays', days: 1.5 }, limit: 1 }] }),
    ).toThrow(/profiles\[house\]\.caps\[0\]\.window\.days: expected a positive integer/);
  });
});
