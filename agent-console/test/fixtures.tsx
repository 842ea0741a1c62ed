import { cleanup, render } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';
import type { ReactNode } from 'react';
import type { ApiClient } from '../src/api/client.js';
import type { DebtorRecord, DispositionBody, DispositionResponse, HistoryItem, User } from '../src/api/types.js';
import { createAppStore, type AppStore } from '../src/store/createAppStore.js';
import { StoreProvider } from '../src/store/provider.js';
import type { AgentCommand, CampaignCommand, CommandSender, SupervisorCommand } from '../src/store/types.js';

export const agentUser: User = {
  id: '11111111-1111-4111-8111-111111111111',
  email: 'laura@example.com',
  name: 'Laura Pérez',
  role: 'agent',
  sipEndpoint: 'agent1',
  locale: 'es',
  active: true,
  createdAt: '2026-01-01T00:00:00Z',
};

export const adminUser: User = { ...agentUser, id: 'a0000000-0000-4000-8000-000000000001', email: 'ana@example.com', name: 'Ana Admin', role: 'admin', sipEndpoint: null };
export const supervisorUser: User = { ...adminUser, id: 'a0000000-0000-4000-8000-000000000002', email: 'sergio@example.com', name: 'Sergio Supervisor', role: 'supervisor' };

/** The file's tests run at `now` (Date only: timers stay real so the screens' requests resolve); the DOM is cleaned after each. */
export function fixClock(now: Date): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });
}

export const debtor: DebtorRecord = {
  id: '22222222-2222-4222-8222-222222222222',
  firstName: 'María',
  lastName: 'Gómez',
  documentType: 'CC',
  documentNumber: '*******050',
  country: 'CO',
  region: null,
  locale: 'es',
  timeZone: 'America/Bogota',
  email: null,
  riskScore: null,
  accounts: [
    {
      id: '33333333-3333-4333-8333-333333333333',
      portfolioId: '44444444-4444-4444-8444-444444444444',
      creditorName: 'Banco Andino S.A.',
      externalId: 'TC-1001',
      product: 'tarjeta_credito',
      currency: 'COP',
      principal: 1000000,
      balance: 1000000,
      minimumPayment: 150000,
      openedOn: null,
      oldestDueDate: '2026-10-01',
      nextDueDate: null,
      daysPastDue: 53,
      status: 'active',
      segment: { id: '55555555-5555-4555-8555-555555555555', code: 'MORA_60', name: 'Mora 31–60' },
      documents: [{ id: '66666666-6666-4666-8666-666666666666', kind: 'statement', name: 'Extracto octubre', reference: 'EXT-10' }],
    },
  ],
  phones: [
    { id: '77777777-7777-4777-8777-777777777777', e164: '+57 *** *** 4567', e164Masked: '+57 *** *** 4567', type: 'mobile', source: 'import', consentAutomated: true, status: 'valid', priority: 1, attempts: 0, lastResult: null, lastAttemptAt: null },
    { id: '88888888-8888-4888-8888-888888888888', e164: '+57 * *** 9876', e164Masked: '+57 * *** 9876', type: 'landline', source: 'import', consentAutomated: false, status: 'valid', priority: 2, attempts: 0, lastResult: null, lastAttemptAt: null },
  ],
  primaryAccountId: '33333333-3333-4333-8333-333333333333',
  segment: { id: '55555555-5555-4555-8555-555555555555', code: 'MORA_60', name: 'Mora 31–60' },
  strategy: {
    id: '99999999-9999-4999-8999-999999999999',
    code: 'EST_60',
    name: 'Mora media',
    dialMode: 'predictive',
    negotiation: { minPromiseAmountPct: 20, maxPromiseDays: 30, settlementMaxDiscountPct: 30, maxInstalments: 6, minInstalmentAmount: 50000 },
  },
  script: {
    id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
    code: 'GUION_60',
    name: 'Guion mora media',
    locale: 'es',
    version: 1,
    body: {
      opening: 'Buenos días, ¿hablo con {{nombre_completo}}? Le habla {{agente}}.',
      verification: '¿Me confirma los últimos dígitos de su documento?',
      body: '{{nombre}}, su saldo es {{saldo}} con {{dias_mora}} días de mora desde el {{fecha_vencimiento}}. El pago mínimo es {{pago_minimo}}.',
      closing: 'Gracias por su tiempo.',
      branches: {
        already_paid: 'Si ya pagó, ¿me indica la fecha? Verificamos el pago de {{saldo}}.',
        does_not_recognise_debt: 'Le enviamos el extracto de su {{producto}}.',
        never_got_bill: 'Podemos enviarle la factura hoy.',
        no_money_lost_job: 'Entendemos. Podemos ofrecer un plan de cuotas.',
        will_pay_month_end: '¿Podemos registrar la promesa para fin de mes?',
        holder_not_here: '¿A qué hora puedo encontrar a {{nombre}}?',
        payment_already_sent: '¿Por qué medio envió el pago?',
        lost_payment_slip: 'Le enviamos un nuevo recibo por {{pago_minimo}}.',
      },
    },
  },
  optOuts: [],
  legalHolds: [],
};

export const history: HistoryItem[] = [
  { kind: 'promise', id: 'p1', at: '2026-10-15T15:00:00Z', accountId: null, summary: 'Promesa por $ 200.000', details: { status: 'broken' } },
  { kind: 'sms', id: 's1', at: '2026-10-10T15:00:00Z', accountId: null, summary: 'SMS recordatorio entregado', details: { status: 'delivered' } },
];

export interface Fakes {
  store: AppStore;
  disposed: { callId: string; body: DispositionBody }[];
  agentCommands: AgentCommand[];
  campaignCommands: CampaignCommand[];
  supervisorCommands: SupervisorCommand[];
}

export function makeStore(user: User = agentUser, apiOverrides: Partial<ApiClient> = {}): Fakes {
  const disposed: Fakes['disposed'] = [];
  const api: ApiClient = {
    login: async () => ({ token: 't', expiresAt: '2026-12-01T00:00:00Z', user }),
    me: async () => user,
    sip: async () => ({ endpoint: user.sipEndpoint ?? '', domain: 'pbx.test', wsUrl: 'wss://pbx.test/ws', password: 'fixture-secret' }),
    logout: async () => undefined,
    campaigns: async () => [],
    debtor: async () => debtor,
    history: async () => history,
    shift: async () => ({ status: null, call: null }),
    request: async (method, path) => {
      throw new Error(`no fake for ${method} ${path}`);
    },
    dispose: async (callId, body): Promise<DispositionResponse> => {
      disposed.push({ callId, body });
      return {
        id: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
        callId,
        debtorId: debtor.id,
        outcome: body.outcome,
        reason: body.reason ?? null,
        callbackAt: null,
        promise: null,
        phoneMarked: null,
        createdAt: new Date().toISOString(),
      };
    },
  };
  const store = createAppStore({ api: { ...api, ...apiOverrides } });
  const agentCommands: AgentCommand[] = [];
  const campaignCommands: CampaignCommand[] = [];
  const supervisorCommands: SupervisorCommand[] = [];
  const sender: CommandSender = {
    agent: async (c) => (agentCommands.push(c), { ok: true }),
    campaign: async (c) => (campaignCommands.push(c), { ok: true }),
    supervisor: async (c) => (supervisorCommands.push(c), { ok: true }),
  };
  store.getState().attachCommands(sender);
  store.setState({ session: { user, token: 't', status: 'authenticated', error: null } });
  return { store, disposed, agentCommands, campaignCommands, supervisorCommands };
}

export function renderWith(store: AppStore, ui: ReactNode) {
  return render(<StoreProvider store={store}>{ui}</StoreProvider>);
}

export const nb = (s: string | null | undefined) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ');
