// Calling windows in the debtor's local time with holiday calendars and consent hours.
import { holidayOn } from '../holidays/index.js';
import { localParts } from '../localtime.js';
import { inSchedule, nextInSchedule, parseSchedule, type ParsedSchedule } from '../schedule.js';
import { WEEKDAYS, type ComplianceProfile, type ConsentHours, type WeeklySchedule } from '../types.js';
import { fmtLocal, type Checker } from './common.js';

const ALL_DAY: WeeklySchedule = Object.fromEntries(WEEKDAYS.map((d) => [d, [{ from: '00:00', to: '24:00' }]]));
const parsedCache = new WeakMap<object, ParsedSchedule>();

function parsed(s: WeeklySchedule, field: string): ParsedSchedule {
  let p = parsedCache.get(s);
  if (!p) {
    p = parseSchedule(s, field);
    parsedCache.set(s, p);
  }
  return p;
}

const DAY_ES: Record<string, string> = { mon: 'lun', tue: 'mar', wed: 'mié', thu: 'jue', fri: 'vie', sat: 'sáb', sun: 'dom' };

export function describeSchedule(s: WeeklySchedule, lang: 'es' | 'en'): string {
  const parts = WEEKDAYS.map((d) => {
    const r = s[d] ?? [];
    const name = lang === 'es' ? DAY_ES[d] : d[0]!.toUpperCase() + d.slice(1);
    return `${name} ${r.length ? r.map((x) => `${x.from}–${x.to}`).join(', ') : lang === 'es' ? 'sin contacto' : 'none'}`;
  });
  return parts.join('; ');
}

/** A local date on which the profile allows no contact, with the holiday's name. */
export function blockedDayName(p: ComplianceProfile, date: string): string | null {
  if (!p.holidays) return null;
  if (p.holidays.extraDates?.includes(date)) return 'día bloqueado por configuración / configured blocked day';
  for (const c of p.holidays.calendars) {
    const h = holidayOn(c.country, date, c.region);
    if (h) return h.name;
  }
  return null;
}

export function windowCheckers(p: ComplianceProfile, zones: string[], consent: ConsentHours | undefined): Checker[] {
  if (!p.schedule && !p.holidays) return [];
  const sched = parsed(p.schedule ?? ALL_DAY, `profiles[${p.id}].schedule`);
  const consentSched = p.consentHoursExtendWindow && consent ? parsed(consent.schedule, 'context.consentHours.schedule') : null;
  const consentUntil = consent?.validUntil?.getTime() ?? Infinity;
  const open = (date: string) => blockedDayName(p, date) === null;
  // Built on first use: most decisions are allowed and never need the text.
  let hoursText: { es: string; en: string } | undefined;
  const hours = () => (hoursText ??= { es: describeSchedule(p.schedule ?? ALL_DAY, 'es'), en: describeSchedule(p.schedule ?? ALL_DAY, 'en') });
  return zones.map((zone) => ({
    ruleId: `${p.id}/calling-window`,
    profileId: p.id,
    zone,
    check(t: number) {
      const lp = localParts(t, zone);
      const holiday = blockedDayName(p, lp.date);
      const inConsent = (x: number) => {
        if (!consentSched || x >= consentUntil) return false;
        const q = localParts(x, zone);
        return inSchedule(consentSched, q.isoWeekday, q.msOfDay);
      };
      if (holiday === null && (inSchedule(sched, lp.isoWeekday, lp.msOfDay) || inConsent(t))) return null;
      let until = nextInSchedule(sched, t, zone, open);
      if (consentSched) {
        const c = nextInSchedule(consentSched, t, zone, open);
        if (c !== null && c < consentUntil && (until === null || c < until)) until = c;
      }
      const local = fmtLocal(t, zone);
      if (holiday !== null) {
        return {
          reason: { es: `Día sin contacto (${p.id}): ${holiday}, ${lp.date} en ${zone}.`, en: `No-contact day (${p.id}): ${holiday}, ${lp.date} in ${zone}.` },
          until,
        };
      }
      return {
        reason: {
          es: `Fuera del horario permitido (${p.id}: ${hours().es}); hora local ${local} en ${zone}.`,
          en: `Outside allowed hours (${p.id}: ${hours().en}); local time ${local} in ${zone}.`,
        },
        until,
      };
    },
  }));
}
