// The rows the compliance tests need: a creditor with a portfolio, and debtors with one account each.
import type { Db } from '../src/connect.js';

export interface ComplianceWorld {
  creditorId: string;
  portfolioId: string;
}

export async function seedCreditor(db: Db): Promise<ComplianceWorld> {
  const c = await db.insertInto('creditors').values({ code: 'BANCO', name: 'Banco', business_name: 'Banco S.A.', callback_number: '+5716000000', country: 'CO' }).returning('id').executeTakeFirstOrThrow();
  const p = await db.insertInto('portfolios').values({ creditor_id: c.id, name: 'Tarjetas', country: 'CO', currency: 'COP' }).returning('id').executeTakeFirstOrThrow();
  return { creditorId: c.id, portfolioId: p.id };
}

/** A debtor (document number n) in a country and zone, with one account in the portfolio. */
export async function insertDebtor(
  db: Db,
  portfolioId: string,
  n: string,
  country: string,
  zone: string,
  extra: { region?: string | null; email?: string; candidates?: string[] } = {},
): Promise<{ debtorId: string; accountId: string }> {
  const d = await db
    .insertInto('debtors')
    .values({ country, document_type: 'CC', document_number: n, first_name: 'Ana', last_name: `Díaz ${n}`, time_zone: zone, region: extra.region ?? null, email: extra.email ?? null, time_zone_candidates: extra.candidates ?? [] })
    .returning('id')
    .executeTakeFirstOrThrow();
  const a = await db
    .insertInto('accounts')
    .values({ portfolio_id: portfolioId, debtor_id: d.id, external_id: `ext-${n}`, product: 'card', currency: 'COP', principal: '1000000', balance: '800000' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { debtorId: d.id, accountId: a.id };
}
