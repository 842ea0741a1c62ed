// The daily segmentation run: days past due grow every night, so accounts change segment without any
// import. The API's runtime starts this once; it recomputes every portfolio shortly after local midnight.
import type { Db } from '@cobranza/db';
import { runOnce, type JobRunStore } from '@cobranza/db/stores/job-runs';
import { recomputeSegments } from './segments-sql.js';
import { todayIn } from './service.js';

/** A job run once a day at a wall-clock time in a zone; `runNow` is also what the timer calls. */
export interface DailyJob<T> {
  stop(): void;
  /** Runs now, whatever other instances do (an operator's explicit run). */
  runNow(): Promise<T>;
  /** What the timer does at the job's time: the day's run, claimed for this instance when `once` is set. */
  runDue(): Promise<void>;
}

/** The segmentation job resolves with the number of accounts that moved. */
export type DailySegmentation = DailyJob<number>;

/** Milliseconds from `now` to the next `hour`:`minute` wall-clock time in `zone` (DST-safe: re-derived each day). */
export function msUntilNext(now: Date, zone: string, hour: number, minute = 0): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: zone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  const secondsNow = Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second);
  let wait = hour * 3600 + minute * 60 - secondsNow;
  if (wait <= 0) wait += 24 * 3600;
  return wait * 1000 - now.getMilliseconds();
}

export interface DailyJobOptions<T> {
  zone: string;
  hour: number;
  minute: number;
  onError?: (e: unknown) => void;
  onDone?: (result: T) => void;
  /** With several API instances: the timer's run of a day happens in one of them only (claimed in job_runs). */
  once?: { store: JobRunStore; job: string; owner: string; leaseMs?: number };
  /** Called when another instance already has the day's run. */
  onSkipped?: (today: string) => void;
}

const DAILY_LEASE_MS = 30 * 60_000;

/** Runs `run(today in zone)` every day at hour:minute in `zone`, re-deriving the wait each day (DST-safe). */
export function startDailyJob<T>(run: (today: string) => Promise<T>, opts: DailyJobOptions<T>): DailyJob<T> {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const runNow = async () => {
    const result = await run(todayIn(opts.zone));
    opts.onDone?.(result);
    return result;
  };
  // the timer's run: claimed for the day when instances share the job; runNow() stays an explicit run
  const scheduled = async () => {
    const once = opts.once;
    if (!once) return void (await runNow());
    const today = todayIn(opts.zone);
    const r = await runOnce(once.store, once.job, today, once.owner, once.leaseMs ?? DAILY_LEASE_MS, () => run(today));
    if (r.ran) opts.onDone?.(r.value);
    else opts.onSkipped?.(today);
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      scheduled()
        .catch((e: unknown) => opts.onError?.(e))
        .finally(schedule);
    }, msUntilNext(new Date(), opts.zone, opts.hour, opts.minute));
    timer.unref();
  };
  schedule();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
    runNow,
    runDue: scheduled,
  };
}

export function startDailySegmentation(
  db: Db,
  opts: { zone: string; hour?: number; minute?: number; onError?: (e: unknown) => void; onDone?: (moved: number) => void } & Pick<DailyJobOptions<number>, 'once' | 'onSkipped'>,
): DailySegmentation {
  return startDailyJob(async (today) => (await recomputeSegments(db, { today })).moved, { ...opts, hour: opts.hour ?? 0, minute: opts.minute ?? 5 });
}
