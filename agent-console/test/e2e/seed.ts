// The data the end-to-end run needs: an agent and a supervisor, one debtor in a running campaign,
// with the segment's strategy (negotiation rules) and script. Inserted with the project's Kysely types.
import type { Kysely } from 'kysely';
import type { DB } from '@cobranza/db/schema';
import { hashPassword } from '@cobranza/api/auth/password';
import { addDays, todayIn } from '@cobranza/domain/format/index';

export const PASSWORD = 'clave-e2e-segura';

export interface Seeded {
  agent: { id: string; email: string; sip: string };
  supervisor: { id: string; email: string };
  campaignId: string;
  debtorId: string;
  accountId: string;
  phoneId: string;
  e164: string;
  /** The second lead, offered in preview once the supervisor switches the campaign to preview. */
  nextDebtorId: string;
}

export async function seed(db: Kysely<DB>, opts: { sipEndpoint: string; e164: string; nextE164: string; suffix: string }): Promise<Seeded> {
  const hash = await hashPassword(PASSWORD);
  const agent = await db
    .insertInto('users')
    .values({ email: `agente-${opts.suffix}@cobranza.test`, name: 'Laura Pérez', role: 'agent', password_hash: hash, sip_endpoint: opts.sipEndpoint, locale: 'es' })
    .returning(['id', 'email'])
    .executeTakeFirstOrThrow();
  const supervisor = await db
    .insertInto('users')
    .values({ email: `supervisora-${opts.suffix}@cobranza.test`, name: 'Ana Supervisora', role: 'supervisor', password_hash: hash, locale: 'es' })
    .returning(['id', 'email'])
    .executeTakeFirstOrThrow();
  const creditor = await db
    .insertInto('creditors')
    .values({ code: `E2E${opts.suffix}`, name: 'Banco Andino', business_name: 'Banco Andino S.A.', callback_number: '+576015550100', country: 'CO' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const portfolio = await db
    .insertInto('portfolios')
    .values({ creditor_id: creditor.id, name: 'Tarjetas 2026', country: 'CO', currency: 'COP' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const script = await db
    .insertInto('scripts')
    .values({
      code: `GUION_${opts.suffix}`,
      name: 'Mora media',
      locale: 'es',
      body: JSON.stringify({
        opening: 'Buenos días, ¿hablo con {{nombre_completo}}? Le habla {{agente}}, de Banco Andino.',
        verification: 'Para verificar su identidad, ¿me confirma su fecha de nacimiento?',
        body: '{{nombre}}, su {{producto}} tiene un saldo de {{saldo}} con {{dias_mora}} días de mora desde el {{fecha_vencimiento}}. El pago mínimo es {{pago_minimo}}.',
        closing: 'Gracias, {{nombre}}. Que tenga un buen día.',
        branches: {
          already_paid: '¿En qué fecha y por qué medio pagó? Verificamos el pago de {{saldo}}.',
          does_not_recognise_debt: 'Le enviamos hoy el extracto de su {{producto}} para que lo revise.',
          never_got_bill: 'Confirmemos su dirección y le enviamos la factura por {{saldo}}.',
          no_money_lost_job: 'Entendemos su situación. Podemos ofrecerle un plan de cuotas.',
          will_pay_month_end: '¿Registramos una promesa de pago para fin de mes por {{pago_minimo}}?',
          holder_not_here: '¿A qué hora puedo encontrar a {{nombre}}? No deje mensaje con detalles.',
          payment_already_sent: '¿Por qué medio envió el pago? Lo verificamos en 48 horas.',
          lost_payment_slip: 'Le enviamos un nuevo recibo por {{pago_minimo}} por SMS.',
        },
      }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const strategy = await db
    .insertInto('strategies')
    .values({
      code: `EST_${opts.suffix}`,
      name: 'Mora media',
      dial_mode: 'progressive',
      amd_mode: 'off',
      script_id: script.id,
      negotiation: JSON.stringify({ minPromiseAmountPct: 20, maxPromiseDays: 30, settlementMaxDiscountPct: 30, maxInstalments: 6, minInstalmentAmount: 50000 }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const segment = await db
    .insertInto('segments')
    .values({ code: `MORA_${opts.suffix}`, name: 'Mora 31–90', priority: 1, strategy_id: strategy.id, rules: JSON.stringify({ dpdMin: 31, dpdMax: 90 }) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const debtor = await db
    .insertInto('debtors')
    .values({ first_name: 'Valentina', last_name: 'Restrepo', document_type: 'CC', document_number: '1020304050', country: 'CO', time_zone: 'America/Bogota', locale: 'es' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const due = addDays(todayIn('America/Bogota'), -45); // the debtor's calendar, not UTC's
  const account = await db
    .insertInto('accounts')
    .values({
      portfolio_id: portfolio.id,
      debtor_id: debtor.id,
      external_id: `TC-${opts.suffix}`,
      product: 'tarjeta de crédito',
      currency: 'COP',
      principal: '1100000.00',
      balance: '1250000.00',
      minimum_payment: '180000.00',
      oldest_due_date: due,
      segment_id: segment.id,
      segment_assigned_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('account_documents').values({ account_id: account.id, kind: 'statement', name: 'Extracto de octubre', reference: `EXT-${opts.suffix}` }).execute();
  const phone = await db
    .insertInto('phones')
    .values({ debtor_id: debtor.id, e164: opts.e164, type: 'mobile', consent_automated: true, priority: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const campaign = await db
    .insertInto('campaigns')
    .values({
      name: 'Mora media — e2e',
      portfolio_id: portfolio.id,
      strategy_id: strategy.id,
      segment_ids: [segment.id],
      dial_mode: 'progressive',
      status: 'running',
      settings: JSON.stringify({ abandonTarget: 0.03, maxLinesPerAgent: 1, minAgentsForPredictive: 5, amdErrorEstimate: 0.05, agentlessConcurrency: 5, wrapUpSeconds: 90 }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // an agent sees the debtors of the campaigns assigned to them only
  await db.insertInto('campaign_agents').values({ campaign_id: campaign.id, user_id: agent.id }).execute();
  await db.insertInto('campaign_leads').values({ campaign_id: campaign.id, debtor_id: debtor.id, account_id: account.id, priority: 10 }).execute();

  const next = await db
    .insertInto('debtors')
    .values({ first_name: 'Julián', last_name: 'Ospina', document_type: 'CC', document_number: '79888777', country: 'CO', time_zone: 'America/Bogota', locale: 'es' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const nextAccount = await db
    .insertInto('accounts')
    .values({
      portfolio_id: portfolio.id,
      debtor_id: next.id,
      external_id: `TC-${opts.suffix}-2`,
      product: 'crédito de consumo',
      currency: 'COP',
      principal: '800000.00',
      balance: '860000.00',
      minimum_payment: '120000.00',
      oldest_due_date: due,
      segment_id: segment.id,
      segment_assigned_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('phones').values({ debtor_id: next.id, e164: opts.nextE164, type: 'mobile', consent_automated: true, priority: 1 }).execute();
  await db.insertInto('campaign_leads').values({ campaign_id: campaign.id, debtor_id: next.id, account_id: nextAccount.id, priority: 1 }).execute();
  return {
    agent: { id: agent.id, email: agent.email, sip: opts.sipEndpoint },
    supervisor: { id: supervisor.id, email: supervisor.email },
    campaignId: campaign.id,
    debtorId: debtor.id,
    accountId: account.id,
    phoneId: phone.id,
    e164: opts.e164,
    nextDebtorId: next.id,
  };
}
