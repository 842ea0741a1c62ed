import { describe, expect, it } from 'vitest';
import {
  abandonBudget,
  abandonRate,
  checkMessageContent,
  isAbandoned,
  mayStopRinging,
  noRedialUntil,
  resolveProfiles,
  rollingAbandonStats,
  strictestAbandonSettings,
} from '../src/index.js';

describe('abandon accounting', () => {
  it('rate without AMD is abandoned / live answers', () => {
    expect(abandonRate({ liveAnswers: 200, abandoned: 6 }).rate).toBeCloseTo(0.03, 10);
  });

  it('people AMD hung up on are estimated and counted on both sides', () => {
    // 5% of people classified as machines: 950 recognised means 50 more were hung up on.
    const r = abandonRate({ liveAnswers: 950, abandoned: 10 }, 0.05);
    expect(r.estimatedAmdFalsePositives).toBeCloseTo(50, 6);
    expect(r.rate).toBeCloseTo(60 / 1000, 10);
  });

  it('UK window is 24 h, US 30 days: old buckets drop out', () => {
    const now = new Date('2026-06-02T12:00:00Z');
    const tallies = [
      { at: new Date('2026-06-01T11:00:00Z'), liveAnswers: 100, abandoned: 10 }, // 25 h ago
      { at: new Date('2026-06-02T11:00:00Z'), liveAnswers: 100, abandoned: 1 },
    ];
    const uk = strictestAbandonSettings(resolveProfiles({ country: 'GB' }));
    const us = strictestAbandonSettings(resolveProfiles({ country: 'US' }));
    expect(rollingAbandonStats(tallies, now, uk).rate).toBeCloseTo(0.01, 10);
    expect(rollingAbandonStats(tallies, now, us).rate).toBeCloseTo(11 / 200, 10);
    expect(uk.noRedialHours).toBe(72);
    expect(us.windowHours).toBe(720);
  });

  it('budget: spending it exactly lands on the cap', () => {
    const current = abandonRate({ liveAnswers: 1000, abandoned: 20 }, 0.04);
    for (const projected of [0, 500]) {
      const a = abandonBudget(current, 0.03, projected, 0.04);
      const after = abandonRate({ liveAnswers: 1000 + projected + a, abandoned: 20 + a }, 0.04);
      expect(after.rate).toBeCloseTo(0.03, 9);
    }
    expect(abandonBudget(abandonRate({ liveAnswers: 100, abandoned: 10 }), 0.03)).toBeLessThan(0);
  });

  it('connect deadline, minimum ring time, no-redial period', () => {
    const t = new Date('2026-06-02T10:00:00Z');
    expect(isAbandoned(t, new Date(t.getTime() + 2000), 2000)).toBe(false);
    expect(isAbandoned(t, new Date(t.getTime() + 2001), 2000)).toBe(true);
    expect(isAbandoned(t, null, 2000)).toBe(true);
    expect(mayStopRinging(t, new Date(t.getTime() + 14_999), { minRingMs: 15_000 })).toBe(false);
    expect(mayStopRinging(t, new Date(t.getTime() + 15_000), { minRingMs: 15_000 })).toBe(true);
    expect(noRedialUntil(t, { noRedialHours: 72 }, false)?.toISOString()).toBe('2026-06-05T10:00:00.000Z');
    expect(noRedialUntil(t, { noRedialHours: 72 }, true)).toBeNull();
  });

  it('strictest of several profiles', () => {
    const s = strictestAbandonSettings([...resolveProfiles({ country: 'US' }), ...resolveProfiles({ country: 'GB' })]);
    expect(s).toMatchObject({ maxRate: 0.03, windowHours: 720, minRingMs: 15_000, noRedialHours: 72 });
  });
});

describe('third-party message content', () => {
  const ok = 'Hola, le llamamos de {{businessName}}. Por favor comuníquese con {{agentName}} al {{callbackNumber}}. Gracias.';

  it('accepts a neutral safe message', () => {
    expect(checkMessageContent(ok, { thirdPartyAudible: true })).toEqual({ ok: true, violations: [] });
  });

  it.each([
    ['debt word (es, accents)', 'Llamamos de {{businessName}} por su deuda vencida, llame al {{callbackNumber}}', 'debt-word'],
    ['debt word (en)', 'This is {{businessName}} about your overdue balance, call {{callbackNumber}}', 'debt-word'],
    ['amount', 'Mensaje de {{businessName}}: $ 150.000 pendientes, llame al {{callbackNumber}}', 'amount'],
    ['amount with code', 'De {{businessName}}: 1.250,00 MXN. Llame al {{callbackNumber}}', 'amount'],
    ['amount variable', 'De {{businessName}}: {{amount}}. Llame al {{callbackNumber}}', 'debt-variable'],
    ['days past due variable', 'De {{businessName}}: {{ daysPastDue }} días. Llame al {{callbackNumber}}', 'debt-variable'],
    ['no callback number', 'Le llamamos de {{businessName}}.', 'missing-identification'],
  ])('rejects %s', (_n, text, kind) => {
    const r = checkMessageContent(text, { thirdPartyAudible: true });
    expect(r.ok).toBe(false);
    expect(r.violations.map((v) => v.kind)).toContain(kind);
    expect(r.violations[0]!.message.es.length).toBeGreaterThan(5);
  });

  it('allowed terms exempt a business name; the debtor-only message is not checked', () => {
    const text = 'Le llamamos de Banco de Crédito, llame al +51 1 311 9898.';
    expect(checkMessageContent(text, { thirdPartyAudible: true }).ok).toBe(false);
    expect(checkMessageContent(text, { thirdPartyAudible: true, allowedTerms: ['Banco de Crédito'] }).ok).toBe(true);
    expect(checkMessageContent('Su saldo es {{amount}}', { thirdPartyAudible: false }).ok).toBe(true);
  });
});
