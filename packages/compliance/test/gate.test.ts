import { describe, expect, it } from 'vitest';
import { ComplianceGate, InMemoryComplianceStore, defineProfile, requiredLookbackDays, resolveProfiles } from '../src/index.js';
import { at, ev, request } from './helpers.js';

const BOG = 'America/Bogota';

function setup() {
  const store = new InMemoryComplianceStore();
  store.upsertDebtor('d1', { timeZones: [BOG], jurisdiction: { country: 'CO' }, authorisedChannels: ['voice', 'ivr', 'sms'] });
  return store;
}

describe('ComplianceGate over the in-memory store', () => {
  it('records every decision, allowed or blocked, with rule and bilingual reason', async () => {
    const store = setup();
    const gate = new ComplianceGate({ store });
    const first = await gate.check(request({ at: at('2026-01-13T09:00', BOG), source: 'dialer' }));
    expect(first.allowed).toBe(true);
    store.recordContact('d1', ev(at('2026-01-13T09:00', BOG), 'voice', { connected: false }));
    const second = await gate.check(request({ at: at('2026-01-13T11:00', BOG), source: 'dialer' }));
    expect(second.allowed).toBe(false);
    expect(second.ruleId).toBe('CO/daily-one-contact');
    expect(store.decisions.map((d) => [d.allowed, d.ruleId])).toEqual([
      [true, 'allow/all-rules-passed'],
      [false, 'CO/daily-one-contact'],
    ]);
    expect(store.decisions[1]!.request.phoneMasked).toBe('+********4567');
  });

  it('contact(): simultaneous contacts in several channels are decided one after the other (CO: one a day)', async () => {
    const store = setup();
    const gate = new ComplianceGate({ store });
    const when = at('2026-01-13T10:00', BOG);
    const channels = ['voice', 'sms', 'ivr'] as const;
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => {
        const channel = channels[i % 3]!;
        return gate.contact(request({ channel, automated: channel !== 'voice', at: when }), async () => {
          // the contact is written a little later than decided, as over a network
          await new Promise((r) => setTimeout(r, 2));
          store.recordContact('d1', ev(when, channel));
          return channel;
        });
      }),
    );
    expect(results.filter((r) => r.decision.allowed)).toHaveLength(1);
    expect(results.filter((r) => r.recorded !== undefined)).toHaveLength(1);
    expect(store.decisions).toHaveLength(12);
  });

  it('an opt-out is honoured from the next decision on', async () => {
    const store = setup();
    const gate = new ComplianceGate({ store });
    expect((await gate.check(request({ channel: 'ivr', automated: true, at: at('2026-01-13T09:00', BOG) }))).allowed).toBe(true);
    store.addOptOut('d1', { channel: 'all', source: 'keypad', at: at('2026-01-13T09:01', BOG) });
    const d = await gate.check(request({ channel: 'ivr', automated: true, at: at('2026-01-13T09:02', BOG) }));
    expect(d.allowed).toBe(false);
    expect(d.nextAllowedAt).toBeNull();
  });

  it('creditor and campaign policies come through overrides; history is loaded as far back as they need', async () => {
    const store = setup();
    store.recordContact('d1', ev(at('2025-12-20T09:00', BOG), 'voice'));
    const monthly = defineProfile({
      id: 'campaign:soft',
      label: 'soft campaign',
      scope: { kind: 'campaign', campaignId: 'k1' },
      caps: [{ id: 'one-in-40-days', key: 'person', channels: ['voice'], counts: 'attempt', window: { kind: 'rolling', days: 40 }, limit: 1 }],
    });
    expect(requiredLookbackDays([monthly])).toBe(41);
    const gate = new ComplianceGate({ store, overrides: (req) => (req.campaignId === 'k1' ? { additional: [monthly] } : {}) });
    expect((await gate.check(request({ at: at('2026-01-13T09:00', BOG), campaignId: 'k1' }))).ruleId).toBe('campaign:soft/one-in-40-days');
    expect((await gate.check(request({ at: at('2026-01-13T09:00', BOG), campaignId: 'k2' }))).allowed).toBe(true);
  });

  it('jurisdiction patches settle an unsettled default (MX weekends)', () => {
    const mx = resolveProfiles({ country: 'MX' }, { patches: { MX: { schedule: { sat: [{ from: '07:00', to: '22:00' }] } } } });
    expect(mx[0]!.schedule).toEqual({ sat: [{ from: '07:00', to: '22:00' }] });
    expect(() => resolveProfiles({ country: 'MX' }, { patches: { MX: { schedule: { sat: [{ from: '7am', to: '22:00' }] } } } })).toThrow(
      /profiles\[MX\]\.schedule\.sat\[0\]\.from: expected "HH:MM"/,
    );
  });

  it('a no-redial setting the engine would not enforce is refused', () => {
    expect(() => resolveProfiles({ country: 'GB' }, { patches: { UK: { lockouts: [] } } })).toThrow(/profiles\[UK\]\.abandon\.noRedialHours: 72 h, but no lock-out/);
  });

  it('an unknown debtor is a clear error', async () => {
    const gate = new ComplianceGate({ store: setup() });
    await expect(gate.check(request({ debtorId: 'nope', at: at('2026-01-13T09:00', BOG) }))).rejects.toThrow(/unknown debtor "nope"/);
  });
});
