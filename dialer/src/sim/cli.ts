/**
 * npm run --silent sim -- [--scenario FILE|NAME] [--mode predictive|progressive] [--seed N]
 * Prints the run's metrics as one JSON object on the last line of stdout. Without --scenario it runs
 * the example shipped in dialer/scenarios; a bare NAME is looked up there too.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ScenarioError, loadScenario } from './scenario.js';
import { runScenario } from './simulator.js';
import type { DialMode } from '../pacing/types.js';

const MODES: readonly DialMode[] = ['predictive', 'progressive'];
/** The example scenarios shipped with the repository (the format: dialer/README.md, "Pacing simulator"). */
export const EXAMPLES_DIR = resolve(import.meta.dirname, '../../scenarios');
const DEFAULT_SCENARIO = 'example-team60-drift';

/** A path, or the name of an example in dialer/scenarios (with or without .json). */
function scenarioFile(arg: string): string {
  if (existsSync(arg)) return arg;
  const example = join(EXAMPLES_DIR, arg.endsWith('.json') ? arg : `${arg}.json`);
  if (existsSync(example)) return example;
  const names = readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
  return usage(`no scenario file "${arg}" (examples: ${names.join(', ')})`);
}

function usage(problem: string): never {
  process.stderr.write(`sim: ${problem}\nusage: npm run --silent sim -- [--scenario FILE|NAME (default ${DEFAULT_SCENARIO})] [--mode predictive|progressive (default predictive)] [--seed N]\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): { scenario: string; mode: DialMode; seed: number | undefined } {
  let scenario: string | undefined;
  let mode: string | undefined;
  let seed: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i] ?? usage(`${flag} needs a value`);
    switch (flag) {
      case '--scenario':
        scenario = value();
        break;
      case '--mode':
        mode = value();
        break;
      case '--seed': {
        const v = value();
        if (!/^\d+$/.test(v)) usage(`--seed must be a non-negative integer, got "${v}"`);
        seed = Number(v);
        break;
      }
      case '--help':
      case '-h':
        usage('help');
        break;
      default:
        usage(`unknown argument "${a}"`);
    }
  }
  mode ??= 'predictive';
  if (!(MODES as readonly string[]).includes(mode)) usage(`--mode must be one of ${MODES.join(', ')}, got "${mode}"`);
  return { scenario: scenarioFile(scenario ?? DEFAULT_SCENARIO), mode: mode as DialMode, seed };
}

const args = parseArgs(process.argv.slice(2));
try {
  const scenario = loadScenario(args.scenario);
  const metrics = runScenario({ scenario, mode: args.mode, seed: args.seed });
  process.stdout.write(`${JSON.stringify(metrics)}\n`);
} catch (e) {
  if (e instanceof ScenarioError) {
    process.stderr.write(`sim: invalid scenario: ${e.message}\n`);
    process.exit(2);
  }
  throw e;
}
