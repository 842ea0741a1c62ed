import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = resolve(__dirname, '../../..');
const cli = join(repo, 'dialer/src/sim/cli.ts');
const tsx = join(repo, 'node_modules/.bin/tsx');

const good = {
  name: 'cli-tiny',
  seed: 3,
  durationSeconds: 300,
  agents: [{ count: 2, from: 0, to: 300 }],
  leads: 1000,
  outcomes: { human: 0.3, machine: 0.2, busy: 0.1, noAnswer: 0.3, failed: 0.1 },
  answerDelaySeconds: { dist: 'exp', mean: 8 },
  failDelaySeconds: { dist: 'uniform', min: 2, max: 6 },
  noAnswerTimeoutSeconds: 20,
  amd: null,
  talkSeconds: { dist: 'exp', mean: 60 },
  wrapSeconds: { dist: 'const', value: 5 },
};

function write(obj: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
  const file = join(dir, 'scenario.json');
  writeFileSync(file, JSON.stringify(obj));
  return file;
}

describe('sim CLI', () => {
  it('prints the metrics as one JSON object on the last line', async () => {
    const file = write(good);
    const { stdout } = await run(tsx, [cli, '--scenario', file, '--mode', 'progressive', '--seed', '9']);
    const last = stdout.trim().split('\n').at(-1)!;
    const m = JSON.parse(last) as Record<string, unknown>;
    for (const k of ['mode', 'agentSeconds', 'talkSeconds', 'wrapSeconds', 'occupancy', 'talkShare', 'talkMinutesPerAgentHour', 'attempts', 'humanAnswered', 'connected', 'abandoned', 'abandonRate', 'meanAgentWaitSeconds', 'maxConcurrentCalls', 'leadsUsed']) {
      expect(m).toHaveProperty(k);
    }
    expect(m['mode']).toBe('progressive');
    expect(m['seed']).toBe(9);
  }, 30_000);

  it('rejects a bad scenario with the file and field named', async () => {
    const file = write({ ...good, outcomes: { ...good.outcomes, human: 0.5 } });
    const err = await run(tsx, [cli, '--scenario', file, '--mode', 'predictive']).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(err?.code).toBe(2);
    expect(err?.stderr).toContain(file);
    expect(err?.stderr).toContain('field "outcomes"');
  }, 30_000);

  it('rejects an unknown mode', async () => {
    const err = await run(tsx, [cli, '--scenario', write(good), '--mode', 'ratio']).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(err?.code).toBe(2);
    expect(err?.stderr).toMatch(/--mode must be one of/);
  }, 30_000);

  it('runs with no arguments on the example scenario shipped in dialer/scenarios (a clone needs nothing else)', async () => {
    const { stdout } = await run(tsx, [cli]);
    const m = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(m['mode']).toBe('predictive');
    expect(m['scenario']).toBe('example-team60-drift');
    expect(m['attempts']).toBeGreaterThan(1000);
  }, 60_000);

  it('takes an example by name, and lists the examples when the name is unknown', async () => {
    const { stdout } = await run(tsx, [cli, '--scenario', 'example-team5-noamd', '--mode', 'progressive']);
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toMatchObject({ scenario: 'example-team5-noamd', mode: 'progressive' });
    const err = await run(tsx, [cli, '--scenario', 'nope']).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(err?.code).toBe(2);
    expect(err?.stderr).toContain('examples: example-team20-amd, example-team5-noamd, example-team60-drift');
  }, 60_000);
});
