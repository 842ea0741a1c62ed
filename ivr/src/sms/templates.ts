// SMS templates per strategy (strategies.sms_templates): { <name>: { es, en?, daysBefore?, daysAfter? } }.
// reminder_before is sent daysBefore the next due date, reminder_after daysAfter the oldest unpaid one.
import { formatDate, formatMoney, productLabel } from '@cobranza/domain/format/index';
import { daysBetween, type AccountInfo, type DebtorInfo } from '../context.js';
import type { Lang } from '../flows/types.js';
import { fillTemplate, templateVariables } from '../flows/variables.js';

export interface SmsTemplate {
  es: string;
  en?: string;
  daysBefore?: number;
  daysAfter?: number;
}

export const SMS_VARIABLES = [
  'debtor.firstName',
  'creditor.businessName',
  'creditor.callbackNumber',
  'account.balance',
  'account.minimumPayment',
  'account.dueDate',
  'account.nextDueDate',
  'account.daysPastDue',
  'account.last4',
  'account.product',
  'paymentLink',
  'statementLink',
] as const;

export const DEFAULT_SMS_TEMPLATES: Record<string, SmsTemplate> = {
  payment_link: {
    es: '{{creditor.businessName}}: {{debtor.firstName}}, pague su cuenta terminada en {{account.last4}} aquí: {{paymentLink}} . Dudas: {{creditor.callbackNumber}}',
    en: '{{creditor.businessName}}: {{debtor.firstName}}, pay your account ending {{account.last4}} here: {{paymentLink}} . Questions: {{creditor.callbackNumber}}',
  },
  statement: {
    es: '{{creditor.businessName}}: su extracto de la cuenta terminada en {{account.last4}}: saldo {{account.balance}}, pago mínimo {{account.minimumPayment}}. Detalle: {{statementLink}}',
    en: '{{creditor.businessName}}: statement for account ending {{account.last4}}: balance {{account.balance}}, minimum payment {{account.minimumPayment}}. Details: {{statementLink}}',
  },
  reminder_before: {
    es: '{{creditor.businessName}}: recuerde que su pago de {{account.minimumPayment}} vence el {{account.nextDueDate}}. Pague en {{paymentLink}}',
    en: '{{creditor.businessName}}: your payment of {{account.minimumPayment}} is due on {{account.nextDueDate}}. Pay at {{paymentLink}}',
    daysBefore: 3,
  },
  reminder_after: {
    es: '{{creditor.businessName}}: su cuenta terminada en {{account.last4}} tiene {{account.daysPastDue}} días de atraso. Póngase al día en {{paymentLink}} o llame al {{creditor.callbackNumber}}',
    en: '{{creditor.businessName}}: your account ending {{account.last4}} is {{account.daysPastDue}} days past due. Catch up at {{paymentLink}} or call {{creditor.callbackNumber}}',
    daysAfter: 5,
  },
};

export class SmsTemplateError extends Error {
  readonly code = 'IVR_SMS_TEMPLATE_INVALID';
  /** The reason for the person writing the template, Spanish first. */
  readonly i18n: { es: string; en: string };
  constructor(
    readonly path: string,
    readonly reason: string,
    es: string = reason,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'SmsTemplateError';
    this.i18n = { es, en: reason };
  }
}

/** Validates strategies.sms_templates; each error names the template and field. */
export function parseSmsTemplates(json: unknown, where = 'sms_templates'): Record<string, SmsTemplate> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new SmsTemplateError(where, 'must be an object: template name → {es, en?}', 'deben ser plantillas con nombre y texto');
  const out: Record<string, SmsTemplate> = {};
  for (const [name, t] of Object.entries(json as Record<string, unknown>)) {
    const p = `${where}.${name}`;
    if (typeof t !== 'object' || t === null) throw new SmsTemplateError(p, 'must be an object {es, en?, daysBefore?, daysAfter?}', 'la plantilla necesita su texto');
    const o = t as Record<string, unknown>;
    if (typeof o.es !== 'string' || !o.es.trim()) throw new SmsTemplateError(`${p}.es`, 'Spanish text is required', 'falta el texto en español');
    if (o.en !== undefined && typeof o.en !== 'string') throw new SmsTemplateError(`${p}.en`, 'must be a string', 'debe ser un texto');
    for (const k of ['daysBefore', 'daysAfter'] as const)
      if (o[k] !== undefined && (!Number.isInteger(o[k]) || (o[k] as number) < 0 || (o[k] as number) > 90)) throw new SmsTemplateError(`${p}.${k}`, 'must be a whole number of days from 0 to 90', 'debe ser un número entero de días, de 0 a 90');
    for (const lang of ['es', 'en'] as const) {
      const text = o[lang];
      if (typeof text !== 'string') continue;
      for (const v of templateVariables(text))
        if (!(SMS_VARIABLES as readonly string[]).includes(v)) throw new SmsTemplateError(`${p}.${lang}`, `unknown variable {{${v}}} (known: ${SMS_VARIABLES.join(', ')})`, `variable desconocida {{${v}}} (válidas: ${SMS_VARIABLES.join(', ')})`);
    }
    out[name] = o as unknown as SmsTemplate;
  }
  return out;
}

export interface SmsLinks {
  paymentLinkBase: string;
  statementLinkBase: string;
}

/** The text of template `name` for this debtor and account, with money and dates per the debtor's locale. */
export function renderSms(template: SmsTemplate, lang: Lang, debtor: DebtorInfo, account: AccountInfo, today: string, links: SmsLinks): string {
  const locale = lang === 'en' ? 'en-US' : debtor.locale || 'es-CO';
  const text = (lang === 'en' ? template.en : undefined) ?? template.es;
  const values: Record<string, string | undefined> = {
    'debtor.firstName': debtor.firstName,
    'creditor.businessName': account.creditor.businessName,
    'creditor.callbackNumber': account.creditor.callbackNumber,
    'account.balance': formatMoney(account.balance, account.currency, locale),
    'account.minimumPayment': formatMoney(account.minimumPayment, account.currency, locale),
    'account.dueDate': account.oldestDueDate ? formatDate(account.oldestDueDate, locale) : undefined,
    'account.nextDueDate': account.nextDueDate ? formatDate(account.nextDueDate, locale) : undefined,
    'account.daysPastDue': account.oldestDueDate ? String(Math.max(0, daysBetween(account.oldestDueDate, today))) : undefined,
    'account.last4': account.externalId.replace(/\D/g, '').slice(-4),
    'account.product': productLabel(account.product, locale),
    paymentLink: `${links.paymentLinkBase.replace(/\/$/, '')}/${account.id}`,
    statementLink: `${links.statementLinkBase.replace(/\/$/, '')}/${account.id}`,
  };
  return fillTemplate(text, values);
}
