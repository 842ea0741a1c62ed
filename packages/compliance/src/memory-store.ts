// In-memory ComplianceStore for the simulator, demos and tests: the same gate, no database.
import { ComplianceInputError } from './errors.js';
import { DAY } from './localtime.js';
import type { ComplianceStore, LoadContextQuery } from './gate.js';
import type { ComplianceDecision, ContactContext, ContactEvent, OptOut } from './types.js';

export type DebtorComplianceProfile = Omit<ContactContext, 'history' | 'optOuts'>;

interface DebtorState {
  profile: DebtorComplianceProfile;
  history: ContactEvent[];
  optOuts: OptOut[];
}

export class InMemoryComplianceStore implements ComplianceStore {
  private readonly debtors = new Map<string, DebtorState>();
  private readonly log: ComplianceDecision[] = [];

  /** maxDecisions bounds memory in long simulations (oldest dropped). */
  constructor(private readonly maxDecisions = 100_000) {}

  upsertDebtor(debtorId: string, profile: DebtorComplianceProfile): void {
    const s = this.debtors.get(debtorId);
    if (s) s.profile = profile;
    else this.debtors.set(debtorId, { profile, history: [], optOuts: [] });
  }

  recordContact(debtorId: string, event: ContactEvent): void {
    this.state(debtorId, 'debtorId').history.push(event);
  }

  addOptOut(debtorId: string, optOut: OptOut): void {
    this.state(debtorId, 'debtorId').optOuts.push(optOut);
  }

  async loadContext(q: LoadContextQuery): Promise<ContactContext> {
    const s = this.state(q.debtorId, 'query.debtorId');
    const since = q.at.getTime() - q.lookbackDays * DAY;
    return {
      ...s.profile,
      history: s.history.filter((e) => e.at.getTime() > since),
      optOuts: [...s.optOuts],
    };
  }

  async recordDecision(decision: ComplianceDecision): Promise<void> {
    this.log.push(decision);
    if (this.log.length > this.maxDecisions) this.log.splice(0, this.log.length - this.maxDecisions);
  }

  get decisions(): readonly ComplianceDecision[] {
    return this.log;
  }

  private state(debtorId: string, field: string): DebtorState {
    const s = this.debtors.get(debtorId);
    if (!s) throw new ComplianceInputError(field, `unknown debtor ${JSON.stringify(debtorId)}`);
    return s;
  }
}
