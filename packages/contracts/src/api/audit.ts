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
  'call_recording.listen',
  'import.create',
  'import.reassign',
  'payment_import.create',
  'segments.replace',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The actions as people read them (the audit-log viewer); an action not listed shows as its code. */
export const AUDIT_ACTION_LABELS: Record<AuditAction, { es: string; en: string }> = {
  login: { es: 'Ingreso', en: 'Login' },
  login_failed: { es: 'Ingreso fallido', en: 'Failed login' },
  logout: { es: 'Salida', en: 'Logout' },
  'user.create': { es: 'Usuario creado', en: 'User created' },
  'user.update': { es: 'Usuario modificado', en: 'User changed' },
  'user.role_change': { es: 'Cambio de rol', en: 'Role changed' },
  'user.deactivate': { es: 'Usuario desactivado', en: 'User deactivated' },
  'campaign.create': { es: 'Campaña creada', en: 'Campaign created' },
  'campaign.update': { es: 'Campaña modificada', en: 'Campaign changed' },
  'campaign.settings': { es: 'Cambio de ritmo de marcación', en: 'Pacing changed' },
  'campaign.command': { es: 'Campaña iniciada/pausada/detenida', en: 'Campaign started/paused/stopped' },
  'campaign.delete': { es: 'Campaña eliminada', en: 'Campaign deleted' },
  'campaign.leads': { es: 'Leads cargados en campaña', en: 'Leads loaded into a campaign' },
  'campaign.agents': { es: 'Agentes asignados a campaña', en: 'Agents assigned to a campaign' },
  'opt_out.create': { es: 'Exclusión de contacto', en: 'Opt-out recorded' },
  'disposition.create': { es: 'Gestión registrada', en: 'Disposition recorded' },
  'ivr_prompt.upload': { es: 'Grabación de IVR subida', en: 'IVR prompt uploaded' },
  'ivr_prompt.remove': { es: 'Grabación de IVR eliminada', en: 'IVR prompt removed' },
  'call_recording.listen': { es: 'Grabación de llamada escuchada', en: 'Call recording played' },
  'import.create': { es: 'Importación de cartera', en: 'Portfolio import' },
  'import.reassign': { es: 'Cuentas movidas a otro deudor', en: 'Accounts moved to another debtor' },
  'payment_import.create': { es: 'Importación de pagos', en: 'Payments import' },
  'segments.replace': { es: 'Segmentos guardados', en: 'Segments saved' },
};

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
