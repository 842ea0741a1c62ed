// Segmentation in SQL: the pure rules of @cobranza/domain/segmentation compiled to one CASE expression,
// so assigning a million accounts is a single set-based statement. Same semantics as assignSegment()
// (a property test in api/test/import holds the two together).
import { sql } from 'kysely';
import type { Db } from '@cobranza/db';
import { assertValidSegmentSet, orderSegments, type SegmentDef, type SegmentRules } from '@cobranza/domain/segmentation/index';

/** SQL expressions for what the rules look at; they differ between the accounts table and the import stage. */
export interface SegmentInputs {
  oldestDueDate: string;
  balance: string;
  product: string;
  region: string;
  riskScore: string;
}

export const ACCOUNT_INPUTS: SegmentInputs = {
  oldestDueDate: 'a.oldest_due_date',
  balance: 'a.balance',
  product: 'a.product',
  region: 'd.region',
  riskScore: 'd.risk_score',
};

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;
const list = (xs: string[]) => `(${xs.map(literal).join(', ')})`;
const num = (n: number) => {
  if (!Number.isFinite(n)) throw new Error(`segment rule value ${n} is not a finite number`);
  return String(n);
};

function condition(rules: SegmentRules, dpd: string, x: SegmentInputs): string {
  const c: string[] = [];
  if (rules.dpdMin !== undefined) c.push(`${dpd} >= ${num(rules.dpdMin)}`);
  if (rules.dpdMax !== undefined) c.push(`${dpd} <= ${num(rules.dpdMax)}`);
  if (rules.balanceMin !== undefined) c.push(`${x.balance} >= ${num(rules.balanceMin)}`);
  if (rules.balanceMax !== undefined) c.push(`${x.balance} < ${num(rules.balanceMax)}`);
  if (rules.products) c.push(`${x.product} in ${list(rules.products)}`);
  if (rules.regions) c.push(`${x.region} in ${list(rules.regions)}`);
  if (rules.riskMin !== undefined) c.push(`${x.riskScore} >= ${num(rules.riskMin)}`);
  if (rules.riskMax !== undefined) c.push(`${x.riskScore} < ${num(rules.riskMax)}`);
  // a null operand (no region, no risk score) makes the test null, which CASE treats as no match,
  // exactly as matchesRules() does
  return c.length ? c.join(' and ') : 'true';
}

/**
 * The CASE expression giving each row its segment id on `today`. The set is validated first (a
 * catch-all, no shadowing), so the expression never yields null for a valid set.
 */
export function segmentCaseSql(segments: SegmentDef[], today: string, inputs: SegmentInputs = ACCOUNT_INPUTS): string {
  if (!ISO_DAY.test(today)) throw new Error(`today must be YYYY-MM-DD, got ${today}`);
  assertValidSegmentSet(segments);
  // unclamped, like dueDays(): negative while the due date is still ahead
  const dpd = `coalesce(date '${today}' - ${inputs.oldestDueDate}, 0)`;
  const whens = orderSegments(segments).map((s) => {
    if (!UUID.test(s.id)) throw new Error(`segment ${s.code} has no valid id`);
    return `when ${condition(s.rules, dpd, inputs)} then '${s.id}'::uuid`;
  });
  return `(case ${whens.join(' ')} end)`;
}

export async function loadSegments(db: Db): Promise<SegmentDef[]> {
  const rows = await db.selectFrom('segments').select(['id', 'code', 'name', 'priority', 'rules', 'active']).where('active', '=', true).execute();
  return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, priority: r.priority, rules: (r.rules ?? {}) as SegmentRules, active: r.active }));
}

export interface RecomputeOptions {
  /** only this portfolio's accounts; all accounts when absent */
  portfolioId?: string;
  /** YYYY-MM-DD the days past due are counted to */
  today: string;
}

/**
 * Puts every account (of a portfolio, or all) in its segment for `today`. Only accounts whose segment
 * changes are written, so the daily run costs a scan, not a rewrite of the table. Returns how many moved.
 */
export async function recomputeSegments(db: Db, opts: RecomputeOptions): Promise<{ moved: number; skipped?: string }> {
  const segments = await loadSegments(db);
  if (segments.length === 0) return { moved: 0, skipped: 'no active segments' };
  const expr = segmentCaseSql(segments, opts.today);
  const where = opts.portfolioId ? sql`where a.portfolio_id = ${opts.portfolioId}` : sql``;
  const r = await sql`
    with target as (
      select a.id, ${sql.raw(expr)} as segment_id
      from accounts a join debtors d on d.id = a.debtor_id
      ${where}
    )
    update accounts a set segment_id = t.segment_id, segment_assigned_at = now()
    from target t
    where a.id = t.id and a.segment_id is distinct from t.segment_id`.execute(db);
  return { moved: Number(r.numAffectedRows ?? 0) };
}
