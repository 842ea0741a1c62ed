// The campaign's "today" for the wallboard: midnight in its zone, as an instant.

function offsetMs(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(at));
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(at / 1000) * 1000;
}

/** The instant the local day containing `at` began in `timeZone` (DST-safe: the offset is taken at midnight itself). */
export function localDayStart(at: number, timeZone: string): Date {
  const local = at + offsetMs(at, timeZone);
  const midnightLocal = local - (((local % 86_400_000) + 86_400_000) % 86_400_000);
  // the offset at midnight may differ from the offset now (a DST change during the day)
  let start = midnightLocal - offsetMs(midnightLocal - offsetMs(at, timeZone), timeZone);
  if (start > at) start -= 86_400_000;
  return new Date(start);
}
