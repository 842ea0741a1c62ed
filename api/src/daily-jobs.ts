// The jobs the running platform does once a day, shortly after midnight in DAILY_TIME_ZONE: accounts age into
// another segment without any import, and promises fall due.
import type { Db } from '@cobranza/db';
import { msUntilNext, startDailySegmentation } from './import/daily.js';
import { todayIn } from './import/service.js';
import { updatePromiseStatuses, type PromiseStatusRun } from './services/promise-status.js';

export interface DailyTask {
  stop(): void;
}

export interface DailyPromiseStatuses extends DailyTask {
  runNow(): Promise<PromiseStatusRun>;
}

export function startDailyPromiseStatuses(
  db: Db,
  opts: { zone: string; graceDays: number; hour?: number; minute?: number; onError?: (e: unknown) => void; onDone?: (r: PromiseStatusRun) => void },
): DailyPromiseStatuses {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const runNow = async () => {
    const r = await updatePromiseStatuses(db, todayIn(opts.zone), { graceDays: opts.graceDays });
    opts.onDone?.(r);
    return r;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      runNow()
        .catch((e: unknown) => opts.onError?.(e))
        .finally(schedule);
    }, msUntilNext(new Date(), opts.zone, opts.hour ?? 0, opts.minute ?? 15));
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

export { startDailySegmentation };
