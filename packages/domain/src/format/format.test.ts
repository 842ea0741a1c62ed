import { describe, expect, it } from 'vitest';
import { formatMoney, minorDigits, minorToDecimalString, toMinor, MoneyError } from './money.js';
import { addMonths, daysBetween, formatDate, formatDuration, parseIsoDate } from './date.js';
import { maskNationalId, maskPhone } from './mask.js';

const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('money', () => {
  it('knows the minor units of the currencies collected', () => {
    expect(minorDigits('COP')).toBe(2);
    expect(minorDigits('clp')).toBe(0);
    expect(minorDigits('USD')).toBe(2);
    expect(() => minorDigits('XX')).toThrow(/currency "XX"/);
  });
  it('parses numeric strings exactly and refuses sub-cent amounts instead of rounding', () => {
    expect(toMinor('1234567.89', 'COP')).toBe(123456789);
    expect(toMinor(0.1 + 0.2, 'USD')).toBe(30);
    expect(toMinor('15000', 'CLP')).toBe(15000);
    expect(() => toMinor('10.5', 'CLP', 'amount')).toThrow(/amount: 10.5 has more than 0 decimal places for CLP/);
    expect(() => toMinor('12,5', 'USD')).toThrow(MoneyError);
    expect(minorToDecimalString(5, 'USD')).toBe('0.05');
  });
  it('formats in the account currency per locale', () => {
    expect(nbsp(formatMoney('1234567.5', 'COP', 'es-CO'))).toBe('$ 1.234.567,50');
    expect(formatMoney('1234.5', 'USD', 'en-US')).toBe('$1,234.50');
    expect(nbsp(formatMoney('250000', 'CLP', 'es-CL'))).toBe('$250.000');
    expect(nbsp(formatMoney('99.9', 'MXN', 'es-MX'))).toBe('$99.90');
  });
});

describe('dates', () => {
  it('formats calendar dates without shifting them across time zones', () => {
    expect(formatDate('2026-03-01', 'es-CO')).toBe('1 de marzo de 2026');
    expect(formatDate('2026-03-01', 'en-US')).toBe('March 1, 2026');
  });
  it('rejects impossible dates naming the field', () => {
    expect(() => parseIsoDate('2026-02-30', 'dueDate')).toThrow(/dueDate: "2026-02-30" is not a real calendar date/);
    expect(() => parseIsoDate('01/02/2026', 'dueDate')).toThrow(/YYYY-MM-DD/);
  });
  it('adds months keeping the anchor day at month ends', () => {
    expect(addMonths('2026-01-31', 1, 31)).toBe('2026-02-28');
    expect(addMonths('2026-01-31', 2, 31)).toBe('2026-03-31');
    expect(addMonths('2028-01-31', 1, 31)).toBe('2028-02-29');
    expect(daysBetween('2026-12-25', '2027-01-04')).toBe(10);
  });
  it('shows time in state as m:ss and h:mm:ss', () => {
    expect(formatDuration(65)).toBe('1:05');
    expect(formatDuration(3725)).toBe('1:02:05');
  });
});

describe('masking', () => {
  it('keeps only the last digits of a national id', () => {
    expect(maskNationalId('1020304050')).toBe('******4050');
    expect(maskNationalId('12.345.678-9')).toBe('*****6789');
    expect(maskNationalId('123')).toBe('**3');
  });
  it('keeps the country code and the last four digits of a phone', () => {
    expect(maskPhone('+573001234567')).toBe('+57 *** *** 4567');
    expect(maskPhone('+12025550143')).toBe('+1 *** *** 0143');
    expect(maskPhone('+56912345678')).toBe('+56 *** ** 5678');
    expect(maskPhone('+573001234567')).not.toContain('300123');
  });
});
