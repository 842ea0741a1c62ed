// Run-once claims for jobs shared by every API instance. The first instance to claim (job, key) runs it; the
// others see the claim and skip. An instance that dies mid-run leaves a claim whose lease runs out, and the next
// claimant takes the run over (the jobs are idempotent, so a half-done run is safe to run again). A finished
// run is never claimed again.
import { sql } from 'kysely';
import type { Db } from '../index.js';

export interface JobClaim {
  /** Record the end of the run (its result or error); the key is then never run again. */
  finish(result: { ok: true; value?: unknown } | { ok: false; error: string }): Promise<void>;
}

export class JobRunStore {
  constructor(private readonly db: Db) {}

  /**
   * Claims the run `key` of `job` for `owner` for `leaseMs`, at the database's clock. Returns null when
   * another owner holds a live lease on it or it already finished.
   */
  async claim(job: string, key: string, owner: string, leaseMs: number): Promise<JobClaim | null> {
    const until = sql<Date>`now() + ${`${Math.ceil(leaseMs)} milliseconds`}::interval`;
    const row = await this.db
      .insertInto('job_runs')
      .values({ job, run_key: key, owner, lease_until: until })
      .onConflict((oc) =>
        oc
          .columns(['job', 'run_key'])
          // a run nobody finished and whose lease ran out: the owner died, take it over
          .doUpdateSet({ owner, lease_until: until, claims: sql`job_runs.claims + 1`, started_at: sql`now()`, error: null })
          .where('job_runs.finished_at', 'is', null)
          .where('job_runs.lease_until', '<', sql<Date>`now()`),
      )
      .returning(['claims'])
      .executeTakeFirst();
    if (!row) return null;
    const claims = row.claims;
    return {
      finish: async (r) => {
        await this.db
          .updateTable('job_runs')
          // a failed run stays unfinished with its lease ended: the next claim (this or another instance) runs it again
          .set(r.ok ? { finished_at: sql`now()`, result: JSON.stringify(r.value ?? null), error: null } : { lease_until: sql`now()`, error: r.error.slice(0, 2000) })
          // only the claim we hold: a run taken over after our lease ran out is the new owner's to finish
          .where('job', '=', job)
          .where('run_key', '=', key)
          .where('owner', '=', owner)
          .where('claims', '=', claims)
          .execute();
      },
    };
  }

  async runsOf(job: string): Promise<{ run_key: string; owner: string; claims: number; finished: boolean; error: string | null }[]> {
    const rows = await this.db.selectFrom('job_runs').select(['run_key', 'owner', 'claims', 'finished_at', 'error']).where('job', '=', job).orderBy('run_key').execute();
    return rows.map((r) => ({ run_key: r.run_key, owner: r.owner, claims: r.claims, finished: r.finished_at !== null, error: r.error }));
  }
}

/**
 * Runs `run` only if this instance wins the claim of (job, key); returns its result, or `skipped` when
 * another instance has it. A failed run keeps its error and can be claimed again at once.
 */
export async function runOnce<T>(store: JobRunStore, job: string, key: string, owner: string, leaseMs: number, run: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
  const claim = await store.claim(job, key, owner, leaseMs);
  if (!claim) return { ran: false };
  try {
    const value = await run();
    await claim.finish({ ok: true, value });
    return { ran: true, value };
  } catch (e) {
    await claim.finish({ ok: false, error: e instanceof Error ? e.message : String(e) });
    throw e;
  }
}
