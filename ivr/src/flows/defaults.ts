// The flows a strategy gets when it defines none: Spanish first, English second. A supervisor copies and
// edits them per segment (strategies.ivr_flow); they go through the same validator as any edited flow.
import type { Flow } from './types.js';
import { validateFlow } from './validate.js';

const outbound: Flow = {
  version: 1,
  kind: 'outbound',
  start: 'message',
  prompts: {
    greeting: { es: 'Hola {{debtor.firstName}}. Le llamamos de {{creditor.businessName}}.', en: 'Hello {{debtor.firstName}}. This is {{creditor.businessName}} calling.' },
    amountDue: { es: 'Su cuenta tiene un saldo pendiente de', en: 'Your account has a balance due of' },
    dueOn: { es: 'vencido desde el', en: 'past due since' },
    daysLate: { es: 'Días de mora:', en: 'Days past due:' },
    menu: {
      es: 'Para hablar ahora con un asesor, marque 1. Para consultar su cuenta, marque 2. Para hacer un compromiso de pago, marque 3. Para recibir el enlace de pago por mensaje de texto, marque 4. Para no recibir más estas llamadas, marque 9.',
      en: 'To talk to an agent now, press 1. To check your account, press 2. To promise a payment, press 3. To get the payment link by text message, press 4. To stop these calls, press 9.',
    },
    accountLine: { es: 'Cuenta terminada en', en: 'Account ending in' },
    balance: { es: 'Saldo:', en: 'Balance:' },
    nextDue: { es: 'Próximo vencimiento:', en: 'Next due date:' },
    minimum: { es: 'Pago mínimo:', en: 'Minimum payment:' },
    selfMenu: {
      es: 'Para escuchar de nuevo, marque 1. Para hacer un compromiso de pago, marque 2. Para recibir su extracto por mensaje de texto, marque 3. Para hablar con un asesor, marque 4.',
      en: 'To hear this again, press 1. To promise a payment, press 2. To get your statement by text message, press 3. To talk to an agent, press 4.',
    },
    goodbye: { es: 'Gracias por su atención. Hasta luego.', en: 'Thank you. Goodbye.' },
    callBack: { es: 'Puede comunicarse con nosotros al', en: 'You can call us at' },
  },
  nodes: {
    message: {
      verb: 'play',
      prompts: [
        { prompt: 'greeting' },
        { prompt: 'amountDue' },
        { say: 'money', value: 'account.balance' },
        { prompt: 'dueOn' },
        { say: 'date', value: 'account.dueDate' },
        { prompt: 'daysLate' },
        { say: 'number', value: 'account.daysPastDue' },
      ],
      next: 'main',
    },
    main: {
      verb: 'menu',
      prompts: [{ prompt: 'menu' }],
      options: {
        '1': { next: 'agent', label: 'agent' },
        '2': { next: 'identify', label: 'self_service' },
        '3': { next: 'promise', label: 'promise' },
        '4': { next: 'paymentLink', label: 'sms_payment_link' },
        '9': { next: 'optOut', label: 'opt_out' },
      },
      retries: 2,
      onFail: 'bye',
    },
    agent: { verb: 'transfer', priority: 80, onNoAgent: 'main' },
    identify: { verb: 'identify', secondFactors: ['birth_date', 'account_last4'], maxTries: 3, next: 'accounts', onFail: 'end' },
    accounts: {
      verb: 'play',
      each: 'accounts',
      prompts: [
        { prompt: 'accountLine' },
        { say: 'digits', value: 'account.last4' },
        { prompt: 'balance' },
        { say: 'money', value: 'account.balance' },
        { prompt: 'daysLate' },
        { say: 'number', value: 'account.daysPastDue' },
        { prompt: 'nextDue' },
        { say: 'date', value: 'account.nextDueDate' },
        { prompt: 'minimum' },
        { say: 'money', value: 'account.minimumPayment' },
      ],
      next: 'selfMenu',
    },
    selfMenu: {
      verb: 'menu',
      prompts: [{ prompt: 'selfMenu' }],
      options: { '1': { next: 'accounts' }, '2': { next: 'promise' }, '3': { next: 'statement' }, '4': { next: 'agent' } },
      onFail: 'bye',
    },
    promise: { verb: 'promise', next: 'bye', onCancel: 'main' },
    paymentLink: { verb: 'sms', template: 'payment_link', next: 'bye' },
    statement: { verb: 'sms', template: 'statement', next: 'selfMenu' },
    optOut: { verb: 'opt-out', channel: 'all', next: 'end' },
    bye: { verb: 'hangup', prompts: [{ prompt: 'callBack' }, { say: 'digits', value: 'creditor.callbackNumber' }, { prompt: 'goodbye' }] },
    end: { verb: 'hangup' },
  },
};

const inbound: Flow = {
  version: 1,
  kind: 'inbound',
  start: 'welcome',
  prompts: {
    welcome: { es: 'Bienvenido a la línea de autoservicio, disponible las veinticuatro horas.', en: 'Welcome to the self-service line, open twenty-four hours a day.' },
    accountLine: outbound.prompts.accountLine as Flow['prompts'][string],
    balance: outbound.prompts.balance as Flow['prompts'][string],
    daysLate: outbound.prompts.daysLate as Flow['prompts'][string],
    nextDue: outbound.prompts.nextDue as Flow['prompts'][string],
    minimum: outbound.prompts.minimum as Flow['prompts'][string],
    selfMenu: outbound.prompts.selfMenu as Flow['prompts'][string],
    goodbye: outbound.prompts.goodbye as Flow['prompts'][string],
  },
  nodes: {
    welcome: { verb: 'play', prompts: [{ prompt: 'welcome' }], next: 'identify' },
    identify: { verb: 'identify', secondFactors: ['birth_date', 'account_last4'], maxTries: 3, next: 'accounts', onFail: 'end' },
    accounts: outbound.nodes.accounts as Flow['nodes'][string],
    selfMenu: outbound.nodes.selfMenu as Flow['nodes'][string],
    agent: { verb: 'transfer', priority: 60, onNoAgent: 'selfMenu' },
    promise: { verb: 'promise', next: 'bye', onCancel: 'selfMenu' },
    statement: { verb: 'sms', template: 'statement', next: 'selfMenu' },
    bye: { verb: 'hangup', prompts: [{ prompt: 'goodbye' }] },
    end: { verb: 'hangup' },
  },
};

const machine: Flow = {
  version: 1,
  kind: 'machine',
  start: 'message',
  prompts: {
    message: {
      es: 'Este es un mensaje de {{creditor.businessName}}. Por favor comuníquese con nosotros al',
      en: 'This is a message from {{creditor.businessName}}. Please call us back at',
    },
    again: { es: 'Repetimos, el número es', en: 'Again, the number is' },
    thanks: { es: 'Gracias.', en: 'Thank you.' },
  },
  nodes: {
    message: {
      verb: 'play',
      prompts: [{ prompt: 'message' }, { say: 'digits', value: 'creditor.callbackNumber' }, { prompt: 'again' }, { say: 'digits', value: 'creditor.callbackNumber' }],
      next: 'end',
    },
    end: { verb: 'hangup', prompts: [{ prompt: 'thanks' }], outcome: 'machine_message' },
  },
};

// validated at load: a broken default is a programming error that must fail fast
export const DEFAULT_FLOWS = {
  outbound: validateFlow(outbound, 'defaults.outbound').flow,
  inbound: validateFlow(inbound, 'defaults.inbound').flow,
  machine: validateFlow(machine, 'defaults.machine').flow,
};
