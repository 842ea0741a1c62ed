// What the two import commands (import, import:payments) share: their arguments and finding the portfolio
// they name. Both print a clear message and give the exit code on bad input rather than throwing.
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Db } from '@cobranza/db';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ImportArgs {
  file: string;
  /** bytes, for the progress bar */
  size: number;
  url: string;
  /** the portfolio's id or exact name, as given */
  portfolio: string;
  today?: string;
  /** --allow-reassign: let the file move accounts to another debtor (audited) */
  allowReassign: boolean;
}

/** The command's arguments, or the exit code when it should stop here (0 after --help, 2 on bad input). */
export function parseImportArgs(usage: string): ImportArgs | number {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      portfolio: { type: 'string', short: 'p' },
      'database-url': { type: 'string' },
      today: { type: 'string' },
      'allow-reassign': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const file = positionals[0];
  const url = values['database-url'] ?? process.env.DATABASE_URL;
  if (!file || !values.portfolio) {
    console.error(usage);
    return 2;
  }
  if (!url) {
    console.error('no database: pass --database-url or set DATABASE_URL');
    return 2;
  }
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    console.error(`${file}: no such file`);
    return 2;
  }
  return { file, size, url, portfolio: values.portfolio, allowReassign: values['allow-reassign'] === true, ...(values.today ? { today: values.today } : {}) };
}

/** The id of the one portfolio with this id or exact name; null (the reason printed) when none or several. */
export async function resolvePortfolio(db: Db, p: string): Promise<string | null> {
  const matches = await db
    .selectFrom('portfolios')
    .select(['id', 'name'])
    .where((eb) => (UUID.test(p) ? eb.or([eb('id', '=', p), eb('name', '=', p)]) : eb('name', '=', p)))
    .execute();
  if (matches.length === 0) {
    console.error(`portfolio "${p}" not found (give its id or its exact name)`);
    return null;
  }
  if (matches.length > 1) {
    console.error(`several portfolios are named "${p}" (${matches.map((m) => m.id).join(', ')}): give the id`);
    return null;
  }
  return matches[0]!.id;
}
