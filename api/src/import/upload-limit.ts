// The size limit of an uploaded portfolio, counted on the stream as it arrives (a raw text/csv body
// has no length the server can trust, and a multipart part none at all). Going over the limit makes
// the stream fail, which fails the import whole: its transaction is rolled back and nothing lands.
import { finished, Transform, type Readable, type TransformCallback } from 'node:stream';

export class UploadTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the file is larger than the import limit of ${describeBytes(maxBytes)} (IMPORT_MAX_BYTES): nothing was imported`);
    this.name = 'UploadTooLargeError';
  }
}

/** "2 GiB (2147483648 bytes)", "1000 bytes": exact, and readable for the round sizes people configure. */
export function describeBytes(n: number): string {
  for (const [unit, size] of [['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]] as const) {
    if (n >= size && n % size === 0) return `${n / size} ${unit} (${n} bytes)`;
  }
  return `${n} bytes`;
}

/** A pass-through that fails with UploadTooLargeError once more than maxBytes went through it. */
export class ByteLimit extends Transform {
  private seen = 0;
  /** set once the limit was passed, so a caller can tell this failure from others downstream */
  exceeded = false;

  constructor(readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.maxBytes) {
      this.exceeded = true;
      done(new UploadTooLargeError(this.maxBytes));
      return;
    }
    done(null, chunk);
  }
}

/**
 * The upload seen through a ByteLimit. The source is piped, not handed over: when the limit trips it is
 * only unpiped, so the caller can still drain it and the client gets the answer instead of a reset
 * connection. A source that fails or closes early fails the limited stream too (pipe alone would leave
 * the reader waiting forever).
 */
export function limitUpload(source: Readable, maxBytes: number): ByteLimit {
  const limited = new ByteLimit(maxBytes);
  // the pipe starts writing at once and the limit can trip before anyone reads: without a listener that
  // error would be uncaught. The reader still gets it, as the stream's error when it iterates.
  limited.on('error', () => {});
  source.pipe(limited);
  finished(source, { writable: false }, (err) => {
    if (err && !limited.destroyed) limited.destroy(err);
  });
  return limited;
}
