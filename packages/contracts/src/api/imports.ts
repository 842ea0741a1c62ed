// The portfolio import's preview and history, shared by the API and the console's import wizard.
import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime, Nullable, StringEnum, Uuid } from './common.js';

export const ImportPreview = Type.Object({
  /** each column of the file, left to right, and the platform column it fills (null: not recognised) */
  columns: Type.Array(Type.Object({ header: Type.String(), column: Nullable(Type.String()) })),
  /** why the import would refuse the whole file at its header (unknown, repeated or missing columns) */
  headerError: Nullable(Type.String()),
  /** the first rows as parsed, each with what the import would reject it for */
  rows: Type.Array(
    Type.Object({
      line: Type.Integer(),
      values: Type.Array(Type.String()),
      errors: Type.Array(Type.Object({ column: Type.String(), reason: Type.String() })),
    }),
  ),
});
export type ImportPreview = Static<typeof ImportPreview>;

export const ImportSummary = Type.Object({
  id: Uuid,
  portfolioId: Uuid,
  filename: Type.String(),
  kind: StringEnum(['portfolio', 'payments'] as const, { description: 'a portfolio file or a payments file' }),
  status: Type.String({ description: 'running, completed or failed' }),
  totalRows: Type.Integer(),
  accepted: Type.Integer(),
  rejected: Type.Integer(),
  error: Nullable(Type.String()),
  startedAt: IsoDateTime,
  finishedAt: Nullable(IsoDateTime),
  createdByEmail: Nullable(Type.String()),
});
export type ImportSummary = Static<typeof ImportSummary>;
