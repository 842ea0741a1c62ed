// An import's progress for its progress bar: the bytes of the upload as they are read (wrapping the
// source), the import's own phases, and the rows read, sent to the consoles of the user who started it (on
// whichever API instance they are connected: the notifier's emit from here).
// Sent at most every PROGRESS_EVERY_MS, and at once on a change of phase, so a 2 GB file does not flood
// the socket.
import type { ImportProgressEvent } from '@cobranza/contracts';
import type { Notifier } from '../realtime/notifier.js';

export const PROGRESS_EVERY_MS = 250;

export interface ProgressTarget {
  userId: string;
  ref: string;
  portfolioId: string;
  kind: ImportProgressEvent['kind'];
  totalBytes: number | null;
}

export interface ImportProgressReporter {
  /** The upload, counted as the import reads it. */
  counted<T extends Uint8Array | string>(source: AsyncIterable<T>): AsyncIterable<T>;
  update(p: { phase?: ImportProgressEvent['phase']; rows?: number }): void;
}

/** The declared size of a request's body, if it declared one. */
export function declaredBytes(header: string | string[] | undefined): number | null {
  const n = Number(Array.isArray(header) ? header[0] : header);
  return Number.isFinite(n) && n > 0 ? n : null;
}

export function importProgress(notifier: Pick<Notifier, 'importProgress'> | undefined, target: ProgressTarget, now: () => number = Date.now): ImportProgressReporter {
  const state: ImportProgressEvent = { ref: target.ref, portfolioId: target.portfolioId, kind: target.kind, phase: 'reading', rows: 0, bytes: 0, totalBytes: target.totalBytes };
  let sentAt = -Infinity;
  const send = (force: boolean) => {
    const t = now();
    if (!force && t - sentAt < PROGRESS_EVERY_MS) return;
    sentAt = t;
    notifier?.importProgress(target.userId, { ...state });
  };
  return {
    counted<T extends Uint8Array | string>(source: AsyncIterable<T>): AsyncIterable<T> {
      return {
        async *[Symbol.asyncIterator]() {
          for await (const chunk of source) {
            state.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
            send(false);
            yield chunk;
          }
        },
      };
    },
    update({ phase, rows }) {
      const changed = phase !== undefined && phase !== state.phase;
      if (phase !== undefined) state.phase = phase;
      if (rows !== undefined) state.rows = rows;
      send(changed);
    },
  };
}
