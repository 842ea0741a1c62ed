import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignSegment, daysPastDue, dueDays, matchesRules } from '../src/segmentation/assign.js';
import { type SegmentDef, SegmentSetError, validateSegmentSet } from '../src/segmentation/rules.js';

const seg = (code: string, priority: number, rules: SegmentDef['rules']): SegmentDef => ({ id: code, code, priority, rules });
const SET: SegmentDef[] = [
  seg('zero', 10, { balanceMax: 0.01 }),
  seg('preventive', 20, { dpdMin: -7, dpdMax: 0 }),
  seg('early_high_risk', 30, { dpdMin: 1, dpdMax: 30, riskMin: 700 }),
  seg('early', 40, { dpdMin: 1, dpdMax: 30 }),
  seg('d31_60', 50, { dpdMin: 31, dpdMax: 60 }),
  seg('cards_big', 55, { dpdMin: 61, products: ['tarjeta_credito'], balanceMin: 5_000_000 }),
  seg('d61_90', 60, { dpdMin: 61, dpdMax: 90 }),
  seg('antioquia_late', 65, { dpdMin: 91, regions: ['Antioquia'] }),
  seg('late', 70, { dpdMin: 91 }),
  seg('default', 1000, {}),
];
const account = (o: Partial<Parameters<typeof assignSegment>[0]> = {}) => ({
  oldestDueDate: '2026-11-01',
  balance: '1000000.00',
  product: 'libranza',
  region: 'Cundinamarca',
  riskScore: '300.00',
  ...o,
});

describe('days past due', () => {
  it('counts whole days from the oldest unpaid due date, 0 while nothing is overdue', () => {
    expect(daysPastDue('2026-11-01', '2026-11-23')).toBe(22);
    expect(daysPastDue('2026-11-30', '2026-11-23')).toBe(0);
    expect(daysPastDue(null, '2026-11-23')).toBe(0);
    expect(dueDays('2026-11-30', '2026-11-23')).toBe(-7);
    expect(daysPastDue('2026-02-28', '2026-03-01')).toBe(1);
  });
});

describe('assignSegment', () => {
  it.each([
    ['2026-11-30', {}, '2026-11-23', 'preventive'],
    ['2026-12-15', {}, '2026-11-23', 'default'], // due in 22 days: no band, catch-all
    ['2026-11-22', {}, '2026-11-23', 'early'],
    ['2026-11-22', { riskScore: '800' }, '2026-11-23', 'early_high_risk'],
    ['2026-10-24', {}, '2026-11-23', 'early'], // 30 days: still early
    ['2026-10-23', {}, '2026-11-23', 'd31_60'], // 31 days
    ['2026-08-01', { product: 'tarjeta_credito', balance: '6000000' }, '2026-11-23', 'cards_big'],
    ['2026-08-01', { product: 'tarjeta_credito', balance: '4999999.99' }, '2026-11-23', 'late'],
    ['2026-08-01', { region: 'Antioquia' }, '2026-11-23', 'antioquia_late'],
    ['2026-08-01', { region: null }, '2026-11-23', 'late'],
    ['2026-08-01', { balance: '0' }, '2026-11-23', 'zero'],
  ] as const)('due %s %j on %s -> %s', (due, over, today, code) => {
    expect(assignSegment(account({ oldestDueDate: due, ...over }), SET, today).code).toBe(code);
  });

  it('moves an account as the days pass', () => {
    const a = account({ oldestDueDate: '2026-11-25' });
    const path = ['2026-11-17', '2026-11-20', '2026-11-26', '2026-12-26', '2027-01-24', '2027-02-10', '2027-03-30'].map((d) => assignSegment(a, SET, d).code);
    expect(path).toEqual(['default', 'preventive', 'early', 'd31_60', 'd31_60', 'd61_90', 'late']);
  });

  it('puts every account in exactly one segment: the first matching one by priority', () => {
    const arb = fc.record({
      oldestDueDate: fc.option(fc.integer({ min: -400, max: 900 }).map((d) => new Date(Date.UTC(2026, 10, 23) - d * 86_400_000).toISOString().slice(0, 10)), { nil: null }),
      balance: fc.integer({ min: 0, max: 20_000_000 }).map(String),
      product: fc.constantFrom('tarjeta_credito', 'libranza', 'telefonia'),
      region: fc.option(fc.constantFrom('Antioquia', 'Bogotá D.C.'), { nil: null }),
      riskScore: fc.option(fc.integer({ min: 0, max: 999 }).map(String), { nil: null }),
    });
    fc.assert(
      fc.property(arb, (a) => {
        const got = assignSegment(a, SET, '2026-11-23');
        const matching = [...SET].sort((x, y) => x.priority - y.priority).filter((s) => matchesRules(s.rules, a, dueDays(a.oldestDueDate, '2026-11-23')));
        expect(matching.length).toBeGreaterThanOrEqual(1);
        expect(got.code).toBe(matching[0]!.code);
      }),
    );
  });

  it('throws when nothing matches (a set without catch-all)', () => {
    expect(() => assignSegment(account(), [seg('only', 1, { dpdMin: 500 })], '2026-11-23')).toThrow(SegmentSetError);
  });
});

describe('validateSegmentSet', () => {
  it('accepts a set with a catch-all at the end', () => {
    expect(validateSegmentSet(SET)).toEqual([]);
  });
  it('rejects a set with no catch-all', () => {
    expect(validateSegmentSet(SET.filter((s) => s.code !== 'default'))).toEqual([
      {
        segment: '*',
        field: 'rules',
        reason: 'no catch-all segment (one with no rules): some accounts would have no segment',
        i18n: { en: 'no catch-all segment (one with no rules): some accounts would have no segment', es: 'falta un segmento comodín (uno sin reglas): algunas cuentas quedarían sin segmento' },
      },
    ]);
  });
  it('rejects a catch-all that shadows later segments, clashing priorities and bad rules', () => {
    const problems = validateSegmentSet([
      seg('all', 1, {}),
      seg('a', 5, { dpdMin: 10, dpdMax: 5 }),
      seg('b', 5, { balanceMin: -1, products: [], colour: 'red' } as never),
    ]);
    expect(problems.map((p) => `${p.segment} ${p.field}`)).toEqual([
      'a rules.dpdMax',
      'b rules.colour',
      'b rules.balanceMin',
      'b rules.products',
      'b priority',
      'all priority',
    ]);
    expect(problems.at(-1)!.reason).toMatch(/catch-all comes before a, b/);
    // every reason also in Spanish, for the person editing the set
    expect(problems.at(-1)!.i18n.es).toMatch(/el comodín va antes de a, b/);
    expect(problems.every((p) => p.i18n.en === p.reason && p.i18n.es !== p.reason)).toBe(true);
  });
  it('ignores inactive segments', () => {
    expect(validateSegmentSet([...SET.slice(0, -1), { ...seg('default', 1000, {}), active: false }])).toHaveLength(1);
  });
});
