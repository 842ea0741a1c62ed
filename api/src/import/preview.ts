// The import wizards' previews: how the file's columns map and what its first rows would become, read
// with the import's own header mapping and row validator, and nothing written.
import type { ImportPreview } from '@cobranza/contracts/api';
import { createPaymentValidator, mapPaymentHeader } from '@cobranza/domain/payments/index';
import { createRowValidator, HeaderError, headerColumn, mapHeader, readCsv, type ValidationContext } from '@cobranza/domain/portfolio/index';

export const PREVIEW_ROWS = 10;

export async function previewPortfolioCsv(source: AsyncIterable<Uint8Array | string>, ctx: ValidationContext, maxRows = PREVIEW_ROWS): Promise<ImportPreview> {
  let header: string[] | null = null;
  let validate: ReturnType<typeof createRowValidator> | null = null;
  let headerError: string | null = null;
  const rows: ImportPreview['rows'] = [];
  outer: for await (const batch of readCsv(source)) {
    for (const rec of batch) {
      if (!header) {
        header = rec.fields;
        try {
          mapHeader(header);
          validate = createRowValidator(header, ctx);
        } catch (e) {
          if (!(e instanceof HeaderError)) throw e;
          headerError = e.message;
        }
        continue;
      }
      const r = validate?.(rec.line, rec.fields);
      rows.push({ line: rec.line, values: rec.fields, errors: r && !r.ok ? r.errors.map((x) => ({ column: x.column, reason: x.reason })) : [] });
      if (rows.length >= maxRows) break outer;
    }
  }
  if (!header) return { columns: [], headerError: 'the file is empty', rows: [] };
  return { columns: header.map((h) => ({ header: h, column: headerColumn(h) })), headerError, rows };
}

/** The payments wizard's preview: the payments file's columns as the payments import maps them, and its first rows checked. */
export async function previewPaymentsCsv(source: AsyncIterable<Uint8Array | string>, ctx: { today: string }, maxRows = PREVIEW_ROWS): Promise<ImportPreview> {
  let header: string[] | null = null;
  let validate: ReturnType<typeof createPaymentValidator> | null = null;
  let headerError: string | null = null;
  let columnAt = new Map<number, string>();
  const rows: ImportPreview['rows'] = [];
  outer: for await (const batch of readCsv(source)) {
    for (const rec of batch) {
      if (!header) {
        header = rec.fields;
        try {
          columnAt = new Map([...mapPaymentHeader(header)].map(([column, i]) => [i, column]));
          validate = createPaymentValidator(header, ctx);
        } catch (e) {
          if (!(e instanceof HeaderError)) throw e;
          headerError = e.message;
        }
        continue;
      }
      const r = validate?.(rec.line, rec.fields);
      rows.push({ line: rec.line, values: rec.fields, errors: r && !r.ok ? r.errors.map((x) => ({ column: x.column, reason: x.reason })) : [] });
      if (rows.length >= maxRows) break outer;
    }
  }
  if (!header) return { columns: [], headerError: 'the file is empty', rows: [] };
  return { columns: header.map((h, i) => ({ header: h, column: columnAt.get(i) ?? null })), headerError, rows };
}
