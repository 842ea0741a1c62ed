// Picks time zones where it is now inside / outside a 08:00–21:00 calling window, so window tests
// work whatever hour they run at.
const CANDIDATES = [
  'America/New_York', 'America/Chicago', 'America/Los_Angeles', 'Pacific/Honolulu', 'America/Anchorage',
  'Europe/London', 'Europe/Berlin', 'Asia/Tokyo', 'Asia/Kolkata', 'Australia/Sydney', 'Pacific/Auckland', 'Asia/Dubai',
];

export function localHour(zone: string, at = new Date()): number {
  const h = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(at);
  return Number(h);
}

/** Zones with local hour in [from+margin, to-margin) at `at`, default now (margin keeps a test away from the edges). */
export function zonesWhere(inside: boolean, from = 8, to = 21, margin = 1, at = new Date()): string[] {
  return CANDIDATES.filter((z) => {
    const h = localHour(z, at);
    const isIn = h >= from + margin && h < to - margin;
    const isOut = h < from - margin || h >= to + margin || (h >= to && h < 24 && to + margin > 24);
    return inside ? isIn : isOut && !(h >= from && h < to);
  });
}
