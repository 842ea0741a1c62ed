// A strategy's SMS templates: checked when written (a template the sender cannot read would silently fall
// back to the defaults), and previewed on a sample debtor with the renderer the sender uses.
import { DEFAULT_NEGOTIATION_RULES } from '@cobranza/domain/negotiation/rules';
import type { AccountInfo, DebtorInfo } from '@cobranza/ivr/context';
import { parseSmsTemplates, renderSms, SmsTemplateError, type SmsTemplate } from '@cobranza/ivr/sms/templates';
import { badInput, escapePointer } from '../errors.js';

/** `sms_templates.recordatorio.es` (the parser's path) → `/smsTemplates/recordatorio/es`. */
const pointer = (path: string, root: string) => [root, ...path.split('.').slice(1).map(escapePointer)].join('/');

/** The templates as the sender will read them, or a 400 at the field, in Spanish and English. */
export function checkSmsTemplates(raw: unknown, root = '/smsTemplates'): Record<string, SmsTemplate> {
  try {
    return parseSmsTemplates(raw);
  } catch (e) {
    if (!(e instanceof SmsTemplateError)) throw e;
    const field = pointer(e.path, root);
    throw badInput(field, e.reason, 'body', { issue: 'sms_template_invalid', i18n: { es: `Plantilla SMS: ${e.i18n.es}`, en: `SMS template: ${e.i18n.en}` } });
  }
}

/** The sample debtor of every preview: a made-up person, so no real debtor's data is shown for a draft. */
export const SAMPLE_ACCOUNT: AccountInfo = {
  id: '00000000-0000-4000-8000-00000000a001',
  externalId: 'TC-4589-1234',
  product: 'tarjeta_credito',
  currency: 'COP',
  balance: '1850000.00',
  minimumPayment: '185000.00',
  oldestDueDate: '2026-11-01',
  nextDueDate: '2026-12-15',
  creditor: { id: '00000000-0000-4000-8000-00000000c001', businessName: 'Banco Andino S.A.', callbackNumber: '+576015550000' },
  strategyId: null,
  negotiation: DEFAULT_NEGOTIATION_RULES,
  smsTemplates: {},
};
export const SAMPLE_DEBTOR: DebtorInfo = { id: '00000000-0000-4000-8000-00000000d001', firstName: 'María', lastName: 'Gómez', timeZone: 'America/Bogota', locale: 'es-CO', accounts: [SAMPLE_ACCOUNT] };

export interface SmsLinks {
  paymentLinkBase: string;
  statementLinkBase: string;
}

/** The links the IVR's sender uses (ivr/src/index.ts reads the same variables). */
export const smsLinks = (env: Record<string, string | undefined> = process.env): SmsLinks => ({
  paymentLinkBase: env.PAYMENT_LINK_BASE ?? 'https://pagos.example.com/p',
  statementLinkBase: env.STATEMENT_LINK_BASE ?? 'https://pagos.example.com/e',
});

/** The text the sample debtor would receive, as the sender renders it on `today`. */
export function previewSms(template: unknown, lang: 'es' | 'en', today: string, links: SmsLinks = smsLinks()): { text: string; length: number } {
  const t = checkSmsTemplates({ template }, '')['template']!;
  const text = renderSms(t, lang, SAMPLE_DEBTOR, SAMPLE_ACCOUNT, today, links);
  return { text, length: text.length };
}
