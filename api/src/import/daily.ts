// The daily segmentation run: days past due grow every night, so accounts change segment without any
// import. The API's runtime starts this once; it recomputes every portfolio shortly after local midnight.
import type { Db } from '@cobranza/db';
import { recomputeSegments } from './segments-sql.js';
import { todayIn } from './service.js';

export interface DailySegmentation {
  stop(): void;
  /** runs now (also what the timer calls); resolves with the number of accounts that moved */
  runNow(): Promise<number>;
}

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

export function startDailySegmentation(
  db: Db,
  opts: { zone: string; hour?: number; minute?: number; onError?: (e: unknown) => void; onDone?: (moved: number) => void },
): DailySegmentation {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const runNow = async () => {
    const { moved } = await recomputeSegments(db, { today: todayIn(opts.zone) });
    opts.onDone?.(moved);
    return moved;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      runNow()
        .catch((e: unknown) => opts.onError?.(e))
        .finally(schedule);
    }, msUntilNext(new Date(), opts.zone, opts.hour ?? 0, opts.minute ?? 5));
    timer.unref();
  };
  schedule();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
    runNow,
  };
}
