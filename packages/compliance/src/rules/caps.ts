// Frequency caps. Calendar windows (day, week, month) follow the debtor's local calendar; a
// rolling window of N days counts an event until plusDaysStrict(event, N); N calendar days count it
// until the local midnight that starts day N + 1 (its own day is day 1). Events recorded after
// the evaluated instant are counted too: the engine never assumes a contact did not happen.
import { plusDaysStrict, startOfLocalDay, startOfLocalDayPlus, startOfLocalMonth, startOfLocalWeek, startOfNextLocalDay, startOfNextLocalMonth, startOfNextLocalWeek, DAY, HOUR } from '../localtime.js';
import type { ComplianceProfile, ContactEvent, ContactRequest, FrequencyCap } from '../types.js';
import { CHANNEL_NAMES, KEY_NAMES, matchesOutcome, sameKey, type Checker } from './common.js';

const COUNTS: Record<FrequencyCap['counts'], { es: string; en: string }> = {
  attempt: { es: 'intentos', en: 'attempts' },
  connected: { es: 'intentos conectados', en: 'connected attempts' },
  live: { es: 'contestaciones', en: 'live answers' },
  rightParty: { es: 'contactos con el titular', en: 'right-party contacts' },
  conversation: { es: 'conversaciones', en: 'conversations' },
};

export function periodBounds(kind: 'day' | 'week' | 'month', t: number, zone: string, weekStartsOn: number): [number, number] {
  switch (kind) {
    case 'day':
      return [startOfLocalDay(t, zone), startOfNextLocalDay(t, zone)];
    case 'week':
      return [startOfLocalWeek(t, zone, weekStartsOn), startOfNextLocalWeek(t, zone, weekStartsOn)];
    case 'month':
      return [startOfLocalMonth(t, zone), startOfNextLocalMonth(t, zone)];
  }
}

function windowText(c: FrequencyCap): { es: string; en: string } {
  switch (c.window.kind) {
    case 'day':
      return { es: 'por día', en: 'a day' };
    case 'week':
      return { es: 'por semana calendario', en: 'a calendar week' };
    case 'month':
      return { es: 'por mes', en: 'a month' };
    case 'rolling':
      return { es: `en ${c.window.days} días`, en: `in ${c.window.days} days` };
    case 'calendarDays':
      return { es: `en ${c.window.days} días calendario`, en: `in ${c.window.days} calendar days` };
  }
}

export function capCheckers(p: ComplianceProfile, req: ContactRequest, history: ContactEvent[], zones: string[]): Checker[] {
  const out: Checker[] = [];
  for (const cap of p.caps) {
    if (!cap.channels.includes(req.channel)) continue;
    // Checks only ever look forward from req.at, so events too old to fall in any window then are dropped.
    const w0 = cap.window;
    const horizonDays = w0.kind === 'rolling' || w0.kind === 'calendarDays' ? w0.days + 1 : w0.kind === 'day' ? 2 : w0.kind === 'week' ? 8 : 32;
    const cutoff = req.at.getTime() - Math.max(horizonDays * DAY, (cap.minGapHours ?? 0) * HOUR);
    const counted = history
      .filter((e) => e.at.getTime() > cutoff && cap.channels.includes(e.channel) && sameKey(e, req, cap.key) && matchesOutcome(e, cap.counts))
      .map((e) => e.at.getTime())
      .sort((a, b) => a - b);
    const w = windowText(cap);
    let labelText: { es: string; en: string } | undefined;
    const label = () => (labelText ??= {
      es: `Tope ${p.id} "${cap.id}": máximo ${cap.limit} ${COUNTS[cap.counts].es} ${w.es} ${KEY_NAMES[cap.key].es} (${cap.channels.map((c) => CHANNEL_NAMES[c].es).join(', ')})`,
      en: `${p.id} cap "${cap.id}": at most ${cap.limit} ${COUNTS[cap.counts].en} ${w.en} ${KEY_NAMES[cap.key].en} (${cap.channels.map((c) => CHANNEL_NAMES[c].en).join(', ')})`,
    });
    for (const zone of zones) {
      // When each counted event leaves a rolling window, computed once per zone.
      let allEnds: number[] | undefined;
      out.push({
        ruleId: `${p.id}/${cap.id}`,
        profileId: p.id,
        zone,
        check(t: number) {
          const win = cap.window;
          if (win.kind === 'rolling' || win.kind === 'calendarDays') {
            // When each counted contact leaves the window: N×24 h (or N local days, the longer) after
            // it, or the local midnight that starts day N + 1 for calendar days.
            const leaves = win.kind === 'rolling' ? (a: number) => plusDaysStrict(a, win.days, zone) : (a: number) => startOfLocalDayPlus(a, zone, win.days);
            allEnds ??= counted.map(leaves).sort((a, b) => a - b);
            const ends = allEnds.filter((end) => end > t);
            if (ends.length + 1 <= cap.limit) return null;
            return {
              reason: { es: `${label().es}; ya hay ${ends.length}.`, en: `${label().en}; ${ends.length} already.` },
              until: ends[ends.length - cap.limit]!,
            };
          }
          const [from, to] = periodBounds(win.kind, t, zone, p.weekStartsOn);
          const n = counted.filter((a) => a >= from && a < to).length;
          if (n + 1 <= cap.limit) return null;
          return { reason: { es: `${label().es}; ya hay ${n}.`, en: `${label().en}; ${n} already.` }, until: to };
        },
      });
    }
    if (cap.minGapHours !== undefined) {
      const gap = cap.minGapHours * HOUR;
      out.push({
        ruleId: `${p.id}/${cap.id}/min-gap`,
        profileId: p.id,
        check(t: number) {
          let x = t;
          for (const a of counted) if (x > a - gap && x < a + gap) x = a + gap;
          if (x === t) return null;
          return {
            reason: {
              es: `Tope ${p.id} "${cap.id}": al menos ${cap.minGapHours} h entre contactos.`,
              en: `${p.id} cap "${cap.id}": at least ${cap.minGapHours} h between contacts.`,
            },
            until: x,
          };
        },
      });
    }
  }
  return out;
}
