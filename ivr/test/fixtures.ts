// Seeds one creditor → portfolio → strategy → segment → debtor → account → mobile phone in a test database.
import type { Db } from '@cobranza/db';

export interface Seeded {
  creditorId: string;
  strategyId: string;
  segmentId: string;
  debtorId: string;
  accountId: string;
  phone: string;
  document: string;
}

let n = 0;

export async function seedDebtor(
  db: Db,
  o: { phone?: string; document?: string; birthDate?: string; smsTemplates?: unknown; negotiation?: unknown; ivrFlow?: unknown; country?: string; timeZone?: string; nextDueDate?: string; oldestDueDate?: string } = {},
): Promise<Seeded> {
  n++;
  const tag = `${process.pid}_${n}_${Math.random().toString(36).slice(2, 7)}`;
  const creditor = await db
    .insertInto('creditors')
    .values({ code: `CR_${tag}`, name: 'Banco Andino', business_name: 'Banco Andino', callback_number: '6015551234', country: o.country ?? 'CO' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const portfolio = await db
    .insertInto('portfolios')
    .values({ creditor_id: creditor.id, name: `P ${tag}`, country: o.country ?? 'CO', currency: 'COP' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const strategy = await db
    .insertInto('strategies')
    .values({
      code: `ST_${tag}`,
      name: 'Mora temprana',
      channels: ['voice', 'ivr', 'sms'],
      dial_mode: 'agentless',
      negotiation: JSON.stringify(o.negotiation ?? { minPromiseAmountPct: 20, maxPromiseDays: 30, settlementMaxDiscountPct: 0, maxInstalments: 0, minInstalmentAmount: 0 }),
      sms_templates: JSON.stringify(o.smsTemplates ?? {}),
      ivr_flow: o.ivrFlow === undefined ? null : JSON.stringify(o.ivrFlow),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const segment = await db
    .insertInto('segments')
    .values({ code: `SG_${tag}`, name: 'Temprana', priority: 1, strategy_id: strategy.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  const document = o.document ?? String(10_000_000 + Math.floor(Math.random() * 89_999_999));
  const debtor = await db
    .insertInto('debtors')
    .values({
      country: o.country ?? 'CO',
      document_type: 'CC',
      document_number: document,
      first_name: 'Lucía',
      last_name: 'Restrepo',
      birth_date: o.birthDate ?? '1985-03-14',
      time_zone: o.timeZone ?? 'America/Bogota',
      locale: 'es-CO',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const account = await db
    .insertInto('accounts')
    .values({
      portfolio_id: portfolio.id,
      debtor_id: debtor.id,
      external_id: `TC-0099-${String(1000 + n).slice(-4)}`,
      product: 'tarjeta',
      currency: 'COP',
      principal: '1500000',
      balance: '1250000',
      minimum_payment: '150000',
      oldest_due_date: o.oldestDueDate ?? '2026-10-05',
      next_due_date: o.nextDueDate ?? '2026-12-05',
      segment_id: segment.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const phone = o.phone ?? `+57300${String(1_000_000 + Math.floor(Math.random() * 8_999_999))}`;
  await db.insertInto('phones').values({ debtor_id: debtor.id, e164: phone, type: 'mobile', consent_automated: true }).execute();
  return { creditorId: creditor.id, strategyId: strategy.id, segmentId: segment.id, debtorId: debtor.id, accountId: account.id, phone, document };
}
