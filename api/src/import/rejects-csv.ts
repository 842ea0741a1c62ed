import { Readable } from 'node:stream';
import type { Db } from '@cobranza/db';
import { csvField } from '@cobranza/domain/portfolio/index';

/**
 * A cell a spreadsheet will show as text. Rejected values come straight from the uploaded file, and a cell
 * starting with = + - @ (or a tab or carriage return before one) is run as a formula when the file is
 * opened (`=CMD|' /C CALC'!A0`): OWASP's rule is to prefix such a cell with a single quote.
 */
export function spreadsheetCell(v: string | null): string {
  if (v === null) return '';
  return csvField(/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
}

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
      yield page.map((r) => `${r.line},${spreadsheetCell(r.column)},${spreadsheetCell(r.value)},${spreadsheetCell(r.reason)}\n`).join('');
      after = page[page.length - 1]!.id;
    }
  }
  return Readable.from(lines());
}
