import { Kind, type Static, type TSchema, type TUnsafe, Type, TypeRegistry } from '@sinclair/typebox';

/** A string enum as JSON Schema `enum` (Ajv then reports "must be equal to one of the allowed values"). */
// The `type`/`enum` in the return type let typebox 1.x (used by @fastify/type-provider-typebox) infer
// the union from the JSON Schema itself; `TUnsafe` gives @sinclair/typebox 0.34 the same union.
export const StringEnum = <const T extends readonly string[]>(
  values: T,
  opts: { description?: string; default?: T[number] } = {},
): TUnsafe<T[number]> & { type: 'string'; enum: T } =>
  Type.Unsafe<T[number]>({ [Kind]: 'StringEnum', type: 'string', enum: [...values], ...opts }) as TUnsafe<T[number]> & { type: 'string'; enum: T };

// so TypeBox's own checkers (TypeCompiler, Value.Check, used by the realtime handlers and the console) know it
if (!TypeRegistry.Has('StringEnum')) {
  TypeRegistry.Set<{ enum: string[] }>('StringEnum', (schema, value) => typeof value === 'string' && schema.enum.includes(value));
}

export const Uuid = Type.String({ format: 'uuid' });
export const IsoDateTime = Type.String({ format: 'date-time' });
/** A calendar date with no time zone, e.g. a due date: YYYY-MM-DD. */
export const IsoDate = Type.String({ format: 'date' });
export const Money = Type.Number({ description: 'amount in the currency unit (not cents)' });
export const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217' });
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const IdParams = Type.Object({ id: Uuid });
export type IdParams = Static<typeof IdParams>;

/** Every error the API returns. For bad input, `field` is a JSON pointer into `in` and `reason` says what is wrong. */
export const ErrorResponse = Type.Object({
  statusCode: Type.Integer(),
  code: Type.String({ description: 'stable machine code, e.g. VALIDATION, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT' }),
  message: Type.String(),
  field: Type.Optional(Type.String({ description: 'JSON pointer, e.g. /promise/amount' })),
  in: Type.Optional(StringEnum(['body', 'querystring', 'params', 'headers'] as const)),
  reason: Type.Optional(Type.String()),
  /** The reason for people, Spanish first (shown by the console as is). */
  i18n: Type.Optional(Type.Object({ es: Type.String(), en: Type.String() })),
  /** Finer code for a rule that failed, e.g. amount_below_minimum, date_too_far, callback_blocked. */
  issue: Type.Optional(Type.String()),
  /** Every problem of a refused document (an IVR flow, a segment set), each at its own field. */
  problems: Type.Optional(Type.Array(Type.Object({ field: Type.String(), reason: Type.String(), i18n: Type.Object({ es: Type.String(), en: Type.String() }) }))),
});
export type ErrorResponse = Static<typeof ErrorResponse>;

export const PageQuery = {
  // a bound, so 1e20 is a clear 400 on /page rather than an offset the database cannot hold
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 25 })),
};

export const Paginated = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    page: Type.Integer(),
    pageSize: Type.Integer(),
    total: Type.Integer(),
  });

export const Ok = Type.Object({ ok: Type.Boolean() });
