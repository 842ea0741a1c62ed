// An audit entry's details as a sentence for people (pure): the codes and ids of the log become words.
import { AUDIT_ACTION_LABELS, type AuditAction, type AuditEntry } from '@cobranza/contracts/api/audit';
import { translator, type Lang } from '../../i18n/index.js';

export const actionLabel = (action: string, lang: Lang): string => AUDIT_ACTION_LABELS[action as AuditAction]?.[lang] ?? action;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown): string => (v === null || v === undefined ? '—' : Array.isArray(v) ? v.map(show).join(', ') : isRecord(v) ? '…' : String(v));

const ROLE_KEYS = { agent: 'role_agent', supervisor: 'role_supervisor', admin: 'role_admin' } as const;
const roleText = (r: unknown, lang: Lang): string => (typeof r === 'string' && r in ROLE_KEYS ? translator(lang)(ROLE_KEYS[r as keyof typeof ROLE_KEYS]) : show(r));

const STATUS_KEYS = { draft: 'status_draft', running: 'status_running', paused: 'status_paused', stopped: 'status_stopped' } as const;
const statusText = (v: unknown, lang: Lang): string => (typeof v === 'string' && v in STATUS_KEYS ? translator(lang)(STATUS_KEYS[v as keyof typeof STATUS_KEYS]) : show(v));

/** What changed, in one line: "abandonTarget: 3 → 2", "octubre.csv: 289 aceptadas, 11 rechazadas", "Agente → Supervisor". */
export function auditDetails(e: Pick<AuditEntry, 'action' | 'details'>, lang: Lang): string {
  const d = e.details;
  const es = lang === 'es';
  switch (e.action) {
    case 'campaign.settings':
      if (isRecord(d.changed))
        return Object.entries(d.changed)
          .map(([k, v]) => (isRecord(v) ? `${k}: ${show(v.from)} → ${show(v.to)}` : `${k}: ${show(v)}`))
          .join('; ');
      break;
    case 'user.role_change':
      return `${roleText(d.from, lang)} → ${roleText(d.to, lang)}`;
    case 'user.create':
      return `${show(d.email)} (${roleText(d.role, lang)})`;
    case 'import.create':
    case 'payment_import.create':
      return es
        ? `${show(d.filename)}: ${show(d.totalRows)} filas, ${show(d.accepted)} aceptadas, ${show(d.rejected)} rechazadas`
        : `${show(d.filename)}: ${show(d.totalRows)} rows, ${show(d.accepted)} accepted, ${show(d.rejected)} rejected`;
    case 'campaign.command':
      return `${statusText(d.from, lang)} → ${statusText(d.to, lang)}`;
    case 'campaign.agents':
      return es ? `${Array.isArray(d.userIds) ? d.userIds.length : 0} agentes` : `${Array.isArray(d.userIds) ? d.userIds.length : 0} agents`;
    case 'campaign.leads':
      return es ? `${show(d.added)} agregados, ${show(d.total)} en total` : `${show(d.added)} added, ${show(d.total)} in total`;
    case 'login_failed':
      return show(d.email);
  }
  // anything else: its plain fields (who did it is already in its own column)
  return Object.entries(d)
    .filter(([k, v]) => k !== 'by' && !isRecord(v))
    .map(([k, v]) => `${k}: ${show(v)}`)
    .join('; ');
}
