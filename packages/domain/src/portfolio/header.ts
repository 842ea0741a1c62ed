// Reading a CSV header against a file's column table, shared by the portfolio and the payments files so
// both accept and refuse headers the same way.

export class HeaderError extends Error {
  constructor(message: string) {
    super(`line 1 (header): ${message}`);
    this.name = 'HeaderError';
  }
}

export interface ColumnTable<C extends string> {
  columns: readonly C[];
  required: readonly C[];
  /** normalised (lower snake_case) alias → canonical column */
  aliases: Readonly<Record<string, C>>;
}

/**
 * Maps each known column to its index. Unknown, repeated or missing required columns refuse the file
 * (line 1) rather than dropping data silently.
 */
export function mapColumns<C extends string>(header: string[], table: ColumnTable<C>): Map<C, number> {
  const known = new Set<string>(table.columns);
  const map = new Map<C, number>();
  const unknown: string[] = [];
  header.forEach((raw, i) => {
    const name = raw.trim().toLowerCase().replace(/[\s-]+/g, '_');
    const col = (known.has(name) ? name : Object.hasOwn(table.aliases, name) ? table.aliases[name] : undefined) as C | undefined;
    if (!col) {
      if (name !== '') unknown.push(raw);
      return;
    }
    if (map.has(col)) throw new HeaderError(`column ${col} appears twice (positions ${map.get(col)! + 1} and ${i + 1})`);
    map.set(col, i);
  });
  if (unknown.length) throw new HeaderError(`unknown column(s): ${unknown.join(', ')}. Known columns: ${table.columns.join(', ')}`);
  const missing = table.required.filter((c) => !map.has(c));
  if (missing.length) throw new HeaderError(`missing required column(s): ${missing.join(', ')}`);
  return map;
}
