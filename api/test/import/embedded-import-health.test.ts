// `npm start` on the embedded database keeps serving while it imports a 20,000-row file uploaded over HTTP
// (about a minute of work; `npm run bench:health` takes the 200,000-row file):
// every /health poll is answered within 5 s (a poll stuck behind the import fails), the whole time.
// The latency goal (p99 under 200 ms) is measured by `npm run bench:health`, not asserted here: a loaded
// machine moves it, a blocked loop does not hide behind it.
import { describe, expect, it } from 'vitest';
import { healthDuringImport } from '../../src/bench/health-during-import.js';

const ROWS = Number(process.env.HEALTH_IMPORT_ROWS ?? 20_000);

describe('embedded import and the event loop', () => {
  it(`answers every /health poll within 5 s while importing ${ROWS} rows`, async () => {
    const { status, body, failures, figures } = await healthDuringImport(ROWS);
    console.log(`embedded import of ${ROWS} rows, /health during it: ${JSON.stringify(figures)}`);
    expect(status, JSON.stringify(body).slice(0, 500)).toBe(200);
    expect(body).toMatchObject({ status: 'completed', totalRows: ROWS, rejected: 20 });
    expect(failures).toEqual([]);
    // polled every 50 ms for the whole import: a loop held by the import answers a handful of polls, not hundreds
    expect(figures.polls).toBeGreaterThan(figures.importSeconds * 2);
  }, 1_800_000);
});
