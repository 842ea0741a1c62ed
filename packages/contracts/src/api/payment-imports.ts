// The creditor's daily payments file: upload report. The rejects share the portfolio import's shape and
// tables, so GET /imports/:id and /imports/:id/rejects.csv serve a payments import as well.
import { type Static, Type } from '@sinclair/typebox';
import { Nullable, Uuid } from './common.js';

export const ImportReject = Type.Object({
  line: Type.Integer({ description: 'physical line in the file; the header is line 1' }),
  column: Type.String({ description: 'the column at fault, or * for the whole row' }),
  value: Nullable(Type.String({ description: 'the value as read' })),
  reason: Type.String(),
});
export type ImportReject = Static<typeof ImportReject>;

export const PaymentImportQuery = Type.Object(
  {
    filename: Type.Optional(Type.String({ maxLength: 255 })),
    today: Type.Optional(Type.String({ format: 'date', description: 'payments dated after it are refused (default: today in the portfolio country)' })),
    ref: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9-]{8,64}$', description: 'an id of your choosing: the import:progress events of this import, sent to your consoles, carry it' })),
  },
  { additionalProperties: false },
);
export type PaymentImportQuery = Static<typeof PaymentImportQuery>;

export const PaymentImportReport = Type.Object({
  importId: Uuid,
  status: Type.String(),
  totalRows: Type.Integer(),
  accepted: Type.Integer({ description: 'rows that passed every check: inserted, or already recorded by an earlier import' }),
  rejected: Type.Integer(),
  inserted: Type.Integer({ description: 'payments added by this import' }),
  alreadyRecorded: Type.Integer({ description: 'good rows whose payment was already recorded (a re-sent file adds nothing)' }),
  rejects: Type.Array(ImportReject, { description: 'the first 100 rejects; all of them at /imports/{id}/rejects.csv' }),
  warnings: Type.Array(Type.String()),
  promises: Nullable(
    Type.Object(
      { checked: Type.Integer(), kept: Type.Integer(), broken: Type.Integer() },
      { description: 'pending promises decided after the payments landed (null: that step failed, see warnings)' },
    ),
  ),
});
export type PaymentImportReport = Static<typeof PaymentImportReport>;
