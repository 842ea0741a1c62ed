// What the IVR reads and writes in Postgres, behind one interface (the session never sees SQL).
import type { OptOutSource } from '@cobranza/contracts';
import type { AccountInfo, DebtorInfo } from '../context.js';
import type { IdentityCandidate } from '../identity.js';

export interface PathStep {
  at: string;
  step: string;
  input?: string;
  result?: string;
}

export interface SessionStart {
  direction: 'outbound' | 'inbound';
  callAttemptId: string | null;
  debtorId: string | null;
  callerNumber: string | null;
}

export interface SessionUpdate {
  debtorId?: string | null;
  identified?: boolean;
  path?: PathStep[];
  outcome?: string | null;
  ended?: boolean;
}

export interface NewPromise {
  debtorId: string;
  accountId: string;
  ivrSessionId: string;
  amount: string;
  currency: string;
  dueDate: string;
}

export interface NewOptOut {
  debtorId: string | null;
  e164: string | null;
  channel: 'all' | 'voice' | 'ivr' | 'sms';
  source: OptOutSource;
}

export interface IvrStore {
  loadDebtor(debtorId: string, focusAccountId?: string | null): Promise<DebtorInfo | null>;
  identityCandidates(document: string): Promise<IdentityCandidate[]>;
  createSession(s: SessionStart): Promise<string>;
  updateSession(id: string, u: SessionUpdate): Promise<void>;
  insertPromise(p: NewPromise): Promise<string>;
  recordOptOut(o: NewOptOut): Promise<void>;
  audit(action: string, entity: string, entityId: string | null, details: Record<string, unknown>): Promise<void>;
  /** The debtor's best number for an SMS: the given number if it is theirs, else their first valid mobile. */
  smsNumberFor(debtorId: string, preferred: string | null): Promise<string | null>;
}

export type { AccountInfo };
