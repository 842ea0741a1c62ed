// What part of the debtor base a user may see. Supervisors and admins: all of it. An agent: the debtors with an
// account in a portfolio of a campaign they are assigned to (campaign_agents); a campaign with no portfolio spans
// every portfolio. Debtors outside the scope are answered as not found, so their existence is not revealed.
import type { Db } from '@cobranza/db';
import { sql, type Expression, type SqlBool } from 'kysely';
import type { AuthUser } from '../auth/guard.js';
import { notFound } from '../errors.js';

export type DebtorScope = { all: true } | { all: false; portfolioIds: string[] };

export const ALL_DEBTORS: DebtorScope = { all: true };

export async function debtorScope(db: Db, user: Pick<AuthUser, 'id' | 'role'>): Promise<DebtorScope> {
  if (user.role !== 'agent') return ALL_DEBTORS;
  const rows = await db
    .selectFrom('campaign_agents as ca')
    .innerJoin('campaigns as c', 'c.id', 'ca.campaign_id')
    .select('c.portfolio_id')
    .where('ca.user_id', '=', user.id)
    .execute();
  if (rows.some((r) => r.portfolio_id === null)) return ALL_DEBTORS;
  return { all: false, portfolioIds: [...new Set(rows.map((r) => r.portfolio_id!))] };
}

/** Whether an account's portfolio is in the scope (`column` names the portfolio id, e.g. `a.portfolio_id`). */
export function portfolioInScope(column: string, scope: DebtorScope): Expression<SqlBool> {
  if (scope.all) return sql<SqlBool>`true`;
  if (!scope.portfolioIds.length) return sql<SqlBool>`false`;
  return sql<SqlBool>`${sql.ref(column)} in (${sql.join(scope.portfolioIds)})`;
}

/** Whether the debtor `debtorIdColumn` (e.g. `d.id`) has an account in the scope. */
export function debtorInScope(debtorIdColumn: string, scope: DebtorScope): Expression<SqlBool> {
  if (scope.all) return sql<SqlBool>`true`;
  if (!scope.portfolioIds.length) return sql<SqlBool>`false`;
  return sql<SqlBool>`exists (select 1 from accounts sa where sa.debtor_id = ${sql.ref(debtorIdColumn)} and sa.portfolio_id in (${sql.join(scope.portfolioIds)}))`;
}

/** 404 for a debtor outside the scope (or missing): the agent learns nothing about it. */
export async function assertDebtorInScope(db: Db, scope: DebtorScope, debtorId: string): Promise<void> {
  const row = await db
    .selectFrom('debtors as d')
    .select('d.id')
    .where('d.id', '=', debtorId)
    .where(debtorInScope('d.id', scope))
    .executeTakeFirst();
  if (!row) throw notFound('debtor');
}
