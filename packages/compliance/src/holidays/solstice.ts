// June solstice instant from a low-precision solar longitude (error well under an hour), enough
// to put Chile's Día de los Pueblos Indígenas on the right local date: 2024–2030 solstices fall
// at least 75 minutes away from Chilean midnight.
const DEG = Math.PI / 180;
const J2000_MS = Date.UTC(2000, 0, 1, 12);

function solarLongitudeDeg(ms: number): number {
  const n = (ms - J2000_MS) / 86_400_000;
  const L = 280.46 + 0.9856474 * n;
  const g = (357.528 + 0.9856003 * n) * DEG;
  const lambda = L + 1.915 * Math.sin(g) + 0.02 * Math.sin(2 * g);
  return ((lambda % 360) + 360) % 360;
}

export function juneSolsticeMs(year: number): number {
  let lo = Date.UTC(year, 5, 18);
  let hi = Date.UTC(year, 5, 24);
  while (hi - lo > 1000) {
    const mid = (lo + hi) / 2;
    if (solarLongitudeDeg(mid) < 90) lo = mid;
    else hi = mid;
  }
  return Math.round(hi);
}
