// Prints the CPU cost of a compliance decision (allowed, and blocked with the nextAllowedAt search)
// for a few profiles and history sizes. `npm run -w @cobranza/compliance bench`
import { evaluateContact, resolveProfiles, type Channel, type ContactEvent, type Jurisdiction } from '../src/index.js';

const CASES: Array<{ j: Jurisdiction; zones: string[]; allowedAt: string; blockedAt: string }> = [
  { j: { country: 'CO' }, zones: ['America/Bogota'], allowedAt: '2026-03-10T15:00:00Z', blockedAt: '2026-03-10T02:00:00Z' },
  { j: { country: 'US', region: 'MA' }, zones: ['America/New_York', 'America/Chicago'], allowedAt: '2026-03-10T17:00:00Z', blockedAt: '2026-03-10T04:00:00Z' },
  { j: { country: 'GB' }, zones: ['Europe/London'], allowedAt: '2026-03-10T12:00:00Z', blockedAt: '2026-03-10T22:00:00Z' },
  { j: { country: 'CL' }, zones: ['America/Santiago'], allowedAt: '2026-03-10T15:00:00Z', blockedAt: '2026-03-10T02:00:00Z' },
];
const N = 2000;

function history(n: number, anchor: number): ContactEvent[] {
  const channels: Channel[] = ['voice', 'sms', 'email'];
  // Spread over the 35 days a gate loads, on another account of the debtor.
  return Array.from({ length: n }, (_, i) => ({ at: new Date(anchor - 86_400_000 - ((i * 35 * 86_400_000) / Math.max(n, 1))), channel: channels[i % 3]!, outcome: { connected: true }, accountId: 'a2', creditorId: 'c1' }));
}

// Warm-up so the first row does not pay for JIT compilation.
for (const c of CASES) for (let i = 0; i < 300; i++) evaluateContact({ channel: 'voice', automated: true, at: new Date(c.allowedAt), debtorId: 'd1', creditorId: 'c1', phone: { e164: '+13125550100', type: 'mobile', consentAutomated: true, optedOut: false } }, { timeZones: c.zones, jurisdiction: c.j, history: [], optOuts: [], authorisedChannels: ['voice'] }, resolveProfiles(c.j));
console.log('profile        history  in-window instant µs (result)   out-of-window instant µs (result)');
for (const c of CASES) {
  const profiles = resolveProfiles(c.j);
  for (const h of [0, 20, 200]) {
    const row: string[] = [];
    for (const when of [c.allowedAt, c.blockedAt]) {
      const at = new Date(when);
      const ctx = { timeZones: c.zones, jurisdiction: c.j, history: history(h, at.getTime()), optOuts: [], authorisedChannels: ['voice', 'ivr', 'sms', 'email'] as Channel[] };
      const phone = { e164: '+13125550100', type: 'mobile' as const, consentAutomated: true, optedOut: false };
      const cpu = process.cpuUsage();
      let allowed = 0;
      for (let i = 0; i < N; i++) {
        const d = evaluateContact({ channel: 'voice', automated: true, at: new Date(at.getTime() + (i % 60) * 1000), debtorId: 'd1', accountId: 'a1', creditorId: 'c1', phone }, ctx, profiles);
        if (d.allowed) allowed++;
      }
      const us = process.cpuUsage(cpu).user / N;
      row.push(`${us.toFixed(0).padStart(6)} (${allowed === N ? 'all allowed' : allowed === 0 ? 'all blocked' : `${allowed} allowed`})`);
    }
    console.log(`${profiles.map((p) => p.id).join('+').padEnd(14)} ${String(h).padStart(7)}  ${row.join('   ')}`);
  }
}
