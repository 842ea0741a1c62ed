/**
 * npm run bench:pacing
 * Runs every scenario of ../shared/bench/scenarios (or $BENCH_SCENARIOS) in progressive and
 * predictive mode, 5 seeds each (seed*100+1 .. +5), on two worker processes, and prints mean talk
 * minutes per agent-hour, occupancy and pooled abandon rate next to ../shared/bench/BASELINES.md.
 */
import { fork } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DialMode } from '../pacing/types.js';
import { loadBaselines, type Baselines } from './baselines.js';
import { loadScenario } from './scenario.js';
import { runScenario, type SimMetrics } from './simulator.js';

interface Job {
  id: number;
  file: string;
  mode: DialMode;
  seed: number;
}

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const SEEDS = 5;
const MODES: DialMode[] = ['predictive', 'progressive'];
// Column headers of BASELINES.md the targets refer to.
const PROGRESSIVE_COLUMN = 'progressive';
const ERLANG_COLUMN = 'Erlang-style model';

if (process.env['BENCH_WORKER'] === '1') {
  process.on('message', (job: Job) => {
    const metrics = runScenario({ scenario: loadScenario(job.file), mode: job.mode, seed: job.seed });
    process.send!({ id: job.id, metrics });
  });
} else {
  await main();
}

async function main(): Promise<void> {
  // the shared benchmark set when it sits next to the clone; otherwise the examples shipped in dialer/scenarios
  const shared = join(repo, '../shared/bench/scenarios');
  const dir = process.env['BENCH_SCENARIOS'] ?? (existsSync(shared) ? shared : join(repo, 'dialer/scenarios'));
  const baselineFile = process.env['BENCH_BASELINES'] ?? join(dir, '../BASELINES.md');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
  if (files.length === 0) throw new Error(`bench: no scenario files in ${dir}`);
  const baselines: Baselines = existsSync(baselineFile) ? loadBaselines(baselineFile) : new Map();
  const jobs: Job[] = [];
  for (const file of files) {
    const sc = loadScenario(file); // fail fast on a bad file, before spawning anything
    for (const mode of MODES) for (let k = 1; k <= SEEDS; k++) jobs.push({ id: jobs.length, file, mode, seed: sc.seed * 100 + k });
  }
  const started = Date.now();
  const results = await runAll(jobs, Math.max(1, Number(process.env['BENCH_WORKERS'] ?? 2)));
  const seconds = (Date.now() - started) / 1000;

  const rows: string[][] = [];
  let allPass = true;
  for (const file of files) {
    const sc = loadScenario(file);
    const base = baselines.get(sc.name);
    for (const mode of MODES) {
      const runs = jobs.filter((j) => j.file === file && j.mode === mode).map((j) => results[j.id]!);
      const talk = mean(runs.map((r) => r.talkMinutesPerAgentHour));
      const occ = mean(runs.map((r) => r.occupancy));
      const humans = sum(runs.map((r) => r.humanAnswered));
      const pooled = humans > 0 ? sum(runs.map((r) => r.abandoned)) / humans : 0;
      const ref = base?.get(mode === 'predictive' ? ERLANG_COLUMN : PROGRESSIVE_COLUMN);
      let verdict: string;
      if (!ref) verdict = pooled <= sc.maxAbandonRate ? 'abandon ok (no baseline)' : 'FAIL: abandon over cap';
      else if (mode === 'predictive') {
        const ok = pooled <= sc.maxAbandonRate && talk > ref.talkMinutesPerAgentHour;
        verdict = ok ? 'PASS' : `FAIL: ${pooled > sc.maxAbandonRate ? 'abandon over cap ' : ''}${talk <= ref.talkMinutesPerAgentHour ? 'talk not above Erlang' : ''}`.trim();
      } else {
        const gap = (talk - ref.talkMinutesPerAgentHour) / ref.talkMinutesPerAgentHour;
        verdict = Math.abs(gap) <= 0.05 ? `PASS (${signed(gap * 100)}%)` : `FAIL (${signed(gap * 100)}% off)`;
      }
      if (!verdict.startsWith('PASS') && !verdict.startsWith('abandon ok')) allPass = false;
      rows.push([
        sc.name,
        mode,
        talk.toFixed(2),
        `${(occ * 100).toFixed(1)}%`,
        `${(pooled * 100).toFixed(2)}%`,
        ref ? `${ref.talkMinutesPerAgentHour.toFixed(1)} / ${(ref.abandonRate * 100).toFixed(2)}%` : '—',
        mode === 'predictive' ? `> Erlang, abandon <= ${(sc.maxAbandonRate * 100).toFixed(0)}%` : 'within 5% of progressive',
        verdict,
      ]);
    }
  }
  const head = ['scenario', 'mode', 'talk min/agent-h', 'occupancy', 'abandon (pooled)', 'baseline talk / abandon', 'target', 'result'];
  printTable(head, rows);
  console.log(`\n${jobs.length} runs (${SEEDS} seeds each) in ${seconds.toFixed(1)} s; baselines from ${baselineFile} (${ERLANG_COLUMN} column for predictive, ${PROGRESSIVE_COLUMN} for progressive)`);
  console.log(allPass ? 'all targets met' : 'SOME TARGETS MISSED');
  process.exitCode = allPass ? 0 : 1;
}

function runAll(jobs: Job[], workers: number): Promise<SimMetrics[]> {
  return new Promise((resolvePromise, reject) => {
    const results: SimMetrics[] = [];
    // Longest scenarios first so the two workers finish together.
    const queue = [...jobs].reverse();
    let done = 0;
    const children = Array.from({ length: Math.min(workers, jobs.length) }, () =>
      fork(fileURLToPath(import.meta.url), [], { env: { ...process.env, BENCH_WORKER: '1' } }),
    );
    const feed = (child: (typeof children)[number]) => {
      const job = queue.pop();
      if (job) child.send(job);
      else child.kill();
    };
    for (const child of children) {
      child.on('message', (msg: { id: number; metrics: SimMetrics }) => {
        results[msg.id] = msg.metrics;
        done++;
        process.stderr.write(`\r${done}/${jobs.length} runs`);
        if (done === jobs.length) {
          process.stderr.write('\n');
          for (const c of children) c.kill();
          resolvePromise(results);
        } else feed(child);
      });
      child.on('exit', (code, signal) => {
        if (done < jobs.length && signal !== 'SIGTERM') reject(new Error(`bench worker exited (${code ?? signal}) before finishing`));
      });
      feed(child);
    }
  });
}

function printTable(head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

function mean(xs: number[]): number {
  return xs.length ? sum(xs) / xs.length : 0;
}
function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
function signed(x: number): string {
  return `${x >= 0 ? '+' : ''}${x.toFixed(1)}`;
}
