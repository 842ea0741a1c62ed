import { parse as csvParse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HeaderError, mapHeader } from '../src/portfolio/columns.js';
import { csvField, CsvSyntaxError, readCsv, type CsvRecord } from '../src/portfolio/csv.js';
import { curpCheckDigit, nitCheckDigit, rutCheckDigit, validateIdDocument } from '../src/portfolio/id-documents.js';
import { createRowValidator, type RowResult } from '../src/portfolio/validate.js';
import { parseAmount, parseDate } from '../src/portfolio/values.js';

async function readAll(chunks: string[]): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const batch of readCsv((async function* () { yield* chunks.map((c) => Buffer.from(c)); })())) out.push(...batch);
  return out;
}

describe('readCsv', () => {
  it('reports the physical line each record starts on, across quoted newlines and blank lines', async () => {
    const text = 'a,b\r\n1,"two\nlines"\n\n3,"say ""hi"""\n4,x';
    const recs = await readAll([text]);
    expect(recs).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', 'two\nlines'] },
      { line: 5, fields: ['3', 'say "hi"'] },
      { line: 6, fields: ['4', 'x'] },
    ]);
  });

  it('gives the same records whatever the chunking, including a UTF-8 character split between chunks', async () => {
    const text = 'nombre,región\n"Peña, Ana",Bogotá\nLuis,Ñuñoa\n';
    const bytes = Buffer.from(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      const out: CsvRecord[] = [];
      for await (const b of readCsv((async function* () { yield bytes.subarray(0, cut); yield bytes.subarray(cut); })())) out.push(...b);
      expect(out.map((r) => r.fields)).toEqual([['nombre', 'región'], ['Peña, Ana', 'Bogotá'], ['Luis', 'Ñuñoa']]);
    }
  });

  it('refuses an unterminated quote with its line', async () => {
    await expect(readAll(['a,b\n1,"open\n2,3\n'])).rejects.toThrow(CsvSyntaxError);
    await expect(readAll(['a,b\n1,"open\n2,3\n'])).rejects.toThrow(/line 2/);
  });

  it('reads what csv-parse reads (RFC 4180 property)', async () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', 'ñ', ' ', '1'), maxLength: 6 });
    const table = fc.array(fc.array(field, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(table, fc.integer({ min: 1, max: 7 }), async (rows, chunk) => {
        // skip tables whose rows would be blank lines (both readers drop them, but csv-parse differently)
        fc.pre(rows.every((r) => r.some((f) => f !== '')));
        const text = rows.map((r) => r.map(csvField).join(',')).join('\n') + '\n';
        const chunks: string[] = [];
        for (let i = 0; i < text.length; i += chunk) chunks.push(text.slice(i, i + chunk));
        const ours = (await readAll(chunks)).map((r) => r.fields);
        expect(ours).toEqual(csvParse(text, { relax_column_count: true }));
      }),
      { numRuns: 300 },
    );
  });
});

describe('identity documents', () => {
  it.each([
    ['CO', 'CC', '1.020.304.050', '1020304050'],
    ['CO', 'NIT', '900123456-' + nitCheckDigit('900123456'), '900123456-' + nitCheckDigit('900123456')],
    ['PE', 'DNI', '45678912', '45678912'],
    ['CL', 'RUT', '12.345.678-5', '12345678-5'],
    ['MX', 'CURP', 'GOPM850312MDFRRR0' + curpCheckDigit('GOPM850312MDFRRR0'), 'GOPM850312MDFRRR0' + curpCheckDigit('GOPM850312MDFRRR0')],
  ])('accepts %s %s %s', (country, type, raw, normalized) => {
    expect(validateIdDocument(country, type, raw)).toEqual({ ok: true, number: normalized });
  });
  it.each([
    ['CO', 'CC', '12345', /6 to 10 digits/],
    ['CO', 'CC', '0123456789', /not starting with 0/],
    ['PE', 'DNI', '1234567', /8 digits/],
    ['CL', 'RUT', '12.345.678-4', /check digit/],
    ['MX', 'CURP', 'GOPM850312MDFRRR0' + ((Number(curpCheckDigit('GOPM850312MDFRRR0')) + 1) % 10), /check digit/],
    ['MX', 'CURP', 'GOPM851312MDFRRR01', /18 characters/],
    ['CO', 'DNI', '12345678', /not used in CO/],
  ])('refuses %s %s %s', (country, type, raw, reason) => {
    const r = validateIdDocument(country, type, raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
  it('computes the RUT check digit K', () => {
    expect(rutCheckDigit('10000013')).toBe('K');
  });
});

describe('values', () => {
  it('parses amounts exactly and refuses the rest', () => {
    expect(parseAmount('1234567.89')).toEqual({ ok: true, value: '1234567.89' });
    expect(parseAmount('0012,5')).toEqual({ ok: true, value: '12.5' });
    expect(parseAmount('-5').ok).toBe(false);
    expect(parseAmount('1.234.567').ok).toBe(false);
    expect(parseAmount('9999999999999').ok).toBe(false);
  });
  it('parses ISO and day-first dates and refuses impossible ones', () => {
    expect(parseDate('2026-02-28')).toEqual({ ok: true, value: '2026-02-28' });
    expect(parseDate('5/3/2026')).toEqual({ ok: true, value: '2026-03-05' });
    expect(parseDate('29/02/2024')).toEqual({ ok: true, value: '2024-02-29' });
    expect(parseDate('29/02/2026').ok).toBe(false);
    expect(parseDate('2026-13-01').ok).toBe(false);
    expect(parseDate('03-05-2026').ok).toBe(false);
  });
});

describe('createRowValidator', () => {
  const header = ['document_type', 'document_number', 'first_name', 'last_name', 'country', 'region', 'external_id', 'product', 'currency', 'balance', 'minimum_payment', 'oldest_due_date', 'phone1', 'phone1_type', 'phone2', 'documents'];
  const validate = createRowValidator(header, { defaultCountry: 'CO', defaultCurrency: 'COP', today: '2026-11-23' });
  const good = ['CC', '1.020.304.050', 'Ana María', 'Gómez Peña', 'CO', 'bogota dc', 'A-1', 'Tarjeta de Crédito', 'COP', '1500000', '150000,50', '15/10/2026', '300 123 4567', 'celular', '601 234 5678', 'factura:FAC-1;contrato:CT-9:Pagaré'];
  const errorsOf = (r: RowResult) => (r.ok ? [] : r.errors);

  it('normalises a good row', () => {
    const r = validate(2, good);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.row.debtor).toMatchObject({ documentNumber: '1020304050', region: 'Bogotá D.C.', timeZone: 'America/Bogota', locale: 'es-CO' });
    expect(r.row.account).toMatchObject({ product: 'tarjeta_credito', balance: '1500000', principal: '1500000', minimumPayment: '150000.50', oldestDueDate: '2026-10-15', status: 'active' });
    expect(r.row.phones).toEqual([
      { e164: '+573001234567', type: 'mobile', consent: false },
      { e164: '+576012345678', type: 'landline', consent: false },
    ]);
    expect(r.row.documents).toEqual([
      { kind: 'invoice', reference: 'FAC-1', name: 'Factura FAC-1' },
      { kind: 'contract', reference: 'CT-9', name: 'Pagaré' },
    ]);
  });

  it('reports every problem of a row with its column, a masked value and the reason', () => {
    const bad = [...good];
    bad[1] = '12AB'; // document number
    bad[8] = 'XYZ'; // currency
    bad[9] = '-10'; // balance
    bad[11] = '31/02/2026'; // date
    bad[12] = '300 123'; // phone
    const errs = errorsOf(validate(7, bad));
    expect(errs.map((e) => [e.line, e.column])).toEqual([
      [7, 'document_number'],
      [7, 'currency'],
      [7, 'balance'],
      [7, 'oldest_due_date'],
      [7, 'phone1'],
    ]);
    expect(errs.find((e) => e.column === 'phone1')!.value).toBe('**0 123');
    expect(errs.find((e) => e.column === 'document_number')!.value).toBe('*2AB');
    expect(errs.find((e) => e.column === 'oldest_due_date')!.reason).toMatch(/no day 31/);
  });

  it('says when a row has the wrong number of fields', () => {
    expect(errorsOf(validate(3, good.slice(0, 5)))).toEqual([{ line: 3, column: '*', value: '5 fields', reason: 'expected 16 fields as in the header, found 5' }]);
  });

  it('refuses a header with unknown or missing columns', () => {
    expect(() => mapHeader(['document_type', 'document_number', 'first_name', 'last_name', 'external_id', 'product', 'balance', 'telefono1', 'colour'])).toThrow(HeaderError);
    expect(() => mapHeader(['document_type', 'first_name'])).toThrow(/missing required column\(s\): document_number, last_name/);
  });

  it('gives Mexican debtors candidate zones when the phone points elsewhere than the address', () => {
    const v = createRowValidator(['document_type', 'document_number', 'first_name', 'last_name', 'external_id', 'product', 'balance', 'region', 'phone1'], {
      defaultCountry: 'MX', defaultCurrency: 'MXN', today: '2026-11-23',
    });
    const curp = 'GOPM850312MDFRRR0' + curpCheckDigit('GOPM850312MDFRRR0');
    const r = v(2, ['CURP', curp, 'Ana', 'Gómez', 'X1', 'consumo', '100', 'CDMX', '664 123 4567']);
    expect(r.ok && r.row.debtor).toMatchObject({ region: 'Ciudad de México', timeZone: 'America/Mexico_City', timeZoneCandidates: ['America/Mexico_City', 'America/Tijuana'] });
  });

  describe('US debtors', () => {
    const v = createRowValidator(['document_type', 'document_number', 'first_name', 'last_name', 'external_id', 'product', 'balance', 'region', 'phone1', 'phone2'], {
      defaultCountry: 'US', defaultCurrency: 'USD', today: '2026-11-23',
    });
    const row = (region: string, phone1: string, phone2 = '') => v(2, ['SSN', '123-45-6789', 'John', 'Smith', 'US-1', 'credit card', '2500.00', region, phone1, phone2]);

    it('keeps both zones when the state says one and the phone another', () => {
      const r = row('California', '(212) 736-5000');
      expect(r.ok && r.row.debtor).toMatchObject({ region: 'CA', timeZone: 'America/Los_Angeles', timeZoneCandidates: ['America/Los_Angeles', 'America/New_York'] });
    });

    it('needs no candidates when state and phone agree', () => {
      const r = row('NY', '212 736 5000');
      expect(r.ok && r.row.debtor).toMatchObject({ region: 'NY', timeZone: 'America/New_York', timeZoneCandidates: [] });
      expect(r.ok && r.row.phones).toEqual([{ e164: '+12127365000', type: 'unknown', consent: false }]);
    });

    it('keeps every zone of a state or area code that spans two', () => {
      // Texas spans Central and Mountain; an El Paso phone confirms nothing
      expect(row('Texas', '915 212 0000')).toMatchObject({ ok: true, row: { debtor: { region: 'TX', timeZone: 'America/Chicago', timeZoneCandidates: ['America/Chicago', 'America/Denver'] } } });
      // a Florida panhandle number for a Georgia address
      expect(row('georgia', '850 595 4960')).toMatchObject({ ok: true, row: { debtor: { region: 'GA', timeZone: 'America/New_York', timeZoneCandidates: ['America/New_York', 'America/Chicago'] } } });
    });

    it('takes the zone from the phones when the state is missing, and not from a toll-free number', () => {
      expect(row('', '303 555 1234', '800 275 2273')).toMatchObject({ ok: true, row: { debtor: { region: null, timeZone: 'America/Denver', timeZoneCandidates: [] } } });
      expect(row('', '800 275 2273')).toMatchObject({ ok: true, row: { debtor: { timeZone: 'America/New_York', timeZoneCandidates: [] } } });
    });

    it('refuses an impossible SSN', () => {
      const r = v(2, ['SSN', '666-12-3456', 'John', 'Smith', 'US-1', 'credit card', '2500.00', 'NY', '212 736 5000', '']);
      expect(r.ok ? [] : r.errors.map((e) => [e.column, e.value])).toEqual([['document_number', '********456']]);
    });
  });
});
