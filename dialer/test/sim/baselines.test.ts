import { describe, expect, it } from 'vitest';
import { parseBaselines } from '../../src/sim/baselines.js';

const md = `# Reference results

| scenario | progressive | VICIdial-style adaptive | Erlang-style model | oracle (limit) |
|---|---|---|---|---|
| pub-01-team20-amd | 37.2 / 1.65% | 37.6 / 4.94% (over the cap) | 45.8 / 2.58% | 52.9 / 0% |
| pub-02-team5-noamd | 42.4 / 0.00% | 42.8 / 6.64% (over the cap) | 43.3 / 0.92% | 52.9 / 0% |

Notes
- not a table
`;

describe('BASELINES.md parsing', () => {
  const b = parseBaselines(md);
  it.each([
    { scenario: 'pub-01-team20-amd', column: 'Erlang-style model', talk: 45.8, abandon: 0.0258 },
    { scenario: 'pub-01-team20-amd', column: 'progressive', talk: 37.2, abandon: 0.0165 },
    { scenario: 'pub-02-team5-noamd', column: 'VICIdial-style adaptive', talk: 42.8, abandon: 0.0664 },
    { scenario: 'pub-02-team5-noamd', column: 'oracle (limit)', talk: 52.9, abandon: 0 },
  ])('$scenario / $column = $talk, $abandon', ({ scenario, column, talk, abandon }) => {
    const cell = b.get(scenario)?.get(column);
    expect(cell?.talkMinutesPerAgentHour).toBe(talk);
    expect(cell?.abandonRate).toBeCloseTo(abandon, 6);
  });

  it('ignores scenarios it does not list', () => {
    expect(b.get('hidden-01')).toBeUndefined();
  });
});
