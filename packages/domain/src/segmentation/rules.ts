// Segments as data. A segment matches an account when every rule it states holds; segments are tried in
// ascending priority and the first match wins, so with a catch-all (no rules) at the end every account
// lands in exactly one segment. The same semantics are compiled to SQL for the set-based recompute
// (api/src/import/segments-sql.ts); a property test keeps the two in agreement.
/**
 * Stored in segments.rules (jsonb); the same shape as SegmentRules in @cobranza/contracts/api.
 * Days past due may be negative: -5 is "falls due in 5 days" (preventive), so `dpdMax: 0` is everything
 * not yet overdue and `dpdMin: -7, dpdMax: 0` is "due within a week". Days bounds are inclusive (1–30 means 1 and 30 both in);
 * balance and risk bands include their minimum and exclude their maximum, so adjacent bands
 * (0–500000, 500000–2000000) never overlap or leave a gap between cents.
 */
export interface SegmentRules {
  dpdMin?: number;
  dpdMax?: number;
  balanceMin?: number;
  balanceMax?: number;
  products?: string[];
  regions?: string[];
  riskMin?: number;
  riskMax?: number;
}

export interface SegmentDef {
  id: string;
  code: string;
  name?: string;
  priority: number;
  rules: SegmentRules;
  active?: boolean;
}

const RULE_KEYS = ['dpdMin', 'dpdMax', 'balanceMin', 'balanceMax', 'products', 'regions', 'riskMin', 'riskMax'] as const;
const NUMERIC_KEYS = ['dpdMin', 'dpdMax', 'balanceMin', 'balanceMax', 'riskMin', 'riskMax'] as const;
const NON_NEGATIVE_KEYS = ['balanceMin', 'balanceMax'] as const;
const LIST_KEYS = ['products', 'regions'] as const;

export interface SegmentProblem {
  segment: string;
  field: string;
  /** The reason in English (logs, programs). */
  reason: string;
  /** The same reason for the person editing the set, Spanish first. */
  i18n: { es: string; en: string };
}

/** Reasons with their Spanish twin: the one source the API and the console show. */
const say = (en: string, es: string) => ({ reason: en, i18n: { es, en } });

export function isCatchAll(rules: SegmentRules): boolean {
  return RULE_KEYS.every((k) => rules[k] === undefined);
}

/** Problems with one segment's rules (unknown keys, wrong types, empty ranges). */
export function validateRules(code: string, rules: unknown): SegmentProblem[] {
  const problems: SegmentProblem[] = [];
  const p = (field: string, text: { reason: string; i18n: { es: string; en: string } }) => problems.push({ segment: code, field, ...text });
  if (typeof rules !== 'object' || rules === null || Array.isArray(rules)) {
    p('rules', say('rules must be an object', 'las reglas deben ser un objeto'));
    return problems;
  }
  const r = rules as Record<string, unknown>;
  for (const k of Object.keys(r)) if (!(RULE_KEYS as readonly string[]).includes(k)) p(`rules.${k}`, say(`unknown rule (known: ${RULE_KEYS.join(', ')})`, `regla desconocida (válidas: ${RULE_KEYS.join(', ')})`));
  for (const k of NUMERIC_KEYS) {
    const v = r[k];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v))) p(`rules.${k}`, say('must be a number', 'debe ser un número'));
  }
  for (const k of NON_NEGATIVE_KEYS) if (typeof r[k] === 'number' && (r[k] as number) < 0) p(`rules.${k}`, say('must not be negative', 'no puede ser negativo'));
  for (const k of ['dpdMin', 'dpdMax'] as const) if (typeof r[k] === 'number' && !Number.isInteger(r[k])) p(`rules.${k}`, say('days must be a whole number', 'los días deben ser un número entero'));
  for (const k of LIST_KEYS) {
    const v = r[k];
    if (v !== undefined && (!Array.isArray(v) || v.length === 0 || v.some((x) => typeof x !== 'string' || x === ''))) p(`rules.${k}`, say('must be a non-empty list of names', 'debe ser una lista de nombres, no vacía'));
  }
  const range = (min: string, max: string, inclusive: boolean) => {
    const a = r[min];
    const b = r[max];
    if (typeof a === 'number' && typeof b === 'number' && (inclusive ? a > b : a >= b))
      p(
        `rules.${max}`,
        inclusive
          ? say(`${max} must be at least ${min} (${a})`, `el máximo debe ser al menos el mínimo (${a})`)
          : say(`${max} must be above ${min} (${a})`, `el máximo debe ser mayor que el mínimo (${a})`),
      );
  };
  range('dpdMin', 'dpdMax', true);
  range('balanceMin', 'balanceMax', false);
  range('riskMin', 'riskMax', false);
  return problems;
}

/**
 * Problems with a whole segment set: each segment's rules, duplicate codes or priorities, and the
 * catch-all that guarantees every account a segment (there must be one, and it must come last,
 * or the segments after it could never match).
 */
export function validateSegmentSet(segments: SegmentDef[]): SegmentProblem[] {
  const problems: SegmentProblem[] = [];
  const active = segments.filter((s) => s.active !== false);
  const codes = new Set<string>();
  const priorities = new Map<number, string>();
  for (const s of active) {
    problems.push(...validateRules(s.code, s.rules));
    if (codes.has(s.code)) problems.push({ segment: s.code, field: 'code', ...say('duplicate segment code', 'código de segmento repetido') });
    codes.add(s.code);
    if (!Number.isInteger(s.priority)) problems.push({ segment: s.code, field: 'priority', ...say('priority must be a whole number', 'la prioridad debe ser un número entero') });
    const other = priorities.get(s.priority);
    if (other !== undefined) problems.push({
        segment: s.code,
        field: 'priority',
        ...say(`same priority ${s.priority} as ${other}: the order would be ambiguous`, `misma prioridad ${s.priority} que ${other}: el orden sería ambiguo`),
      });
    priorities.set(s.priority, s.code);
  }
  const ordered = orderSegments(active);
  const firstCatchAll = ordered.findIndex((s) => isCatchAll(s.rules));
  if (firstCatchAll === -1) {
    problems.push({
      segment: '*',
      field: 'rules',
      ...say(
        'no catch-all segment (one with no rules): some accounts would have no segment',
        'falta un segmento comodín (uno sin reglas): algunas cuentas quedarían sin segmento',
      ),
    });
  } else if (firstCatchAll < ordered.length - 1) {
    const shadowed = ordered.slice(firstCatchAll + 1).map((s) => s.code);
    problems.push({
      segment: ordered[firstCatchAll]!.code,
      field: 'priority',
      ...say(
        `catch-all comes before ${shadowed.join(', ')}, which could then never match`,
        `el comodín va antes de ${shadowed.join(', ')}, que así nunca recibirían cuentas; debe ir último`,
      ),
    });
  }
  return problems;
}

export class SegmentSetError extends Error {
  constructor(readonly problems: SegmentProblem[]) {
    super(`invalid segment set: ${problems.map((p) => `${p.segment} ${p.field}: ${p.reason}`).join('; ')}`);
    this.name = 'SegmentSetError';
  }
}

export function assertValidSegmentSet(segments: SegmentDef[]): void {
  const problems = validateSegmentSet(segments);
  if (problems.length) throw new SegmentSetError(problems);
}

/** Active segments in the order they are tried. */
export function orderSegments<T extends SegmentDef>(segments: T[]): T[] {
  return segments.filter((s) => s.active !== false).sort((a, b) => a.priority - b.priority || a.code.localeCompare(b.code));
}
