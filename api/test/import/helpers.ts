import { sql } from 'kysely';
import type { Db } from '@cobranza/db';

export async function createPortfolio(db: Db, country = 'CO', currency = 'COP', name = 'Cartera prueba'): Promise<string> {
  const creditor = await db
    .insertInto('creditors')
    .values({ code: `BANCO_${name.replace(/\W/g, '_')}`, name: 'Banco Andino', business_name: 'Banco Andino S.A.', callback_number: '+576015550000', country })
    .returning('id')
    .executeTakeFirstOrThrow();
  const p = await db.insertInto('portfolios').values({ creditor_id: creditor.id, name, country, currency }).returning('id').executeTakeFirstOrThrow();
  return p.id;
}

export async function* chunks(text: string, size = 4096): AsyncGenerator<Buffer> {
  const b = Buffer.from(text);
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

export async function count(db: Db, table: 'debtors' | 'accounts' | 'phones' | 'account_documents' | 'import_rejects'): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db);
  return r.rows[0]!.n;
}

export const HEADER =
  'document_type,document_number,first_name,last_name,country,region,external_id,product,currency,principal,balance,minimum_payment,oldest_due_date,next_due_date,phone1,phone1_type,phone1_consent,phone2,documents,risk_score';

/** A multipart/form-data body carrying `content` as the form's `file` field, as a browser upload sends it. */
export function multipart(filename: string, content: string): { body: Buffer; headers: Record<string, string> } {
  const boundary = '----cobranza-test-boundary';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n`),
    Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
