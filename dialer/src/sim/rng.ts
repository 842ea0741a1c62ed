/**
 * Counter-based pseudo-random numbers: every draw is a pure function of (seed, index, field, sub).
 * This is what gives "common random numbers": the fate of the i-th number dialed does not depend on
 * how many numbers were dialed before it, or when, so two pacing modes face the same workload.
 */

/** The random quantities of one number (lead). Values are arbitrary but fixed forever. */
export const Field = {
  outcome: 1,
  answerDelay: 2,
  failDelay: 3,
  amdSeconds: 4,
  amdVerdict: 5,
  talk: 6,
  wrap: 7,
} as const;
export type FieldId = (typeof Field)[keyof typeof Field];

/** murmur3 finaliser: a full-avalanche 32-bit mixer. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function absorb(h: number, x: number): number {
  return fmix32((h ^ x) + 0x9e3779b9);
}

/**
 * Uniform draw in the open interval (0, 1) with 53 bits of resolution.
 * seed and index may be any non-negative safe integers.
 */
export function uniform(seed: number, index: number, field: number, sub = 0): number {
  let h = 0x2545f491;
  h = absorb(h, seed >>> 0);
  h = absorb(h, Math.floor(seed / 4294967296) >>> 0);
  h = absorb(h, index >>> 0);
  h = absorb(h, Math.floor(index / 4294967296) >>> 0);
  h = absorb(h, field >>> 0);
  h = absorb(h, sub >>> 0);
  const hi = fmix32(h ^ 0x68e31da4) >>> 5; // 27 bits
  const lo = fmix32(h ^ 0xb5297a4d) >>> 6; // 26 bits
  return (hi * 67108864 + lo + 0.5) / 9007199254740992;
}
