// Live messages between processes (dialer, IVR, API) over the bus, and between the API and the
// console over Socket.IO. One map per direction, so a producer and its consumers share one type.
import type { AgentState, CallOutcome, CallStatus, DialMode, PauseReason, CampaignStatus } from './enums.js';

export interface AgentStatus {
  agentId: string; // users.id
  name: string;
  state: AgentState;
  since: string; // ISO instant the state began
  campaignId: string | null;
  pauseReason: PauseReason | null;
  callId: string | null; // call_attempts.id while reserved/talking/wrapping
}

export interface LiveCall {
  callId: string; // call_attempts.id = ARI channel id
  campaignId: string | null;
  debtorId: string | null;
  status: CallStatus;
  since: string;
  agentId: string | null;
}

/** Runtime settings a supervisor changes without restarting the dialer. */
export interface PacingSettings {
  mode: DialMode;
  abandonTarget: number; // fraction of live answers, e.g. 0.03
  maxLinesPerAgent: number;
  minAgentsForPredictive: number;
  amdErrorEstimate: number; // share of people that AMD wrongly calls machines (counted as abandoned)
  agentlessConcurrency: number;
  wrapUpSeconds: number;
}

/**
 * The one definition of the pacing defaults: the API writes them into every new campaign, the
 * console and wallboard show them, the dialer fills a missing field with them and the pacing engine
 * (and so the simulator) starts from them. Where older copies disagreed, the safe side was kept: 5
 * available agents before predictive, 3 lines per agent, and a 5 % estimate of people that machine
 * detection hangs up on, counted as abandoned (the UK requires an estimate; assuming a perfect AMD
 * would understate the rate).
 */
export const DEFAULT_PACING: Readonly<PacingSettings> = Object.freeze({
  mode: 'predictive',
  abandonTarget: 0.03,
  maxLinesPerAgent: 3,
  minAgentsForPredictive: 5,
  amdErrorEstimate: 0.05,
  agentlessConcurrency: 20,
  wrapUpSeconds: 60,
});

export interface CampaignLiveStats {
  campaignId: string;
  name: string;
  status: CampaignStatus;
  settings: PacingSettings;
  effectiveMode: DialMode; // e.g. predictive falling back to progressive
  linesPerAgent: number;
  agentsLoggedIn: number;
  callsRinging: number;
  callsWaiting: number;
  today: {
    attempts: number;
    liveAnswers: number;
    abandoned: number;
    rightPartyContacts: number;
    promises: number;
    promisedAmount: Record<string, number>; // by currency
    contactsByHour: number[]; // 24 slots, campaign's local day
  };
  abandonRateToday: number;
  abandonRateRolling: number; // over the campaign's regulatory window (30 days US, 24 h UK)
  /** Hours of that window: its debtors' jurisdictions' (compliance profiles), 720 where none sets one. */
  abandonWindowHours?: number;
  /** The cap pacing holds to: the campaign's target, or its jurisdictions' cap when lower. */
  abandonCap?: number;
  contactRate: number; // live answers / attempts today
  at: string;
}

/** Who is on a call, as the dialer hands it to the IVR (agentless message, machine message, press-to-talk). */
export interface CallDebtorContext {
  callId: string;
  campaignId: string | null;
  debtorId: string;
  accountId: string | null;
  e164: string;
  locale: string;
  creditor: { id: string | null; code: string; businessName: string; callbackNumber: string };
}

/** The screen pop: who the agent is talking to, pushed the moment the debtor is bridged. */
export interface ScreenPop {
  callId: string;
  agentId: string;
  campaignId: string | null;
  debtorId: string;
  e164Masked: string;
  via: 'dialer' | 'ivr_press_to_talk' | 'inbound' | 'manual' | 'preview' | 'transfer';
  at: string;
}

/** Messages on the bus (Redis pub/sub in production, in-process with no REDIS_URL). */
/** How far an import has got, for the person who started it (the console's progress bar). */
export interface ImportProgressEvent {
  /** The id the console chose for this upload (`?ref=`), so a page tells its own import from another. */
  ref: string;
  portfolioId: string;
  kind: 'portfolio' | 'payments';
  /** reading: the file is being received and checked; merging and segmenting: the rows go into the portfolio */
  phase: 'reading' | 'merging' | 'segmenting' | 'done' | 'failed';
  /** rows read so far */
  rows: number;
  /** bytes of the file received so far, and its size when the upload declared it (null: unknown) */
  bytes: number;
  totalBytes: number | null;
}

export interface BusEvents {
  'agent.status': AgentStatus;
  'call.status': LiveCall & { outcome: CallOutcome | null };
  'campaign.stats': CampaignLiveStats;
  'screen.pop': ScreenPop;
  /** A user's session ended (logout) or all of them (deactivated, password changed): every API instance re-checks that user's sockets at once. */
  'session.ended': { userId: string; reason: 'logout' | 'deactivated' | 'password_changed' };
  /**
   * An agent's console opened (first live connection) or went away (last one closed: tab closed, network
   * lost). The dialer stops routing calls to an agent without a console at once, and logs the agent out
   * after a grace period (AGENT_CONSOLE_GRACE_SECONDS) unless the console comes back.
   */
  'agent.console': { agentId: string; connected: boolean };
  /**
   * A person answered an agentless call of a dialer whose IVR runs as its own process (`npm run start:ivr`): an IVR
   * process takes the channel (it stays in the dialer's Stasis app; the IVR watches its events) and plays the flow.
   */
  'ivr.agentless': { callId: string; debtor: CallDebtorContext };
  /** The IVR process about a call it was handed: taken, the person asked for an agent (press-to-talk), or done. */
  'ivr.control': { callId: string; action: 'accepted' | 'press_to_talk' | 'finish' };
  // commands to the dialer (from the API on behalf of an agent or supervisor)
  'agent.command': {
    agentId: string;
    /** transfer: the debtor of the agent's call goes to a free supervisor (logged in with supervisor-login); the agent goes to wrap-up. */
    command: 'ready' | 'pause' | 'logout' | 'hangup' | 'dial' | 'skip' | 'wrapup_done' | 'transfer';
    campaignId?: string;
    pauseReason?: PauseReason;
    phoneId?: string; // manual/preview dial
    debtorId?: string;
    reason?: string;
  };
  'campaign.command': {
    campaignId: string;
    command: 'start' | 'pause' | 'stop' | 'settings';
    settings?: Partial<PacingSettings>;
    by: string; // users.id, recorded in the audit log
  };
  'supervisor.command': {
    supervisorId: string;
    agentId: string;
    command: 'listen' | 'whisper' | 'barge' | 'stop';
  };
}
export type BusTopic = keyof BusEvents;

/** Socket.IO: server to console. */
export interface ServerToClientEvents {
  'agent:status': (s: AgentStatus) => void;
  'screen:pop': (p: ScreenPop) => void;
  'call:status': (c: BusEvents['call.status']) => void;
  'wallboard:agents': (agents: AgentStatus[]) => void;
  'wallboard:campaign': (s: CampaignLiveStats) => void;
  'error:message': (e: { code: string; message: string }) => void;
  /** To the supervisor or admin who started the import, on each of their consoles. */
  'import:progress': (p: ImportProgressEvent) => void;
}

/** A command's answer. A refusal carries a stable code and, when people should read it, the reason in both languages. */
export interface CommandAck {
  ok: boolean;
  error?: string;
  code?: string;
  i18n?: { es: string; en: string };
}

/** Socket.IO: console to server. Every handler validates its input and the caller's role. */
export interface ClientToServerEvents {
  'agent:command': (c: Omit<BusEvents['agent.command'], 'agentId'>, ack: (r: CommandAck) => void) => void;
  'campaign:command': (c: Omit<BusEvents['campaign.command'], 'by'>, ack: (r: CommandAck) => void) => void;
  'supervisor:command': (c: Omit<BusEvents['supervisor.command'], 'supervisorId'>, ack: (r: CommandAck) => void) => void;
  'wallboard:subscribe': (ack: (r: { ok: boolean }) => void) => void;
}
