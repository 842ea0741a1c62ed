// Builds a small collections world in a test database: one creditor, a strategy, a campaign and
// debtors with phones, each lead due now.
import type { Db } from '@cobranza/db';

export interface DebtorSpec {
  phones: string[];
  timeZone?: string;
  country?: string;
  priority?: number;
  region?: string | null;
}

export interface World {
  creditorId: string;
  strategyId: string;
  campaignId: string;
  debtors: Array<{ debtorId: string; accountId: string; leadId: number; phoneIds: string[]; phones: string[] }>;
}

export async function buildWorld(
  db: Db,
  opts: {
    debtors: DebtorSpec[];
    dialMode?: string;
    amdMode?: string;
    retryRules?: unknown;
    settings?: Record<string, unknown>;
    campaignStatus?: string;
    tag?: string;
    /** Country of the creditor and the portfolio (default CO). */
    country?: string;
  },
): Promise<World> {
  const tag = opts.tag ?? Math.random().toString(36).slice(2, 8);
  const creditor = await db
    .insertInto('creditors')
    .values({ code: `CR-${tag}`, name: 'Banco Andino', business_name: 'Banco Andino S.A.', callback_number: '+576015550000', country: opts.country ?? 'CO' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const portfolio = await db
    .insertInto('portfolios')
    .values({ creditor_id: creditor.id, name: `P-${tag}`, country: opts.country ?? 'CO', currency: 'COP' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const strategy = await db
    .insertInto('strategies')
    .values({
      code: `S-${tag}`,
      name: 'Test strategy',
      dial_mode: opts.dialMode ?? 'progressive',
      amd_mode: opts.amdMode ?? 'off',
      retry_rules: JSON.stringify(opts.retryRules ?? {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const campaign = await db
    .insertInto('campaigns')
    .values({
      name: `Campaign ${tag}`,
      portfolio_id: portfolio.id,
      strategy_id: strategy.id,
      dial_mode: opts.dialMode ?? 'progressive',
      status: opts.campaignStatus ?? 'running',
      settings: JSON.stringify(opts.settings ?? {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const debtors: World['debtors'] = [];
  let n = 0;
  for (const spec of opts.debtors) {
    n++;
    const d = await db
      .insertInto('debtors')
      .values({
        country: spec.country ?? 'CO',
        document_type: 'CC',
        document_number: `${tag}-${n}`,
        first_name: `Deudor${n}`,
        last_name: 'Prueba',
        time_zone: spec.timeZone ?? 'America/Bogota',
        region: spec.region ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const acc = await db
      .insertInto('accounts')
      .values({ portfolio_id: portfolio.id, debtor_id: d.id, external_id: `A-${tag}-${n}`, product: 'card', currency: 'COP', principal: '1000000', balance: '850000' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const phoneIds: string[] = [];
    let prio = 0;
    for (const e164 of spec.phones) {
      prio++;
      const p = await db
        .insertInto('phones')
        .values({ debtor_id: d.id, e164, priority: prio, consent_automated: true, type: 'mobile' })
        .returning('id')
        .executeTakeFirstOrThrow();
      phoneIds.push(p.id);
    }
    const lead = await db
      .insertInto('campaign_leads')
      .values({ campaign_id: campaign.id, debtor_id: d.id, account_id: acc.id, priority: spec.priority ?? 0, next_attempt_at: new Date(Date.now() - 60_000) })
      .returning('id')
      .executeTakeFirstOrThrow();
    debtors.push({ debtorId: d.id, accountId: acc.id, leadId: lead.id, phoneIds, phones: spec.phones });
  }
  return { creditorId: creditor.id, strategyId: strategy.id, campaignId: campaign.id, debtors };
}
