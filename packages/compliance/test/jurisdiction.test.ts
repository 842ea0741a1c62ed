// Which profiles apply to a debtor: a region written into the country keeps the federal rules, and a
// country with no profile (or a malformed one) is an error, and at the gate a block, never "no rules".
import { describe, expect, it } from 'vitest';
import { ComplianceConfigError, ComplianceGate, DEMO_COUNTRY, InMemoryComplianceStore, NO_PROFILE_RULE_ID, evaluateContact, resolveProfiles } from '../src/index.js';
import { at, context, ev, request } from './helpers.js';

const NY = 'America/New_York';
const US_PHONE = { e164: '+16175550100', type: 'landline' as const, consentAutomated: false, optedOut: false };

describe('resolveProfiles: a region given as the country', () => {
  it('"US-MA" as the country applies the federal US profile and the Massachusetts overlay', () => {
    expect(resolveProfiles({ country: 'US-MA' }).map((p) => p.id)).toEqual(['US', 'US-MA']);
    expect(resolveProfiles({ country: 'us-ma' }).map((p) => p.id)).toEqual(['US', 'US-MA']);
    expect(resolveProfiles({ country: 'US-MA', region: 'MA' }).map((p) => p.id)).toEqual(['US', 'US-MA']);
    expect(resolveProfiles({ country: 'US', region: 'MA' }).map((p) => p.id)).toEqual(['US', 'US-MA']);
  });

  it('a call 3 days after a conversation stays blocked by Reg F for a debtor whose country is "US-MA"', () => {
    const conversation = ev(at('2026-03-10T11:00', NY), 'voice', { live: true, rightParty: true, conversation: true });
    const ctx = context({ timeZones: [NY], jurisdiction: { country: 'US-MA' }, history: [conversation] });
    const d = evaluateContact(request({ at: at('2026-03-13T11:00', NY), phone: US_PHONE }), ctx, resolveProfiles(ctx.jurisdiction));
    expect(d.allowed).toBe(false);
    expect(d.ruleId).toBe('US/regf-after-conversation');
    expect(d.profileIds).toEqual(['US', 'US-MA']);
  });

  it("npm start's simulated debtors (user-assigned code XD) get the labelled demo profile, and only it", () => {
    expect(DEMO_COUNTRY).toBe('XD');
    expect(resolveProfiles({ country: 'XD' }).map((p) => p.id)).toEqual(['XD']);
    expect(resolveProfiles({ country: 'xd' }).map((p) => p.label)).toEqual([expect.stringMatching(/demo/i)]);
    expect(resolveProfiles({ country: 'XD', region: 'ANT' }).map((p) => p.id)).toEqual(['XD']);
  });

  it('a region written out counts only where regions have rules: ignored in Colombia, an error in the US', () => {
    expect(resolveProfiles({ country: 'CO', region: 'Risaralda' }).map((p) => p.id)).toEqual(['CO']);
    expect(resolveProfiles({ country: 'MX', region: 'Ciudad de México' }).map((p) => p.id)).toEqual(['MX']);
    expect(() => resolveProfiles({ country: 'US', region: 'Massachusetts' })).toThrow(/jurisdiction\.region: expected a subdivision code such as "MA" or "WA"/);
  });

  it('a region with no overlay of its own still gets the country profile', () => {
    expect(resolveProfiles({ country: 'US-TX' }).map((p) => p.id)).toEqual(['US']);
  });

  it.each([
    ['no profile for the country', { country: 'AR' }, /jurisdiction\.country: no compliance profile for country "AR"/],
    ['Morocco is not Massachusetts', { country: 'MA' }, /jurisdiction\.country: no compliance profile for country "MA"/],
    ['a country name', { country: 'Colombia' }, /jurisdiction\.country: expected an ISO 3166-1 alpha-2 code.*"Colombia"/],
    ['alpha-3', { country: 'USA' }, /jurisdiction\.country: expected an ISO 3166-1 alpha-2/],
    ['empty', { country: '' }, /jurisdiction\.country: expected an ISO 3166-1 alpha-2/],
    ['a digit for a letter', { country: 'C0' }, /jurisdiction\.country: expected an ISO 3166-1 alpha-2/],
    ['two regions that disagree', { country: 'US-MA', region: 'WA' }, /jurisdiction\.region: region "WA" contradicts the region in country "US-MA"/],
    ['a malformed region', { country: 'US', region: 'Massachusetts' }, /jurisdiction\.region: expected a subdivision code/],
    ['the demo spelled out', { country: 'DEMO' }, /jurisdiction\.country: expected an ISO 3166-1 alpha-2/],
  ])('%s is an error naming the field', (_name, j, message) => {
    expect(() => resolveProfiles(j)).toThrow(ComplianceConfigError);
    expect(() => resolveProfiles(j)).toThrow(message);
  });
});

describe('the gate with a debtor whose country has no profile', () => {
  it('blocks (never by waiting) with a clear reason, and records the decision', async () => {
    const store = new InMemoryComplianceStore();
    store.upsertDebtor('d1', { timeZones: ['America/Argentina/Buenos_Aires'], jurisdiction: { country: 'AR' }, authorisedChannels: ['voice'] });
    const gate = new ComplianceGate({ store });
    const d = await gate.check(request({ at: at('2026-03-10T11:00', 'America/Argentina/Buenos_Aires'), phone: { ...US_PHONE, e164: '+541155550100' } }));
    expect(d.allowed).toBe(false);
    expect(d.ruleId).toBe(NO_PROFILE_RULE_ID);
    expect(d.nextAllowedAt).toBeNull();
    expect(d.reason.es).toMatch(/Sin reglas de cumplimiento.*"AR"/);
    expect(d.reason.en).toMatch(/No compliance rules for the debtor's jurisdiction.*"AR"/);
    expect(store.decisions.map((x) => x.ruleId)).toEqual([NO_PROFILE_RULE_ID]);
  });

  it('a broken configuration still throws: it is not about one debtor', async () => {
    const store = new InMemoryComplianceStore();
    store.upsertDebtor('d1', { timeZones: [NY], jurisdiction: { country: 'US' } });
    const gate = new ComplianceGate({ store, overrides: { patches: { XX: {} } } });
    await expect(gate.check(request({ at: at('2026-03-10T11:00', NY), phone: US_PHONE }))).rejects.toThrow(/overrides\.patches\.XX: no such profile/);
  });
});
