// A segment set as the desk edits it: previewed (how many accounts each segment would get) and saved
// whole, in one transaction, only when the set is valid (a catch-all last, no ambiguous order). Counting and
// assignment both go through segmentCaseSql, the expression imports and the daily run use.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '@cobranza/db';
import type { SegmentDraft, SegmentPreview } from '@cobranza/contracts/api';
import { COUNTRIES } from '@cobranza/domain/portfolio/index';
import { validateSegmentSet, type SegmentDef, type SegmentProblem } from '@cobranza/domain/segmentation/index';
import { audit } from '../audit.js';
import { invalidDocument, notFound, type Problem } from '../errors.js';
import { recomputeSegments, segmentCaseSql } from '../import/segments-sql.js';
import { todayIn } from '../import/service.js';

const SET_WHAT = { es: 'Segmentos', en: 'Segments' };

/** The domain's problem (segment code + dotted field) as a pointer into the request body: /segments/2/rules/dpdMax. */
function toProblems(drafts: SegmentDraft[], problems: SegmentProblem[]): Problem[] {
  return problems.map((p) => {
    const i = drafts.findIndex((d) => d.code === p.segment && d.active !== false);
    const field = p.segment === '*' || i < 0 ? '/segments' : `/segments/${i}/${p.field.split('.').join('/')}`;
    return { field, reason: p.reason, i18n: p.i18n };
  });
}

/** Throws a 400 listing every problem of the set, each at its segment's field. */
export function checkSegmentSet(drafts: SegmentDraft[]): void {
  const problems = validateSegmentSet(drafts.map((d, i) => ({ id: d.id ?? `new-${i}`, code: d.code, priority: d.priority, rules: d.rules, active: d.active !== false })));
  if (problems.length) throw invalidDocument(toProblems(drafts, problems), 'segment_set_invalid', SET_WHAT);
}

async function todayFor(db: Db, portfolioId: string | undefined): Promise<string> {
  if (!portfolioId) return todayIn('UTC');
  const p = await db.selectFrom('portfolios').select('country').where('id', '=', portfolioId).executeTakeFirst();
  if (!p) throw notFound('portfolio');
  return todayIn(COUNTRIES[p.country]?.defaultZone ?? 'UTC');
}

/** How many accounts (of a portfolio, or all) each segment of an unsaved set would get on `today`. */
export async function previewSegmentSet(db: Db, drafts: SegmentDraft[], opts: { portfolioId?: string; today?: string }): Promise<SegmentPreview> {
  checkSegmentSet(drafts);
  const today = opts.today ?? (await todayFor(db, opts.portfolioId));
  if (opts.portfolioId && opts.today) await todayFor(db, opts.portfolioId); // a 404 for an unknown portfolio either way
  // drafts not stored yet have no id: a temporary one lets the CASE name them
  const defs: SegmentDef[] = drafts.map((d) => ({ id: randomUUID(), code: d.code, priority: d.priority, rules: d.rules, active: d.active !== false }));
  const expr = segmentCaseSql(defs, today);
  const where = opts.portfolioId ? sql`where a.portfolio_id = ${opts.portfolioId}` : sql``;
  const r = await sql<{ segment_id: string; n: number }>`
    select ${sql.raw(expr)} as segment_id, count(*)::int as n
    from accounts a join debtors d on d.id = a.debtor_id
    ${where}
    group by 1`.execute(db);
  const byId = new Map(r.rows.map((x) => [x.segment_id, x.n]));
  const counts = defs.map((d) => ({ code: d.code, accounts: byId.get(d.id) ?? 0 }));
  return { today, portfolioId: opts.portfolioId ?? null, total: counts.reduce((s, c) => s + c.accounts, 0), counts };
}

/**
 * Replaces the set: drafts with an id update their row, new ones are inserted (reusing a retired row of the
 * same code), stored segments left out are retired (inactive: accounts and campaigns still point at them).
 * Then every account is put in its segment for today, in the same transaction: all of it or nothing.
 */
export async function saveSegmentSet(db: Db, drafts: SegmentDraft[], opts: { userId: string | null; today?: string }): Promise<{ moved: number }> {
  const today = opts.today ?? todayIn('UTC');
  checkSegmentSet(drafts);
  return db.transaction().execute(async (trx) => {
    const stored = await trx.selectFrom('segments').select(['id', 'code']).forUpdate().execute();
    const storedIds = new Set(stored.map((s) => s.id));
    const byCode = new Map(stored.map((s) => [s.code, s.id]));
    const kept = new Set<string>();
    for (const [i, d] of drafts.entries()) {
      if (d.id && !storedIds.has(d.id)) throw invalidDocument([{ field: `/segments/${i}/id`, reason: 'segment not found', i18n: { es: 'el segmento ya no existe', en: 'segment not found' } }], 'segment_set_invalid', SET_WHAT);
      const id = d.id ?? byCode.get(d.code);
      if (id) kept.add(id);
    }
    // retire first, so a code moving from a retired row to another cannot collide
    const retire = stored.filter((s) => !kept.has(s.id)).map((s) => s.id);
    if (retire.length) await trx.updateTable('segments').set({ active: false, updated_at: sql`now()` }).where('id', 'in', retire).execute();
    for (const d of drafts) {
      const values = { code: d.code, name: d.name, priority: d.priority, rules: JSON.stringify(d.rules), active: d.active !== false, ...(d.strategyId !== undefined ? { strategy_id: d.strategyId } : {}) };
      const id = d.id ?? byCode.get(d.code);
      if (id) await trx.updateTable('segments').set({ ...values, updated_at: sql`now()` }).where('id', '=', id).execute();
      else await trx.insertInto('segments').values(values).execute();
    }
    const r = await recomputeSegments(trx, { today });
    await audit(trx, { userId: opts.userId, action: 'segments.replace', entity: 'segments', details: { codes: drafts.map((d) => d.code), retired: retire.length, moved: r.moved } });
    return { moved: r.moved };
  });
}
