import { describe, expect, it } from 'vitest';
import { easterSunday, holidaysFor } from '../src/index.js';

const dates = (c: string, y: number, r?: string) => holidaysFor(c, y, r).map((h) => h.date);

describe('Easter', () => {
  it.each([
    [2024, '03-31'],
    [2025, '04-20'],
    [2026, '04-05'],
    [2027, '03-28'],
    [2028, '04-16'],
    [2029, '04-01'],
    [2030, '04-21'],
  ])('%i → %s', (y, md) => {
    const e = easterSunday(y);
    expect(`${String(e.m).padStart(2, '0')}-${String(e.d).padStart(2, '0')}`).toBe(md);
  });
});

describe('Colombia (Ley Emiliani)', () => {
  it('2026 matches the official list', () => {
    expect(dates('CO', 2026)).toEqual([
      '2026-01-01', '2026-01-12', '2026-03-23', '2026-04-02', '2026-04-03', '2026-05-01', '2026-05-18', '2026-06-08', '2026-06-15',
      '2026-06-29', '2026-07-20', '2026-08-07', '2026-08-17', '2026-10-12', '2026-11-02', '2026-11-16', '2026-12-08', '2026-12-25',
    ]);
  });
  it('2024 and 2025 match the official lists', () => {
    expect(dates('CO', 2024)).toEqual([
      '2024-01-01', '2024-01-08', '2024-03-25', '2024-03-28', '2024-03-29', '2024-05-01', '2024-05-13', '2024-06-03', '2024-06-10',
      '2024-07-01', '2024-07-20', '2024-08-07', '2024-08-19', '2024-10-14', '2024-11-04', '2024-11-11', '2024-12-08', '2024-12-25',
    ]);
    expect(dates('CO', 2025)).toEqual([
      '2025-01-01', '2025-01-06', '2025-03-24', '2025-04-17', '2025-04-18', '2025-05-01', '2025-06-02', '2025-06-23', '2025-06-30',
      '2025-07-20', '2025-08-07', '2025-08-18', '2025-10-13', '2025-11-03', '2025-11-17', '2025-12-08', '2025-12-25',
    ]);
  });
  it('every moved holiday lands on a Monday, 2024–2030 (18 a year; 2025 and 2030 have two on one Monday)', () => {
    for (let y = 2024; y <= 2030; y++) {
      const hs = holidaysFor('CO', y);
      expect(hs).toHaveLength(y === 2025 || y === 2030 ? 17 : 18);
      for (const h of hs.filter((x) => /Reyes|José|Ascensión|Corpus|Sagrado|San Pedro|Asunción|Raza|Santos|Cartagena/.test(x.name))) {
        expect(new Date(`${h.date}T12:00:00Z`).getUTCDay(), `${h.name} ${h.date}`).toBe(1);
      }
    }
  });
});

describe('Mexico', () => {
  it('Monday holidays and the 2024/2030 inauguration day', () => {
    const d24 = dates('MX', 2024);
    expect(d24).toEqual(expect.arrayContaining(['2024-02-05', '2024-03-18', '2024-11-18', '2024-10-01', '2024-09-16']));
    expect(dates('MX', 2026)).toEqual(expect.arrayContaining(['2026-02-02', '2026-03-16', '2026-11-16']));
    expect(dates('MX', 2026)).not.toContain('2026-10-01');
    expect(dates('MX', 2030)).toContain('2030-10-01');
  });
});

describe('Peru', () => {
  it('2026 includes Holy week, Fiestas Patrias, 7 Jun, 23 Jul, 6 Aug, 9 Dec', () => {
    expect(dates('PE', 2026)).toEqual(
      expect.arrayContaining(['2026-04-02', '2026-04-03', '2026-06-07', '2026-07-23', '2026-07-28', '2026-07-29', '2026-08-06', '2026-08-30', '2026-12-09']),
    );
  });
});

describe('Chile', () => {
  it('Pueblos Indígenas on the solstice date, 2024–2030', () => {
    const expected: Record<number, string> = { 2024: '06-20', 2025: '06-20', 2026: '06-21', 2027: '06-21', 2028: '06-20', 2029: '06-20', 2030: '06-21' };
    for (const [y, md] of Object.entries(expected)) {
      expect(holidaysFor('CL', Number(y)).find((h) => h.name.includes('Indígenas'))?.date).toBe(`${y}-${md}`);
    }
  });
  it('Ley 19.668 moves and conditional days', () => {
    expect(dates('CL', 2023)).toContain('2023-06-26'); // 29 Jun Thursday → Monday 26
    expect(dates('CL', 2027)).toContain('2027-10-11'); // 12 Oct Tuesday → Monday 11
    expect(dates('CL', 2024)).toContain('2024-09-20'); // Friday after Fiestas Patrias
    expect(dates('CL', 2028)).toContain('2028-10-27'); // 31 Oct Tuesday → Friday 27
    expect(dates('CL', 2024)).toContain('2024-03-30'); // Holy Saturday
  });
  it('regional days only in their region', () => {
    expect(dates('CL', 2026, 'AP')).toContain('2026-06-07');
    expect(dates('CL', 2026)).not.toContain('2026-06-07');
    expect(dates('CL', 2026, 'NB')).toContain('2026-08-20');
  });
});

describe('Ecuador', () => {
  it('carnival and transfers (original and moved both blocked)', () => {
    const d = dates('EC', 2026);
    expect(d).toEqual(expect.arrayContaining(['2026-02-16', '2026-02-17', '2026-04-03', '2026-05-24', '2026-05-25', '2026-11-02', '2026-11-03']));
  });
});

describe('United States', () => {
  it('2026 federal holidays with observed days', () => {
    expect(dates('US', 2026)).toEqual([
      '2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-07-03', '2026-07-04', '2026-09-07', '2026-10-12', '2026-11-11',
      '2026-11-26', '2026-12-25',
    ]);
  });
});

describe('United Kingdom', () => {
  it('England & Wales 2026 and 2027 with substitute days', () => {
    expect(dates('GB', 2026)).toEqual(['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-26', '2026-12-28']);
    expect(dates('GB', 2027)).toEqual(expect.arrayContaining(['2027-12-27', '2027-12-28', '2027-03-26', '2027-03-29', '2027-08-30']));
  });
  it('Scotland has 2 Jan, first Monday of August, St Andrew and no Easter Monday', () => {
    const d = dates('GB', 2026, 'SCT');
    expect(d).toEqual(expect.arrayContaining(['2026-01-02', '2026-08-03', '2026-11-30']));
    expect(d).not.toContain('2026-04-06');
  });
});

describe('errors', () => {
  it('unknown country says which', () => {
    expect(() => holidaysFor('AR', 2026)).toThrow(/AR/);
  });
});
