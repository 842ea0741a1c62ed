import { describe, expect, it } from 'vitest';
import { formatWallTime, instantOfWallTime, wallTimeIn, zoneCity } from './zone.js';

describe('wall-clock times in the debtor zone', () => {
  it("reads a typed time as the debtor's local time, whatever the machine's zone", () => {
    expect(instantOfWallTime('2026-12-09T10:00', 'America/Bogota')?.toISOString()).toBe('2026-12-09T15:00:00.000Z');
    expect(instantOfWallTime('2026-12-09T10:00', 'Europe/Madrid')?.toISOString()).toBe('2026-12-09T09:00:00.000Z');
    expect(instantOfWallTime('2026-07-09T10:00', 'America/New_York')?.toISOString()).toBe('2026-07-09T14:00:00.000Z');
    expect(instantOfWallTime('not a time', 'America/Bogota')).toBeNull();
  });

  it('gives the wall-clock reading of an instant in a zone (round trip), also across a DST change', () => {
    expect(wallTimeIn(new Date('2026-12-09T15:00:00Z'), 'America/Bogota')).toBe('2026-12-09T10:00');
    // New York leaves DST on 2026-11-01 at 02:00 local
    const afterChange = instantOfWallTime('2026-11-01T09:30', 'America/New_York')!;
    expect(afterChange.toISOString()).toBe('2026-11-01T14:30:00.000Z');
    expect(wallTimeIn(afterChange, 'America/New_York')).toBe('2026-11-01T09:30');
  });

  it('names the zone by its city, as people write it, and formats a local time for a person', () => {
    expect(zoneCity('America/Bogota', 'es')).toBe('Bogotá');
    expect(zoneCity('America/Argentina/Buenos_Aires', 'en')).toBe('Buenos Aires');
    expect(zoneCity('America/Mexico_City', 'es')).toBe('Ciudad de México');
    expect(formatWallTime(new Date('2026-12-09T12:00:00Z'), 'America/Bogota', 'es-CO')).toMatch(/miércoles.*9 de diciembre.*07:00/);
  });
});
