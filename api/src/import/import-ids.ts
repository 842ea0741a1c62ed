// Ids for the rows an import creates, made in SQL from a per-import prefix and a number.
//
// Random uuids (gen_random_uuid) scatter a million inserts over every page of each primary key; these
// are UUID version 7 (RFC 9562): the first 48 bits are the import's start in milliseconds, so an import's
// ids sort after every earlier import's and each key grows at its right edge. The rest is random per
// table and import, then a 48-bit counter: a line number where the id must be known without a lookup
// (a new account's id from its line, so its documents need no join), otherwise a temp sequence.
import { randomBytes } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';

export interface ImportIds {
  debtors: string;
  accounts: string;
  phones: string;
  documents: string;
  /** a temp sequence for rows whose number is not a line */
  sequence: string;
}

/** "tttttttt-tttt-7rrr-vrrr-" for one table: time, version 7, random, the RFC variant, random. */
export function idPrefix(now: number): string {
  const t = Math.floor(now).toString(16).padStart(12, '0').slice(-12);
  const r = randomBytes(3).toString('hex');
  const variant = (0x8 | (randomBytes(1)[0]! & 0x3)).toString(16);
  return `${t.slice(0, 8)}-${t.slice(8)}-7${r.slice(0, 3)}-${variant}${r.slice(3)}-`;
}

export function importIds(now = Date.now()): ImportIds {
  return { debtors: idPrefix(now), accounts: idPrefix(now), phones: idPrefix(now), documents: idPrefix(now), sequence: 'import_row_ids' };
}

/** Creates the import's sequence (once per session: the prefixes already make each import's ids unique). */
export const CREATE_ID_SEQUENCE = 'create temp sequence if not exists import_row_ids';

/** The uuid for `counter` (a bigint expression below 2^48) under `prefix`. */
export function idExpr(prefix: string, counter: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`(${prefix} || lpad(to_hex(${counter}), 12, '0'))::uuid`;
}
