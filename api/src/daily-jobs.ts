// The jobs the running platform does once a day, shortly after midnight in DAILY_TIME_ZONE: accounts age into
// another segment without any import, and promises fall due.
import type { Db } from '@cobranza/db';
import { startDailyJob, startDailySegmentation, type DailyJob, type DailyJobOptions } from './import/daily.js';
import { updatePromiseStatuses, type PromiseStatusRun } from './services/promise-status.js';

export type DailyPromiseStatuses = DailyJob<PromiseStatusRun>;

export function startDailyPromiseStatuses(
  db: Db,
  opts: { zone: string; graceDays: number; hour?: number; minute?: number; onError?: (e: unknown) => void; onDone?: (r: PromiseStatusRun) => void } & Pick<
    DailyJobOptions<PromiseStatusRun>,
    'once' | 'onSkipped'
  >,
): DailyPromiseStatuses {
  const { graceDays, ...schedule } = opts;
  return startDailyJob((today) => updatePromiseStatuses(db, today, { graceDays }), { ...schedule, hour: opts.hour ?? 0, minute: opts.minute ?? 15 });
}

export { startDailySegmentation };
