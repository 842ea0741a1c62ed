// Default seed and the SQL segmentation, on a real Postgres.
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REASON_CODES } from '@cobranza/contracts';
import { DEFAULT_SCRIPTS, DEFAULT_SEGMENTS, DEFAULT_STRATEGIES, seedDefaults } from '@cobranza/db/seed/index';
import { createTestDatabase, type TestDatabase } from '@cobranza/db/testing';
import { parseNegotiationRules } from '@cobranza/domain/negotiation/index';
import { parseScriptTemplate } from '@cobranza/domain/scripts/index';
import { assignSegment, validateSegmentSet } from '@cobranza/domain/segmentation/index';
import { loadSegments, recomputeSegments } from '../../src/import/segments-sql.js';
import { createPortfolio } from './helpers.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase('import_segments');
}, 60_000);
afterAll(async () => t?.drop());

describe('default seed', () => {
  it('is a valid segment set whose every segment has a known strategy, and scripts and rules the rest of the platform accepts', () => {
    expect(validateSegmentSet(DEFAULT_SEGMENTS.map((s) => ({ ...s, id: s.code, rules: s.rules })))).toEqual([]);
    const strategies = new Set(DEFAULT_STRATEGIES.map((s) => s.code));
    for (const s of DEFAULT_SEGMENTS) if (s.strategyCode) expect(strategies.has(s.strategyCode), s.code).toBe(true);
    const scripts = new Set(DEFAULT_SCRIPTS.map((s) => s.code));
    for (const s of DEFAULT_STRATEGIES) {
      expect(() => parseNegotiationRules(s.negotiation, `strategy ${s.code}`)).not.toThrow();
      if (s.scriptCode) expect(scripts.has(s.scriptCode)).toBe(true);
    }
    for (const s of DEFAULT_SCRIPTS) {
      const parsed = parseScriptTemplate(s.body, `script ${s.code}`);
      // a branch for each of the eight usual reasons (REASON_CODES minus "other")
      expect(Object.keys(parsed.branches).sort()).toEqual(REASON_CODES.filter((r) => r !== 'other').sort());
    }
    expect(DEFAULT_SCRIPTS.filter((s) => s.locale === 'en')).toHaveLength(DEFAULT_SCRIPTS.length / 2);
  });

  it('installs once: a second run changes nothing and keeps an administrator\'s edits', async () => {
    const first = await seedDefaults(t.db);
    expect(first).toEqual({ scripts: DEFAULT_SCRIPTS.length, strategies: DEFAULT_STRATEGIES.length, segments: DEFAULT_SEGMENTS.length });
    await t.db.updateTable('strategies').set({ name: 'Editada' }).where('code', '=', 'mora_temprana').execute();
    expect(await seedDefaults(t.db)).toEqual({ scripts: 0, strategies: 0, segments: 0 });
    const s = await t.db.selectFrom('strategies').select(['name', 'dial_mode', 'script_id']).where('code', '=', 'mora_temprana').executeTakeFirstOrThrow();
    expect(s).toMatchObject({ name: 'Editada', dial_mode: 'predictive' });
    expect(s.script_id).not.toBeNull();
    const early = await t.db
      .selectFrom('segments as g')
      .innerJoin('strategies as st', 'st.id', 'g.strategy_id')
      .select(['st.code', 'st.negotiation'])
      .where('g.code', '=', 'mora_61_90')
      .executeTakeFirstOrThrow();
    expect(early.code).toBe('mora_61_90');
    expect(early.negotiation).toMatchObject({ maxInstalments: 6 });
  });
});

describe('recomputeSegments', () => {
  it('gives every account the segment assignSegment gives it, and moves accounts as days pass', async () => {
    const portfolioId = await createPortfolio(t.db);
    const segments = await loadSegments(t.db);
    const arb = fc.array(
      fc.record({
        due: fc.option(fc.integer({ min: -30, max: 400 }), { nil: null }),
        balance: fc.constantFrom('0.00', '0.01', '150000.00', '9000000.50'),
        product: fc.constantFrom('tarjeta_credito', 'libranza'),
        region: fc.option(fc.constantFrom('Antioquia', 'Lima'), { nil: null }),
        risk: fc.option(fc.constantFrom('100.00', '850.50'), { nil: null }),
      }),
      { minLength: 30, maxLength: 30 },
    );
    const sample = fc.sample(arb, { numRuns: 1, seed: 7 })[0]!;
    const day = (offset: number) => new Date(Date.UTC(2026, 10, 23) - offset * 86_400_000).toISOString().slice(0, 10);
    const ids: string[] = [];
    for (const [i, a] of sample.entries()) {
      const d = await t.db
        .insertInto('debtors')
        .values({ country: 'CO', document_type: 'CC', document_number: String(10_000_000 + i), first_name: 'Ana', last_name: 'Ruiz', region: a.region, risk_score: a.risk, time_zone: 'America/Bogota' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const acc = await t.db
        .insertInto('accounts')
        .values({ portfolio_id: portfolioId, debtor_id: d.id, external_id: `X-${i}`, product: a.product, currency: 'COP', principal: a.balance, balance: a.balance, oldest_due_date: a.due === null ? null : day(a.due) })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(acc.id);
    }
    for (const today of ['2026-11-23', '2026-12-20', '2027-03-01']) {
      await recomputeSegments(t.db, { portfolioId, today });
      const rows = await t.db
        .selectFrom('accounts as a')
        .innerJoin('debtors as d', 'd.id', 'a.debtor_id')
        .select(['a.id', 'a.segment_id', 'a.oldest_due_date', 'a.balance', 'a.product', 'd.region', 'd.risk_score'])
        .where('a.portfolio_id', '=', portfolioId)
        .execute();
      for (const r of rows) {
        const expected = assignSegment({ oldestDueDate: r.oldest_due_date, balance: r.balance, product: r.product, region: r.region, riskScore: r.risk_score }, segments, today);
        expect(r.segment_id, `account ${r.id} on ${today}`).toBe(expected.id);
      }
    }
    // an account 20 days overdue on 11-23 is in early delinquency, and in 31-60 a month later
    const acc = await t.db
      .insertInto('accounts')
      .values({ portfolio_id: portfolioId, debtor_id: (await t.db.selectFrom('debtors').select('id').executeTakeFirstOrThrow()).id, external_id: 'MOVE', product: 'libranza', currency: 'COP', principal: 100, balance: 100, oldest_due_date: '2026-11-03' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const code = async () =>
      (await t.db.selectFrom('accounts as a').innerJoin('segments as s', 's.id', 'a.segment_id').select('s.code').where('a.id', '=', acc.id).executeTakeFirstOrThrow()).code;
    expect((await recomputeSegments(t.db, { portfolioId, today: '2026-11-23' })).moved).toBeGreaterThanOrEqual(1);
    expect(await code()).toBe('mora_temprana');
    await recomputeSegments(t.db, { portfolioId, today: '2026-12-10' });
    expect(await code()).toBe('mora_31_60');
    // a second run on the same day writes nothing
    expect((await recomputeSegments(t.db, { today: '2026-12-10' })).moved).toBe(0);
    const nulls = await sql<{ n: number }>`select count(*)::int as n from accounts where segment_id is null`.execute(t.db);
    expect(nulls.rows[0]!.n).toBe(0);
  });
});
