import { uniform } from './rng.js';

/** A duration distribution as written in a scenario file (see shared/bench/SCENARIOS.md). */
export type Dist =
  | { dist: 'lognormal'; mean: number; sd: number }
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'exp'; mean: number }
  | { dist: 'const'; value: number };

/**
 * Draws from `d` using the uniforms of (seed, index, field): sub-draws 0 and 1 only, so the value
 * is a pure function of those four numbers.
 */
export function sample(d: Dist, seed: number, index: number, field: number): number {
  switch (d.dist) {
    case 'const':
      return d.value;
    case 'uniform':
      return d.min + (d.max - d.min) * uniform(seed, index, field, 0);
    case 'exp':
      return -d.mean * Math.log(uniform(seed, index, field, 0));
    case 'lognormal': {
      if (d.sd === 0) return d.mean;
      // Parameters of the underlying normal so that the variable itself has this mean and sd.
      const sigma2 = Math.log(1 + (d.sd * d.sd) / (d.mean * d.mean));
      const mu = Math.log(d.mean) - sigma2 / 2;
      const u1 = uniform(seed, index, field, 0);
      const u2 = uniform(seed, index, field, 1);
      const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
      return Math.exp(mu + Math.sqrt(sigma2) * z);
    }
  }
}

export function distMean(d: Dist): number {
  switch (d.dist) {
    case 'const':
      return d.value;
    case 'uniform':
      return (d.min + d.max) / 2;
    case 'exp':
    case 'lognormal':
      return d.mean;
  }
}
