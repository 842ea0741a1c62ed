// The CSV file of an import request (a portfolio, a payments file): a multipart part named "file" or a
// raw text/csv body, both streamed, both held to the one import size limit (IMPORT_MAX_BYTES). Every
// import route reads its upload here, so they take the same shapes and refuse the same sizes alike.
import type { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ErrorResponse } from '@cobranza/contracts/api';
import { ApiError, badInput, notFound } from '../errors.js';
import { ImportError } from '../import/service.js';
import { describeBytes, limitUpload, UploadTooLargeError } from '../import/upload-limit.js';

/** The answers withUpload gives besides the route's own report, for the routes' response schemas. */
export const UPLOAD_ERRORS = { 400: ErrorResponse, 404: ErrorResponse, 413: ErrorResponse };

/** Lets the routes of one plugin take uploads. Parsers are encapsulated per plugin: each import plugin calls this. */
export async function acceptUploads(app: FastifyInstance, maxBytes: number): Promise<void> {
  // the body reaches the handler as the raw stream: a portfolio can be hundreds of MB
  app.addContentTypeParser(['text/csv', 'application/csv', 'application/octet-stream'], (_req, payload, done) => done(null, payload));
  // busboy cuts a part at fileSize and ends it quietly, as if the file were that short: at one byte over
  // the limit an oversized part still reaches the ByteLimit with enough bytes to trip it
  await app.register(multipart, { limits: { fileSize: maxBytes + 1, files: 1, fields: 4 } });
}

/** 413 with the limit, in Spanish and English: nothing of the file was imported. */
export function tooLarge(maxBytes: number): ApiError {
  const { message } = new UploadTooLargeError(maxBytes);
  return new ApiError(413, 'PAYLOAD_TOO_LARGE', message, {
    field: 'file',
    reason: message,
    i18n: { es: `El archivo supera el límite de importación de ${describeBytes(maxBytes)}: no se importó nada.`, en: message },
  });
}

/** An import's own failures as answers to the client; anything else goes on as it is (a 500). */
export function importFailure(e: unknown): unknown {
  if (!(e instanceof ImportError)) return e;
  if (e.code === 'PORTFOLIO_NOT_FOUND') return notFound('portfolio');
  if (e.code === 'BAD_FILE') return badInput('file', e.message);
  return new ApiError(500, 'IMPORT_FAILED', e.message);
}

async function uploadOf(req: FastifyRequest, maxBytes: number): Promise<{ source: Readable; filename: string | undefined }> {
  if (req.isMultipart()) {
    const part = await req.file();
    if (!part) throw badInput('file', 'no file in the multipart body: send the CSV in a field named "file"');
    return { source: part.file, filename: part.filename };
  }
  const body = req.body as unknown;
  if (!body || typeof (body as Readable).pipe !== 'function') throw badInput('body', 'send the CSV as multipart/form-data (field "file") or as a text/csv body', 'headers');
  const source = body as Readable;
  // a declared length over the limit is refused before anything is read or written
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    source.resume();
    throw tooLarge(maxBytes);
  }
  return { source, filename: undefined };
}

/**
 * Runs `run` on the request's upload, seen through the size limit. `filename` is the multipart part's,
 * if any. A failure is answered as the client must hear it: 413 when the limit tripped (the import
 * reports the stream's failure as its own), else importFailure's answer.
 */
export async function withUpload<T>(req: FastifyRequest, maxBytes: number, run: (source: Readable, filename: string | undefined) => Promise<T>): Promise<T> {
  const { source, filename } = await uploadOf(req, maxBytes);
  const limited = limitUpload(source, maxBytes);
  try {
    return await run(limited, filename);
  } catch (e) {
    // drain what the client still sends, so it gets the error instead of a reset connection
    source.resume();
    throw limited.exceeded ? tooLarge(maxBytes) : importFailure(e);
  }
}
