// The vocabulary shared by the database, the API, the dialer, the IVR and the console.
// Each list is the runtime source; the TS type is derived from it so the two never drift.

export const ROLES = ['agent', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const DIAL_MODES = ['preview', 'progressive', 'predictive', 'agentless'] as const;
export type DialMode = (typeof DIAL_MODES)[number];

export const CAMPAIGN_STATUSES = ['draft', 'running', 'paused', 'stopped'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const CHANNELS = ['voice', 'ivr', 'sms', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

export const PHONE_TYPES = ['mobile', 'landline', 'voip', 'unknown'] as const;
export type PhoneType = (typeof PHONE_TYPES)[number];

export const PHONE_STATUSES = ['valid', 'invalid', 'wrong_party', 'unknown'] as const;
export type PhoneStatus = (typeof PHONE_STATUSES)[number];

export const DOCUMENT_TYPES = ['CC', 'CE', 'NIT', 'TI', 'PAS', 'INE', 'CURP', 'RFC', 'DNI', 'RUC', 'RUT', 'CI', 'SSN', 'NINO', 'OTHER'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const ACCOUNT_STATUSES = ['active', 'promise', 'paid', 'settled', 'written_off', 'legal', 'closed'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export const SUPPORTING_DOCUMENT_KINDS = ['invoice', 'contract', 'statement', 'other'] as const;
export type SupportingDocumentKind = (typeof SUPPORTING_DOCUMENT_KINDS)[number];

/** Where one outbound or inbound call stands. */
export const CALL_STATUSES = ['reserved', 'dialing', 'ringing', 'amd', 'waiting', 'bridged', 'ivr', 'ended'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/** How a call ended, from the dialer's point of view. */
export const CALL_OUTCOMES = [
  'connected', // a person was bridged to an agent
  'abandoned', // a person answered and no agent was free within the connect deadline
  'machine', // answering machine detected and handled per strategy
  'busy',
  'no_answer',
  'congestion',
  'failed',
  'invalid_number',
  'ivr_completed', // agentless: the person heard the message / used the menu
  'cancelled', // stopped by the dialer before answer (campaign stop, shutdown)
] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export const AGENT_STATES = ['offline', 'ready', 'reserved', 'talking', 'wrapping', 'paused'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/** console_lost: set by the dialer, never chosen: the agent's console (tab, live connection) went away. */
export const PAUSE_REASONS = ['break', 'lunch', 'training', 'back_office', 'meeting', 'technical', 'console_lost'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];

/** Outcome an agent types at wrap-up. */
export const DISPOSITION_OUTCOMES = [
  'promise_to_pay',
  'settlement',
  'payment_plan',
  'paid',
  'refused',
  'callback',
  'third_party',
  'wrong_number',
  'no_contact',
  'dispute',
  'deceased',
  'skip',
] as const;
export type DispositionOutcome = (typeof DISPOSITION_OUTCOMES)[number];

/** The debtor's reason for not paying: the usual excuses in collections. */
export const REASON_CODES = [
  'already_paid',
  'does_not_recognise_debt',
  'never_got_bill',
  'no_money_lost_job',
  'will_pay_month_end',
  'holder_not_here',
  'payment_already_sent',
  'lost_payment_slip',
  'other',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export const PROMISE_STATUSES = ['pending', 'kept', 'broken', 'cancelled'] as const;
export type PromiseStatus = (typeof PROMISE_STATUSES)[number];

export const OPT_OUT_SOURCES = ['ivr_keypad', 'sms_stop', 'agent', 'import', 'api'] as const;
export type OptOutSource = (typeof OPT_OUT_SOURCES)[number];

export const SMS_STATUSES = ['queued', 'sent', 'delivered', 'undelivered', 'failed', 'received', 'blocked'] as const;
export type SmsStatus = (typeof SMS_STATUSES)[number];

export const AMD_MODES = ['off', 'hangup', 'message'] as const;
export type AmdMode = (typeof AMD_MODES)[number];

export const LABELS: Record<string, { es: string; en: string }> = {
  // call outcomes and statuses (the debtor's history), phone types and statuses (the screen pop)
  connected: { es: 'Contactado', en: 'Connected' },
  abandoned: { es: 'Abandonada', en: 'Abandoned' },
  machine: { es: 'Contestador', en: 'Answering machine' },
  busy: { es: 'Ocupado', en: 'Busy' },
  no_answer: { es: 'No contesta', en: 'No answer' },
  congestion: { es: 'Red congestionada', en: 'Network congestion' },
  failed: { es: 'Falló', en: 'Failed' },
  invalid_number: { es: 'Número inválido', en: 'Invalid number' },
  ivr_completed: { es: 'Mensaje escuchado', en: 'Message heard' },
  cancelled: { es: 'Cancelada', en: 'Cancelled' },
  reserved: { es: 'Reservada', en: 'Reserved' },
  dialing: { es: 'Marcando', en: 'Dialing' },
  ringing: { es: 'Timbrando', en: 'Ringing' },
  amd: { es: 'Detectando contestador', en: 'Detecting machine' },
  waiting: { es: 'En espera de agente', en: 'Waiting for an agent' },
  bridged: { es: 'En conversación', en: 'In conversation' },
  ivr: { es: 'En IVR', en: 'In IVR' },
  ended: { es: 'Terminada', en: 'Ended' },
  mobile: { es: 'celular', en: 'mobile' },
  landline: { es: 'fijo', en: 'landline' },
  voip: { es: 'VoIP', en: 'VoIP' },
  unknown: { es: 'desconocido', en: 'unknown' },
  valid: { es: 'válido', en: 'valid' },
  invalid: { es: 'inválido', en: 'invalid' },
  wrong_party: { es: 'número equivocado', en: 'wrong number' },
  already_paid: { es: 'Ya pagó', en: 'Already paid' },
  does_not_recognise_debt: { es: 'No reconoce la deuda', en: 'Does not recognise the debt' },
  never_got_bill: { es: 'Nunca recibió la factura', en: 'Never got the bill' },
  no_money_lost_job: { es: 'Sin dinero / perdió el empleo', en: 'No money / lost job' },
  will_pay_month_end: { es: 'Pagará a fin de mes', en: 'Will pay at month end' },
  holder_not_here: { es: 'El titular no está', en: 'Holder not here' },
  payment_already_sent: { es: 'Ya envió el pago', en: 'Payment already sent' },
  lost_payment_slip: { es: 'Perdió el recibo de pago', en: 'Lost the payment slip' },
  other: { es: 'Otro', en: 'Other' },
  promise_to_pay: { es: 'Promesa de pago', en: 'Promise to pay' },
  settlement: { es: 'Acuerdo con descuento', en: 'Settlement' },
  payment_plan: { es: 'Plan de cuotas', en: 'Instalment plan' },
  paid: { es: 'Pagado', en: 'Paid' },
  refused: { es: 'Se niega a pagar', en: 'Refuses to pay' },
  callback: { es: 'Volver a llamar', en: 'Callback' },
  third_party: { es: 'Tercero', en: 'Third party' },
  wrong_number: { es: 'Número equivocado', en: 'Wrong number' },
  no_contact: { es: 'Sin contacto', en: 'No contact' },
  dispute: { es: 'Disputa', en: 'Dispute' },
  deceased: { es: 'Fallecido', en: 'Deceased' },
  skip: { es: 'Omitido', en: 'Skipped' },
  break: { es: 'Descanso', en: 'Break' },
  lunch: { es: 'Almuerzo', en: 'Lunch' },
  training: { es: 'Capacitación', en: 'Training' },
  back_office: { es: 'Back office', en: 'Back office' },
  meeting: { es: 'Reunión', en: 'Meeting' },
  technical: { es: 'Problema técnico', en: 'Technical problem' },
  console_lost: { es: 'Consola desconectada', en: 'Console disconnected' },
};
