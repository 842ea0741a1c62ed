// Property-based tests: the engine never allows a contact outside a window, over a cap or inside
// a lock-out, across zones and DST changes; nextAllowedAt is allowed and nothing earlier is.
// The oracles below re-derive local time with luxon DateTime (not the engine's offset code).
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  ComplianceGate,
  InMemoryComplianceStore,
  evaluateContact,
  holidaysFor,
  resolveProfiles,
  type Channel,
  type ComplianceProfile,
  type ContactContext,
  type ContactEvent,
  type ContactRequest,
  type Jurisdiction,
} from '../src/index.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// CPU time is a few seconds; the timeout only guards against a shared, overloaded machine.
const PROPERTY_TIMEOUT = 60_000;
const DST_ZONES = ['America/New_York', 'Europe/London', 'America/Santiago'];

/** Every DST transition 2024–2030 in the DST zones, found by scanning hourly offsets with luxon. */
function transitions(): number[] {
  const out: number[] = [];
  for (const zone of DST_ZONES) {
    let prev = DateTime.fromISO('2024-01-01T00:00', { zone });
    const end = DateTime.fromISO('2031-01-01T00:00', { zone }).toMillis();
    for (let ms = prev.toMillis() + HOUR; ms < end; ms += HOUR) {
      const cur = DateTime.fromMillis(ms, { zone });
      if (cur.offset !== prev.offset) out.push(ms);
      prev = cur;
    }
  }
  return out;
}
const TRANSITIONS = transitions();

const JURISDICTIONS: Array<{ j: Jurisdiction; zones: string[][] }> = [
  { j: { country: 'US' }, zones: [['America/New_York'], ['America/New_York', 'America/Chicago'], ['America/Los_Angeles']] },
  { j: { country: 'US', region: 'MA' }, zones: [['America/New_York']] },
  { j: { country: 'US', region: 'WA' }, zones: [['America/Los_Angeles'], ['America/Los_Angeles', 'America/New_York']] },
  { j: { country: 'GB' }, zones: [['Europe/London'], ['Europe/London', 'America/New_York']] },
  { j: { country: 'CL' }, zones: [['America/Santiago'], ['America/Santiago', 'America/Bogota']] },
  { j: { country: 'CO' }, zones: [['America/Bogota'], ['America/Bogota', 'America/New_York'], ['America/Bogota', 'Europe/London']] },
  { j: { country: 'EC' }, zones: [['America/Guayaquil', 'America/Santiago']] },
  { j: { country: 'PE' }, zones: [['America/Lima', 'America/New_York']] },
  { j: { country: 'MX' }, zones: [['America/Mexico_City', 'America/Santiago']] },
];

const CHANNELS: Channel[] = ['voice', 'ivr', 'sms', 'email'];
const PHONES = ['+13125550100', '+13125550101'];

const arbEvent = (anchor: number) =>
  fc
    .record({
      before: fc.integer({ min: 1, max: 10 * 24 * 60 }),
      channel: fc.constantFrom(...CHANNELS),
      connected: fc.boolean(),
      level: fc.integer({ min: 0, max: 3 }),
      machine: fc.boolean(),
      abandoned: fc.boolean(),
      account: fc.constantFrom('a1', 'a2'),
      phone: fc.constantFrom(...PHONES),
    })
    .map(
      (e): ContactEvent => ({
        at: new Date(anchor - e.before * 60_000),
        channel: e.channel,
        outcome: {
          connected: e.connected || e.level > 0,
          live: e.level >= 1 || e.abandoned,
          rightParty: e.level >= 2,
          conversation: e.level >= 3,
          machine: e.machine && e.level === 0,
          abandoned: e.abandoned && e.level < 2,
        },
        accountId: e.account,
        creditorId: 'c1',
        phoneE164: e.phone,
      }),
    );

interface Case {
  req: ContactRequest;
  ctx: ContactContext;
  profiles: ComplianceProfile[];
}

const arbCase: fc.Arbitrary<Case> = fc
  .record({
    jIndex: fc.integer({ min: 0, max: JURISDICTIONS.length - 1 }),
    zoneIndex: fc.nat(),
    transition: fc.constantFrom(...TRANSITIONS),
    shiftSeconds: fc.integer({ min: -3 * 86_400, max: 3 * 86_400 }),
    channel: fc.constantFrom(...CHANNELS),
    automated: fc.boolean(),
    agentGuaranteed: fc.boolean(),
    phone: fc.constantFrom(...PHONES),
  })
  .chain((c) => {
    const atMs = c.transition + c.shiftSeconds * 1000;
    return fc.array(arbEvent(atMs), { maxLength: 12 }).map((history): Case => {
      const { j, zones } = JURISDICTIONS[c.jIndex]!;
      const ctx: ContactContext = {
        timeZones: zones[c.zoneIndex % zones.length]!,
        jurisdiction: j,
        history,
        optOuts: [],
        authorisedChannels: CHANNELS,
      };
      const req: ContactRequest = {
        channel: c.channel,
        automated: c.automated,
        at: new Date(atMs),
        debtorId: 'd1',
        accountId: 'a1',
        creditorId: 'c1',
        phone: { e164: c.phone, type: 'mobile', consentAutomated: true, optedOut: false },
        agentGuaranteed: c.agentGuaranteed,
      };
      return { req, ctx, profiles: resolveProfiles(j) };
    });
  });

// ---- independent oracles -------------------------------------------------------------------

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const clock = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));

function insideWindow(p: ComplianceProfile, ms: number, zone: string): boolean {
  const dt = DateTime.fromMillis(ms, { zone });
  const date = dt.toISODate()!;
  for (const cal of p.holidays?.calendars ?? []) {
    if (holidaysFor(cal.country, dt.year, cal.region).some((h) => h.date === date)) return false;
  }
  if (!p.schedule) return true;
  const minutes = dt.hour * 60 + dt.minute + dt.second / 60;
  return (p.schedule[DAYS[dt.weekday - 1]!] ?? []).some((r) => minutes >= clock(r.from) && minutes < clock(r.to));
}

const counts = (e: ContactEvent, what: string) =>
  what === 'attempt' ||
  (what === 'connected' && e.outcome.connected !== false) ||
  (what === 'live' && !!e.outcome.live) ||
  (what === 'rightParty' && !!e.outcome.rightParty) ||
  (what === 'conversation' && !!e.outcome.conversation);

function keyMatches(e: ContactEvent, req: ContactRequest, key: string): boolean {
  return key === 'person' || (key === 'debt' && e.accountId === req.accountId) || (key === 'phone' && e.phoneE164 === req.phone?.e164) || (key === 'creditor' && e.creditorId === req.creditorId);
}

/** Violations of caps and lock-outs if the contact were made at req.at. */
function capAndLockoutViolations(c: Case): string[] {
  const { req, ctx } = c;
  const t = req.at.getTime();
  const out: string[] = [];
  for (const p of c.profiles) {
    for (const zone of ctx.timeZones) {
      const local = DateTime.fromMillis(t, { zone });
      for (const cap of p.caps) {
        if (!cap.channels.includes(req.channel)) continue;
        const mine = ctx.history.filter((e) => cap.channels.includes(e.channel) && keyMatches(e, req, cap.key) && counts(e, cap.counts));
        const w = cap.window;
        const windows: Array<[number, number]> =
          w.kind === 'rolling'
            ? [
                [t - w.days * DAY, t],
                [local.minus({ days: w.days }).toMillis(), t],
              ]
            : w.kind === 'calendarDays'
              ? // today and the N − 1 local days before it
                [[local.startOf('day').minus({ days: w.days - 1 }).toMillis(), t]]
              : [[local.startOf(w.kind === 'week' ? 'week' : w.kind).toMillis(), local.endOf(w.kind === 'week' ? 'week' : w.kind).toMillis()]];
        for (const [from, to] of windows) {
          const n = mine.filter((e) => e.at.getTime() > from - (w.kind === 'rolling' ? 0 : 1) && e.at.getTime() <= to).length;
          if (n + 1 > cap.limit) out.push(`${p.id}/${cap.id} ${n}+1>${cap.limit}`);
        }
        if (cap.minGapHours && mine.some((e) => Math.abs(t - e.at.getTime()) < cap.minGapHours! * HOUR)) out.push(`${p.id}/${cap.id} gap`);
      }
      for (const l of p.lockouts) {
        if (l.type === 'afterEvent') {
          if (!l.blocks.includes(req.channel) || (l.exemptIfAgentGuaranteed && req.agentGuaranteed)) continue;
          for (const e of ctx.history) {
            if (!l.triggerChannels.includes(e.channel) || !keyMatches(e, req, l.key)) continue;
            const hit = l.trigger === 'abandoned' ? e.outcome.abandoned : l.trigger === 'machine' ? e.outcome.machine : counts(e, l.trigger);
            if (!hit) continue;
            const d = l.duration;
            const end =
              d.kind === 'hours'
                ? e.at.getTime() + d.hours * HOUR
                : d.kind === 'days'
                  ? Math.max(e.at.getTime() + d.days * DAY, DateTime.fromJSDate(e.at, { zone }).plus({ days: d.days }).toMillis())
                  : d.kind === 'calendarDays'
                    ? DateTime.fromJSDate(e.at, { zone }).startOf('day').plus({ days: d.days }).toMillis()
                    : DateTime.fromJSDate(e.at, { zone }).endOf(d.kind === 'restOfDay' ? 'day' : 'week').toMillis() + 1;
            if (t >= e.at.getTime() && t < end) out.push(`${p.id}/${l.id}`);
          }
        } else {
          const group = (ch: Channel) => l.channelGroups.findIndex((g) => g.includes(ch));
          const start = local.startOf(l.period === 'week' ? 'week' : 'day').toMillis();
          const end = local.endOf(l.period === 'week' ? 'week' : 'day').toMillis();
          const other = ctx.history.some((e) => e.at.getTime() >= start && e.at.getTime() <= end && group(e.channel) !== group(req.channel) && counts(e, l.trigger));
          if (other) out.push(`${p.id}/${l.id}`);
        }
      }
    }
  }
  return out;
}

const at = (c: Case, ms: number): Case => ({ ...c, req: { ...c.req, at: new Date(ms) } });
const decide = (c: Case) => evaluateContact(c.req, c.ctx, c.profiles);

describe('properties (fast-check)', () => {
  it('DST transitions were found for every zone and year', () => {
    expect(TRANSITIONS.length).toBe(DST_ZONES.length * 7 * 2);
  });

  it('never allows a contact outside a calling window or on a no-contact day, in any candidate zone', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const d = decide(c);
        if (!d.allowed) return;
        for (const p of c.profiles) for (const z of c.ctx.timeZones) expect(insideWindow(p, c.req.at.getTime(), z), `${p.id} ${z} ${c.req.at.toISOString()}`).toBe(true);
      }),
      { numRuns: 400 },
    );
  }, PROPERTY_TIMEOUT);

  it('never allows a contact over a cap or inside a lock-out (random histories)', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const d = decide(c);
        if (d.allowed) expect(capAndLockoutViolations(c)).toEqual([]);
      }),
      { numRuns: 400 },
    );
  }, PROPERTY_TIMEOUT);

  it('the engine is not vacuous: it allows some and blocks some of the generated contacts', () => {
    const sample = fc.sample(arbCase, { numRuns: 300, seed: 42 });
    const allowed = sample.filter((c) => decide(c).allowed).length;
    expect(allowed).toBeGreaterThan(20);
    expect(allowed).toBeLessThan(280);
  }, PROPERTY_TIMEOUT);

  it('nextAllowedAt is itself allowed, and no sampled earlier instant is', () => {
    fc.assert(
      fc.property(arbCase, fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { minLength: 8, maxLength: 8 }), (c, fractions) => {
        const d = decide(c);
        if (d.allowed || d.nextAllowedAt === null) return;
        const next = d.nextAllowedAt.getTime();
        const from = c.req.at.getTime();
        expect(next).toBeGreaterThan(from);
        expect(decide(at(c, next)).allowed, `at nextAllowedAt ${d.nextAllowedAt.toISOString()}`).toBe(true);
        const probes = [next - 1, next - 1000, next - 60_000, ...fractions.map((f) => from + Math.floor(f * (next - from)))].filter((x) => x >= from);
        for (const x of probes) expect(decide(at(c, x)).allowed, `earlier instant ${new Date(x).toISOString()} allowed`).toBe(false);
      }),
      { numRuns: 250 },
    );
  }, PROPERTY_TIMEOUT);

  it('adding a creditor policy never turns a block into an allow (strictest wins)', () => {
    const policy: ComplianceProfile = {
      ...resolveProfiles({ country: 'US' })[0]!,
      id: 'creditor:x',
      label: 'creditor x',
      scope: { kind: 'creditor', creditorId: 'c1' },
      schedule: { mon: [{ from: '10:00', to: '16:00' }], wed: [{ from: '10:00', to: '16:00' }], sat: [{ from: '09:00', to: '12:00' }] },
      caps: [{ id: 'two-a-week', key: 'person', channels: CHANNELS, counts: 'attempt', window: { kind: 'week' }, limit: 2 }],
      lockouts: [],
      automatedConsent: undefined,
    };
    fc.assert(
      fc.property(arbCase, (c) => {
        const more = evaluateContact(c.req, c.ctx, [...c.profiles, policy]);
        const less = decide(c);
        if (more.allowed) expect(less.allowed).toBe(true);
        if (!less.allowed && less.nextAllowedAt && more.nextAllowedAt) expect(more.nextAllowedAt.getTime()).toBeGreaterThanOrEqual(less.nextAllowedAt.getTime());
      }),
      { numRuns: 200 },
    );
  }, PROPERTY_TIMEOUT);

  it('a campaign that retries at nextAllowedAt for 5 weeks across a DST change never breaks a window, cap or lock-out', async () => {
    const scenarios: Array<{ j: Jurisdiction; zones: string[]; start: string }> = [
      { j: { country: 'US', region: 'MA' }, zones: ['America/New_York'], start: '2026-02-20T00:00:00Z' },
      { j: { country: 'GB' }, zones: ['Europe/London'], start: '2026-03-15T00:00:00Z' },
      { j: { country: 'CL' }, zones: ['America/Santiago'], start: '2026-03-25T00:00:00Z' },
      { j: { country: 'CO' }, zones: ['America/Bogota', 'America/New_York'], start: '2026-02-25T00:00:00Z' },
    ];
    const arbRun = fc.record({
      s: fc.integer({ min: 0, max: scenarios.length - 1 }),
      steps: fc.array(
        fc.record({ channel: fc.constantFrom<Channel>('voice', 'ivr', 'sms'), gapMin: fc.integer({ min: 1, max: 600 }), outcome: fc.integer({ min: 0, max: 5 }), phone: fc.constantFrom(...PHONES) }),
        { minLength: 60, maxLength: 60 },
      ),
    });
    await fc.assert(
      fc.asyncProperty(arbRun, async ({ s, steps }) => {
        const sc = scenarios[s]!;
        const store = new InMemoryComplianceStore();
        store.upsertDebtor('d1', { timeZones: sc.zones, jurisdiction: sc.j, authorisedChannels: CHANNELS });
        const gate = new ComplianceGate({ store });
        const made: ContactEvent[] = [];
        const profiles = resolveProfiles(sc.j);
        let t = Date.parse(sc.start);
        const end = t + 35 * DAY;
        for (let i = 0; t < end; i++) {
          const step = steps[i % steps.length]!;
          const req: ContactRequest = {
            channel: step.channel,
            automated: true,
            at: new Date(t),
            debtorId: 'd1',
            accountId: 'a1',
            creditorId: 'c1',
            phone: { e164: step.phone, type: 'mobile', consentAutomated: true, optedOut: false },
          };
          const d = await gate.check(req);
          if (d.allowed) {
            const o = step.outcome;
            const e: ContactEvent = {
              at: new Date(t),
              channel: step.channel,
              outcome: { connected: o > 0, live: o >= 3, rightParty: o >= 4, conversation: o === 5, machine: o === 1, abandoned: o === 3 && step.channel === 'voice' },
              accountId: 'a1',
              creditorId: 'c1',
              phoneE164: step.phone,
            };
            // Checked against everything made before it: a window, cap or lock-out broken anywhere shows here.
            const c: Case = { req, ctx: { timeZones: sc.zones, jurisdiction: sc.j, history: [...made], optOuts: [] }, profiles };
            expect(capAndLockoutViolations(c)).toEqual([]);
            for (const p of profiles) for (const z of sc.zones) expect(insideWindow(p, t, z)).toBe(true);
            made.push(e);
            store.recordContact('d1', e);
            t += step.gapMin * 60_000;
          } else {
            expect(d.nextAllowedAt).not.toBeNull();
            t = d.nextAllowedAt!.getTime() + (step.gapMin % 3) * 60_000;
          }
        }
        expect(made.length).toBeGreaterThan(2);
        expect(store.decisions.length).toBeGreaterThan(made.length);
      }),
      { numRuns: 12 },
    );
  }, PROPERTY_TIMEOUT);
});
