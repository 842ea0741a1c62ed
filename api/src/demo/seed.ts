// Demo data for `npm start` on a fresh machine: known users, a creditor and a portfolio, the default
// segments/strategies/scripts, and a small portfolio of synthetic debtors. Idempotent: it does nothing
// when users already exist.
import type { Db } from '@cobranza/db';
import { sql } from 'kysely';
import { DEMO_COUNTRY } from '@cobranza/compliance';
import { DEMO_CAMPAIGN_SETTINGS } from '@cobranza/db/seed/demo-campaign';
import type { AuthUser } from '../auth/guard.js';
import { hashPassword } from '../auth/password.js';

export const DEMO_PASSWORD = 'cobranza-demo';

export interface DemoUser {
  email: string;
  name: string;
  role: 'admin' | 'supervisor' | 'agent';
  sipEndpoint: string | null;
}

export const DEMO_USERS: DemoUser[] = [
  { email: 'admin@cobranza.demo', name: 'Adriana Admin', role: 'admin', sipEndpoint: null },
  { email: 'supervisor@cobranza.demo', name: 'Sergio Supervisor', role: 'supervisor', sipEndpoint: 'supervisor1' },
  { email: 'agente1@cobranza.demo', name: 'Ana Gómez', role: 'agent', sipEndpoint: 'agent1' },
  { email: 'agente2@cobranza.demo', name: 'Luis Pérez', role: 'agent', sipEndpoint: 'agent2' },
  { email: 'agente3@cobranza.demo', name: 'María Rodríguez', role: 'agent', sipEndpoint: 'agent3' },
];

/**
 * Agents nobody logs in as: with simulated telephony the dialer logs them in and they take calls by
 * themselves (dialer/src/index.ts picks agents without a SIP endpoint), so the demo has enough agents
 * for predictive pacing besides the person trying it.
 */
export const SIMULATED_AGENTS: DemoUser[] = Array.from({ length: 14 }, (_, i) => ({
  email: `simulado${i + 1}@cobranza.demo`,
  name: `Agente simulado ${i + 1}`,
  role: 'agent' as const,
  sipEndpoint: null,
}));

export interface SeedResult {
  created: boolean;
  users: DemoUser[];
  password: string;
  portfolioId: string | null;
  debtors: number;
  notes: string[];
}

/** Hook for the real import path (api/src/import): import a generated file into the portfolio. */
export type DemoImporter = (db: Db, portfolioId: string) => Promise<{ accepted: number; rejected: number }>;
export type DefaultsSeeder = (db: Db) => Promise<unknown>;
/** Hook for the campaign service (api/src/services/campaigns.ts): start a campaign as this user. */
export type CampaignStarter = (by: AuthUser, campaignId: string) => Promise<unknown>;

export async function seedDemo(db: Db, opts: { password?: string; importer?: DemoImporter; seedDefaults?: DefaultsSeeder; startCampaign?: CampaignStarter; rows?: number } = {}): Promise<SeedResult> {
  const password = opts.password ?? DEMO_PASSWORD;
  const notes: string[] = [];
  const existing = await db.selectFrom('users').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  if (existing.n > 0) return { created: false, users: DEMO_USERS, password, portfolioId: null, debtors: 0, notes: ['users exist: demo seed skipped'] };

  const hash = await hashPassword(password);
  await db
    .insertInto('users')
    .values([...DEMO_USERS, ...SIMULATED_AGENTS].map((u) => ({ email: u.email, name: u.name, role: u.role, sip_endpoint: u.sipEndpoint, password_hash: hash })))
    .execute();

  const creditor = await db
    .insertInto('creditors')
    .values({ code: 'BANCO-DEMO', name: 'Banco Demo', business_name: 'Banco Demo S.A.', callback_number: '+576015550100', country: 'CO' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const portfolio = await db
    .insertInto('portfolios')
    .values({ creditor_id: creditor.id, name: 'Cartera demo tarjetas', country: 'CO', currency: 'COP' })
    .returning('id')
    .executeTakeFirstOrThrow();

  if (opts.seedDefaults) {
    await opts.seedDefaults(db);
    notes.push('default segments, strategies and scripts from @cobranza/db seed');
  } else {
    await fallbackDefaults(db);
    notes.push('default segments/strategies/scripts: built-in fallback (the @cobranza/db seed is not available)');
  }

  let debtors = 0;
  if (opts.importer) {
    const r = await opts.importer(db, portfolio.id);
    debtors = r.accepted;
    notes.push(`demo portfolio imported through the import service: ${r.accepted} rows accepted, ${r.rejected} rejected`);
  } else {
    debtors = await fallbackDebtors(db, portfolio.id, opts.rows ?? 40);
    notes.push(`demo portfolio: ${debtors} synthetic debtors written directly (the import service is not available)`);
  }

  // the demo's debtors are simulated: under the DEMO compliance profile they may be dialled at any hour
  // (a real profile such as CO is never loosened for the demo)
  await db
    .updateTable('debtors')
    // XD has no subdivisions: the generator's Colombian department names would not be XD regions
    .set({ country: DEMO_COUNTRY, region: null })
    .where('id', 'in', db.selectFrom('accounts').select('debtor_id').where('portfolio_id', '=', portfolio.id))
    .execute();
  notes.push(`demo debtors under the ${DEMO_COUNTRY} compliance profile (simulated debtors, not a real jurisdiction): dialled at any hour`);

  const strategy =
    (await db.selectFrom('strategies').select('id').where('code', 'ilike', '%temprana%').executeTakeFirst()) ??
    (await db.selectFrom('strategies').select('id').orderBy('code').executeTakeFirst());
  const campaign = await db
    .insertInto('campaigns')
    .values({
      name: 'Mora temprana demo',
      portfolio_id: portfolio.id,
      strategy_id: strategy?.id ?? null,
      dial_mode: 'predictive',
      settings: JSON.stringify(DEMO_CAMPAIGN_SETTINGS),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // agents see the debtors of their campaigns' portfolios only: every demo agent works the demo campaign
  const agents = await db.selectFrom('users').select('id').where('role', '=', 'agent').execute();
  if (agents.length) await db.insertInto('campaign_agents').values(agents.map((a) => ({ campaign_id: campaign.id, user_id: a.id }))).execute();
  if (opts.startCampaign) {
    // started as an admin would (audited, leads loaded): a newcomer sees predictive dialing within a minute
    const admin = await db.selectFrom('users').select(['id', 'email', 'name', 'role']).where('email', '=', DEMO_USERS[0]!.email).executeTakeFirstOrThrow();
    await opts.startCampaign({ ...admin, role: 'admin' }, campaign.id);
    notes.push(`campaign "Mora temprana demo" started in predictive mode; ${SIMULATED_AGENTS.length} simulated agents take calls with simulated telephony`);
  } else {
    notes.push('campaign "Mora temprana demo" left as a draft (no campaign service given)');
  }
  return { created: true, users: DEMO_USERS, password, portfolioId: portfolio.id, debtors, notes };
}

async function fallbackDefaults(db: Db): Promise<void> {
  const script = await db
    .insertInto('scripts')
    .values({
      code: 'GENERAL',
      name: 'Guion general de cobranza',
      locale: 'es',
      body: JSON.stringify({
        opening: 'Buenos días, ¿hablo con {{nombre_completo}}? Le llamo de {{acreedor}}.',
        verification: 'Para su seguridad, ¿me confirma los últimos tres dígitos de su documento?',
        body: 'Su {{producto}} tiene un saldo de {{saldo}} con {{dias_mora}} días de mora.',
        closing: 'Gracias por su tiempo. Que tenga un buen día.',
        branches: {
          already_paid: '¿Me indica la fecha y el medio de pago para verificarlo?',
          no_money_lost_job: 'Entiendo. Podemos ofrecerle un plan de cuotas.',
        },
      }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const strategy = await db
    .insertInto('strategies')
    .values({
      code: 'GENERAL',
      name: 'Estrategia general',
      dial_mode: 'progressive',
      script_id: script.id,
      negotiation: JSON.stringify({ minPromiseAmountPct: 10, maxPromiseDays: 30, settlementMaxDiscountPct: 20, maxInstalments: 6, minInstalmentAmount: 50000 }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('segments').values({ code: 'TODOS', name: 'Todas las cuentas', priority: 100, rules: JSON.stringify({}), strategy_id: strategy.id }).execute();
}

const FIRST = ['Ana', 'Luis', 'Carlos', 'María', 'Jorge', 'Lucía', 'Andrés', 'Camila', 'Diego', 'Valentina', 'Julián', 'Paula'];
const LAST = ['Gómez', 'Rodríguez', 'Martínez', 'López', 'García', 'Hernández', 'Díaz', 'Moreno', 'Rojas', 'Vargas', 'Castro', 'Ramírez'];

async function fallbackDebtors(db: Db, portfolioId: string, n: number): Promise<number> {
  const segment = await db.selectFrom('segments').select('id').orderBy('priority').executeTakeFirst();
  const today = new Date();
  for (let i = 0; i < n; i++) {
    const d = await db
      .insertInto('debtors')
      .values({
        country: 'CO',
        document_type: 'CC',
        document_number: String(1_000_000_000 + i * 7919),
        first_name: FIRST[i % FIRST.length]!,
        last_name: `${LAST[(i * 5) % LAST.length]!} ${LAST[(i * 7 + 3) % LAST.length]!}`,
        time_zone: 'America/Bogota',
        region: 'DC',
        risk_score: (i * 37) % 100,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const dpd = ((i * 23) % 150) - 10;
    const due = new Date(today.getTime() - dpd * 86_400_000).toISOString().slice(0, 10);
    const balance = 150_000 + ((i * 104_729) % 4_000_000);
    await db
      .insertInto('accounts')
      .values({
        portfolio_id: portfolioId,
        debtor_id: d.id,
        external_id: `TC-${String(100000 + i)}`,
        product: i % 3 === 0 ? 'credito_consumo' : 'tarjeta_credito',
        currency: 'COP',
        principal: balance,
        balance,
        minimum_payment: Math.round(balance * 0.1),
        oldest_due_date: due,
        segment_id: segment?.id ?? null,
      })
      .execute();
    await db
      .insertInto('phones')
      .values({ debtor_id: d.id, e164: `+57300${String(1_000_000 + i * 37).padStart(7, '0')}`, type: 'mobile', consent_automated: true, priority: 1 })
      .execute();
  }
  return n;
}
