// The rows both ARI benchmarks start from: a creditor (with its safe-message prompt rendered), a CO portfolio, a
// strategy (AMD hanging up on machines unless BENCH_AMD=off) and a paused progressive campaign.
import type { Db } from '@cobranza/db';
import { ensureSafePrompt } from '../telephony/prompts.js';

export async function seedBenchCampaign(db: Db, soundsDir: string) {
  const creditor = await db
    .insertInto('creditors')
    .values({ code: 'BENCH', name: 'Banco Bench', business_name: 'Banco Bench S.A.', callback_number: '+576015550000', country: 'CO' })
    .returning(['id', 'code', 'business_name', 'callback_number'])
    .executeTakeFirstOrThrow();
  ensureSafePrompt(soundsDir, { code: creditor.code, businessName: creditor.business_name, callbackNumber: creditor.callback_number });
  const portfolio = await db.insertInto('portfolios').values({ creditor_id: creditor.id, name: 'bench', country: 'CO', currency: 'COP' }).returning('id').executeTakeFirstOrThrow();
  const strategy = await db.insertInto('strategies').values({ code: 'BENCH', name: 'bench', amd_mode: process.env.BENCH_AMD === 'off' ? 'off' : 'hangup', dial_mode: 'progressive' }).returning('id').executeTakeFirstOrThrow();
  const campaign = await db
    .insertInto('campaigns')
    .values({ name: 'bench', portfolio_id: portfolio.id, strategy_id: strategy.id, dial_mode: 'progressive', status: 'paused', settings: JSON.stringify({ mode: 'progressive', wrapUpSeconds: 600, ringTimeoutSec: 20 }) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { creditor, portfolio, strategy, campaign };
}
