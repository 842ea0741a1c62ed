import { readFileSync } from 'node:fs';

export interface BaselineCell {
  talkMinutesPerAgentHour: number;
  abandonRate: number;
}

/** Baseline cells by scenario name and column header (e.g. "progressive", "Erlang-style model"). */
export type Baselines = Map<string, Map<string, BaselineCell>>;

/**
 * Reads the markdown table of shared/bench/BASELINES.md: a header row naming the columns, then
 * rows "| scenario | 37.2 / 1.65% | ... |". Cells that do not parse are skipped.
 */
export function parseBaselines(markdown: string): Baselines {
  const out: Baselines = new Map();
  let header: string[] | undefined;
  for (const line of markdown.split('\n')) {
    if (!line.trim().startsWith('|')) {
      header = undefined;
      continue;
    }
    const cells = line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
    if (cells.every((c) => /^:?-+:?$/.test(c))) continue;
    if (!header) {
      header = cells;
      continue;
    }
    const row = new Map<string, BaselineCell>();
    for (let i = 1; i < cells.length && i < header.length; i++) {
      const m = /^([\d.]+)\s*\/\s*([\d.]+)%/.exec(cells[i]!);
      if (m) row.set(header[i]!, { talkMinutesPerAgentHour: Number(m[1]), abandonRate: Number(m[2]) / 100 });
    }
    if (cells[0]) out.set(cells[0], row);
  }
  return out;
}

export function loadBaselines(file: string): Baselines {
  return parseBaselines(readFileSync(file, 'utf8'));
}
