// Reading a portfolio file as chunks of whole records, validated chunk by chunk: on the reading thread by
// default, across worker threads (read-pool.ts) when the import asks for them. Parsing and validating
// is most of the import's CPU (about 20 µs a row, a million rows a file), and it needs nothing shared
// between rows: the repeats a file may hold (a debtor on several lines, an account twice) are settled
// afterwards, in line order, by the caller.
import { type CsvRecord, CsvSyntaxError, createRowValidator, HeaderError, type ImportRow, readCsv, type RowError, type ValidationContext } from '@cobranza/domain/portfolio/index';
import { copyRest } from './stage.js';

export interface RecordChunk {
  /** UTF-8 bytes of whole records: cut and counted as bytes, so the reading thread never decodes the file */
  bytes: Uint8Array;
  /** the physical line the chunk's first record starts on */
  startLine: number;
}

export interface GoodRow {
  line: number;
  externalId: string;
  /** country, document type and number: who the debtor is */
  debtorKey: string;
  /** the row as COPY text (mode 'copy') or as values (mode 'rows') */
  copy?: string;
  row?: ImportRow;
}

export interface ChunkResult {
  /** data rows in the chunk */
  total: number;
  good: GoodRow[];
  rejects: RowError[];
  rejectedLines: number;
  /** the chunk was not UTF-8 and was read as Windows-1252 (Latin-1 as Excel saves it) */
  windows1252?: { fromLine: number };
}

/** A chunk's records, and whether its bytes were read as Windows-1252 rather than UTF-8. */
export interface ParsedChunk {
  records: CsvRecord[];
  startLine: number;
  windows1252: boolean;
}

export type RenderMode = 'copy' | 'rows';

/** chunks validated on the reading thread while the pool's threads start */
const INLINE_CHUNKS = 4;

/** as the CSV reader's own limit: an unterminated quote would otherwise swallow the rest of the file */
const MAX_RECORD_BYTES = 4_000_000;

const QUOTE = 0x22;
const NEWLINE = 0x0a;

/**
 * Index just past the last newline before `limit` that ends a record (outside quotes), or -1 when there
 * is none. Bytes suffice: in UTF-8 no multi-byte character contains a quote or a newline byte.
 */
export function lastRecordEnd(b: Buffer, limit = b.length): number {
  let inQuotes = false;
  let pos = 0;
  let last = -1;
  for (;;) {
    let q = b.indexOf(QUOTE, pos);
    if (q >= limit) q = -1;
    const segmentEnd = q === -1 ? limit : q;
    if (!inQuotes && segmentEnd > pos) {
      const nl = b.lastIndexOf(NEWLINE, segmentEnd - 1);
      if (nl >= pos) last = nl;
    }
    if (q === -1) return last === -1 ? -1 : last + 1;
    inQuotes = !inQuotes;
    pos = q + 1;
  }
}

function countNewlines(b: Buffer): number {
  let n = 0;
  for (let i = b.indexOf(NEWLINE); i !== -1; i = b.indexOf(NEWLINE, i + 1)) n++;
  return n;
}

const encoder = new TextEncoder();

/**
 * Cuts a byte or text stream into chunks of whole records of about `chunkBytes` bytes. The first chunk
 * starts at line 1 (the header). A UTF-8 byte order mark is dropped.
 */
export async function* recordChunks(source: AsyncIterable<Uint8Array | string>, chunkBytes = 1 << 20): AsyncGenerator<RecordChunk> {
  let buf: Buffer = Buffer.alloc(0);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let line = 1;
  let started = false;
  // gathers what was read; the byte order mark is looked for once, in the first bytes gathered
  const gather = () => {
    buf = Buffer.concat([buf, ...pending]);
    pending = [];
    pendingBytes = 0;
    if (!started && buf.length >= 3) {
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
      started = true;
    }
  };
  for await (const piece of source) {
    const bytes = typeof piece === 'string' ? encoder.encode(piece) : piece;
    pending.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    pendingBytes += bytes.byteLength;
    if (buf.length + pendingBytes < chunkBytes) continue;
    gather();
    while (buf.length >= chunkBytes) {
      // whole records within the chunk size; a single record longer than that goes out whole
      let end = lastRecordEnd(buf, chunkBytes);
      if (end <= 0) end = lastRecordEnd(buf);
      // no record ends in the buffer yet (a quoted field with newlines, or one huge record): read on
      if (end <= 0) {
        if (buf.length > chunkBytes + MAX_RECORD_BYTES) throw new CsvSyntaxError(line, `a record longer than ${MAX_RECORD_BYTES} bytes (an unterminated quote?)`);
        break;
      }
      // a copy, so the chunk owns its memory (it is posted to a worker) and the rest can be freed
      const chunk = Buffer.from(buf.subarray(0, end));
      buf = buf.subarray(end);
      yield { bytes: chunk, startLine: line };
      line += countNewlines(chunk);
    }
  }
  gather();
  if (buf.length > 0) yield { bytes: Buffer.from(buf), startLine: line };
}

async function* once(text: string): AsyncGenerator<string> {
  yield text;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
// Windows-1252 is Latin-1 except for 0x80-0x9F, where it has € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ' ' " " • – — ˜ ™ š › œ ž Ÿ
// (five bytes unassigned, kept as Latin-1 does). Node 20's TextDecoder('windows-1252') decodes plain Latin-1.
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
function decodeWindows1252(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength)
    .toString('latin1')
    .replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

/**
 * Where a byte sequence stops being UTF-8 (offset of the first bad byte, -1 if none), and whether it
 * also holds well-formed multi-byte characters (then it is UTF-8 with damage, not another encoding).
 */
export function utf8Scan(b: Uint8Array): { firstInvalid: number; multibyte: boolean } {
  let firstInvalid = -1;
  let multibyte = false;
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    let ok = n > 0 && i + n < b.length;
    for (let k = 1; ok && k <= n; k++) ok = (b[i + k]! & 0xc0) === 0x80;
    if (ok) {
      multibyte = true;
      i += n + 1;
    } else {
      if (firstInvalid < 0) firstInvalid = i;
      i++;
    }
  }
  return { firstInvalid, multibyte };
}

/**
 * A chunk's text. UTF-8 is expected; a chunk that is not UTF-8 at all is read as Windows-1252, which is
 * what Excel on Windows saves as "CSV" in Latin America and Spain (and a superset of Latin-1), so
 * "Nuñez" stays "Nuñez" instead of "Nu\uFFFDez". A chunk mixing UTF-8 with other bytes cannot be read
 * either way without damage: it is refused with the line and column of the first bad byte.
 */
export function decodeChunk(chunk: RecordChunk): { text: string; windows1252: boolean } {
  try {
    return { text: utf8.decode(chunk.bytes), windows1252: false };
  } catch {
    const scan = utf8Scan(chunk.bytes);
    if (!scan.multibyte) return { text: decodeWindows1252(chunk.bytes), windows1252: true };
    const b = Buffer.from(chunk.bytes.buffer, chunk.bytes.byteOffset, chunk.bytes.byteLength);
    const lineStart = b.lastIndexOf(NEWLINE, scan.firstInvalid - 1) + 1;
    const line = chunk.startLine + countNewlines(b.subarray(0, lineStart));
    const column = new TextDecoder('utf-8').decode(b.subarray(lineStart, scan.firstInvalid)).length + 1;
    const hex = b[scan.firstInvalid]!.toString(16).toUpperCase().padStart(2, '0');
    throw new CsvSyntaxError(
      line,
      `column ${column}: byte 0x${hex} is not UTF-8, in a file that is otherwise UTF-8; save the file as UTF-8 (in Excel: "CSV UTF-8")`,
    );
  }
}

/** Parses a chunk of whole records, numbering lines from the chunk's start. */
export async function parseChunk(chunk: RecordChunk): Promise<ParsedChunk> {
  const records: CsvRecord[] = [];
  const offset = chunk.startLine - 1;
  const { text, windows1252 } = decodeChunk(chunk);
  try {
    for await (const batch of readCsv(once(text))) {
      for (const r of batch) records.push(offset ? { line: r.line + offset, fields: r.fields } : r);
    }
  } catch (e) {
    if (!(e instanceof CsvSyntaxError) || !offset) throw e;
    throw new CsvSyntaxError(e.line + offset, e.message.replace(/^line \d+: /, ''));
  }
  return { records, startLine: chunk.startLine, windows1252 };
}

/** The validator of one file; each worker builds its own from the header. */
export function chunkValidator(header: string[], ctx: ValidationContext, mode: RenderMode): (chunk: ParsedChunk) => ChunkResult {
  const validate = createRowValidator(header, ctx);
  return (chunk) => {
    const res: ChunkResult = { total: 0, good: [], rejects: [], rejectedLines: 0 };
    if (chunk.windows1252) res.windows1252 = { fromLine: chunk.startLine };
    for (const rec of chunk.records) {
      res.total++;
      const r = validate(rec.line, rec.fields);
      if (!r.ok) {
        res.rejectedLines++;
        for (const e of r.errors) res.rejects.push(e);
        continue;
      }
      const d = r.row.debtor;
      const g: GoodRow = { line: rec.line, externalId: r.row.account.externalId, debtorKey: `${d.country}\u0000${d.documentType}\u0000${d.documentNumber}` };
      if (mode === 'copy') g.copy = copyRest(r.row);
      else g.row = r.row;
      res.good.push(g);
    }
    return res;
  };
}

export interface ReadOptions {
  ctx: ValidationContext;
  mode: RenderMode;
  /** worker threads for files bigger than one chunk; 0 or 1 validates inline */
  workers: number;
  chunkBytes?: number;
}

/**
 * The file's validated chunks, in order. Throws HeaderError for an unusable header, CsvSyntaxError for a
 * broken record, and an Error for an empty file.
 */
export async function* validatedChunks(source: AsyncIterable<Uint8Array | string>, opts: ReadOptions): AsyncGenerator<ChunkResult> {
  const chunks = recordChunks(source, opts.chunkBytes);
  const first = await chunks.next();
  const parsed = first.done ? { records: [], startLine: 1, windows1252: false } : await parseChunk(first.value);
  const header = parsed.records.shift();
  if (!header) throw new HeaderError('the file is empty: expected a header line and rows');
  const validateInline = chunkValidator(header.fields, opts.ctx, opts.mode); // refuses a bad header here, once
  yield validateInline(parsed);

  if (opts.workers <= 1) {
    for await (const c of chunks) yield validateInline(await parseChunk(c));
    return;
  }
  // A file past its first few chunks starts the pool, whose threads take a second or two to load;
  // meanwhile the next chunks are validated here, so a small file never waits for them.
  const { ReadPool } = await import('./read-pool.js');
  let pool: InstanceType<typeof ReadPool> | undefined;
  const startPool = () => (pool ??= new ReadPool(opts.workers, { header: header.fields, ctx: opts.ctx, mode: opts.mode }));
  try {
    let inline = 1;
    for (;;) {
      const next = await chunks.next();
      if (next.done) return;
      if (inline >= 2) startPool();
      if (inline++ < INLINE_CHUNKS) {
        yield validateInline(await parseChunk(next.value));
        continue;
      }
      yield* startPool().run((async function* () {
        yield next.value;
        yield* chunks;
      })());
      return;
    }
  } finally {
    await pool?.close();
  }
}
