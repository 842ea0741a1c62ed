// Lock-outs triggered by past events (conversation, abandoned call, machine) and the
// one-channel-per-period rule.
import { plusDaysStrict, startOfLocalDayPlus, startOfNextLocalDay, startOfNextLocalWeek, DAY, HOUR } from '../localtime.js';
import type { Channel, ComplianceProfile, ContactEvent, ContactRequest, EventLockout, SingleChannelLockout } from '../types.js';
import { periodBounds } from './caps.js';
import { CHANNEL_NAMES, fmtLocal, matchesOutcome, sameKey, type Checker } from './common.js';

function lockoutEnd(l: EventLockout, at: number, zone: string, weekStartsOn: number): number {
  switch (l.duration.kind) {
    case 'hours':
      return at + l.duration.hours * HOUR;
    case 'days':
      return plusDaysStrict(at, l.duration.days, zone);
    case 'restOfDay':
      return startOfNextLocalDay(at, zone);
    case 'restOfWeek':
      return startOfNextLocalWeek(at, zone, weekStartsOn);
    case 'calendarDays':
      return startOfLocalDayPlus(at, zone, l.duration.days);
  }
}

const TRIGGER: Record<EventLockout['trigger'], { es: string; en: string }> = {
  conversation: { es: 'una conversación', en: 'a conversation' },
  rightParty: { es: 'un contacto con el titular', en: 'a right-party contact' },
  live: { es: 'una contestación', en: 'a live answer' },
  abandoned: { es: 'una llamada abandonada', en: 'an abandoned call' },
  machine: { es: 'una detección de contestador', en: 'a machine detection' },
  attempt: { es: 'un intento', en: 'an attempt' },
};

function eventLockout(p: ComplianceProfile, l: EventLockout, req: ContactRequest, history: ContactEvent[], zones: string[]): Checker[] {
  if (!l.blocks.includes(req.channel)) return [];
  if (l.exemptIfAgentGuaranteed && req.agentGuaranteed) return [];
  // A trigger whose lock-out ended before req.at can never block a later instant.
  const d = l.duration;
  const reach = d.kind === 'hours' ? d.hours * HOUR : d.kind === 'days' || d.kind === 'calendarDays' ? (d.days + 1) * DAY : d.kind === 'restOfDay' ? 2 * DAY : 8 * DAY;
  const cutoff = req.at.getTime() - reach;
  const triggers = history
    .filter((e) => e.at.getTime() > cutoff && l.triggerChannels.includes(e.channel) && sameKey(e, req, l.key) && matchesOutcome(e, l.trigger))
    .map((e) => e.at.getTime())
    .sort((a, b) => a - b);
  if (triggers.length === 0) return [];
  return zones.map((zone) => {
    const ends = triggers.map((a) => lockoutEnd(l, a, zone, p.weekStartsOn));
    return {
    ruleId: `${p.id}/${l.id}`,
    profileId: p.id,
    zone,
    check(t: number) {
      let x = t;
      let cause: number | null = null;
      // Chained lock-outs: waiting out one can land inside the next.
      for (const [i, a] of triggers.entries()) {
        if (a > x) break;
        const end = ends[i]!;
        if (end > x) {
          x = end;
          cause ??= a;
        }
      }
      if (cause === null) return null;
      const exempt = l.exemptIfAgentGuaranteed ? { es: ' salvo con agente garantizado', en: ' unless an agent is guaranteed' } : { es: '', en: '' };
      return {
        reason: {
          es: `Bloqueo ${p.id} "${l.id}": sin ${l.blocks.map((c) => CHANNEL_NAMES[c].es).join('/')} después de ${TRIGGER[l.trigger].es} (${fmtLocal(cause, zone)})${exempt.es}.`,
          en: `${p.id} lock-out "${l.id}": no ${l.blocks.map((c) => CHANNEL_NAMES[c].en).join('/')} after ${TRIGGER[l.trigger].en} (${fmtLocal(cause, zone)})${exempt.en}.`,
        },
        until: x,
      };
    },
    };
  });
}

function singleChannel(p: ComplianceProfile, l: SingleChannelLockout, req: ContactRequest, history: ContactEvent[], zones: string[]): Checker[] {
  const groupOf = (c: Channel) => {
    const i = l.channelGroups.findIndex((g) => g.includes(c));
    return i === -1 ? `solo:${c}` : `g${i}`;
  };
  const mine = groupOf(req.channel);
  const cutoff = req.at.getTime() - (l.period === 'week' ? 8 : 2) * DAY;
  const others = history
    .filter((e) => e.at.getTime() > cutoff && groupOf(e.channel) !== mine && sameKey(e, req, l.key) && matchesOutcome(e, l.trigger))
    .map((e) => ({ at: e.at.getTime(), channel: e.channel }));
  if (others.length === 0) return [];
  return zones.map((zone) => ({
    ruleId: `${p.id}/${l.id}`,
    profileId: p.id,
    zone,
    check(t: number) {
      const [from, to] = periodBounds(l.period, t, zone, p.weekStartsOn);
      const hit = others.find((o) => o.at >= from && o.at < to);
      if (!hit) return null;
      const period = l.period === 'week' ? { es: 'la semana', en: 'the week' } : { es: 'el día', en: 'the day' };
      return {
        reason: {
          es: `Bloqueo ${p.id} "${l.id}": ya hubo contacto por ${CHANNEL_NAMES[hit.channel].es} en ${period.es}; solo ese canal hasta ${fmtLocal(to, zone)}.`,
          en: `${p.id} lock-out "${l.id}": already contacted by ${CHANNEL_NAMES[hit.channel].en} this ${l.period}; only that channel until ${fmtLocal(to, zone)}.`,
        },
        until: to,
      };
    },
  }));
}

export function lockoutCheckers(p: ComplianceProfile, req: ContactRequest, history: ContactEvent[], zones: string[]): Checker[] {
  return p.lockouts.flatMap((l) => (l.type === 'afterEvent' ? eventLockout(p, l, req, history, zones) : singleChannel(p, l, req, history, zones)));
}
