/**
 * npm run --silent sim -- --scenario FILE --mode predictive|progressive [--seed N]
 * Prints the run's metrics as one JSON object on the last line of stdout.
 */
import { ScenarioError, loadScenario } from './scenario.js';
import { runScenario } from './simulator.js';
import type { DialMode } from '../pacing/types.js';

const MODES: readonly DialMode[] = ['predictive', 'progressive'];

function usage(problem: string): never {
  process.stderr.write(`sim: ${problem}\nusage: npm run --silent sim -- --scenario FILE --mode predictive|progressive [--seed N]\n`);
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
  if (!scenario) usage('--scenario FILE is required');
  if (!mode) usage('--mode is required');
  if (!(MODES as readonly string[]).includes(mode)) usage(`--mode must be one of ${MODES.join(', ')}, got "${mode}"`);
  return { scenario, mode: mode as DialMode, seed };
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
