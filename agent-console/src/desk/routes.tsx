// Who sees which screen. The one table the navigation, the role check and "not allowed" read from:
// a new screen is one row here (path, roles, nav label, component).
import type { ComponentType } from 'react';
import type { Role } from '@cobranza/contracts';
import type { MessageKey } from '../i18n/index.js';
import { Wallboard } from '../features/wallboard/Wallboard.js';
import { CampaignsScreen } from '../features/campaigns/CampaignsScreen.js';
import { AgentDesk } from './AgentDesk.js';
import { UsersScreen } from './users/UsersScreen.js';
import { AuditScreen } from './audit/AuditScreen.js';
import { PortfoliosScreen } from './portfolios/PortfoliosScreen.js';
import { ReportsScreen } from '../features/reports/ReportsScreen.js';
import { SegmentsScreen } from './segments/SegmentsScreen.js';
import { StrategiesScreen } from './strategies/StrategiesScreen.js';
import { ScriptsScreen } from './scripts/ScriptsScreen.js';

export interface DeskRoute {
  /** Spanish paths: they never collide with the API's own routes (/campaigns, /users, /audit). */
  path: string;
  roles: readonly Role[];
  /** The link's text in the navigation; none: not listed (the agent's desk is their only screen). */
  label?: MessageKey;
  component: ComponentType;
}

const SUPERVISORS: readonly Role[] = ['supervisor', 'admin'];
const ADMINS: readonly Role[] = ['admin'];

export const ROUTES: DeskRoute[] = [
  { path: '/', roles: ['agent'], component: AgentDesk },
  { path: '/', roles: SUPERVISORS, label: 'nav_operations', component: Wallboard },
  { path: '/campanas', roles: SUPERVISORS, label: 'nav_campaigns', component: CampaignsScreen },
  { path: '/reportes', roles: SUPERVISORS, label: 'nav_reports', component: ReportsScreen },
  { path: '/carteras', roles: ADMINS, label: 'nav_portfolios', component: PortfoliosScreen },
  { path: '/segmentos', roles: ADMINS, label: 'nav_segments', component: SegmentsScreen },
  { path: '/estrategias', roles: ADMINS, label: 'nav_strategies', component: StrategiesScreen },
  { path: '/guiones', roles: ADMINS, label: 'nav_scripts', component: ScriptsScreen },
  { path: '/usuarios', roles: ADMINS, label: 'nav_users', component: UsersScreen },
  { path: '/auditoria', roles: ADMINS, label: 'nav_audit', component: AuditScreen },
];

export type Resolved = { kind: 'page'; route: DeskRoute } | { kind: 'forbidden' } | { kind: 'not_found' };

/** The screen at `path` for `role`: a known path of another role is "not allowed", an unknown one "not found". */
export function resolveRoute(path: string, role: Role, routes: readonly DeskRoute[] = ROUTES): Resolved {
  const atPath = routes.filter((r) => r.path === path);
  const mine = atPath.find((r) => r.roles.includes(role));
  if (mine) return { kind: 'page', route: mine };
  return atPath.length ? { kind: 'forbidden' } : { kind: 'not_found' };
}

/** The navigation of a role, in table order. */
export const navFor = (role: Role, routes: readonly DeskRoute[] = ROUTES): DeskRoute[] => routes.filter((r) => r.label && r.roles.includes(role));
