import type { Db } from '@cobranza/db';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '@cobranza/db';

import type { AuditAction } from '@cobranza/contracts/api';

export type { AuditAction };

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
