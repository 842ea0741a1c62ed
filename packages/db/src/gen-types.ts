// Regenerates src/schema.ts (the Kysely types) from the migrated schema: the database is the one
// source of truth for row types. `npm run -w @cobranza/db gen-types`; a test fails when it is stale.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createTestDatabase } from './testing.js';

export async function generateSchemaTypes(outFile: string): Promise<void> {
  const tdb = await createTestDatabase('codegen');
  try {
    execFileSync(
      'npx',
      ['kysely-codegen', '--dialect', 'postgres', '--url', tdb.url, '--out-file', outFile, '--exclude-pattern', 'kysely_*',
        // must agree with the pg type parsers set in connect.ts
        '--date-parser', 'string', '--type-mapping', JSON.stringify({ int8: 'number' })],
      { stdio: 'pipe' },
    );
  } finally {
    await tdb.drop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await generateSchemaTypes(fileURLToPath(new URL('./schema.ts', import.meta.url)));
  console.log('wrote src/schema.ts');
}
