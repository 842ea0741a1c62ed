import { describe, expect, it } from 'vitest';
import { HeaderError } from '../src/portfolio/columns.js';
import { createPaymentValidator, mapPaymentHeader, resolvePayment, type PaymentRow } from '../src/payments/index.js';

const TODAY = '2026-11-23';

describe('payments header', () => {
  it('takes the Spanish names and refuses unknown, repeated or missing columns at line 1', () => {
    expect([...mapPaymentHeader(['ID_Cuenta', 'valor', 'Fecha Pago', 'referencia', 'canal']).keys()]).toEqual(['external_id', 'amount', 'paid_on', 'reference', 'channel']);
    expect(() => mapPaymentHeader(['external_id', 'amount', 'paid_on', 'saldo'])).toThrow(/line 1 \(header\): unknown column\(s\): saldo/);
    // a column named like a property every object has is still an unknown column, not a crash or a match
    expect(() => mapPaymentHeader(['external_id', 'amount', 'paid_on', 'constructor'])).toThrow(/unknown column\(s\): constructor/);
    expect(() => mapPaymentHeader(['external_id', 'amount', 'valor', 'paid_on'])).toThrow(/amount appears twice/);
    expect(() => mapPaymentHeader(['external_id', 'amount'])).toThrow(HeaderError);
    expect(() => mapPaymentHeader(['external_id', 'amount'])).toThrow(/missing required column\(s\): paid_on/);
  });
});

describe('payment rows', () => {
  const validate = createPaymentValidator(['external_id', 'amount', 'paid_on', 'currency', 'reference', 'channel'], { today: TODAY });

  it('normalises a good row: day-first dates, decimal comma, currency in upper case', () => {
    expect(validate(2, [' A-1 ', '150000,5', '21/11/2026', 'cop', 'BNK-9', 'pse'])).toEqual({
      ok: true,
      row: { line: 2, externalId: 'A-1', amount: '150000.5', paidOn: '2026-11-21', currency: 'COP', reference: 'BNK-9', channel: 'pse' },
    });
    expect(validate(3, ['A-1', '10', TODAY, '', '', ''])).toMatchObject({ ok: true, row: { currency: null, reference: null, channel: null } });
  });

  it('rejects zero and negative amounts, future and impossible dates, unknown currencies, each with line and column', () => {
    const r = validate(7, ['', '-5', '2026-11-24', 'XYZ', '', '']);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      { line: 7, column: 'external_id', value: '', reason: 'external_id is required' },
      { line: 7, column: 'amount', value: '-5', reason: 'a payment amount must be greater than 0' },
      { line: 7, column: 'paid_on', value: '2026-11-24', reason: 'payment date 2026-11-24 is in the future (today is 2026-11-23)' },
      { line: 7, column: 'currency', value: 'XYZ', reason: expect.stringMatching(/unknown currency XYZ/) },
    ]);
    expect(validate(8, ['A', '0,00', '30/02/2026', '', '', ''])).toMatchObject({
      ok: false,
      errors: [
        { column: 'amount', reason: 'a payment amount must be greater than 0' },
        { column: 'paid_on', reason: 'no day 30 in 2026-02' },
      ],
    });
    expect(validate(9, ['A', '1'])).toMatchObject({ ok: false, errors: [{ line: 9, column: '*', reason: 'expected 6 fields as in the header, found 2' }] });
  });
});

describe('resolvePayment', () => {
  const row: PaymentRow = { line: 4, externalId: 'A-1', amount: '100', paidOn: '2026-11-20', currency: null, reference: 'R1', channel: null };

  it('takes the account currency when none is given', () => {
    expect(resolvePayment(row, { id: 'acc', currency: 'COP' })).toEqual({
      ok: true,
      payment: { line: 4, accountId: 'acc', amount: '100', currency: 'COP', paidOn: '2026-11-20', reference: 'R1' },
    });
  });

  it('rejects an unknown external_id and a currency other than the account’s', () => {
    expect(resolvePayment(row, undefined)).toEqual({
      ok: false,
      errors: [{ line: 4, column: 'external_id', value: 'A-1', reason: 'no account with external_id A-1 in this portfolio' }],
    });
    expect(resolvePayment({ ...row, currency: 'USD' }, { id: 'acc', currency: 'COP' })).toEqual({
      ok: false,
      errors: [{ line: 4, column: 'currency', value: 'USD', reason: 'payment in USD but account A-1 is in COP' }],
    });
  });
});
