import { describe, expect, it } from 'vitest';
import { evaluateContact, resolveProfiles, type ContactContext } from '../src/index.js';
import { at, context, request } from './helpers.js';

function decide(local: string, zone: string, ctx: Partial<ContactContext> & Pick<ContactContext, 'jurisdiction'>) {
  const c = context({ timeZones: [zone], ...ctx });
  return evaluateContact(request({ at: at(local, zone) }), c, resolveProfiles(c.jurisdiction));
}

const BOG = 'America/Bogota';
const CO = { jurisdiction: { country: 'CO' } };

describe('calling windows (table)', () => {
  it.each([
    // [case, local time, zone, jurisdiction, allowed, deciding rule, next allowed (local)]
    ['CO weekday 07:00 opens', '2026-01-13T07:00', BOG, { country: 'CO' }, true, null, null],
    ['CO weekday 06:59 closed', '2026-01-13T06:59', BOG, { country: 'CO' }, false, 'CO/calling-window', '2026-01-13T07:00'],
    ['CO weekday 19:00 closed', '2026-01-13T19:00', BOG, { country: 'CO' }, false, 'CO/calling-window', '2026-01-14T07:00'],
    ['CO Saturday 14:59 open', '2026-01-17T14:59', BOG, { country: 'CO' }, true, null, null],
    ['CO Saturday 15:00 closed until Monday', '2026-01-17T15:00', BOG, { country: 'CO' }, false, 'CO/calling-window', '2026-01-19T07:00'],
    ['CO Sunday blocked', '2026-01-18T10:00', BOG, { country: 'CO' }, false, 'CO/calling-window', '2026-01-19T07:00'],
    ['CO holiday 2026-01-12 (Reyes moved) blocked', '2026-01-12T10:00', BOG, { country: 'CO' }, false, 'CO/calling-window', '2026-01-13T07:00'],
    ['CO Holy Thursday+Friday skip to Saturday', '2026-04-02T09:00', BOG, { country: 'CO' }, false, 'CO/calling-window', '2026-04-04T08:00'],
    ['US 20:59 allowed in Chicago', '2026-03-10T20:59', 'America/Chicago', { country: 'US' }, true, null, null],
    ['US 21:00 blocked in Chicago', '2026-03-10T21:00', 'America/Chicago', { country: 'US' }, false, 'US/calling-window', '2026-03-11T08:00'],
    ['US 07:59 blocked', '2026-07-04T07:59', 'America/Chicago', { country: 'US' }, false, 'US/calling-window', '2026-07-04T08:00'],
    ['US-WA 07:45 blocked by federal 08:00 (intersection)', '2026-03-10T07:45', 'America/Los_Angeles', { country: 'US', region: 'WA' }, false, 'US/calling-window', '2026-03-10T08:00'],
    ['MX Saturday blocked (unsettled: weekdays only)', '2026-03-14T10:00', 'America/Mexico_City', { country: 'MX' }, false, 'MX/calling-window', '2026-03-17T07:00'],
    ['MX 21:59 open', '2026-03-13T21:59', 'America/Mexico_City', { country: 'MX' }, true, null, null],
    ['PE Saturday blocked', '2026-07-25T10:00', 'America/Lima', { country: 'PE' }, false, 'PE/calling-window', '2026-07-27T07:00'],
    ['PE Fiestas Patrias skipped', '2026-07-27T20:00', 'America/Lima', { country: 'PE' }, false, 'PE/calling-window', '2026-07-30T07:00'],
    ['CL Saturday 19:59 open', '2026-03-14T19:59', 'America/Santiago', { country: 'CL' }, true, null, null],
    ['CL Sunday blocked', '2026-03-15T12:00', 'America/Santiago', { country: 'CL' }, false, 'CL/calling-window', '2026-03-16T08:00'],
    ['EC Carnival Monday blocked', '2026-02-16T10:00', 'America/Guayaquil', { country: 'EC' }, false, 'EC/calling-window', '2026-02-18T07:00'],
    ['UK bank holiday blocked', '2026-08-31T10:00', 'Europe/London', { country: 'GB' }, false, 'UK/calling-window', '2026-09-01T08:00'],
    ['UK Sunday blocked (policy default)', '2026-09-06T10:00', 'Europe/London', { country: 'UK' }, false, 'UK/calling-window', '2026-09-07T08:00'],
  ] as const)('%s', (_name, local, zone, jurisdiction, allowed, rule, next) => {
    const d = decide(local, zone, { jurisdiction });
    expect(d.allowed).toBe(allowed);
    if (allowed) {
      expect(d.ruleId).toBe('allow/all-rules-passed');
      expect(d.nextAllowedAt?.getTime()).toBe(at(local, zone).getTime());
    } else {
      expect(d.ruleId).toBe(rule);
      expect(d.nextAllowedAt?.toISOString()).toBe(at(next!, zone).toISOString());
      expect(d.reason.es.length).toBeGreaterThan(10);
      expect(d.reason.en.length).toBeGreaterThan(10);
    }
  });

  it('a holiday decision names the holiday in both languages', () => {
    const d = decide('2026-01-12T10:00', BOG, CO);
    expect(d.reason.es).toMatch(/Reyes/);
    expect(d.reason.en).toMatch(/No-contact day/);
    expect(d.profileIds).toEqual(['CO']);
  });

  it('uncertain zone: only the overlap of the candidate windows is allowed', () => {
    // Address says Bogotá (UTC-5), phone says Madrid-registered number: a CO debtor living abroad.
    const zones = ['America/Bogota', 'America/New_York'];
    const c = context({ timeZones: zones, ...CO });
    const p = resolveProfiles(c.jurisdiction);
    // 18:30 in Bogotá on a March Tuesday after US DST start is 19:30 in New York: outside CO hours there.
    const blocked = evaluateContact(request({ at: at('2026-03-10T18:30', BOG) }), c, p);
    expect(blocked.allowed).toBe(false);
    expect(blocked.blockedBy.map((b) => b.zone)).toEqual(['America/New_York']);
    // Next: 07:00 New York = 06:00 Bogotá is closed in Bogotá, so 07:00 Bogotá.
    expect(blocked.nextAllowedAt?.toISOString()).toBe(at('2026-03-11T07:00', BOG).toISOString());
    // 17:30 in Bogotá = 18:30 New York: both open.
    expect(evaluateContact(request({ at: at('2026-03-10T17:30', BOG) }), c, p).allowed).toBe(true);
  });

  it('US debtor consent to other hours opens them (and only where the profile allows consent)', () => {
    const zone = 'America/Chicago';
    const consentHours = { schedule: { tue: [{ from: '21:00', to: '22:00' }] } };
    const us = context({ timeZones: [zone], jurisdiction: { country: 'US' }, consentHours });
    expect(evaluateContact(request({ at: at('2026-03-10T21:30', zone) }), us, resolveProfiles(us.jurisdiction)).allowed).toBe(true);
    const expired = context({ timeZones: [zone], jurisdiction: { country: 'US' }, consentHours: { ...consentHours, validUntil: at('2026-03-01T00:00', zone) } });
    expect(evaluateContact(request({ at: at('2026-03-10T21:30', zone) }), expired, resolveProfiles(us.jurisdiction)).allowed).toBe(false);
    const co = context({ consentHours: { schedule: { tue: [{ from: '19:00', to: '22:00' }] } } });
    expect(evaluateContact(request({ at: at('2026-03-10T19:30', BOG) }), co, resolveProfiles(co.jurisdiction)).allowed).toBe(false);
  });

  it('US consent hours make nextAllowedAt earlier than the statutory window', () => {
    const zone = 'America/New_York';
    const c = context({ timeZones: [zone], jurisdiction: { country: 'US' }, consentHours: { schedule: { wed: [{ from: '07:00', to: '08:00' }] } } });
    const d = evaluateContact(request({ at: at('2026-03-10T21:15', zone) }), c, resolveProfiles(c.jurisdiction));
    expect(d.nextAllowedAt?.toISOString()).toBe(at('2026-03-11T07:00', zone).toISOString());
  });

  it('a creditor policy can only narrow: strictest window wins', () => {
    const c = context();
    const profiles = resolveProfiles(c.jurisdiction, {
      additional: [
        {
          ...resolveProfiles({ country: 'CO' })[0]!,
          id: 'creditor:bank',
          label: 'Bank policy',
          scope: { kind: 'creditor', creditorId: 'c1' },
          schedule: { mon: [{ from: '09:00', to: '17:00' }], tue: [{ from: '09:00', to: '17:00' }], sun: [{ from: '09:00', to: '17:00' }] },
          caps: [],
          lockouts: [],
        },
      ],
    });
    expect(evaluateContact(request({ at: at('2026-01-13T08:00', BOG) }), c, profiles).ruleId).toBe('creditor:bank/calling-window');
    expect(evaluateContact(request({ at: at('2026-01-18T10:00', BOG) }), c, profiles).ruleId).toBe('CO/calling-window');
    const d = evaluateContact(request({ at: at('2026-01-13T17:30', BOG) }), c, profiles);
    // Wednesday is closed by the creditor, Thursday…Saturday too: the next Monday 09:00.
    expect(d.nextAllowedAt?.toISOString()).toBe(at('2026-01-19T09:00', BOG).toISOString());
  });
});
