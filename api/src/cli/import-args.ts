// What the two import commands (import, import:payments) share: their arguments and finding the portfolio
// they name. Both print a clear message and give the exit code on bad input rather than throwing.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connectPglite, connectPostgres, DataDirLockedError, migrateToLatest, type Db, type DbHandle } from '@cobranza/db';
import { pgliteDirOf } from '../config.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ImportArgs {
  file: string;
  /** bytes, for the progress bar */
  size: number;
  /** --database-url or DATABASE_URL; unset: the embedded database of `npm start` (PGLITE_DIR) */
  url: string | undefined;
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

/**
 * The database the command works on: Postgres when a URL is given, otherwise the embedded database
 * `npm start` uses (same PGLITE_DIR default). That one opens only while no server has it: a running
 * server holds its lock, and the message says to stop it or to upload through it. Null (the reason
 * printed) when there is none to open.
 */
export async function openDatabase(url: string | undefined): Promise<DbHandle | null> {
  if (url) return connectPostgres(url, 2);
  const dir = pgliteDirOf();
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    console.error(`no database: DATABASE_URL is not set (nor --database-url), and there is no embedded database in ${dir} (npm start creates it there; PGLITE_DIR sets another folder)`);
    return null;
  }
  try {
    const handle = await connectPglite(dir);
    await migrateToLatest(handle.db);
    return handle;
  } catch (e) {
    if (!(e instanceof DataDirLockedError)) throw e;
    console.error(`npm start is running on the embedded database ${dir}; import through it instead (the console's import page, or POST /portfolios/:id/imports), or stop it first.\n${e.message}`);
    return null;
  }
}
