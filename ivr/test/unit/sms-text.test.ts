// The words of an SMS: the creditor's business name, the product in words, money as the debtor's locale writes it.
import { describe, expect, it } from 'vitest';
import { withDefaultRules } from '@cobranza/domain/negotiation/index';
import type { AccountInfo, DebtorInfo } from '../../src/context.js';
import { renderSms } from '../../src/sms/templates.js';

const account: AccountInfo = {
  id: 'acc-1',
  externalId: 'TC-0001-4321',
  product: 'tarjeta_credito',
  currency: 'COP',
  balance: '2156758.82',
  minimumPayment: '150000.00',
  oldestDueDate: '2026-10-01',
  nextDueDate: '2026-12-15',
  creditor: { id: 'cr-1', businessName: 'Banco Andino S.A.', callbackNumber: '6015550000' },
  strategyId: null,
  negotiation: withDefaultRules({}),
  smsTemplates: {},
};
const debtor: DebtorInfo = { id: 'd-1', firstName: 'María', lastName: 'Gómez', timeZone: 'America/Bogota', locale: 'es-CO', accounts: [account] };
const links = { paymentLinkBase: 'https://pay.example/p', statementLinkBase: 'https://pay.example/s' };
const nb = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('SMS text', () => {
  it('names the creditor, says the product in words and writes money as the locale does (no currency name after the symbol)', () => {
    const es = nb(renderSms({ es: '{{creditor.businessName}}: su {{account.product}} tiene saldo {{account.balance}}.', en: '{{creditor.businessName}}: your {{account.product}} balance is {{account.balance}}.' }, 'es', debtor, account, '2026-11-23', links));
    expect(es).toBe('Banco Andino S.A.: su tarjeta de crédito tiene saldo $ 2.156.758,82.');
    const en = nb(renderSms({ es: 'x', en: '{{creditor.businessName}}: your {{account.product}} balance is {{account.balance}}.' }, 'en', debtor, account, '2026-11-23', links));
    expect(en).toBe('Banco Andino S.A.: your credit card balance is COP 2,156,758.82.');
  });
});
