// The API's own errors, and the one place where errors of Fastify (validation) and Postgres are
// translated into them: a JSON body with a stable code and, for bad input, the field and the reason.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorResponse } from '@cobranza/contracts/api';
import { BadFileKeyError, StoredFileNotFoundError } from '@cobranza/db/files/shared-files';

type Part = NonNullable<ErrorResponse['in']>;
export type Problem = NonNullable<ErrorResponse['problems']>[number];

/** 400 for a document with several problems (a flow, a segment set): all of them, each at its field; the first leads. */
export const invalidDocument = (problems: Problem[], issue: string, what: { es: string; en: string }): ApiError => {
  const first = problems[0]!;
  return new ApiError(400, 'VALIDATION', problems.map((p) => `${p.field}: ${p.reason}`).join('; '), {
    field: first.field,
    in: 'body',
    reason: first.reason,
    issue,
    problems,
    i18n: { es: `${what.es}: ${first.i18n.es}`, en: `${what.en}: ${first.i18n.en}` },
  });
};

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly extra: { field?: string; in?: Part; reason?: string; i18n?: { es: string; en: string }; issue?: string; problems?: Problem[]; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** 400 for input that passed the schema but breaks a rule (the promise is below the minimum...). */
export const badInput = (field: string, reason: string, part: Part = 'body', more: { i18n?: { es: string; en: string }; issue?: string } = {}): ApiError =>
  new ApiError(400, 'VALIDATION', `${field}: ${reason}`, { field, in: part, reason, ...more });
export const notFound = (what: string): ApiError => new ApiError(404, 'NOT_FOUND', `${what} not found`);
export const conflict = (message: string, field?: string): ApiError =>
  new ApiError(409, 'CONFLICT', message, field ? { field, reason: message } : {});
export const unauthenticated = (): ApiError => new ApiError(401, 'UNAUTHENTICATED', 'login required');
export const forbidden = (roles: readonly string[]): ApiError => new ApiError(403, 'FORBIDDEN', `this action needs one of the roles: ${roles.join(', ')}`);

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** A key as a JSON pointer token (RFC 6901). */
export const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

const WHERE_ES: Record<Part, string> = { body: 'el cuerpo', querystring: 'la consulta (query string)', params: 'la ruta', headers: 'los encabezados' };

/** The schema's reason in both languages (ajv words only in English). */
function validationReason(e: AjvError): { en: string; es: string } {
  const p = e.params;
  switch (e.keyword) {
    case 'required':
      return { en: 'is required', es: 'es obligatorio' };
    case 'additionalProperties':
      return { en: 'is not an allowed field', es: 'no es un campo permitido' };
    case 'enum': {
      const values = Array.isArray(p.allowedValues) ? (p.allowedValues as unknown[]).join(', ') : '';
      return { en: `must be one of: ${values}`, es: `debe ser uno de: ${values}` };
    }
    case 'maximum':
      return { en: `must be <= ${String(p.limit)}`, es: `debe ser como máximo ${String(p.limit)}` };
    case 'minimum':
      return { en: `must be >= ${String(p.limit)}`, es: `debe ser como mínimo ${String(p.limit)}` };
    case 'maxLength':
      return { en: `must have at most ${String(p.limit)} characters`, es: `debe tener como máximo ${String(p.limit)} caracteres` };
    case 'minLength':
      return { en: `must have at least ${String(p.limit)} characters`, es: `debe tener como mínimo ${String(p.limit)} caracteres` };
    case 'type':
      return { en: `must be ${String(p.type)}`, es: `debe ser de tipo ${String(p.type)}` };
    case 'pattern':
    case 'format':
      return { en: e.message ?? 'has the wrong format', es: 'no tiene el formato esperado' };
    default:
      return { en: e.message ?? e.keyword, es: `no es válido (${e.keyword})` };
  }
}

function fromValidation(errors: AjvError[], part: string | undefined): ErrorResponse {
  const e = errors[0]!;
  let field = e.instancePath || '';
  if (e.keyword === 'required' && typeof e.params.missingProperty === 'string') field += `/${escapePointer(e.params.missingProperty)}`;
  else if (e.keyword === 'additionalProperties' && typeof e.params.additionalProperty === 'string') field += `/${escapePointer(e.params.additionalProperty)}`;
  const reason = validationReason(e);
  const where = (['body', 'querystring', 'params', 'headers'] as const).find((p) => p === part) ?? 'body';
  const at = field || '/';
  return {
    statusCode: 400,
    code: 'VALIDATION',
    message: `${where} ${at}: ${reason.en}`,
    field: at,
    in: where,
    reason: reason.en,
    i18n: { es: `${at} en ${WHERE_ES[where]}: ${reason.es}`, en: `${at} in the ${where}: ${reason.en}` },
  };
}

const snakeToCamel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

// the database's own wording (types, SQL) means nothing to whoever sent the request
const DB_REASON: Record<string, string> = {
  '23514': 'breaks a rule of the data',
  '23502': 'a required value is missing',
  '22P02': 'a value has the wrong format',
  '22003': 'a number is out of range',
  '22021': 'a text contains a character that cannot be stored',
};

/** node-postgres and PGlite both expose the SQLSTATE as `code`, plus `detail` / `constraint`. */
function fromPostgres(err: { code?: string; detail?: string; constraint?: string; message: string }, part: Part): ErrorResponse | null {
  const col = /Key \(([^)]+)\)/.exec(err.detail ?? '')?.[1]?.split(',')[0]?.trim();
  const field = col ? `/${snakeToCamel(col)}` : undefined;
  switch (err.code) {
    case '23505':
      return { statusCode: 409, code: 'CONFLICT', message: `already exists${col ? `: ${col}` : ''}`, ...(field ? { field, reason: 'already exists' } : {}) };
    case '23503':
      if (/is still referenced/.test(err.detail ?? '')) return { statusCode: 409, code: 'CONFLICT', message: 'still in use by other records' };
      return { statusCode: 400, code: 'VALIDATION', message: `${col ?? 'reference'} does not exist`, in: part, ...(field ? { field, reason: 'does not exist' } : {}) };
    case '23514':
    case '23502':
    case '22P02':
    case '22003':
    case '22021':
      return { statusCode: 400, code: 'VALIDATION', message: `rejected by the database: ${DB_REASON[err.code]}${err.constraint ? ` (${err.constraint})` : ''}`, in: part, reason: DB_REASON[err.code] };
    default:
      return null;
  }
}

export function errorHandler(error: FastifyError & { validation?: AjvError[]; validationContext?: string }, request: FastifyRequest, reply: FastifyReply) {
  if (error.validation) return reply.code(400).send(fromValidation(error.validation, error.validationContext));
  if (error instanceof ApiError) {
    if (error.extra.headers) reply.headers(error.extra.headers);
    const { headers: _h, ...extra } = error.extra;
    return reply.code(error.statusCode).send({ statusCode: error.statusCode, code: error.code, message: error.message, ...extra });
  }
  // shared files: a key nobody stored (or whose bytes are gone) is a 404, a key that climbs out a 400
  if (error instanceof StoredFileNotFoundError) return reply.code(404).send({ statusCode: 404, code: 'NOT_FOUND', message: 'the file is not in the shared store' });
  if (error instanceof BadFileKeyError) return reply.code(400).send({ statusCode: 400, code: 'BAD_REQUEST', message: error.message });
  // a read takes its input from the query string, a write from its body
  const part: Part = request.method === 'GET' || request.method === 'HEAD' || request.method === 'DELETE' ? 'querystring' : 'body';
  const pg = fromPostgres(error as unknown as { code?: string; detail?: string; constraint?: string; message: string }, part);
  if (pg) return reply.code(pg.statusCode).send(pg);
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return reply.code(error.statusCode).send({ statusCode: error.statusCode, code: error.code ?? 'BAD_REQUEST', message: error.message });
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.code(500).send({ statusCode: 500, code: 'INTERNAL', message: 'internal error' });
}
