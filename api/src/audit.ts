import type { Db } from '@cobranza/db';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '@cobranza/db';

export type AuditAction =
  | 'login'
  | 'login_failed'
  | 'logout'
  | 'user.create'
  | 'user.update'
  | 'user.role_change'
  | 'user.deactivate'
  | 'campaign.create'
  | 'campaign.update'
  | 'campaign.settings'
  | 'campaign.command'
  | 'campaign.delete'
  | 'campaign.leads'
  | 'campaign.agents'
  | 'opt_out.create'
  | 'disposition.create'
  | 'ivr_prompt.upload'
  | 'ivr_prompt.remove'
  | 'import.reassign';

/** One row in audit_log. Pass the transaction when the audited change is in one, so both commit or neither. */
export async function audit(
  db: Db | Transaction<DB> | Kysely<DB>,
  entry: { userId: string | null; action: AuditAction; entity: string; entityId?: string | null; details?: Record<string, unknown> },
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      user_id: entry.userId,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}
