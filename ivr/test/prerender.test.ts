// Prompts rendered before the first call: the IVR renders its default flows and the verbs' own words when it
// starts (real espeak-ng/sox, real Postgres for startIvr's stores), skipping prompts an admin recorded.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@cobranza/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FLOWS } from '../src/flows/defaults.js';
import { startIvr } from '../src/index.js';
import { PromptLibrary } from '../src/prompts/library.js';
import { SYSTEM_PROMPTS } from '../src/system-prompts.js';
import { quietLog } from './fakes.js';

const dir = mkdtempSync(join(tmpdir(), 'ivr-prerender-'));
const location = { hostDir: dir, asteriskDir: 'cobranza-ivr' };
let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase('ivr_prerender');
});
afterAll(async () => {
  await tdb?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('prompts rendered at IVR start', () => {
  it('renders the default flows and built-in prompts, not texts with variables, and skips a recorded prompt', async () => {
    const lib = new PromptLibrary(location);
    execFileSync('sox', ['-n', '-r', '8000', '-c', '1', join(dir, 'bye.wav'), 'synth', '0.5', 'sine', '440']);
    await lib.uploadWav('default', 'goodbye', 'es', readFileSync(join(dir, 'bye.wav')));

    const ivr = await startIvr({ db: tdb.db, ari: null, dialer: null, bus: null, prompts: location, log: quietLog });
    const report = await ivr.prerendered!;
    await ivr.stop();
    expect(report.failed).toEqual([]);
    expect(report.recorded).toBe(1);
    expect(await lib.isRendered(DEFAULT_FLOWS.outbound.prompts.menu!.es, 'es')).toBe(true);
    expect(await lib.isRendered(DEFAULT_FLOWS.outbound.prompts.menu!.en!, 'en')).toBe(true);
    expect(await lib.isRendered(SYSTEM_PROMPTS['identify.askId'].es, 'es')).toBe(true);
    expect(await lib.isRendered(DEFAULT_FLOWS.outbound.prompts.goodbye!.es, 'es')).toBe(false); // the recording plays instead
    expect(await lib.isRendered(DEFAULT_FLOWS.outbound.prompts.greeting!.es, 'es')).toBe(false); // has {{debtor.firstName}}

    // a second start finds everything in the cache
    const again = await startIvr({ db: tdb.db, ari: null, dialer: null, bus: null, prompts: location, log: quietLog });
    const second = await again.prerendered!;
    await again.stop();
    expect(second.rendered).toBe(0);
    expect(second.cached).toBe(report.rendered + report.cached);
  }, 120_000);

  it('stopping the IVR stops the start-up rendering between two texts', async () => {
    const fresh = { hostDir: mkdtempSync(join(tmpdir(), 'ivr-prerender-stop-')), asteriskDir: 'cobranza-ivr' };
    const ivr = await startIvr({ db: tdb.db, ari: null, dialer: null, bus: null, prompts: fresh, log: quietLog });
    await ivr.stop();
    const r = await ivr.prerendered!;
    expect(r.rendered).toBeLessThanOrEqual(1);
    rmSync(fresh.hostDir, { recursive: true, force: true });
  });
});
