// Calendar days on the viewer's own clock (the supervisor's browser): "today" for the panels, "this week" for
// the reports' default range. Dates are YYYY-MM-DD; instants come from the browser's zone.

const pad = (n: number) => String(n).padStart(2, '0');

/** YYYY-MM-DD of an instant on the viewer's clock. */
export const localDate = (d: Date): string => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** The first instant of the day after `now` on the viewer's clock. */
export function endOfLocalDay(now: Date): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
}

/** Monday of the week of `now` (weeks start on Monday in Colombia and most of Latin America). */
export function mondayOf(now: Date): string {
  const back = (now.getDay() + 6) % 7;
  return localDate(new Date(now.getFullYear(), now.getMonth(), now.getDate() - back));
}

/** Days from a to b (YYYY-MM-DD), b - a. */
export const daysFrom = (a: string, b: string): number => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
