import { orderSegments, type SegmentDef, type SegmentRules, SegmentSetError } from './rules.js';

/** What segmentation looks at: the account, plus the debtor's region and risk score. */
export interface SegmentableAccount {
  /** oldest unpaid due date, YYYY-MM-DD; null when nothing is due yet */
  oldestDueDate: string | null;
  balance: number | string;
  product: string;
  region: string | null;
  riskScore: number | string | null;
}

/**
 * Days past due on `today` (YYYY-MM-DD): whole days since the oldest unpaid due date, 0 while nothing
 * is overdue (preventive). Computed on demand, never stored, so it cannot go stale.
 */
export function daysPastDue(oldestDueDate: string | null, today: string): number {
  if (!oldestDueDate) return 0;
  const days = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${oldestDueDate}T00:00:00Z`)) / 86_400_000);
  return days > 0 ? days : 0;
}

/**
 * Days relative to the oldest unpaid due date, negative while it is still ahead (-3 = due in 3 days);
 * 0 when nothing is due. This is what segment rules compare, so preventive bands can look ahead.
 */
export function dueDays(oldestDueDate: string | null, today: string): number {
  if (!oldestDueDate) return 0;
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${oldestDueDate}T00:00:00Z`)) / 86_400_000);
}

export function matchesRules(rules: SegmentRules, a: SegmentableAccount, dpd: number): boolean {
  if (rules.dpdMin !== undefined && dpd < rules.dpdMin) return false;
  if (rules.dpdMax !== undefined && dpd > rules.dpdMax) return false;
  const balance = Number(a.balance);
  if (rules.balanceMin !== undefined && !(balance >= rules.balanceMin)) return false;
  if (rules.balanceMax !== undefined && !(balance < rules.balanceMax)) return false;
  if (rules.products && !rules.products.includes(a.product)) return false;
  if (rules.regions && (a.region === null || !rules.regions.includes(a.region))) return false;
  if (rules.riskMin !== undefined || rules.riskMax !== undefined) {
    if (a.riskScore === null) return false;
    const risk = Number(a.riskScore);
    if (rules.riskMin !== undefined && !(risk >= rules.riskMin)) return false;
    if (rules.riskMax !== undefined && !(risk < rules.riskMax)) return false;
  }
  return true;
}

/**
 * The one segment an account belongs to on `today`: the first active segment, in priority order,
 * whose rules it meets. Throws when none matches, which a validated set (with its catch-all) rules out.
 */
export function assignSegment<T extends SegmentDef>(account: SegmentableAccount, segments: T[], today: string): T {
  const dpd = dueDays(account.oldestDueDate, today);
  for (const s of orderSegments(segments)) if (matchesRules(s.rules, account, dpd)) return s;
  throw new SegmentSetError([
    {
      segment: '*',
      field: 'rules',
      reason: 'no segment matched the account: the set has no catch-all',
      i18n: { es: 'ningún segmento corresponde a la cuenta: falta el comodín', en: 'no segment matched the account: the set has no catch-all' },
    },
  ]);
}
