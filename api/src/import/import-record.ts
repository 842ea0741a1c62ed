// The `imports` row both imports (portfolio and payments) keep for GET /imports/:id.
import type { Db } from '@cobranza/db';

/**
 * Records that an import failed and nothing of it landed. Best effort: the caller is already reporting the
 * failure itself, which must not be replaced by an error from writing it down (the connection may be the
 * thing that broke).
 */
export async function markImportFailed(db: Db, importId: string, totalRows: number, message: string): Promise<void> {
  await db
    .updateTable('imports')
    .set({ status: 'failed', total_rows: totalRows, accepted: 0, rejected: 0, error: message.slice(0, 2000), finished_at: new Date() })
    .where('id', '=', importId)
    .execute()
    .catch(() => {});
}
