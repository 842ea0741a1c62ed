import { Readable } from 'node:stream';
import type { Db } from '@cobranza/db';
import { csvField } from '@cobranza/domain/portfolio/index';

/** An import's rejects as a CSV stream, read in pages so a million rejects never sit in memory. */
export function rejectsCsv(db: Db, importId: string, pageSize = 5000): Readable {
  async function* lines(): AsyncGenerator<string> {
    // a BOM so spreadsheet programs open the accents right
    yield '\ufeffline,column,value,reason\n';
    let after = 0;
    for (;;) {
      const page = await db
        .selectFrom('import_rejects')
        .select(['id', 'line', 'column', 'value', 'reason'])
        .where('import_id', '=', importId)
        .where('id', '>', after)
        .orderBy('id')
        .limit(pageSize)
        .execute();
      if (page.length === 0) return;
      yield page.map((r) => `${r.line},${csvField(r.column)},${csvField(r.value)},${csvField(r.reason)}\n`).join('');
      after = page[page.length - 1]!.id;
    }
  }
  return Readable.from(lines());
}
