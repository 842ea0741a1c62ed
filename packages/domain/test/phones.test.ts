import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { nanpAreaCodes, nanpZones } from '../src/nanp-zones.js';
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
        if (fast.ok && slow.ok) expect({ e164: fast.e164, type: fast.type, zones: fast.zones }).toEqual({ e164: slow.e164, type: slow.type, zones: slow.zones });
      }),
      { numRuns: 5000 },
    );
  }, 60_000);
});

describe('US and Canadian numbers (NANP area codes)', () => {
  it.each([
    ['(212) 736-5000', 'America/New_York'], // New York
    ['213 621 2345', 'America/Los_Angeles'], // Los Angeles
    ['312-744-5000', 'America/Chicago'], // Chicago
    ['303.555.1234', 'America/Denver'], // Denver
    ['+1 602 262 3011', 'America/Phoenix'], // Phoenix: no daylight saving
    ['808 586 0034', 'Pacific/Honolulu'],
    ['907 343 4431', 'America/Anchorage'],
    ['1 (415) 554-4000', 'America/Los_Angeles'], // trunk 1 before the area code
  ])('%s -> %s', (raw, zone) => {
    const r = normalizePhone(raw, 'US');
    expect(r).toMatchObject({ ok: true, country: 'US', zone, zones: [zone] });
  });

  it('gives a toll-free or premium number no zone at all (not the country default)', () => {
    for (const raw of ['800 275 2273', '888 555 1234', '877 555 0199', '833 555 0100', '900 555 0100']) {
      const r = normalizePhone(raw, 'US');
      expect(r).toMatchObject({ ok: true, zone: undefined, zones: [] });
    }
  });

  it('gives every zone of an area code that spans two, the main one first', () => {
    expect(normalizePhone('850 595 4960', 'US')).toMatchObject({ zone: 'America/Chicago', zones: ['America/Chicago', 'America/New_York'] }); // Pensacola / Tallahassee
    expect(normalizePhone('605 394 4100', 'US')).toMatchObject({ zones: ['America/Chicago', 'America/Denver'] }); // Sioux Falls / Rapid City
    expect(normalizePhone('423 555 0123', 'US')).toMatchObject({ zones: ['America/New_York', 'America/Chicago'] }); // Chattanooga / Marion County
    expect(normalizePhone('208 384 4422', 'US')).toMatchObject({ zones: ['America/Denver', 'America/Los_Angeles'] }); // Boise / Coeur d'Alene
    // a debtor known only by that phone gets both as candidates
    const p = normalizePhone('850 595 4960', 'US');
    expect(p.ok && debtorZones(undefined, p.zones, 'America/New_York')).toEqual({
      timeZone: 'America/Chicago',
      candidates: ['America/Chicago', 'America/New_York'],
    });
  });

  it('maps Canadian and US-territory numbers, which libphonenumber files under their own country', () => {
    expect(normalizePhone('416 392 2489', 'US')).toMatchObject({ ok: true, country: 'CA', zones: ['America/Toronto'] });
    expect(normalizePhone('+1 604 873 7000', 'CO')).toMatchObject({ ok: true, country: 'CA', zones: ['America/Vancouver'] });
    expect(normalizePhone('787 722 1234', 'US')).toMatchObject({ ok: true, country: 'PR', zones: ['America/Puerto_Rico'] });
  });

  it('knows every geographic US and Canadian area code libphonenumber knows, and only real zones', () => {
    const ours = new Set(nanpAreaCodes());
    const missing: string[] = [];
    for (let npa = 200; npa <= 999; npa++) {
      const p = parsePhoneNumberFromString(`+1${npa}2345678`);
      if (!p?.isValid() || !['US', 'CA'].includes(p.country ?? '')) continue;
      const t = p.getType();
      if ((t === 'FIXED_LINE' || t === 'MOBILE' || t === 'FIXED_LINE_OR_MOBILE') && !ours.has(String(npa))) missing.push(`${npa} (${p.country})`);
    }
    expect(missing).toEqual([]);
    for (const code of ours) for (const zone of nanpZones(`${code}2345678`)) expect(() => new Intl.DateTimeFormat('en', { timeZone: zone })).not.toThrow();
    for (const nonGeographic of ['800', '833', '844', '855', '866', '877', '888', '900', '500', '521', '533', '600', '700', '710']) expect(ours.has(nonGeographic)).toBe(false);
  });
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

  it('keeps every zone of an address that spans several', () => {
    expect(debtorZones(['America/Chicago', 'America/Denver'], ['America/Chicago'], 'America/New_York')).toEqual({
      timeZone: 'America/Chicago',
      candidates: ['America/Chicago', 'America/Denver'],
    });
    expect(debtorZones([], [undefined], 'America/New_York')).toEqual({ timeZone: 'America/New_York', candidates: [] });
  });
});

describe('maskPhoneText', () => {
  it('keeps only the last four digits', () => {
    expect(maskPhoneText('+57 300 123 4567')).toBe('+** *** *** 4567');
  });
});
