// One migrated Postgres database per test file, with a pool sized for the dialer (its call queues write
// in parallel), dropped after the file. Registers its own beforeAll/afterAll.
import { afterAll, beforeAll } from 'vitest';
import { connectPostgres, type Db, type DbHandle } from '@cobranza/db';
import { createTestDatabase, type TestDatabase } from '@cobranza/db/testing';

export interface DialerTestDb {
  readonly db: Db;
  readonly url: string;
}

export function useTestDb(label: string, poolSize = 8): DialerTestDb {
  let t: TestDatabase | undefined;
  let own: DbHandle | undefined;
  beforeAll(async () => {
    t = await createTestDatabase(label);
    own = connectPostgres(t.url, poolSize);
  });
  afterAll(async () => {
    // our pool first: drop() waits for the database's other connections to end
    await own?.close();
    await t?.drop();
  });
  return {
    get db() {
      if (!own) throw new Error('test database not ready: use it inside a test or a later hook');
      return own.db;
    },
    get url() {
      if (!t) throw new Error('test database not ready: use it inside a test or a later hook');
      return t.url;
    },
  };
}
