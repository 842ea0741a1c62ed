// What part of the debtor base a user may see. Supervisors and admins: all of it. An agent: the debtors with an
// account in a portfolio of a campaign they are assigned to (campaign_agents); a campaign with no portfolio spans
// every portfolio. A debtor whose call the agent handled (an inbound call routed to them, say) is theirs too, with
// that call's account. Debtors outside the scope are answered as not found, so their existence is not revealed.
import type { Db } from '@cobranza/db';
import { sql, type Expression, type SqlBool } from 'kysely';
import type { AuthUser } from '../auth/guard.js';
import { notFound } from '../errors.js';

export type DebtorScope = { all: true } | { all: false; portfolioIds: string[]; agentId: string };

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
  return { all: false, portfolioIds: [...new Set(rows.map((r) => r.portfolio_id!))], agentId: user.id };
}

const inPortfolios = (column: string, ids: string[]) => (ids.length ? sql<SqlBool>`${sql.ref(column)} in (${sql.join(ids)})` : sql<SqlBool>`false`);

/** Whether an account (the accounts table under `alias`, e.g. `a`) is in the scope. */
export function accountInScope(alias: string, scope: DebtorScope): Expression<SqlBool> {
  if (scope.all) return sql<SqlBool>`true`;
  // by debtor first: call_attempts is indexed on (debtor_id, created_at)
  return sql<SqlBool>`(${inPortfolios(`${alias}.portfolio_id`, scope.portfolioIds)} or exists (select 1 from call_attempts sc
    where sc.debtor_id = ${sql.ref(`${alias}.debtor_id`)} and sc.account_id = ${sql.ref(`${alias}.id`)} and sc.agent_id = ${scope.agentId}))`;
}

/** Whether the debtor `debtorIdColumn` (e.g. `d.id`) has an account in the scope, or a call the agent handled. */
export function debtorInScope(debtorIdColumn: string, scope: DebtorScope): Expression<SqlBool> {
  if (scope.all) return sql<SqlBool>`true`;
  const d = sql.ref(debtorIdColumn);
  return sql<SqlBool>`(exists (select 1 from accounts sa where sa.debtor_id = ${d} and ${inPortfolios('sa.portfolio_id', scope.portfolioIds)})
    or exists (select 1 from call_attempts sc where sc.debtor_id = ${d} and sc.agent_id = ${scope.agentId}))`;
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
