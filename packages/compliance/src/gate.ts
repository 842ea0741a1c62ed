// The gate every sender calls right before a contact: load the debtor's context from a store,
// resolve the applicable profiles, decide, and record the decision (allowed or blocked).
import { ComplianceConfigError } from './errors.js';
import { evaluateContact, unresolvedJurisdictionDecision } from './evaluate.js';
import { resolveProfiles, type ProfileOverrides } from './profiles/resolve.js';
import type { Channel, ComplianceDecision, ComplianceProfile, ContactContext, ContactRequest } from './types.js';

export interface LoadContextQuery {
  debtorId: string;
  /** The instant being decided. */
  at: Date;
  /** History needed: contacts after at − lookbackDays (later ones too, if any). */
  lookbackDays: number;
  channel: Channel;
  accountId?: string;
  creditorId?: string;
  phoneE164?: string;
}

/** The only I/O the gate needs; Postgres in production, memory in simulation and tests. */
export interface ComplianceStore {
  loadContext(query: LoadContextQuery): Promise<ContactContext>;
  recordDecision(decision: ComplianceDecision): Promise<void>;
  /** Stored configuration (jurisdiction patches, creditor and campaign profiles) for this request. */
  loadOverrides?(request: ContactRequest, context: ContactContext): Promise<ProfileOverrides>;
  /**
   * Runs fn holding the debtor's contact lock, which every process and channel shares, with a store
   * whose reads and writes happen under it; fn's writes commit together when it returns and are all
   * undone if it throws. Without it the gate serialises contacts per debtor within its own process.
   */
  withDebtorLock?<T>(debtorId: string, fn: (locked: this) => Promise<T>): Promise<T>;
}

export interface GatedContact<T> {
  decision: ComplianceDecision;
  /** What `record` returned; undefined when the contact was blocked. */
  recorded?: T;
}

/** Store configuration first, then the gate's own: patches merge (gate wins), extra profiles add up. */
export function mergeOverrides(a: ProfileOverrides | undefined, b: ProfileOverrides | undefined): ProfileOverrides {
  const out: ProfileOverrides = {};
  const defaults = b?.defaults ?? a?.defaults;
  if (defaults) out.defaults = defaults;
  const ids = new Set([...Object.keys(a?.patches ?? {}), ...Object.keys(b?.patches ?? {})]);
  if (ids.size > 0) {
    out.patches = {};
    for (const id of ids) out.patches[id] = { ...(a?.patches?.[id] ?? {}), ...(b?.patches?.[id] ?? {}) };
  }
  const additional = [...(a?.additional ?? []), ...(b?.additional ?? [])];
  if (additional.length > 0) out.additional = additional;
  return out;
}

export interface GateOptions {
  store: ComplianceStore;
  /** Configuration per jurisdiction, creditor and campaign; a function to pick by request. */
  overrides?: ProfileOverrides | ((request: ContactRequest, context: ContactContext) => ProfileOverrides);
  /** History loaded by default; extended automatically when a profile needs more. Default 35 days. */
  lookbackDays?: number;
  horizonDays?: number;
}

/** Days of history a set of profiles needs to decide correctly. */
export function requiredLookbackDays(profiles: ComplianceProfile[]): number {
  let days = 1;
  for (const p of profiles) {
    for (const c of p.caps) {
      const w = c.window;
      days = Math.max(days, w.kind === 'rolling' || w.kind === 'calendarDays' ? w.days + 1 : w.kind === 'month' ? 32 : w.kind === 'week' ? 8 : 2, (c.minGapHours ?? 0) / 24 + 1);
    }
    for (const l of p.lockouts) {
      if (l.type === 'singleChannelPerPeriod') days = Math.max(days, l.period === 'week' ? 8 : 2);
      else if (l.duration.kind === 'days' || l.duration.kind === 'calendarDays') days = Math.max(days, l.duration.days + 1);
      else if (l.duration.kind === 'hours') days = Math.max(days, l.duration.hours / 24 + 1);
      else days = Math.max(days, l.duration.kind === 'restOfWeek' ? 8 : 2);
    }
  }
  return Math.ceil(days);
}

export class ComplianceGate<S extends ComplianceStore = ComplianceStore> {
  private readonly lookbackDays: number;
  /** Tail of each debtor's queue, for stores with no lock of their own (one process only). */
  private readonly localQueues = new Map<string, Promise<unknown>>();

  constructor(private readonly opts: GateOptions & { store: S }) {
    this.lookbackDays = opts.lookbackDays ?? 35;
  }

  /**
   * The way to make a contact: decide and, when allowed, run `record`, which must write the contact
   * (the call attempt row, the SMS row) through the store it is given, before any other contact of
   * the same debtor, in any channel or process, is decided. Two channels asking in the same instant
   * are thus decided one after the other, the second seeing the first, so no cap can be exceeded.
   * The decision is recorded either way; if `record` throws, its writes are undone, the decision
   * stays in the audit, and the error is rethrown.
   */
  async contact<T>(request: ContactRequest, record: (decision: ComplianceDecision, locked: S) => Promise<T>): Promise<GatedContact<T>> {
    const store = this.opts.store;
    let decided: ComplianceDecision | undefined;
    const run = async (locked: S): Promise<GatedContact<T>> => {
      const decision = await this.decide(request, locked);
      await locked.recordDecision(decision);
      decided = decision;
      if (!decision.allowed) return { decision };
      return { decision, recorded: await record(decision, locked) };
    };
    if (!store.withDebtorLock) return this.inLocalQueue(request.debtorId, () => run(store));
    try {
      return await store.withDebtorLock(request.debtorId, run);
    } catch (e) {
      // The failed contact took the decision's row with it (one transaction); the audit keeps it.
      if (decided) await store.recordDecision(decided);
      throw e;
    }
  }

  /**
   * Decide and record, with no contact to record with it (a test, a replay, a check before asking a
   * person). A contact must go through contact(): between check() and the contact's own record
   * another channel could pass the same check.
   */
  async check(request: ContactRequest): Promise<ComplianceDecision> {
    const decision = await this.decide(request, this.opts.store);
    await this.opts.store.recordDecision(decision);
    return decision;
  }

  /** Decide without recording (e.g. to order a hopper); never use it to authorise a contact. */
  async preview(request: ContactRequest): Promise<ComplianceDecision> {
    return this.decide(request, this.opts.store);
  }

  private async inLocalQueue<T>(debtorId: string, fn: () => Promise<T>): Promise<T> {
    const before = this.localQueues.get(debtorId) ?? Promise.resolve();
    const mine = before.then(fn, fn);
    const tail = mine.catch(() => undefined);
    this.localQueues.set(debtorId, tail);
    try {
      return await mine;
    } finally {
      if (this.localQueues.get(debtorId) === tail) this.localQueues.delete(debtorId);
    }
  }

  private async decide(request: ContactRequest, store: ComplianceStore): Promise<ComplianceDecision> {
    const query: LoadContextQuery = {
      debtorId: request.debtorId,
      at: request.at,
      lookbackDays: this.lookbackDays,
      channel: request.channel,
    };
    if (request.creditorId) query.creditorId = request.creditorId;
    if (request.accountId !== undefined) query.accountId = request.accountId;
    if (request.phone) query.phoneE164 = request.phone.e164;
    let context = await store.loadContext(query);
    const own = typeof this.opts.overrides === 'function' ? this.opts.overrides(request, context) : this.opts.overrides;
    const stored = store.loadOverrides ? await store.loadOverrides(request, context) : undefined;
    let profiles: ComplianceProfile[];
    try {
      profiles = resolveProfiles(context.jurisdiction, mergeOverrides(stored, own));
    } catch (e) {
      // The debtor's own data names no known jurisdiction: this debtor is blocked (and the reason
      // recorded); a broken configuration still throws, as it concerns every debtor.
      if (e instanceof ComplianceConfigError && e.field.startsWith('jurisdiction.')) return unresolvedJurisdictionDecision(request, context, e.message);
      throw e;
    }
    const needed = requiredLookbackDays(profiles);
    if (needed > query.lookbackDays) context = await store.loadContext({ ...query, lookbackDays: needed });
    const evalOpts = this.opts.horizonDays === undefined ? {} : { horizonDays: this.opts.horizonDays };
    return evaluateContact(request, context, profiles, evalOpts);
  }
}

