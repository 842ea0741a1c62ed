import { localParts } from '../localtime.js';
import type { Bilingual, Channel, ContactEvent, ContactRequest, CountingKey, CountOutcome, EventTrigger } from '../types.js';

/** A compiled rule: evaluated at any instant t (epoch ms) for one request/context. */
export interface Checker {
  ruleId: string;
  profileId: string;
  zone?: string;
  /**
   * null when the rule allows at t; otherwise why, and `until`: an instant > t such that the
   * rule blocks on all of [t, until) — the earliest instant it could allow — or null if
   * waiting never helps.
   */
  check(t: number): { reason: Bilingual; until: number | null } | null;
}

export interface EventView {
  at: number;
  e: ContactEvent;
}

export const CHANNEL_NAMES: Record<Channel, Bilingual> = {
  voice: { es: 'llamada', en: 'call' },
  ivr: { es: 'llamada IVR', en: 'IVR call' },
  sms: { es: 'SMS', en: 'SMS' },
  email: { es: 'correo electrónico', en: 'e-mail' },
};

export function matchesOutcome(e: ContactEvent, kind: CountOutcome | EventTrigger): boolean {
  const o = e.outcome;
  switch (kind) {
    case 'attempt':
      return true;
    case 'connected':
      // Unknown connection status counts: the safe side.
      return o.connected !== false || !!(o.live || o.rightParty || o.conversation || o.machine || o.voicemail || o.abandoned);
    case 'live':
      return !!(o.live || o.rightParty || o.conversation || o.abandoned);
    case 'rightParty':
      return !!(o.rightParty || o.conversation);
    case 'conversation':
      return !!o.conversation;
    case 'abandoned':
      return !!o.abandoned;
    case 'machine':
      return !!o.machine;
  }
}

/** Events sharing the counting key with the request. A missing field on either side counts (safe side). */
export function sameKey(e: ContactEvent, req: ContactRequest, key: CountingKey): boolean {
  switch (key) {
    case 'person':
      return true;
    case 'debt':
      return req.accountId === undefined || e.accountId === undefined || e.accountId === req.accountId;
    case 'creditor':
      return !req.creditorId || e.creditorId === undefined || e.creditorId === req.creditorId;
    case 'phone':
      return req.phone === undefined || e.phoneE164 === undefined || e.phoneE164 === req.phone.e164;
  }
}

export const KEY_NAMES: Record<CountingKey, Bilingual> = {
  person: { es: 'por persona', en: 'per person' },
  debt: { es: 'por deuda', en: 'per debt' },
  creditor: { es: 'por acreedor', en: 'per creditor' },
  phone: { es: 'por número', en: 'per number' },
};

/** "YYYY-MM-DD HH:MM" local time, for reasons. */
export function fmtLocal(ms: number, zone: string): string {
  const p = localParts(ms, zone);
  const min = Math.floor(p.msOfDay / 60_000);
  return `${p.date} ${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
}
