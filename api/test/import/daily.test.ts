import { describe, expect, it } from 'vitest';
import { msUntilNext } from '../../src/import/daily.js';

describe('msUntilNext', () => {
  it('waits until the next local run time in the debtors\' zone', () => {
    // 23:00 in Bogotá (UTC-5) is 04:00 UTC; the 00:05 run is 65 minutes away
    expect(msUntilNext(new Date('2026-11-24T04:00:00Z'), 'America/Bogota', 0, 5)).toBe(65 * 60_000);
    // just after the run time: the next one is tomorrow
    expect(msUntilNext(new Date('2026-11-24T05:06:00Z'), 'America/Bogota', 0, 5)).toBe((24 * 60 - 1) * 60_000);
    // Mexico City (UTC-6, no DST since 2022)
    expect(msUntilNext(new Date('2026-07-01T05:00:00Z'), 'America/Mexico_City', 0, 0)).toBe(60 * 60_000);
  });
});
