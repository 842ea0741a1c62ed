import type { AgentState, AgentStatus, CommandAck, CampaignLiveStats, CallStatus, PauseReason, ScreenPop, ClientToServerEvents, ImportProgressEvent } from '@cobranza/contracts';
import type { Campaign, DebtorRecord, DispositionBody, DispositionResponse, HistoryItem, SipCredentials, User } from '../api/types.js';
import type { Lang, MessageKey } from '../i18n/index.js';
import type { ApiClient } from '../api/client.js';

type AckOf<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0];
export type AgentCommand = AckOf<'agent:command'>;
export type CampaignCommand = AckOf<'campaign:command'>;
export type SupervisorCommand = AckOf<'supervisor:command'>;
/** A command's answer (the server's ack): ok, or refused with a code and a reason for people. */
export type CommandResult = CommandAck;

/** How the store sends commands: implemented over Socket.IO by realtime/, by a fake in tests. */
export interface CommandSender {
  agent(c: AgentCommand): Promise<CommandResult>;
  campaign(c: CampaignCommand): Promise<CommandResult>;
  supervisor(c: SupervisorCommand): Promise<CommandResult>;
}

/** What the store may ask of the softphone (features/softphone implements it over JsSIP). */
export interface PhoneControl {
  setMuted(muted: boolean): void;
  setHeld(held: boolean): void;
  sendDtmf(digit: string): void;
  retry(): void;
  stop(): void;
}

/** 'simulated' (all three): no Asterisk behind the platform; the dialer simulates the agent's channel. */
export type Registration = 'disconnected' | 'connecting' | 'registered' | 'failed' | 'lost' | 'simulated';
export type MicState = 'unknown' | 'granted' | 'denied' | 'unused';
export type ChannelState = 'idle' | 'calling' | 'up' | 'ended' | 'simulated';

export interface PhoneSlice {
  registration: Registration;
  mic: MicState;
  channel: ChannelState;
  muted: boolean;
  held: boolean;
  error: MessageKey | null;
  detail: string | null;
  /** Measured: UA start → registered, and channel INVITE → confirmed (ms). */
  registeredInMs: number | null;
  channelUpInMs: number | null;
  reconnects: number;
}

export interface AgentSlice {
  state: AgentState;
  since: string;
  campaignId: string | null;
  pauseReason: PauseReason | null;
  callId: string | null;
}

export interface CallSlice {
  pop: ScreenPop | null;
  /** performance.now()/Date.now() when the pop arrived and when the debtor record was on screen. */
  popReceivedAt: number | null;
  debtor: DebtorRecord | null;
  /** When the debtor record reached the store (the screen renders in the same task). */
  debtorLoadedAt: number | null;
  history: HistoryItem[];
  loading: boolean;
  error: string | null;
  status: CallStatus | null;
}

export interface AppState {
  lang: Lang;
  session: { user: User | null; token: string | null; status: 'restoring' | 'anonymous' | 'logging_in' | 'authenticated'; error: MessageKey | string | null };
  realtimeConnected: boolean;
  campaigns: Campaign[];
  selectedCampaignId: string | null;
  agent: AgentSlice;
  phone: PhoneSlice;
  call: CallSlice;
  wrapupDeadline: number | null;
  lastDisposition: DispositionResponse | null;
  wallboard: { agents: Record<string, AgentStatus>; campaigns: Record<string, CampaignLiveStats>; updatedAt: number | null };
  ui: { helpOpen: boolean; notice: string | null; quickOutcome: string | null };
  /** The latest progress of each import this user started, by the ref its page chose (the import wizards' bars). */
  imports: Record<string, ImportProgressEvent>;

  setLang(lang: Lang): void;
  login(email: string, password: string): Promise<boolean>;
  logout(): Promise<void>;
  /** After F5: the session cookie still valid means still logged in (no login page), then resync(). */
  restore(): Promise<void>;
  /** The agent's state, call on screen and pending disposition from the server (after F5, login, reconnect). */
  resync(): Promise<void>;
  sipCredentials(): Promise<SipCredentials>;
  /** The API for the desk's screens (users, audit, campaigns…): their data stays in the screen, not the store. */
  request: ApiClient['request'];
  selectCampaign(id: string | null): void;
  goReady(): Promise<CommandResult>;
  pause(reason: PauseReason): Promise<CommandResult>;
  toggleReadyPause(): Promise<CommandResult>;
  hangup(): Promise<CommandResult>;
  /** The debtor goes to a free supervisor; the agent goes to wrap-up (the dialer's agent.command transfer). */
  transfer(): Promise<CommandResult>;
  dialPhone(phoneId: string): Promise<CommandResult>;
  skipPreview(reason: string): Promise<CommandResult>;
  dispose(body: DispositionBody): Promise<DispositionResponse>;
  campaignCommand(c: CampaignCommand): Promise<CommandResult>;
  supervisorCommand(c: SupervisorCommand): Promise<CommandResult>;

  // fed by realtime/ (the one place that listens to the socket)
  setRealtimeConnected(connected: boolean): void;
  onAgentStatus(s: AgentStatus): void;
  onScreenPop(p: ScreenPop): Promise<void>;
  onCallStatus(c: { callId: string; status: CallStatus }): void;
  onWallboardAgents(list: AgentStatus[]): void;
  onWallboardCampaign(s: CampaignLiveStats): void;
  onServerError(e: { code: string; message: string }): void;
  onImportProgress(p: ImportProgressEvent): void;

  // fed by the softphone
  setPhone(patch: Partial<PhoneSlice>): void;
  attachPhone(control: PhoneControl | null): void;
  phoneControl(): PhoneControl | null;
  attachCommands(sender: CommandSender | null): void;

  setHelpOpen(open: boolean): void;
  setQuickOutcome(outcome: string | null): void;
  notify(text: string | null): void;
}
