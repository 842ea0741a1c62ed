// What a supervisor reads about a campaign's queue and about why it is (not) dialing. Shared by the API's
// responses and the console's Campaigns screen and wallboard.
import { type Static, Type } from '@sinclair/typebox';
import { Campaign } from './campaigns.js';
import { IsoDateTime, Nullable, StringEnum } from './common.js';

const Count = Type.Integer({ minimum: 0 });
const Bilingual = Type.Object({ es: Type.String(), en: Type.String() });

/** Leads held back by one compliance rule. */
export const HopperBlock = Type.Object({
  /** The rule's id as the compliance gate names it (`CO/calling-window`). */
  rule: Type.String(),
  leads: Count,
  /** What the rule says, from the compliance ledger; null when no decision was found. */
  reason: Nullable(Bilingual),
  /** Earliest instant one of these leads may be dialled again; null = not by waiting (opt-out, cease). */
  nextAllowedAt: Nullable(IsoDateTime),
  /** The debtor's zone of that earliest lead: the time is read in it. */
  zone: Nullable(Type.String()),
  /** Every zone the held debtors live in (a calling window opens at a different instant in each). */
  zones: Type.Array(Type.String()),
});
export type HopperBlock = Static<typeof HopperBlock>;

export const HopperSummary = Type.Object({
  total: Count,
  /** Pending and due: the dialer takes these next. */
  dueNow: Count,
  /** Pending, scheduled for a later retry (not held by compliance). */
  dueLater: Count,
  /** Earliest of those later retries. */
  nextRetryAt: Nullable(IsoDateTime),
  /** Reserved by a dialer or on a call right now. */
  inProgress: Count,
  blocked: Type.Array(HopperBlock),
  blockedTotal: Count,
  done: Count,
  exhausted: Count,
  at: IsoDateTime,
});
export type HopperSummary = Static<typeof HopperSummary>;

export const DIALING_REASONS = [
  'dialing',
  'draft',
  'paused',
  'stopped',
  'no_leads',
  'hopper_done',
  'waiting_retry',
  'compliance_blocked',
  'retry_rules_invalid',
  'starting',
  'dialer_silent',
  'no_agents',
  'predictive_downgraded',
  'near_abandon_cap',
] as const;
export type DialingReason = (typeof DIALING_REASONS)[number];

/** One line: why the campaign is or is not dialing, machine-readable and in both languages. */
export const DialingStatus = Type.Object({
  reason: StringEnum(DIALING_REASONS),
  es: Type.String(),
  en: Type.String(),
  /** compliance_blocked: the rule holding the most leads back, and when the first of them may be dialled. */
  rule: Type.Optional(Type.String()),
  nextAt: Type.Optional(Nullable(IsoDateTime)),
  zone: Type.Optional(Nullable(Type.String())),
  at: IsoDateTime,
});
export type DialingStatus = Static<typeof DialingStatus>;

export const CampaignOverviewItem = Type.Object({
  campaign: Campaign,
  hopper: HopperSummary,
  dialing: DialingStatus,
  /** Agents assigned to the campaign (campaign_agents): they see its debtors and take its calls. */
  agentsAssigned: Count,
});
export type CampaignOverviewItem = Static<typeof CampaignOverviewItem>;
export const CampaignOverview = Type.Object({ items: Type.Array(CampaignOverviewItem) });
export type CampaignOverview = Static<typeof CampaignOverview>;
