import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BAD_ROW_KINDS, type BadRow, generatePortfolio } from '../src/generator/generate.js';
import { readCsv } from '../src/portfolio/csv.js';
import { createRowValidator, type RowResult } from '../src/portfolio/validate.js';
import { daysPastDue } from '../src/segmentation/assign.js';

const TODAY = '2026-11-23';
const digest = (it: Iterable<string>) => {
  const h = createHash('sha1');
  for (const l of it) h.update(l);
  return h.digest('hex');
};

async function validateAll(lines: string[], country: string, currency: string): Promise<Map<number, RowResult>> {
  const out = new Map<number, RowResult>();
  let validate: ReturnType<typeof createRowValidator> | undefined;
  for await (const batch of readCsv((async function* () { yield lines.join(''); })())) {
    for (const rec of batch) {
      if (!validate) validate = createRowValidator(rec.fields, { defaultCountry: country, defaultCurrency: currency, today: TODAY });
      else out.set(rec.line, validate(rec.line, rec.fields));
    }
  }
  return out;
}

describe('generatePortfolio', () => {
  it('is deterministic by seed', () => {
    const a = digest(generatePortfolio({ rows: 2000, seed: 5, today: TODAY, badRows: 10 }));
    const b = digest(generatePortfolio({ rows: 2000, seed: 5, today: TODAY, badRows: 10 }));
    const c = digest(generatePortfolio({ rows: 2000, seed: 6, today: TODAY, badRows: 10 }));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it.each([
    ['CO', 'COP'],
    ['MX', 'MXN'],
    ['PE', 'PEN'],
  ] as const)('writes %s rows that all pass validation, and bad rows that fail on the announced column', async (country, currency) => {
    const bad: BadRow[] = [];
    const lines = [...generatePortfolio({ rows: 3000, country, seed: 11, today: TODAY, badRows: 22 }, (b) => bad.push(b))];
    const results = await validateAll(lines, country, currency);
    expect(results.size).toBe(3000);
    const badLines = new Map(bad.map((b) => [b.line, b]));
    expect(new Set(bad.map((b) => b.kind))).toEqual(new Set(BAD_ROW_KINDS));
    for (const [line, r] of results) {
      const expectedBad = badLines.get(line);
      if (expectedBad) {
        expect(r.ok, `line ${line} (${expectedBad.kind}) should be rejected`).toBe(false);
        if (!r.ok) expect(r.errors.map((e) => e.column)).toContain(expectedBad.column);
      } else {
        expect(r.ok ? [] : r.errors, `line ${line}`).toEqual([]);
      }
    }
  });

  it('spreads accounts over every days-past-due bucket, shares debtors between accounts and uses day-first dates sometimes', async () => {
    const lines = [...generatePortfolio({ rows: 5000, seed: 3, today: TODAY })];
    const results = [...(await validateAll(lines, 'CO', 'COP')).values()].flatMap((r) => (r.ok ? [r.row] : []));
    const buckets = new Set(results.map((r) => {
      const d = daysPastDue(r.account.oldestDueDate, TODAY);
      return d === 0 ? 'preventive' : d <= 30 ? '1-30' : d <= 60 ? '31-60' : d <= 90 ? '61-90' : d <= 120 ? '91-120' : '120+';
    }));
    expect(buckets).toEqual(new Set(['preventive', '1-30', '31-60', '61-90', '91-120', '120+']));
    const debtors = new Set(results.map((r) => r.debtor.documentNumber));
    expect(debtors.size).toBeLessThan(results.length * 0.95);
    expect(lines.some((l) => /,\d{2}\/\d{2}\/\d{4},/.test(l))).toBe(true);
    expect(new Set(results.map((r) => r.account.product)).size).toBe(6);
  });
});
