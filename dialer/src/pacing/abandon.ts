import type { AbandonCounts } from './window.js';

export interface AbandonEstimate {
  /** Estimated live people answered (connected + dropped people + people AMD hung up on). */
  live: number;
  /** Estimated abandoned people (dropped people + people AMD hung up on). */
  abandoned: number;
  /** Estimated people AMD wrongly classified as machines (never observed directly). */
  amdVictims: number;
  rate: number;
  /** Share of live people lost to AMD errors alone. */
  amdVictimShare: number;
}

/**
 * The regulatory abandon rate as far as the dialer can know it.
 *
 * - A dropped call may have been a machine that AMD let through; its party is unknown, so dropped
 *   calls count as people in the proportion seen in agents' dispositions of connected calls
 *   (drops do not depend on the party). With no dispositions yet they all count as people.
 * - People that AMD hung up on are invisible. With h = P(AMD says machine | person), the people
 *   AMD passed as human are a (1 - h) share of all people that went through AMD, so the victims
 *   are h / (1 - h) x (people recognised after AMD). Multiplying h by the calls classified as
 *   machine would be wrong: most of those are real machines.
 */
export function estimateAbandons(c: AbandonCounts, amdHumanAsMachine: number): AbandonEstimate {
  const h = Math.min(0.99, Math.max(0, amdHumanAsMachine));
  const personShare = (c.humanDisposition + 1) / (c.humanDisposition + c.machineDisposition + 1);
  const connectedPeople = c.connected * personShare;
  const droppedPeople = c.dropped * personShare;
  const afterAmdPeople = (c.connectedAfterAmd + c.droppedAfterAmd) * personShare;
  const amdVictims = (h / (1 - h)) * afterAmdPeople;
  const live = connectedPeople + droppedPeople + amdVictims;
  const abandoned = droppedPeople + amdVictims;
  const recognised = c.connected + c.dropped;
  // Before any answer, assume every person goes through AMD (the cautious reading).
  const amdVictimShare = recognised > 0 ? (live > 0 ? amdVictims / live : 0) : h;
  return { live, abandoned, amdVictims, rate: live > 0 ? abandoned / live : 0, amdVictimShare };
}
