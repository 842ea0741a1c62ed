// Entry of an import worker thread when the sources are TypeScript: a worker does not inherit the
// loader vitest or a plain `node` uses, so it registers tsx's own before loading the worker module.
import { register } from 'tsx/esm/api';

register();
await import('./read-worker.ts');
