// Campaign runtime settings: campaigns.settings jsonb plus the strategy's AMD choice, validated with
// errors that name the field. A supervisor changes them live through campaign.command.
import type { AmdMode, DialMode, PacingSettings } from '@cobranza/contracts';
import { DEFAULT_PACING, DIAL_MODES } from '@cobranza/contracts';
import { PACING_LIMITS } from '@cobranza/contracts/api/campaigns';

export interface CampaignSettings extends PacingSettings {
  /** Caller id presented to debtors (MX forbids hiding it). */
  callerId: string | null;
  /** Seconds to ring before giving up; regulators require at least 15. */
  ringTimeoutSec: number;
  /** A person waits at most this long for an agent before the safe message starts (≤ 2000 ms). */
  connectDeadlineMs: number;
  /** Record every bridged call (bridges.record on the agent's bridge). */
  record: boolean;
  /**
   * How debtors learn the call is recorded: 'agent' (the opening script says it) or 'none' where the
   * jurisdiction allows one-party consent. A prompt played before bridging would break the 2-second
   * connect rule, so it is not offered for agent calls.
   */
  recordingDisclosure: 'agent' | 'none';
  /**
   * Media played to an abandoned person / a machine. {creditor} becomes the creditor's code,
   * {callback} the creditor's callback number (digits). Default: the per-creditor prompt rendered by
   * telephony/prompts.ts (business name + callback number, nothing about the debt).
   */
  safeMessageMedia: string[];
  lang: string;
  /**
   * IANA zone of the campaign's day for the wallboard ("today", contacts by hour). null: the zone of the
   * portfolio's country, else the creditor's.
   */
  timeZone: string | null;
}

/** The pacing fields come from the platform's one definition (DEFAULT_PACING in @cobranza/contracts). */
export const DEFAULT_CAMPAIGN_SETTINGS: CampaignSettings = {
  ...DEFAULT_PACING,
  callerId: null,
  ringTimeoutSec: 25,
  connectDeadlineMs: 1800,
  record: true,
  recordingDisclosure: 'agent',
  safeMessageMedia: ['sound:cobranza-dialer/safe-{creditor}'],
  lang: 'es',
  timeZone: null,
};

export class CampaignSettingsError extends Error {
  readonly code = 'CAMPAIGN_SETTINGS_INVALID';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`campaigns.settings.${field}: ${message}`);
  }
}

type Check = (v: unknown, field: string) => unknown;
const num =
  (min: number, max: number, integer = false): Check =>
  (v, field) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v)))
      throw new CampaignSettingsError(field, `must be ${integer ? 'an integer' : 'a number'} between ${min} and ${max} (got ${JSON.stringify(v)})`);
    return v;
  };
const limit = (field: keyof typeof PACING_LIMITS, integer = false): Check => num(PACING_LIMITS[field].minimum, PACING_LIMITS[field].maximum, integer);
const CHECKS: Record<keyof CampaignSettings, Check> = {
  mode: (v, f) => {
    if (!(DIAL_MODES as readonly unknown[]).includes(v)) throw new CampaignSettingsError(f, `must be one of ${DIAL_MODES.join(', ')}`);
    return v;
  },
  // the bounds a supervisor may set through the API, defined once in the contracts
  abandonTarget: limit('abandonTarget'),
  maxLinesPerAgent: limit('maxLinesPerAgent'),
  minAgentsForPredictive: limit('minAgentsForPredictive', true),
  amdErrorEstimate: limit('amdErrorEstimate'),
  agentlessConcurrency: limit('agentlessConcurrency', true),
  wrapUpSeconds: limit('wrapUpSeconds', true),
  callerId: (v, f) => {
    if (v !== null && (typeof v !== 'string' || !/^\+?[0-9]{3,16}$/.test(v))) throw new CampaignSettingsError(f, 'must be a phone number or null');
    return v;
  },
  ringTimeoutSec: num(15, 120, true),
  connectDeadlineMs: num(0, 2000, true),
  record: (v, f) => {
    if (typeof v !== 'boolean') throw new CampaignSettingsError(f, 'must be true or false');
    return v;
  },
  recordingDisclosure: (v, f) => {
    if (v !== 'agent' && v !== 'none') throw new CampaignSettingsError(f, "must be 'agent' or 'none'");
    return v;
  },
  safeMessageMedia: (v, f) => {
    if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'string' && /^[a-z]+:/.test(x)))
      throw new CampaignSettingsError(f, 'must be a non-empty list of media URIs like "sound:name"');
    return v;
  },
  lang: (v, f) => {
    if (typeof v !== 'string' || !/^[a-z]{2}(_[A-Z]{2})?$/.test(v)) throw new CampaignSettingsError(f, 'must be a language like "es"');
    return v;
  },
  timeZone: (v, f) => {
    if (v === null) return v;
    if (typeof v !== 'string' || !isZone(v)) throw new CampaignSettingsError(f, `must be an IANA time zone like "America/Bogota" or null (got ${JSON.stringify(v)})`);
    return v;
  },
};

function isZone(z: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: z });
    return true;
  } catch {
    return false;
  }
}

/** Merges a partial settings object over `base`, validating each field given. */
export function mergeSettings(base: CampaignSettings, patch: unknown): CampaignSettings {
  if (patch === null || patch === undefined) return base;
  if (typeof patch !== 'object' || Array.isArray(patch)) throw new CampaignSettingsError('', 'must be an object');
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    const check = CHECKS[k as keyof CampaignSettings];
    if (!check) continue; // settings owned by other parts of the platform (e.g. the console's layout)
    if (v === undefined) continue;
    out[k] = check(v, k);
  }
  return out as unknown as CampaignSettings;
}

export function parseCampaignSettings(raw: unknown, dialMode: string): CampaignSettings {
  const s = mergeSettings(DEFAULT_CAMPAIGN_SETTINGS, raw);
  const hasMode = typeof raw === 'object' && raw !== null && 'mode' in raw;
  return hasMode ? s : { ...s, mode: CHECKS.mode(dialMode, 'dial_mode') as DialMode };
}

export function parseAmdMode(v: unknown): AmdMode {
  if (v === 'off' || v === 'hangup' || v === 'message') return v;
  throw new CampaignSettingsError('amd_mode', `strategy amd_mode must be off, hangup or message (got ${JSON.stringify(v)})`);
}
