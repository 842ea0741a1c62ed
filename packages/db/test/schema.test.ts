import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSchemaTypes } from '../src/gen-types.js';
import { createTestDatabase, type TestDatabase } from '../src/testing.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase('db_schema');
});
afterAll(async () => t?.drop());

describe('schema', () => {
  it('refuses a second live outbound call to the same debtor', async () => {
    const creditor = await t.db
      .insertInto('creditors')
      .values({ code: 'C1', name: 'Banco', business_name: 'Banco S.A.', callback_number: '+5716000000', country: 'CO' })
      .returning('id')
      .executeTakeFirstOrThrow();
    void creditor;
    const debtor = await t.db
      .insertInto('debtors')
      .values({ country: 'CO', document_type: 'CC', document_number: '1', first_name: 'Ana', last_name: 'Díaz', time_zone: 'America/Bogota' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db.insertInto('call_attempts').values({ id: 'a1', debtor_id: debtor.id, e164: '+573001112233', status: 'ringing' }).execute();
    await expect(
      t.db.insertInto('call_attempts').values({ id: 'a2', debtor_id: debtor.id, e164: '+573001112244', status: 'dialing' }).execute(),
    ).rejects.toThrow(/call_attempts_one_live_per_debtor/);
    await t.db.updateTable('call_attempts').set({ status: 'ended', outcome: 'busy' }).where('id', '=', 'a1').execute();
    await t.db.insertInto('call_attempts').values({ id: 'a2', debtor_id: debtor.id, e164: '+573001112244', status: 'dialing' }).execute();
  });

  it('rejects a phone that is not E.164', async () => {
    const debtor = await t.db
      .insertInto('debtors')
      .values({ country: 'CO', document_type: 'CC', document_number: '2', first_name: 'Luis', last_name: 'Peña', time_zone: 'America/Bogota' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await expect(t.db.insertInto('phones').values({ debtor_id: debtor.id, e164: '3001112233' }).execute()).rejects.toThrow(/phones_e164_check/);
  });

  it('has generated types that match the migrated schema (run `npm run -w @cobranza/db gen-types` if this fails)', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cobranza-types-')), 'schema.ts');
    await generateSchemaTypes(out);
    const committed = readFileSync(new URL('../src/schema.ts', import.meta.url), 'utf8');
    expect(readFileSync(out, 'utf8')).toBe(committed);
  }, 60_000);

  it('creates every table of the data model', async () => {
    const r = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = 'public'`.execute(t.db);
    expect(r.rows[0]!.n).toBeGreaterThanOrEqual(26);
  });
});
