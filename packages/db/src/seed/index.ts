// seedDefaults(db): installs the default scripts, strategies and segments. Idempotent: rows are keyed by
// their code and left alone when they already exist, so an administrator's edits survive restarts.
import { sql } from 'kysely';
import type { Db } from '../connect.js';
import { DEFAULT_SCRIPTS, DEFAULT_SEGMENTS, DEFAULT_STRATEGIES } from './defaults.js';

export * from './defaults.js';

export interface SeedResult {
  scripts: number;
  strategies: number;
  segments: number;
}

export async function seedDefaults(db: Db): Promise<SeedResult> {
  return db.transaction().execute(async (tx) => {
    const created: SeedResult = { scripts: 0, strategies: 0, segments: 0 };
    for (const s of DEFAULT_SCRIPTS) {
      const r = await tx
        .insertInto('scripts')
        .values({ code: s.code, name: s.name, locale: s.locale, body: JSON.stringify(s.body) })
        .onConflict((oc) => oc.column('code').doNothing())
        .executeTakeFirst();
      created.scripts += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
    for (const s of DEFAULT_STRATEGIES) {
      const r = await tx
        .insertInto('strategies')
        .values({
          code: s.code,
          name: s.name,
          channels: s.channels,
          dial_mode: s.dialMode,
          amd_mode: s.amdMode,
          script_id: s.scriptCode ? tx.selectFrom('scripts').select('id').where('code', '=', s.scriptCode) : null,
          negotiation: JSON.stringify(s.negotiation),
          retry_rules: JSON.stringify(s.retryRules),
          sms_templates: JSON.stringify(s.smsTemplates),
        })
        .onConflict((oc) => oc.column('code').doNothing())
        .executeTakeFirst();
      created.strategies += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
    // segments are seeded only into an empty table: inserting defaults next to an administrator's own
    // set could break its priority order (two catch-alls, clashing priorities)
    const existing = await tx.selectFrom('segments').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    if (existing.n === 0) {
      for (const s of DEFAULT_SEGMENTS) {
        await tx
          .insertInto('segments')
          .values({
            code: s.code,
            name: s.name,
            priority: s.priority,
            rules: JSON.stringify(s.rules),
            strategy_id: s.strategyCode ? tx.selectFrom('strategies').select('id').where('code', '=', s.strategyCode) : null,
          })
          .execute();
        created.segments++;
      }
    }
    return created;
  });
}
