// In-memory stand-ins for unit tests of flow logic. The real-Asterisk tests (test/asterisk/) use none of these.
import type { AccountInfo, DebtorInfo } from '../src/context.js';
import type { IdentityCandidate } from '../src/identity.js';
import type { MediaChannel, Playback, PlaybackEnd } from '../src/media.js';
import type { PromptSource } from '../src/prompts/library.js';
import type { AgentRouter, Logger, SmsRequest, SmsResult, SmsSender, TransferRequest, TransferResult } from '../src/session.js';
import type { IvrStore, NewOptOut, NewPromise, SessionStart, SessionUpdate } from '../src/store/store.js';

export interface PlayRecord {
  uris: string[];
  end: PlaybackEnd | 'playing';
}

interface Rule {
  when: RegExp;
  press: string;
  delayMs: number;
}

/**
 * A caller: plays take `playMs` each; `on(/pattern/, '123#')` presses keys when a playback whose URIs match
 * starts (rules are used once, in order), so a test reads like the caller's side of the call.
 */
export class FakeMedia implements MediaChannel {
  readonly id: string;
  readonly plays: PlayRecord[] = [];
  private listeners = new Set<(d: string) => void>();
  private rules: Rule[] = [];
  private goneResolve!: () => void;
  readonly gone: Promise<void>;
  private isDown = false;
  hungUpByUs = false;
  constructor(id = 'fake-1', private readonly playMs = 5) {
    this.id = id;
    this.gone = new Promise((r) => (this.goneResolve = r));
  }
  /** When a playback matching `when` starts, press `press` ('!' = hang up) after `delayMs`. */
  on(when: RegExp, press: string, delayMs = 1): this {
    this.rules.push({ when, press, delayMs });
    return this;
  }
  /** Every URI played, in order (stopped ones included: they started). */
  heard(): string[] {
    return this.plays.flatMap((p) => p.uris);
  }
  press(digits: string): void {
    for (const d of digits) for (const l of [...this.listeners]) l(d);
  }
  callerHangsUp(): void {
    if (this.isDown) return;
    this.isDown = true;
    this.goneResolve();
  }
  async play(uris: string[]): Promise<Playback> {
    const rec: PlayRecord = { uris, end: 'playing' };
    this.plays.push(rec);
    let finish!: (e: PlaybackEnd) => void;
    const done = new Promise<PlaybackEnd>((r) => (finish = r));
    const end = (e: PlaybackEnd) => {
      if (rec.end !== 'playing') return;
      rec.end = e;
      clearTimeout(timer);
      finish(e);
    };
    const timer = setTimeout(() => end('finished'), this.playMs * uris.length);
    void this.gone.then(() => end('hangup'));
    const rule = this.rules[0];
    if (rule && rule.when.test(uris.join(' '))) {
      this.rules.shift();
      // '!' in a rule: the caller hangs up there
      setTimeout(() => {
        for (const d of rule.press) if (d === '!') this.callerHangsUp();
          else this.press(d);
      }, rule.delayMs);
    }
    return { done, stop: async () => end('stopped') };
  }
  onDtmf(listener: (digit: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  isGone(): boolean {
    return this.isDown;
  }
  async hangup(): Promise<void> {
    this.hungUpByUs = true;
    this.callerHangsUp();
  }
}

/** Text prompts become readable fake URIs: `tts:<lang>:<text>`. */
export class FakePrompts implements PromptSource {
  async resolve(_owner: string, _id: string, lang: string, text: string): Promise<string> {
    return `tts:${lang}:${text}`;
  }
  async text(text: string, lang: string): Promise<string> {
    return `tts:${lang}:${text}`;
  }
}

export const CREDITOR = { id: 'cred-1', businessName: 'Banco Andino', callbackNumber: '6015551234' };

export function account(over: Partial<AccountInfo> = {}): AccountInfo {
  return {
    id: 'acc-1',
    externalId: 'TC-0099-8877',
    product: 'tarjeta',
    currency: 'COP',
    balance: '1250000.00',
    minimumPayment: '150000.00',
    oldestDueDate: '2026-10-05',
    nextDueDate: '2026-12-05',
    creditor: CREDITOR,
    strategyId: null,
    negotiation: { minPromiseAmountPct: 20, maxPromiseDays: 30, settlementMaxDiscountPct: 0, maxInstalments: 0, minInstalmentAmount: 0 },
    smsTemplates: {},
    ...over,
  };
}

export function debtor(over: Partial<DebtorInfo> = {}): DebtorInfo {
  return { id: 'deb-1', firstName: 'Lucía', lastName: 'Restrepo', timeZone: 'America/Bogota', locale: 'es-CO', accounts: [account()], ...over };
}

export class MemoryStore implements IvrStore {
  sessions = new Map<string, SessionStart & SessionUpdate>();
  promises: NewPromise[] = [];
  optOuts: NewOptOut[] = [];
  audits: { action: string; details: Record<string, unknown> }[] = [];
  constructor(
    readonly debtors: DebtorInfo[] = [debtor()],
    readonly identities: (IdentityCandidate & { document: string })[] = [
      { debtorId: 'deb-1', document: '52345678', birthDate: '1985-03-14', accountNumbers: ['TC-0099-8877'] },
    ],
  ) {}
  async loadDebtor(id: string) {
    return this.debtors.find((d) => d.id === id) ?? null;
  }
  async identityCandidates(doc: string) {
    return this.identities.filter((i) => i.document === doc);
  }
  async createSession(s: SessionStart) {
    const id = `ses-${this.sessions.size + 1}`;
    this.sessions.set(id, { ...s });
    return id;
  }
  async updateSession(id: string, u: SessionUpdate) {
    this.sessions.set(id, { ...(this.sessions.get(id) as SessionStart), ...u });
  }
  async insertPromise(p: NewPromise) {
    this.promises.push(p);
    return `prom-${this.promises.length}`;
  }
  async recordOptOut(o: NewOptOut) {
    this.optOuts.push(o);
  }
  async audit(action: string, _e: string, _id: string | null, details: Record<string, unknown>) {
    this.audits.push({ action, details });
  }
  async smsNumberFor(_d: string, preferred: string | null) {
    return preferred ?? '+573001112233';
  }
}

export class RecordingRouter implements AgentRouter {
  requests: TransferRequest[] = [];
  constructor(private readonly result: TransferResult = { status: 'connected', agentId: 'agent-7' }) {}
  async routeToAgent(req: TransferRequest) {
    this.requests.push(req);
    return this.result;
  }
}

export class RecordingSms implements SmsSender {
  sent: SmsRequest[] = [];
  constructor(private readonly result: SmsResult = { status: 'sent', messageId: 'sms-1' }) {}
  async sendTemplate(req: SmsRequest) {
    this.sent.push(req);
    return this.result;
  }
}

export const quietLog: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
