// Worker threads that validate an import's chunks side by side, results handed back in file order.
// At most two chunks per worker are in flight, so a fast reader never holds the whole file in memory.
import { Worker } from 'node:worker_threads';
import { CsvSyntaxError, type ValidationContext } from '@cobranza/domain/portfolio/index';
import type { ChunkResult, RecordChunk, RenderMode } from './read-rows.js';

export interface PoolSetup {
  header: string[];
  ctx: ValidationContext;
  mode: RenderMode;
}

export type WorkerReply = { id: number; result: ChunkResult } | { id: number; error: { csvLine?: number; message: string } };

const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './read-worker-boot.mjs' : './read-worker.js', import.meta.url);

export class ReadPool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { resolve: (r: ChunkResult) => void; reject: (e: Error) => void }>();
  private failure: Error | undefined;

  constructor(size: number, setup: PoolSetup) {
    this.workers = Array.from({ length: size }, () => {
      const w = new Worker(WORKER_URL, { workerData: setup });
      w.on('message', (m: WorkerReply) => this.settle(m));
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`an import worker stopped with exit code ${code}`));
      });
      return w;
    });
  }

  private settle(m: WorkerReply): void {
    const p = this.waiting.get(m.id);
    if (!p) return;
    this.waiting.delete(m.id);
    if ('result' in m) p.resolve(m.result);
    else p.reject(m.error.csvLine !== undefined ? new CsvSyntaxError(m.error.csvLine, m.error.message.replace(/^line \d+: /, '')) : new Error(m.error.message));
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const p of this.waiting.values()) p.reject(e);
    this.waiting.clear();
  }

  private submit(id: number, chunk: RecordChunk): Promise<ChunkResult> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.workers[id % this.workers.length]!.postMessage({ id, chunk });
    });
  }

  /** Validates every chunk, yielding results in the chunks' order. */
  async *run(chunks: AsyncIterable<RecordChunk>): AsyncGenerator<ChunkResult> {
    const inFlight: Array<Promise<ChunkResult>> = [];
    let id = 0;
    for await (const chunk of chunks) {
      const p = this.submit(id++, chunk);
      p.catch(() => {}); // awaited in order below; this only keeps an early failure from being "unhandled"
      inFlight.push(p);
      if (inFlight.length >= this.workers.length * 2) yield await inFlight.shift()!;
    }
    while (inFlight.length) yield await inFlight.shift()!;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
