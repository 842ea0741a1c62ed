import { DateTime } from 'luxon';
import type { Channel, ContactContext, ContactEvent, ContactOutcome, ContactRequest, PhoneInfo } from '../src/index.js';

export const PHONE: PhoneInfo = { e164: '+573001234567', type: 'mobile', consentAutomated: true, optedOut: false, relation: 'debtor' };

/** Instant of a local wall-clock time, e.g. at('2026-01-12T10:00', 'America/Bogota'). */
export function at(local: string, zone: string): Date {
  const dt = DateTime.fromISO(local, { zone });
  if (!dt.isValid) throw new Error(`bad local time ${local}`);
  return dt.toJSDate();
}

export function request(over: Partial<ContactRequest> & { at: Date }): ContactRequest {
  return { channel: 'voice', automated: false, debtorId: 'd1', accountId: 'a1', creditorId: 'c1', phone: PHONE, ...over };
}

export function context(over: Partial<ContactContext> = {}): ContactContext {
  return {
    timeZones: ['America/Bogota'],
    jurisdiction: { country: 'CO' },
    history: [],
    optOuts: [],
    authorisedChannels: ['voice', 'ivr', 'sms', 'email'],
    ...over,
  };
}

export function ev(when: Date, channel: Channel, outcome: ContactOutcome = {}, extra: Partial<ContactEvent> = {}): ContactEvent {
  return { at: when, channel, outcome, accountId: 'a1', creditorId: 'c1', phoneE164: PHONE.e164, ...extra };
}
