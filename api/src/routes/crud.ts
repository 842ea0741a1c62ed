// Create / read / update / delete for the configuration tables, which all follow the same shape:
// a uuid id, a DTO mapper, TypeBox schemas for the body and extra rules beyond the schema.
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { TSchema } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import type { Role } from '@cobranza/contracts';
import { ErrorResponse, IdParams, Ok } from '@cobranza/contracts/api';
import type { DB, Db } from '@cobranza/db';
import type { Kysely } from 'kysely';
import { notFound } from '../errors.js';

export interface CrudSpec<Row, Create, Update> {
  table: 'creditors' | 'portfolios' | 'segments' | 'strategies' | 'scripts';
  path: string;
  tag: string;
  item: TSchema;
  create: TSchema;
  update: TSchema;
  read: readonly Role[];
  write: readonly Role[];
  orderBy: string;
  toDto(row: Row): unknown;
  /** Body (camelCase) to column values (snake_case). */
  toRow(body: Partial<Create & Update>): Record<string, unknown>;
  /** Rules the schema cannot express (ranges that depend on each other...): throw badInput. */
  check?(body: Partial<Create & Update>, before: Row | null): void;
  /** Work after the row is committed (preparing what the saved row needs); a failure is logged, the save stands. */
  afterWrite?(row: Row, log: FastifyBaseLogger): Promise<void>;
  /** Columns touched on every update. */
  touch?: Record<string, unknown>;
}

export function registerCrud<Row, Create, Update>(app: FastifyInstance, db: Db, spec: CrudSpec<Row, Create, Update>): void {
  // The table name is a parameter here, which Kysely's per-table typing cannot follow;
  // each spec's toRow/toDto is typed against its own table instead.
  const anyDb = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const t = spec.table;
  const tags = [spec.tag];
  const errors = { 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
  const after = async (row: Row, log: FastifyBaseLogger) => {
    if (!spec.afterWrite) return;
    try {
      await spec.afterWrite(row, log);
    } catch (e) {
      log.error({ err: e, table: t }, `after saving ${spec.tag}: ${(e as Error).message}`);
    }
  };

  app.get(spec.path, { config: { roles: spec.read }, schema: { tags, response: { 200: Type.Object({ items: Type.Array(spec.item) }) } } }, async () => {
    const rows = await anyDb.selectFrom(t).selectAll().orderBy(spec.orderBy).execute();
    return { items: rows.map((r) => spec.toDto(r as Row)) };
  });

  app.get(`${spec.path}/:id`, { config: { roles: spec.read }, schema: { tags, params: IdParams, response: { 200: spec.item, 404: ErrorResponse } } }, async (req) => {
    const { id } = req.params as { id: string };
    const row = await anyDb.selectFrom(t).selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound(spec.tag);
    return spec.toDto(row as Row);
  });

  app.post(spec.path, { config: { roles: spec.write }, schema: { tags, body: spec.create, response: { 201: spec.item, ...errors } } }, async (req, reply) => {
    const body = req.body as Create;
    spec.check?.(body as Partial<Create & Update>, null);
    const row = await anyDb.insertInto(t).values(spec.toRow(body as Partial<Create & Update>)).returningAll().executeTakeFirstOrThrow();
    await after(row as Row, req.log);
    return reply.code(201).send(spec.toDto(row as Row));
  });

  app.patch(
    `${spec.path}/:id`,
    { config: { roles: spec.write }, schema: { tags, params: IdParams, body: spec.update, response: { 200: spec.item, ...errors } } },
    async (req) => {
      const { id } = req.params as { id: string };
      const body = req.body as Update;
      const row = await anyDb.transaction().execute(async (trx) => {
        const before = await trx.selectFrom(t).selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
        if (!before) throw notFound(spec.tag);
        spec.check?.(body as Partial<Create & Update>, before as Row);
        const row = await trx
          .updateTable(t)
          .set({ ...spec.toRow(body as Partial<Create & Update>), ...(spec.touch ?? {}) })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        return row as Row;
      });
      await after(row, req.log);
      return spec.toDto(row);
    },
  );

  app.delete(`${spec.path}/:id`, { config: { roles: spec.write }, schema: { tags, params: IdParams, response: { 200: Ok, 404: ErrorResponse, 409: ErrorResponse } } }, async (req) => {
    const { id } = req.params as { id: string };
    const res = await anyDb.deleteFrom(t).where('id', '=', id).executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) throw notFound(spec.tag);
    return { ok: true };
  });
}

/** Copies the defined keys of `body` to columns: { camelKey: 'snake_col' }. jsonb values are stringified. */
export function pick(body: Record<string, unknown>, columns: Record<string, string>, json: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, col] of Object.entries(columns)) {
    const v = body[key];
    if (v === undefined) continue;
    out[col] = json.includes(key) && v !== null ? JSON.stringify(v) : v;
  }
  return out;
}
