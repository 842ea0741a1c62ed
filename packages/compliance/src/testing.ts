// For tests that place real calls: the first instant, from now on, at which the real profile of a
// jurisdiction lets an automated call through and keeps letting it through for a while. A test then runs
// its clock from that instant (at real speed) instead of failing on a Sunday night or a holiday. The
// profile is never loosened: the instant is found by asking the real gate.
import { ComplianceGate } from './gate.js';
import { InMemoryComplianceStore } from './memory-store.js';
import type { Channel, Jurisdiction } from './types.js';

export interface OpenWindowQuery {
  jurisdiction: Jurisdiction;
  timeZone: string;
  channel?: Channel;
  /** The window must stay open this long after the instant found (the test's length). Default 2 h. */
  openForMs?: number;
  /** Start of the search; default now. */
  from?: Date;
}

const STEP_MS = 15 * 60_000;
const HORIZON_MS = 14 * 24 * 3_600_000;

/** The first instant >= from at which automated contacts are allowed for openForMs (checked every 15 minutes). */
export async function nextOpenWindow(q: OpenWindowQuery): Promise<Date> {
  const store = new InMemoryComplianceStore(1);
  // a debtor who authorised the channel (as the tests' debtors do): only the clock can refuse
  store.upsertDebtor('probe', { timeZones: [q.timeZone], jurisdiction: q.jurisdiction, authorisedChannels: [q.channel ?? 'voice'] });
  const gate = new ComplianceGate({ store });
  const openFor = q.openForMs ?? 2 * 3_600_000;
  const allowed = async (t: number) =>
    (
      await gate.preview({
        channel: q.channel ?? 'voice',
        automated: true,
        at: new Date(t),
        debtorId: 'probe',
        phone: { e164: '+10000000000', type: 'mobile', consentAutomated: true, optedOut: false, relation: 'debtor' },
      })
    ).allowed;
  const from = (q.from ?? new Date()).getTime();
  for (let start = from; start < from + HORIZON_MS; start += STEP_MS) {
    let open = true;
    for (let t = start; t <= start + openFor && open; t += STEP_MS) open = await allowed(t);
    if (open) return new Date(start);
  }
  throw new Error(`no ${openFor / 3_600_000} h window open for ${q.jurisdiction.country} (${q.timeZone}) in the 14 days after ${new Date(from).toISOString()}`);
}
