import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { debtorZones, maskPhoneText, normalizePhone, normalizePhoneSlow } from '../src/phones.js';

describe('normalizePhone', () => {
  const cases: Array<[string, string, string | null, string | null]> = [
    // raw, country, e164 (null = invalid), type
    ['300 123 4567', 'CO', '+573001234567', 'mobile'],
    ['+57 (300) 123-4567', 'CO', '+573001234567', 'mobile'],
    ['601 234 5678', 'CO', '+576012345678', 'landline'],
    ['604-444-1234', 'CO', '+576044441234', 'landline'],
    ['3001234', 'CO', null, null], // too short
    ['2001234567', 'CO', null, null], // no such range
    ['55 1234 5678', 'MX', '+525512345678', 'unknown'], // Mexico cannot tell mobile from landline
    ['+52 1 55 1234 5678', 'MX', null, null], // the pre-2019 mobile "1" is no longer part of the number
    ['664 123 4567', 'MX', '+526641234567', 'unknown'],
    ['987 654 321', 'PE', '+51987654321', 'mobile'],
    ['(01) 412 3456', 'PE', '+5114123456', 'landline'], // Lima landline with trunk prefix
    ['14123456', 'PE', '+5114123456', 'landline'],
    ['887 654 321', 'PE', null, null], // Peruvian mobiles start with 9
    ['+1 212 736 5000', 'CO', '+12127365000', 'unknown'], // a foreign number is kept with its own country
    ['abc', 'CO', null, null],
    ['', 'CO', null, null],
  ];
  it.each(cases)('%s (%s) -> %s %s', (raw, country, e164, type) => {
    const r = normalizePhone(raw, country);
    if (e164 === null) {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(/phone|number|length/);
    } else {
      expect(r).toMatchObject({ ok: true, e164, type });
    }
  });

  it('uses the type the file declares only where the numbering plan cannot tell', () => {
    expect(normalizePhone('5512345678', 'MX', 'mobile')).toMatchObject({ ok: true, type: 'mobile' });
    expect(normalizePhone('3001234567', 'CO', 'landline')).toMatchObject({ ok: true, type: 'mobile' });
  });

  it('gives Mexican numbers the zone of their area code', () => {
    expect(normalizePhone('6641234567', 'MX')).toMatchObject({ zone: 'America/Tijuana' });
    expect(normalizePhone('9981234567', 'MX')).toMatchObject({ zone: 'America/Cancun' });
    expect(normalizePhone('5512345678', 'MX')).toMatchObject({ zone: 'America/Mexico_City' });
    expect(normalizePhone('3001234567', 'CO')).toMatchObject({ zone: 'America/Bogota' });
  });

  it('agrees with the full libphonenumber-js parse on arbitrary input', () => {
    const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));
    const input = fc.oneof(
      digits(6, 12),
      fc.tuple(fc.constantFrom('+57', '+52', '+51', '+56', '+1', '+34', '+5'), digits(6, 12)).map(([a, b]) => a + b),
      fc.tuple(fc.constantFrom('3', '60', '9', '55', '66', '0', '1'), digits(5, 10)).map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(input, fc.constantFrom('CO', 'MX', 'PE', 'CL', 'ES', 'EC'), (raw, country) => {
        const fast = normalizePhone(raw, country);
        const slow = normalizePhoneSlow(raw, country);
        expect(fast.ok).toBe(slow.ok);
        if (fast.ok && slow.ok) expect({ e164: fast.e164, type: fast.type, zone: fast.zone }).toEqual({ e164: slow.e164, type: slow.type, zone: slow.zone });
      }),
      { numRuns: 5000 },
    );
  }, 60_000);
});

describe('debtorZones', () => {
  it('keeps every zone as a candidate when address and phone disagree', () => {
    expect(debtorZones('America/Mexico_City', ['America/Tijuana', 'America/Mexico_City'], 'America/Mexico_City')).toEqual({
      timeZone: 'America/Mexico_City',
      candidates: ['America/Mexico_City', 'America/Tijuana'],
    });
    expect(debtorZones('America/Bogota', ['America/Bogota'], 'America/Bogota')).toEqual({ timeZone: 'America/Bogota', candidates: [] });
    expect(debtorZones(undefined, ['America/Cancun'], 'America/Mexico_City')).toEqual({ timeZone: 'America/Cancun', candidates: [] });
  });
});

describe('maskPhoneText', () => {
  it('keeps only the last four digits', () => {
    expect(maskPhoneText('+57 300 123 4567')).toBe('+** *** *** 4567');
  });
});
