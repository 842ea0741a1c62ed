// Public types of the compliance engine. Everything here is plain data so decisions can be
// stored, replayed in simulation and compared across processes.

export type Channel = 'voice' | 'ivr' | 'sms' | 'email';
export const CHANNELS: readonly Channel[] = ['voice', 'ivr', 'sms', 'email'];

export type PhoneType = 'mobile' | 'landline' | 'unknown';
export type LegalHold = 'lawsuit' | 'insolvency';
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** "HH:MM" local wall-clock time, "24:00" allowed as an end. */
export type ClockTime = string;
export interface TimeRange {
  from: ClockTime;
  /** Exclusive: a window to "21:00" blocks 21:00:00 and allows 20:59:59. */
  to: ClockTime;
}
/** Allowed local hours per weekday; a missing or empty day means no contact that day. */
export type WeeklySchedule = Partial<Record<Weekday, TimeRange[]>>;

export interface Jurisdiction {
  /** ISO 3166-1 alpha-2 (UK accepted as an alias of GB). */
  country: string;
  /** Subdivision code without the country prefix, e.g. "MA", "WA", "AP", "SCT". */
  region?: string;
}

export interface PhoneInfo {
  e164: string;
  type: PhoneType;
  /** Prior express consent for autodialed / prerecorded contact to this number (TCPA). */
  consentAutomated: boolean;
  optedOut: boolean;
  /** Whose number it is; contacting references is forbidden in some profiles (CO). */
  relation?: 'debtor' | 'reference' | 'unknown';
}

export interface ContactRequest {
  channel: Channel;
  /** Autodialed (predictive/progressive/agentless) or prerecorded; false for an agent's manual dial. */
  automated: boolean;
  at: Date;
  debtorId: string;
  accountId?: string;
  /** Missing or empty = unknown: creditor-keyed caps then count every creditor's contacts (safe side). */
  creditorId?: string;
  phone?: PhoneInfo;
  /** A live agent is reserved for this call (UK: allows redial after abandon / machine). */
  agentGuaranteed?: boolean;
  campaignId?: string;
  /** Voice only: the caller id is withheld (MX forbids it). */
  callerIdHidden?: boolean;
  /** Free tag of the caller (dialer, ivr, sms, agent-manual, callback) kept in the audit. */
  source?: string;
}

export interface ContactOutcome {
  /**
   * The call reached the dialed line (rang, answered, voicemail) / the message was accepted.
   * false for busy, congestion, invalid number, network failure. Missing is read as true:
   * counting a contact that maybe did not connect is the safe side.
   */
  connected?: boolean;
  live?: boolean;
  rightParty?: boolean;
  conversation?: boolean;
  abandoned?: boolean;
  machine?: boolean;
  voicemail?: boolean;
}

export interface ContactEvent {
  at: Date;
  channel: Channel;
  outcome: ContactOutcome;
  accountId?: string;
  creditorId?: string;
  phoneE164?: string;
  campaignId?: string;
}

export interface OptOut {
  channel: Channel | 'all';
  /** Restricts the opt-out to one number; missing means every number / address of the debtor. */
  phoneE164?: string;
  /** When the debtor opted out: it blocks from this instant on. Missing = since always. */
  at?: Date;
  source?: 'keypad' | 'sms-stop' | 'agent' | 'written' | 'import' | string;
}

export interface ConsentHours {
  /** Extra hours the debtor agreed to, in their local time. */
  schedule: WeeklySchedule;
  validUntil?: Date;
}

export interface ContactContext {
  /** Candidate IANA zones of the debtor; several means uncertain and only the overlap is allowed. */
  timeZones: string[];
  jurisdiction: Jurisdiction;
  /** Past contacts of the debtor (all phones, all accounts, all creditors). */
  history: ContactEvent[];
  optOuts: OptOut[];
  consentHours?: ConsentHours;
  legalHolds?: LegalHold[];
  /** Channels the debtor authorised; undefined = nothing recorded. */
  authorisedChannels?: Channel[];
}

/** What makes a past contact count. Each level includes the ones after it. */
export type CountOutcome = 'attempt' | 'connected' | 'live' | 'rightParty' | 'conversation';

/** person = all the debtor's contacts; debt = same account; creditor = same creditor; phone = same number. */
export type CountingKey = 'person' | 'debt' | 'creditor' | 'phone';

export type CapWindow =
  | { kind: 'day' }
  | { kind: 'week' }
  | { kind: 'month' }
  | { kind: 'rolling'; days: number }
  /**
   * N consecutive calendar days in the debtor's local time, the contact's own day being day 1: a
   * contact counts until the local midnight that starts day N + 1 (Reg F's "7 consecutive days").
   */
  | { kind: 'calendarDays'; days: number };

export interface FrequencyCap {
  id: string;
  key: CountingKey;
  channels: Channel[];
  counts: CountOutcome;
  window: CapWindow;
  /** Maximum counted contacts in the window, the new one included. */
  limit: number;
  /** Minimum time between two counted contacts, in hours. */
  minGapHours?: number;
  description?: string;
}

export type LockoutDuration =
  | { kind: 'hours'; hours: number }
  | { kind: 'days'; days: number }
  | { kind: 'restOfDay' }
  | { kind: 'restOfWeek' }
  /** Through N local calendar days, the event's day being day 1: ends at the local midnight starting day N + 1. */
  | { kind: 'calendarDays'; days: number };

export type EventTrigger = 'conversation' | 'rightParty' | 'live' | 'abandoned' | 'machine' | 'attempt';

export interface EventLockout {
  type: 'afterEvent';
  id: string;
  trigger: EventTrigger;
  /** Channels whose events trigger it. */
  triggerChannels: Channel[];
  key: CountingKey;
  /** Channels the lock-out blocks. */
  blocks: Channel[];
  duration: LockoutDuration;
  /** A call with a guaranteed agent is not blocked (UK abandon / machine rules). */
  exemptIfAgentGuaranteed?: boolean;
  description?: string;
}

export interface SingleChannelLockout {
  type: 'singleChannelPerPeriod';
  id: string;
  /** What makes a contact "direct" (CO unsettled: attempts count, the safe reading). */
  trigger: CountOutcome;
  key: CountingKey;
  period: 'day' | 'week';
  /** Channels in the same group are one "medium" (a voice call and an IVR call are both phone calls). */
  channelGroups: Channel[][];
  description?: string;
}

export type Lockout = EventLockout | SingleChannelLockout;

export interface AbandonSettings {
  /** Cap on abandoned / live answers, e.g. 0.03. */
  maxRate: number;
  /** Window over which the rate is measured, hours (US 30 days = 720, UK 24). */
  windowHours: number;
  /** Connect deadline after the person is recognised, ms. */
  connectDeadlineMs: number;
  /** Ring an unanswered call at least this long before giving up, ms. */
  minRingMs: number;
  /** No redial of an abandoned number within this many hours unless an agent is guaranteed (0 = none). */
  noRedialHours: number;
  /** Whether people hung up on by AMD are estimated and counted (UK requires it). */
  countAmdFalsePositives: boolean;
  /**
   * The jurisdiction's own estimate of the share of people AMD takes for machines, when an operator
   * sets one for it (none of the defaults does): pacing counts the larger of it and the campaign's.
   */
  amdErrorEstimate?: number;
}

export interface UnsettledSetting {
  setting: string;
  choice: string;
  note: string;
}

export interface ProfileScope {
  kind: 'jurisdiction' | 'creditor' | 'campaign' | 'custom';
  country?: string;
  region?: string;
  creditorId?: string;
  campaignId?: string;
}

export interface HolidayCalendarRef {
  country: string;
  region?: string;
}

export interface ComplianceProfile {
  id: string;
  label: string;
  scope: ProfileScope;
  /** Contact hours in debtor local time; undefined = this profile sets no window. */
  schedule?: WeeklySchedule;
  /** Whole days with no contact: computed holiday calendars plus extra dates (YYYY-MM-DD). */
  holidays?: { calendars: HolidayCalendarRef[]; extraDates?: string[] };
  /** Recorded debtor consent to other hours lifts the weekday schedule of this profile (not holidays). */
  consentHoursExtendWindow: boolean;
  /** First day of the calendar week: 1 = Monday … 7 = Sunday. */
  weekStartsOn: number;
  caps: FrequencyCap[];
  lockouts: Lockout[];
  stopOnLegalHolds: LegalHold[];
  requireChannelAuthorisation: boolean;
  /**
   * Channels that are one medium for opt-outs: an opt-out of one is an opt-out of all in the group
   * (CO: a voice call and an IVR call are both phone calls). Everywhere, without this, an IVR opt-out
   * already stops automated voice calls and a voice opt-out stops IVR calls.
   */
  optOutMedia?: Channel[][];
  forbidReferenceContacts: boolean;
  requireCallerId: boolean;
  /** Autodialed/prerecorded contact to these phone types needs consentAutomated (TCPA). */
  automatedConsent?: { channels: Channel[]; phoneTypes: PhoneType[] };
  abandon?: AbandonSettings;
  unsettled?: UnsettledSetting[];
}

export interface Bilingual {
  es: string;
  en: string;
}

export interface RuleHit {
  ruleId: string;
  profileId: string;
  reason: Bilingual;
  /** Earliest instant this rule alone could allow the contact; null = not by waiting. */
  until: Date | null;
  /** Zone in which the rule was evaluated, when it depends on local time. */
  zone?: string;
}

export interface ComplianceDecision {
  allowed: boolean;
  /** The rule that decided: the longest-lasting block, or ALLOW_RULE_ID. */
  ruleId: string;
  /** Profile of the deciding rule (all profiles when allowed). */
  decidingProfileId: string | null;
  profileIds: string[];
  reason: Bilingual;
  /** request.at when allowed; the earliest instant the same contact could be allowed; null if never by waiting. */
  nextAllowedAt: Date | null;
  /** Every rule that blocked at request.at. */
  blockedBy: RuleHit[];
  zones: string[];
  definitionsVersion: string;
  request: {
    debtorId: string;
    accountId?: string;
    creditorId?: string;
    campaignId?: string;
    channel: Channel;
    automated: boolean;
    at: Date;
    /** Masked (last 4 digits) to keep personal data out of logs and audit text. */
    phoneMasked?: string;
    phoneE164?: string;
    source?: string;
  };
}
