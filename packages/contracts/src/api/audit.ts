// The audit log as the API serves it (GET /audit) and the console reads it.
import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime, Nullable, Uuid } from './common.js';

/** What the API writes to the audit log (the IVR adds its own, e.g. ivr.identify). */
export const AUDIT_ACTIONS = [
  'login',
  'login_failed',
  'logout',
  'user.create',
  'user.update',
  'user.role_change',
  'user.deactivate',
  'campaign.create',
  'campaign.update',
  'campaign.settings',
  'campaign.command',
  'campaign.delete',
  'campaign.leads',
  'campaign.agents',
  'opt_out.create',
  'disposition.create',
  'ivr_prompt.upload',
  'ivr_prompt.remove',
  'import.create',
  'import.reassign',
  'payment_import.create',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: IsoDateTime,
  userId: Nullable(Uuid),
  userEmail: Nullable(Type.String()),
  action: Type.String(),
  entity: Type.String(),
  entityId: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
});
export type AuditEntry = Static<typeof AuditEntry>;

export const AuditPage = Type.Object({ items: Type.Array(AuditEntry) });
export type AuditPage = Static<typeof AuditPage>;
