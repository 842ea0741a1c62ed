// The default collection strategy of a fresh installation, as data: segments by days past due, each
// pointing to a strategy (channels, dial mode, retry and negotiation rules, SMS templates) and a script.
// Formats follow the column comments of the init migration; SMS templates use the IVR's
// { name: { es, en?, daysBefore?, daysAfter? } } shape and {{debtor.firstName}}-style variables.

export interface ScriptBody {
  opening: string;
  verification: string;
  body: string;
  closing: string;
  branches: Record<string, string>;
}

export interface SeedScript {
  code: string;
  name: string;
  locale: 'es' | 'en';
  body: ScriptBody;
}

export interface SeedStrategy {
  code: string;
  name: string;
  channels: string[];
  dialMode: 'preview' | 'progressive' | 'predictive' | 'agentless';
  amdMode: 'off' | 'hangup' | 'message';
  scriptCode: string | null;
  negotiation: {
    minPromiseAmountPct: number;
    maxPromiseDays: number;
    settlementMaxDiscountPct: number;
    maxInstalments: number;
    minInstalmentAmount: number;
  };
  retryRules: Record<string, unknown>;
  smsTemplates: Record<string, { es: string; en?: string; daysBefore?: number; daysAfter?: number }>;
}

export interface SeedSegment {
  code: string;
  name: string;
  priority: number;
  rules: Record<string, unknown>;
  strategyCode: string | null;
}

// The eight usual reasons for not paying, answered the same way in every stage; stage-specific
// wording sits in opening/body.
const BRANCHES_ES: Record<string, string> = {
  already_paid:
    'Gracias por informarnos. Para validarlo necesitamos la fecha, el valor y el medio de pago. Puede enviarnos el comprobante; mientras lo verificamos dejamos la cuenta en revisión y no le volveremos a llamar por este saldo.',
  does_not_recognise_debt:
    'Entiendo. La obligación es de {{producto}} con {{acreedor}}, con saldo de {{saldo}} y vencida desde el {{fecha_vencimiento}}. Si no la reconoce, registramos su reclamación y le enviamos los soportes (contrato, facturas) al correo o dirección que nos indique.',
  never_got_bill:
    'Lamento que no le haya llegado la factura. Le confirmo los datos: saldo {{saldo}}, pago mínimo {{pago_minimo}}. ¿A qué correo o número le enviamos el extracto y el enlace de pago?',
  no_money_lost_job:
    'Entiendo su situación, {{nombre}}. Busquemos juntos una alternativa: podemos acordar un pago parcial o un plan en cuotas que se ajuste a lo que hoy puede pagar. ¿Con cuánto podría comprometerse y en qué fecha?',
  will_pay_month_end:
    'Perfecto. Dejemos registrado el compromiso: ¿qué valor pagará y en qué fecha exacta de fin de mes? Le enviaremos un recordatorio el día anterior.',
  holder_not_here:
    'Gracias. ¿En qué horario podemos encontrar a {{nombre}}? Por favor no deje información de la deuda con terceros; solo indíquele que lo llamamos de {{acreedor}}.',
  payment_already_sent:
    'Gracias. Los pagos pueden tardar hasta 72 horas en verse reflejados. ¿Me indica la fecha, el valor y el canal por el que pagó para hacer seguimiento?',
  lost_payment_slip:
    'No se preocupe: le enviamos de nuevo el enlace de pago y la referencia por SMS al número registrado. También puede pagar en cualquier corresponsal con su número de documento.',
};

const BRANCHES_EN: Record<string, string> = {
  already_paid:
    'Thank you for letting us know. To confirm it we need the date, amount and payment method. You can send us the receipt; while we check it the account stays under review and we will not call you about this balance.',
  does_not_recognise_debt:
    'I understand. The debt is a {{producto}} with {{acreedor}}, balance {{saldo}}, past due since {{fecha_vencimiento}}. If you do not recognise it, we will log your dispute and send you the supporting documents (contract, invoices).',
  never_got_bill:
    'I am sorry the bill did not reach you. Your balance is {{saldo}} and the minimum payment {{pago_minimo}}. Which email or number should we send the statement and payment link to?',
  no_money_lost_job:
    'I understand, {{nombre}}. Let us find an option together: a partial payment or an instalment plan that fits what you can pay today. How much could you commit to, and on what date?',
  will_pay_month_end:
    'Fine. Let us record the commitment: what amount will you pay and on what exact date at the end of the month? We will send you a reminder the day before.',
  holder_not_here:
    'Thank you. When can we reach {{nombre}}? Please do not share details of the debt; just tell them {{acreedor}} called.',
  payment_already_sent:
    'Thank you. Payments can take up to 72 hours to show. Could you tell me the date, amount and channel you paid through so we can follow it up?',
  lost_payment_slip:
    'No problem: we will send the payment link and reference again by SMS to your registered number.',
};

const VERIFY_ES = 'Para proteger su información, ¿me confirma por favor los últimos dígitos de su documento de identidad?';
const VERIFY_EN = 'To protect your information, could you please confirm the last digits of your ID document?';
const CLOSE_ES = 'Gracias por su tiempo, {{nombre}}. Le habló {{agente}} de {{acreedor}}. Que tenga un buen día.';
const CLOSE_EN = 'Thank you for your time, {{nombre}}. This was {{agente}} from {{acreedor}}. Have a good day.';

function script(code: string, name: string, es: Omit<ScriptBody, 'verification' | 'closing' | 'branches'>, en: Omit<ScriptBody, 'verification' | 'closing' | 'branches'>): SeedScript[] {
  return [
    { code, name, locale: 'es', body: { ...es, verification: VERIFY_ES, closing: CLOSE_ES, branches: BRANCHES_ES } },
    { code: `${code}_en`, name: `${name} (English)`, locale: 'en', body: { ...en, verification: VERIFY_EN, closing: CLOSE_EN, branches: BRANCHES_EN } },
  ];
}

export const DEFAULT_SCRIPTS: SeedScript[] = [
  ...script(
    'preventiva',
    'Recordatorio preventivo',
    {
      opening: 'Buenos días, ¿hablo con {{nombre_completo}}? Le llamo de {{acreedor}}.',
      body: 'Le recordamos que el pago de su {{producto}} por {{pago_minimo}} vence el {{fecha_vencimiento}}. ¿Podemos contar con su pago antes de esa fecha?',
    },
    {
      opening: 'Good morning, am I speaking with {{nombre_completo}}? I am calling from {{acreedor}}.',
      body: 'A reminder that the payment of {{pago_minimo}} on your {{producto}} is due on {{fecha_vencimiento}}. Can we count on your payment before then?',
    },
  ),
  ...script(
    'mora_temprana',
    'Mora temprana (1-30 días)',
    {
      opening: 'Buenos días, ¿hablo con {{nombre_completo}}? Le llamo de {{acreedor}}.',
      body: 'Su {{producto}} tiene {{dias_mora}} días de atraso desde el {{fecha_vencimiento}}. Para ponerse al día basta con el pago mínimo de {{pago_minimo}}. ¿Puede realizarlo hoy o en los próximos días?',
    },
    {
      opening: 'Good morning, am I speaking with {{nombre_completo}}? I am calling from {{acreedor}}.',
      body: 'Your {{producto}} is {{dias_mora}} days past due since {{fecha_vencimiento}}. The minimum payment of {{pago_minimo}} brings it up to date. Can you make it today or in the next few days?',
    },
  ),
  ...script(
    'mora_media',
    'Mora 31-90 días: acuerdo de pago',
    {
      opening: 'Buenos días, ¿hablo con {{nombre_completo}}? Le llamo de {{acreedor}} por su {{producto}}.',
      body: 'Su obligación tiene {{dias_mora}} días de mora y un saldo de {{saldo}}. Queremos ayudarle a normalizarla: puede pagar el valor vencido de {{pago_minimo}} o acordar un plan en cuotas. ¿Cuál opción le sirve?',
    },
    {
      opening: 'Good morning, am I speaking with {{nombre_completo}}? I am calling from {{acreedor}} about your {{producto}}.',
      body: 'Your account is {{dias_mora}} days past due with a balance of {{saldo}}. We want to help you settle it: you can pay the overdue {{pago_minimo}} or agree an instalment plan. Which suits you?',
    },
  ),
  ...script(
    'recuperacion',
    'Mora tardía y castigada: acuerdo con descuento',
    {
      opening: 'Buenos días, ¿hablo con {{nombre_completo}}? Le llamo de {{acreedor}} en relación con su {{producto}}.',
      body: 'Su obligación tiene {{dias_mora}} días de mora y un saldo de {{saldo}}. Tenemos una oferta para cerrarla con descuento si paga en una sola cuota, o un plan de pagos. ¿Le interesa conocer el valor?',
    },
    {
      opening: 'Good morning, am I speaking with {{nombre_completo}}? I am calling from {{acreedor}} about your {{producto}}.',
      body: 'Your account is {{dias_mora}} days past due with a balance of {{saldo}}. We can close it with a discount if you pay in one go, or with a payment plan. Would you like to hear the amount?',
    },
  ),
];

const REMINDER_BEFORE = {
  es: '{{creditor.businessName}}: {{debtor.firstName}}, su pago de {{account.minimumPayment}} vence el {{account.nextDueDate}}. Pague en {{paymentLink}}',
  en: '{{creditor.businessName}}: {{debtor.firstName}}, your payment of {{account.minimumPayment}} is due on {{account.nextDueDate}}. Pay at {{paymentLink}}',
  daysBefore: 3,
};
const REMINDER_AFTER = {
  es: '{{creditor.businessName}}: su cuenta terminada en {{account.last4}} tiene {{account.daysPastDue}} días de atraso. Póngase al día en {{paymentLink}} o llame al {{creditor.callbackNumber}}',
  en: '{{creditor.businessName}}: your account ending {{account.last4}} is {{account.daysPastDue}} days past due. Catch up at {{paymentLink}} or call {{creditor.callbackNumber}}',
  daysAfter: 3,
};
const PAYMENT_LINK = {
  es: '{{creditor.businessName}}: {{debtor.firstName}}, pague su cuenta terminada en {{account.last4}} aquí: {{paymentLink}} . Dudas: {{creditor.callbackNumber}}',
  en: '{{creditor.businessName}}: {{debtor.firstName}}, pay your account ending {{account.last4}} here: {{paymentLink}} . Questions: {{creditor.callbackNumber}}',
};
const SETTLEMENT_OFFER = {
  es: '{{creditor.businessName}}: {{debtor.firstName}}, tenemos una oferta con descuento para cerrar su cuenta terminada en {{account.last4}}. Llámenos al {{creditor.callbackNumber}}',
  en: '{{creditor.businessName}}: {{debtor.firstName}}, we have a discount offer to close your account ending {{account.last4}}. Call us on {{creditor.callbackNumber}}',
  daysAfter: 5,
};

export const DEFAULT_STRATEGIES: SeedStrategy[] = [
  {
    code: 'preventiva',
    name: 'Preventiva: recordatorio antes del vencimiento (SMS e IVR)',
    channels: ['sms', 'ivr'],
    dialMode: 'agentless',
    amdMode: 'message',
    scriptCode: 'preventiva',
    negotiation: { minPromiseAmountPct: 100, maxPromiseDays: 5, settlementMaxDiscountPct: 0, maxInstalments: 0, minInstalmentAmount: 0 },
    retryRules: { busy: { retryMinutes: 30 }, no_answer: { retryMinutes: 360 }, machine: { retryMinutes: 1440 }, maxAttempts: 2 },
    smsTemplates: { reminder_before: REMINDER_BEFORE, payment_link: PAYMENT_LINK },
  },
  {
    code: 'mora_temprana',
    name: 'Mora temprana 1-30: contacto rápido, predictivo, SMS de recordatorio',
    channels: ['voice', 'sms'],
    dialMode: 'predictive',
    amdMode: 'hangup',
    scriptCode: 'mora_temprana',
    negotiation: { minPromiseAmountPct: 50, maxPromiseDays: 10, settlementMaxDiscountPct: 0, maxInstalments: 0, minInstalmentAmount: 0 },
    retryRules: { busy: { retryMinutes: 10 }, no_answer: { retryMinutes: 180 }, machine: { retryMinutes: 240 }, maxAttempts: 6 },
    smsTemplates: { reminder_after: REMINDER_AFTER, payment_link: PAYMENT_LINK },
  },
  {
    code: 'mora_31_60',
    name: 'Mora 31-60: promesa de pago, predictivo',
    channels: ['voice', 'sms'],
    dialMode: 'predictive',
    amdMode: 'hangup',
    scriptCode: 'mora_media',
    negotiation: { minPromiseAmountPct: 30, maxPromiseDays: 15, settlementMaxDiscountPct: 0, maxInstalments: 3, minInstalmentAmount: 50000 },
    retryRules: { busy: { retryMinutes: 15 }, no_answer: { retryMinutes: 240 }, machine: { retryMinutes: 360 }, maxAttempts: 8 },
    smsTemplates: { reminder_after: REMINDER_AFTER, payment_link: PAYMENT_LINK },
  },
  {
    code: 'mora_61_90',
    name: 'Mora 61-90: negociación en cuotas, progresivo',
    channels: ['voice', 'sms'],
    dialMode: 'progressive',
    amdMode: 'hangup',
    scriptCode: 'mora_media',
    negotiation: { minPromiseAmountPct: 20, maxPromiseDays: 20, settlementMaxDiscountPct: 10, maxInstalments: 6, minInstalmentAmount: 50000 },
    retryRules: { busy: { retryMinutes: 20 }, no_answer: { retryMinutes: 360 }, machine: { retryMinutes: 720 }, maxAttempts: 8 },
    smsTemplates: { reminder_after: REMINDER_AFTER, payment_link: PAYMENT_LINK },
  },
  {
    code: 'mora_91_120',
    name: 'Mora 91-120: acuerdos con descuento, progresivo',
    channels: ['voice', 'sms'],
    dialMode: 'progressive',
    amdMode: 'hangup',
    scriptCode: 'recuperacion',
    negotiation: { minPromiseAmountPct: 15, maxPromiseDays: 30, settlementMaxDiscountPct: 25, maxInstalments: 12, minInstalmentAmount: 40000 },
    retryRules: { busy: { retryMinutes: 30 }, no_answer: { retryMinutes: 480 }, machine: { retryMinutes: 1440 }, maxAttempts: 10 },
    smsTemplates: { settlement_offer: SETTLEMENT_OFFER, payment_link: PAYMENT_LINK },
  },
  {
    code: 'recuperacion',
    name: 'Más de 120 días y castigada: oferta de descuento, vista previa',
    channels: ['voice', 'sms'],
    dialMode: 'preview',
    amdMode: 'hangup',
    scriptCode: 'recuperacion',
    negotiation: { minPromiseAmountPct: 10, maxPromiseDays: 30, settlementMaxDiscountPct: 50, maxInstalments: 24, minInstalmentAmount: 30000 },
    retryRules: { busy: { retryMinutes: 60 }, no_answer: { retryMinutes: 1440 }, machine: { retryMinutes: 2880 }, maxAttempts: 12 },
    smsTemplates: { settlement_offer: SETTLEMENT_OFFER, payment_link: PAYMENT_LINK },
  },
];

/** Tried in ascending priority; the first whose rules all hold wins. `general` is the catch-all. */
export const DEFAULT_SEGMENTS: SeedSegment[] = [
  { code: 'sin_saldo', name: 'Sin saldo: pagadas o cerradas (sin gestión)', priority: 10, rules: { balanceMax: 0.01 }, strategyCode: null },
  { code: 'preventiva', name: 'Preventiva: vence en los próximos 7 días', priority: 20, rules: { dpdMin: -7, dpdMax: 0 }, strategyCode: 'preventiva' },
  { code: 'al_dia', name: 'Al día: vence en más de 7 días', priority: 30, rules: { dpdMax: -8 }, strategyCode: null },
  { code: 'mora_temprana', name: 'Mora temprana 1-30 días', priority: 40, rules: { dpdMin: 1, dpdMax: 30 }, strategyCode: 'mora_temprana' },
  { code: 'mora_31_60', name: 'Mora 31-60 días', priority: 50, rules: { dpdMin: 31, dpdMax: 60 }, strategyCode: 'mora_31_60' },
  { code: 'mora_61_90', name: 'Mora 61-90 días', priority: 60, rules: { dpdMin: 61, dpdMax: 90 }, strategyCode: 'mora_61_90' },
  { code: 'mora_91_120', name: 'Mora 91-120 días', priority: 70, rules: { dpdMin: 91, dpdMax: 120 }, strategyCode: 'mora_91_120' },
  { code: 'mora_mas_120', name: 'Mora de más de 120 días y castigada', priority: 80, rules: { dpdMin: 121 }, strategyCode: 'recuperacion' },
  { code: 'general', name: 'General (sin clasificar)', priority: 1000, rules: {}, strategyCode: 'mora_temprana' },
];
