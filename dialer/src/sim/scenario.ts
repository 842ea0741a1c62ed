import { readFileSync } from 'node:fs';
import type { Dist } from './distributions.js';

/** Outcome mix of one dial; order matters (human, machine, busy, noAnswer, failed) for common random numbers. */
export interface OutcomeMix {
  human: number;
  machine: number;
  busy: number;
  noAnswer: number;
  failed: number;
}
export const OUTCOME_ORDER = ['human', 'machine', 'busy', 'noAnswer', 'failed'] as const;
export type Outcome = (typeof OUTCOME_ORDER)[number];

export interface AgentWindow {
  count: number;
  from: number;
  to: number;
}

export interface AmdSpec {
  seconds: Dist;
  humanAsMachine: number;
  machineAsHuman: number;
}

/** A scenario with every default filled in (shared/bench/SCENARIOS.md). */
export interface Scenario {
  name: string;
  seed: number;
  durationSeconds: number;
  agents: AgentWindow[];
  leads: number;
  outcomes: OutcomeMix;
  drift: { at: number; outcomes: OutcomeMix }[];
  answerDelaySeconds: Dist;
  failDelaySeconds: Dist;
  noAnswerTimeoutSeconds: number;
  amd: AmdSpec | null;
  machineAgentSeconds: number;
  talkSeconds: Dist;
  wrapSeconds: Dist;
  connectWithinSeconds: number;
  maxAbandonRate: number;
}

export class ScenarioError extends Error {
  constructor(
    readonly source: string,
    readonly field: string,
    problem: string,
  ) {
    super(`${source}: field "${field}": ${problem}`);
    this.name = 'ScenarioError';
  }
}

type Json = unknown;

class Reader {
  constructor(readonly source: string) {}

  fail(field: string, problem: string): never {
    throw new ScenarioError(this.source, field, problem);
  }

  obj(v: Json, field: string): Record<string, Json> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(field, `must be an object, got ${show(v)}`);
    return v as Record<string, Json>;
  }

  num(v: Json, field: string, opts: { min?: number; max?: number; int?: boolean } = {}): number {
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(field, `must be a finite number, got ${show(v)}`);
    if (opts.int && !Number.isInteger(v)) this.fail(field, `must be an integer, got ${v}`);
    if (opts.min !== undefined && v < opts.min) this.fail(field, `must be >= ${opts.min}, got ${v}`);
    if (opts.max !== undefined && v > opts.max) this.fail(field, `must be <= ${opts.max}, got ${v}`);
    return v;
  }

  prob(v: Json, field: string): number {
    return this.num(v, field, { min: 0, max: 1 });
  }

  dist(v: Json, field: string): Dist {
    const o = this.obj(v, field);
    const kind = o['dist'];
    const allowed = (keys: string[]) => {
      for (const k of Object.keys(o)) {
        if (k !== 'dist' && !keys.includes(k)) this.fail(`${field}.${k}`, `unknown key for a "${String(kind)}" distribution (expected ${keys.join(', ')})`);
      }
    };
    switch (kind) {
      case 'lognormal': {
        allowed(['mean', 'sd']);
        const mean = this.num(o['mean'], `${field}.mean`);
        if (mean <= 0) this.fail(`${field}.mean`, `must be > 0, got ${mean}`);
        return { dist: 'lognormal', mean, sd: this.num(o['sd'], `${field}.sd`, { min: 0 }) };
      }
      case 'uniform': {
        allowed(['min', 'max']);
        const min = this.num(o['min'], `${field}.min`, { min: 0 });
        const max = this.num(o['max'], `${field}.max`, { min: 0 });
        if (max < min) this.fail(`${field}.max`, `must be >= min (${min}), got ${max}`);
        return { dist: 'uniform', min, max };
      }
      case 'exp': {
        allowed(['mean']);
        const mean = this.num(o['mean'], `${field}.mean`);
        if (mean <= 0) this.fail(`${field}.mean`, `must be > 0, got ${mean}`);
        return { dist: 'exp', mean };
      }
      case 'const': {
        allowed(['value']);
        return { dist: 'const', value: this.num(o['value'], `${field}.value`, { min: 0 }) };
      }
      default:
        return this.fail(`${field}.dist`, `must be one of "lognormal", "uniform", "exp", "const", got ${show(kind)}`);
    }
  }

  outcomes(v: Json, field: string): OutcomeMix {
    const o = this.obj(v, field);
    for (const k of Object.keys(o)) {
      if (!(OUTCOME_ORDER as readonly string[]).includes(k)) this.fail(`${field}.${k}`, `unknown outcome (expected ${OUTCOME_ORDER.join(', ')})`);
    }
    const mix = {} as OutcomeMix;
    let sum = 0;
    for (const k of OUTCOME_ORDER) {
      mix[k] = this.prob(o[k], `${field}.${k}`);
      sum += mix[k];
    }
    if (Math.abs(sum - 1) > 1e-6) this.fail(field, `probabilities must sum to 1, they sum to ${round(sum)}`);
    return mix;
  }
}

function show(v: Json): string {
  return v === undefined ? 'nothing (missing)' : JSON.stringify(v);
}
function round(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}

/** Validates a parsed scenario object; `source` names it in error messages (usually the file path). */
export function parseScenario(raw: Json, source: string): Scenario {
  const r = new Reader(source);
  const o = r.obj(raw, '(root)');
  const name = typeof o['name'] === 'string' ? o['name'] : r.fail('name', `must be a string, got ${show(o['name'])}`);
  const seed = r.num(o['seed'], 'seed', { min: 0, int: true });
  const durationSeconds = r.num(o['durationSeconds'], 'durationSeconds', { min: 1 });
  if (!Array.isArray(o['agents'])) r.fail('agents', `must be an array, got ${show(o['agents'])}`);
  const agents = (o['agents'] as Json[]).map((a, i) => {
    const f = `agents[${i}]`;
    const e = r.obj(a, f);
    const count = r.num(e['count'], `${f}.count`, { min: 0, int: true });
    const from = r.num(e['from'], `${f}.from`, { min: 0 });
    const to = r.num(e['to'], `${f}.to`, { min: 0 });
    if (to < from) r.fail(`${f}.to`, `must be >= from (${from}), got ${to}`);
    return { count, from, to };
  });
  const leads = r.num(o['leads'], 'leads', { min: 0, int: true });
  const outcomes = r.outcomes(o['outcomes'], 'outcomes');
  const drift = o['drift'] === undefined ? [] : o['drift'];
  if (!Array.isArray(drift)) r.fail('drift', `must be an array, got ${show(drift)}`);
  const driftParsed = (drift as Json[]).map((d, i) => {
    const e = r.obj(d, `drift[${i}]`);
    return { at: r.num(e['at'], `drift[${i}].at`, { min: 0 }), outcomes: r.outcomes(e['outcomes'], `drift[${i}].outcomes`) };
  });
  driftParsed.sort((a, b) => a.at - b.at);
  const noAnswerTimeoutSeconds = r.num(o['noAnswerTimeoutSeconds'], 'noAnswerTimeoutSeconds');
  if (noAnswerTimeoutSeconds < 15) r.fail('noAnswerTimeoutSeconds', `must be >= 15 (a number must ring at least 15 s), got ${noAnswerTimeoutSeconds}`);
  let amd: AmdSpec | null = null;
  if (o['amd'] !== null && o['amd'] !== undefined) {
    const a = r.obj(o['amd'], 'amd');
    amd = {
      seconds: r.dist(a['seconds'], 'amd.seconds'),
      humanAsMachine: r.prob(a['humanAsMachine'], 'amd.humanAsMachine'),
      machineAsHuman: r.prob(a['machineAsHuman'], 'amd.machineAsHuman'),
    };
  } else if (o['amd'] === undefined) {
    r.fail('amd', 'is required: null (no machine detection) or { seconds, humanAsMachine, machineAsHuman }');
  }
  return {
    name,
    seed,
    durationSeconds,
    agents,
    leads,
    outcomes,
    drift: driftParsed,
    answerDelaySeconds: r.dist(o['answerDelaySeconds'], 'answerDelaySeconds'),
    failDelaySeconds: r.dist(o['failDelaySeconds'], 'failDelaySeconds'),
    noAnswerTimeoutSeconds,
    amd,
    machineAgentSeconds: o['machineAgentSeconds'] === undefined ? 8 : r.num(o['machineAgentSeconds'], 'machineAgentSeconds', { min: 0 }),
    talkSeconds: r.dist(o['talkSeconds'], 'talkSeconds'),
    wrapSeconds: r.dist(o['wrapSeconds'], 'wrapSeconds'),
    connectWithinSeconds: o['connectWithinSeconds'] === undefined ? 2 : r.num(o['connectWithinSeconds'], 'connectWithinSeconds', { min: 0 }),
    maxAbandonRate: o['maxAbandonRate'] === undefined ? 0.03 : r.prob(o['maxAbandonRate'], 'maxAbandonRate'),
  };
}

export function loadScenario(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ScenarioError(file, '(file)', `cannot be read: ${(e as Error).message}`);
  }
  let raw: Json;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ScenarioError(file, '(file)', `is not valid JSON: ${(e as Error).message}`);
  }
  return parseScenario(raw, file);
}
