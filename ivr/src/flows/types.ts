// A call flow as data: what a supervisor edits per strategy (strategies.ivr_flow). Plain JSON, so the
// validator (validate.ts) is the only place that turns unknown input into these types.

export type Lang = 'es' | 'en';
export const LANGS: readonly Lang[] = ['es', 'en'];

/** Text per language; {{variables}} are filled from the call's context (see variables.ts). */
export type LocalText = Partial<Record<Lang, string>> & { es: string };

/** One piece of audio inside a prompt list. */
export type Segment =
  /** A prompt of the flow's prompt library (text rendered to audio, or an uploaded recording). */
  | { prompt: string }
  /** Inline text, rendered to audio once per distinct text (cached by hash). */
  | { text: LocalText }
  /** An Asterisk sound file by name (e.g. "digits/es-de"), read in the call's language. */
  | { sound: string }
  /** A value read with Asterisk's sayings: number, digits, a date, or money (number + currency words). */
  | { say: SayKind; value: string };

export type SayKind = 'number' | 'digits' | 'date' | 'money';
export const SAY_KINDS: readonly SayKind[] = ['number', 'digits', 'date', 'money'];

interface NodeBase {
  /** Free note for the supervisor editing the flow. */
  note?: string;
}

export interface PlayNode extends NodeBase {
  verb: 'play';
  prompts: Segment[];
  /** Repeat the prompts once per account of the debtor, with `account.*` bound to each. */
  each?: 'accounts';
  next: string;
}

export interface SayNode extends NodeBase {
  verb: 'say';
  say: SayKind;
  value: string;
  next: string;
}

export interface GatherNode extends NodeBase {
  verb: 'gather';
  prompts: Segment[];
  /** Context variable that receives the digits (vars.<name>). */
  into: string;
  minDigits?: number;
  maxDigits: number;
  /** Key that ends the entry early; default '#'. */
  terminator?: string;
  firstDigitTimeoutMs?: number;
  interDigitTimeoutMs?: number;
  overallTimeoutMs?: number;
  next: string;
  onTimeout?: string;
}

export interface MenuOption {
  next: string;
  /** Path label recorded in ivr_sessions.path (defaults to the digit). */
  label?: string;
}

export interface MenuNode extends NodeBase {
  verb: 'menu';
  prompts: Segment[];
  /** Digit ('0'-'9', '*', '#') → option. */
  options: Record<string, MenuOption>;
  timeoutMs?: number;
  /** How many times the menu is repeated after no input or a wrong key before `onFail`. */
  retries?: number;
  invalidPrompts?: Segment[];
  onFail: string;
}

export type SecondFactor = 'birth_date' | 'account_last4';
export const SECOND_FACTORS: readonly SecondFactor[] = ['birth_date', 'account_last4'];

export interface IdentifyNode extends NodeBase {
  verb: 'identify';
  /** Accepted second factors; the caller is asked for the first one the debtor's data allows. */
  secondFactors: SecondFactor[];
  maxTries: number;
  next: string;
  /** After maxTries wrong answers, or when the caller/id is rate-limited. */
  onFail: string;
}

export interface PromiseNode extends NodeBase {
  verb: 'promise';
  next: string;
  onCancel: string;
}

export interface SmsNode extends NodeBase {
  verb: 'sms';
  /** Key of strategies.sms_templates. */
  template: string;
  next: string;
  onBlocked?: string;
}

export interface TransferNode extends NodeBase {
  verb: 'transfer';
  /** Routing priority in the dialer's agent queue (higher first). */
  priority?: number;
  /** Where the call goes when no agent takes it. */
  onNoAgent: string;
}

export interface OptOutNode extends NodeBase {
  verb: 'opt-out';
  /**
   * What the debtor refuses (default 'all'). 'ivr' is a revocation of consent to automated calls: the gate
   * (packages/compliance) then blocks IVR and autodialed voice calls, and where voice and IVR are one medium
   * (CO) every call; 'voice' blocks every call, IVR included. Other media (SMS, e-mail) only with 'all'.
   */
  channel?: 'all' | 'voice' | 'ivr';
  next: string;
}

export interface HangupNode extends NodeBase {
  verb: 'hangup';
  prompts?: Segment[];
  /** Recorded as the session outcome unless a stronger one was reached (promise, opt-out, transfer). */
  outcome?: string;
}

export type FlowNode =
  | PlayNode
  | SayNode
  | GatherNode
  | MenuNode
  | IdentifyNode
  | PromiseNode
  | SmsNode
  | TransferNode
  | OptOutNode
  | HangupNode;
export type Verb = FlowNode['verb'];
export const VERBS: readonly Verb[] = ['play', 'say', 'gather', 'menu', 'identify', 'promise', 'sms', 'transfer', 'opt-out', 'hangup'];

/**
 * outbound: a person answered an agentless call (the debtor's data may be read: the dialer placed the call
 *   to the debtor's number and AMD heard a person).
 * inbound: anyone may be calling: nothing about a debt before an identify node succeeds.
 * machine: an answering machine or a third party: only the business name and callback number.
 */
export type FlowKind = 'outbound' | 'inbound' | 'machine';
export const FLOW_KINDS: readonly FlowKind[] = ['outbound', 'inbound', 'machine'];

export interface Flow {
  version: 1;
  kind: FlowKind;
  start: string;
  /** Prompt library: id → text per language. An uploaded recording with the same id replaces the text. */
  prompts: Record<string, LocalText>;
  nodes: Record<string, FlowNode>;
}

/** The flows a strategy carries in strategies.ivr_flow. */
export interface StrategyFlows {
  outbound?: Flow;
  inbound?: Flow;
  machine?: Flow;
}
