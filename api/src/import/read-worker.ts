// A worker thread of the import's read pool: parses and validates the chunks it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import { CsvSyntaxError } from '@cobranza/domain/portfolio/index';
import { chunkValidator, parseChunk, type RecordChunk } from './read-rows.js';
import type { PoolSetup, WorkerReply } from './read-pool.js';

const setup = workerData as PoolSetup;
const validate = chunkValidator(setup.header, setup.ctx, setup.mode);

parentPort!.on('message', (msg: { id: number; chunk: RecordChunk }) => {
  parseChunk(msg.chunk)
    .then((parsed) => {
      const reply: WorkerReply = { id: msg.id, result: validate(parsed) };
      parentPort!.postMessage(reply);
    })
    .catch((e: unknown) => {
      const reply: WorkerReply =
        e instanceof CsvSyntaxError
          ? { id: msg.id, error: { csvLine: e.line, message: e.message } }
          : { id: msg.id, error: { message: e instanceof Error ? e.message : String(e) } };
      parentPort!.postMessage(reply);
    });
});
