// Opt-outs: they hold from their own date on (so past decisions replay as made).
import { describe, expect, it } from 'vitest';
import { ComplianceGate, InMemoryComplianceStore, evaluateContact, resolveProfiles, type ContactContext, type ContactRequest } from '../src/index.js';
import { at, context, request } from './helpers.js';

const BOG = 'America/Bogota';

function decide(req: ContactRequest, ctx: ContactContext) {
  return evaluateContact(req, ctx, resolveProfiles(ctx.jurisdiction));
}

describe('an opt-out applies from its own date', () => {
  const optedOutAtNoon = context({ optOuts: [{ channel: 'all', source: 'keypad', at: at('2026-03-10T12:00', BOG) }] });

  it('a contact checked before the opt-out was made is allowed; from its instant on it is blocked for good', () => {
    expect(decide(request({ at: at('2026-03-10T09:00', BOG) }), optedOutAtNoon).allowed).toBe(true);
    expect(decide(request({ at: at('2026-03-10T11:59:59', BOG) }), optedOutAtNoon).allowed).toBe(true);
    const after = decide(request({ at: at('2026-03-10T12:00', BOG) }), optedOutAtNoon);
    expect(after.allowed).toBe(false);
    expect(after.ruleId).toBe('optout.all');
    expect(after.nextAllowedAt).toBeNull();
  });

  it('nextAllowedAt is null when the wait for another rule ends after the opt-out, and exact when before', () => {
    // 06:00 is before the 07:00 window: waiting for it would land after a 06:30 opt-out.
    const early = context({ optOuts: [{ channel: 'voice', at: at('2026-03-10T06:30', BOG) }] });
    const d = decide(request({ at: at('2026-03-10T06:00', BOG) }), early);
    expect(d.ruleId).toBe('CO/calling-window');
    expect(d.nextAllowedAt).toBeNull();
    const late = context({ optOuts: [{ channel: 'voice', at: at('2026-03-10T08:00', BOG) }] });
    const w = decide(request({ at: at('2026-03-10T06:00', BOG) }), late);
    expect(w.ruleId).toBe('CO/calling-window');
    expect(w.nextAllowedAt?.toISOString()).toBe(at('2026-03-10T07:00', BOG).toISOString());
  });

  it('an undated opt-out blocks at any instant', () => {
    const d = decide(request({ at: at('2020-03-10T09:00', BOG) }), context({ optOuts: [{ channel: 'all' }] }));
    expect(d.ruleId).toBe('optout.all');
  });

  it('replaying a past decision after a later opt-out gives the decision that was made', async () => {
    const store = new InMemoryComplianceStore();
    store.upsertDebtor('d1', { timeZones: [BOG], jurisdiction: { country: 'CO' }, authorisedChannels: ['voice', 'ivr', 'sms'] });
    const gate = new ComplianceGate({ store });
    const req = request({ at: at('2026-03-10T09:00', BOG) });
    const made = await gate.check(req);
    store.addOptOut('d1', { channel: 'all', source: 'keypad', at: at('2026-03-10T09:05', BOG) });
    expect(await gate.preview(req)).toEqual(made);
    expect((await gate.preview(request({ at: at('2026-03-10T09:06', BOG) }))).ruleId).toBe('optout.all');
  });

  it('an opt-out with an unreadable date is an input error, not a lapsed opt-out', () => {
    expect(() => decide(request({ at: at('2026-03-10T09:00', BOG) }), context({ optOuts: [{ channel: 'all', at: new Date('nope') }] }))).toThrow(
      /context\.optOuts\[0\]\.at: expected a valid Date/,
    );
  });
});

describe('an IVR opt-out ("stop" on the keypad) stops automated calls', () => {
  const CHI = 'America/Chicago';
  const usPhone = { e164: '+13125550100', type: 'landline' as const, consentAutomated: true, optedOut: false };
  const us = context({ timeZones: [CHI], jurisdiction: { country: 'US' }, optOuts: [{ channel: 'ivr', source: 'keypad', at: at('2026-03-09T10:00', CHI) }] });
  const co = context({ optOuts: [{ channel: 'ivr', source: 'keypad', at: at('2026-03-09T10:00', BOG) }] });

  it('US: an autodialed voice call is blocked; an agent dialing by hand is not', () => {
    const auto = decide(request({ channel: 'voice', automated: true, at: at('2026-03-10T10:00', CHI), phone: usPhone }), us);
    expect(auto.allowed).toBe(false);
    expect(auto.ruleId).toBe('optout.ivr');
    expect(auto.nextAllowedAt).toBeNull();
    expect(auto.reason.en).toMatch(/revoked consent to automated calls/);
    expect(decide(request({ channel: 'ivr', automated: true, at: at('2026-03-10T10:00', CHI), phone: usPhone }), us).ruleId).toBe('optout.ivr');
    expect(decide(request({ channel: 'voice', automated: false, at: at('2026-03-10T10:00', CHI), phone: usPhone }), us).allowed).toBe(true);
  });

  it('Colombia: voice and IVR are one medium, so even an agent call is blocked', () => {
    const manual = decide(request({ channel: 'voice', automated: false, at: at('2026-03-10T10:00', BOG) }), co);
    expect(manual.allowed).toBe(false);
    expect(manual.ruleId).toBe('CO/optout-same-medium');
    expect(manual.nextAllowedAt).toBeNull();
    expect(manual.reason.es).toMatch(/mismo medio/);
    expect(decide(request({ channel: 'voice', automated: true, at: at('2026-03-10T10:00', BOG) }), co).ruleId).toBe('optout.ivr');
    // SMS is another medium
    expect(decide(request({ channel: 'sms', automated: true, at: at('2026-03-10T10:00', BOG) }), co).allowed).toBe(true);
  });

  it('a voice opt-out also stops IVR calls, everywhere', () => {
    const voiceOut = context({ timeZones: [CHI], jurisdiction: { country: 'US' }, optOuts: [{ channel: 'voice', source: 'agent' }] });
    expect(decide(request({ channel: 'ivr', automated: true, at: at('2026-03-10T10:00', CHI), phone: usPhone }), voiceOut).ruleId).toBe('optout.voice');
  });

  it('a profile naming an unknown channel as a medium is a configuration error', () => {
    expect(() => resolveProfiles({ country: 'CO' }, { patches: { CO: { optOutMedia: [['voice', 'fax' as never]] } } })).toThrow(/profiles\[CO\]\.optOutMedia\[0\]\[1\]: unknown channel "fax"/);
  });
});
