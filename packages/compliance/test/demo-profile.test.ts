// The demo's simulated debtors (country XD) may be dialled at any hour; a real profile is unchanged at the
// same instants, and the demo profile still counts attempts.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILES, DEMO_COUNTRY, evaluateContact, resolveProfiles } from '../src/index.js';
import { at, context, ev, request } from './helpers.js';

const BOG = 'America/Bogota';
const decide = (country: string, local: string, history = context().history) => {
  const c = context({ timeZones: [BOG], jurisdiction: { country }, history });
  return evaluateContact(request({ at: at(local, BOG) }), c, resolveProfiles(c.jurisdiction));
};

describe('the demo compliance profile', () => {
  it('is labelled as no real jurisdiction and uses a code no country can have (ISO 3166 user-assigned)', () => {
    expect(DEMO_COUNTRY).toMatch(/^X[A-Z]$/);
    expect(DEFAULT_PROFILES[DEMO_COUNTRY]!.label).toBe('Demo — simulated debtors, not a real jurisdiction');
  });

  it.each([
    ['Sunday night', '2026-12-06T22:50'],
    ['a Colombian holiday (Christmas) at dawn', '2026-12-25T04:00'],
    ['Saturday evening', '2026-12-05T20:00'],
  ])('allows a demo debtor on %s, while CO still refuses the same instant', (_name, local) => {
    expect(decide(DEMO_COUNTRY, local).allowed).toBe(true);
    const co = decide('CO', local);
    expect(co.allowed).toBe(false);
    expect(co.ruleId).toBe('CO/calling-window');
  });

  it('still caps attempts: a fourth call the same day is refused', () => {
    const today = (h: string) => ev(at(`2026-12-06T${h}`, BOG), 'voice');
    const d = decide(DEMO_COUNTRY, '2026-12-06T22:50', [today('08:00'), today('12:00'), today('18:00')]);
    expect(d.allowed).toBe(false);
    expect(d.ruleId).toBe(`${DEMO_COUNTRY}/demo-three-a-day`);
  });
});
