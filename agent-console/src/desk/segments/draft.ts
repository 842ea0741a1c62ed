// The segment editor's form model: text fields as typed, turned into the API's draft set (order = priority)
// with the typing mistakes the browser can catch before asking the server.
import type { Segment, SegmentDraft, SegmentRules } from '@cobranza/contracts/api';

export const NUMBER_FIELDS = ['dpdMin', 'dpdMax', 'balanceMin', 'balanceMax', 'riskMin', 'riskMax'] as const;
export const LIST_FIELDS = ['products', 'regions'] as const;
type NumberField = (typeof NUMBER_FIELDS)[number];
type ListField = (typeof LIST_FIELDS)[number];

export interface SegmentForm extends Record<NumberField | ListField, string> {
  /** React's key: the id when stored, a local one when new. */
  key: string;
  id?: string;
  code: string;
  name: string;
  strategyId: string;
}

let seq = 0;
export const blankSegment = (): SegmentForm => ({
  key: `new-${++seq}`,
  code: '',
  name: '',
  strategyId: '',
  dpdMin: '',
  dpdMax: '',
  balanceMin: '',
  balanceMax: '',
  riskMin: '',
  riskMax: '',
  products: '',
  regions: '',
});

export function fromSegment(s: Segment): SegmentForm {
  const r = s.rules;
  const n = (v: number | undefined) => (v === undefined ? '' : String(v));
  return {
    key: s.id,
    id: s.id,
    code: s.code,
    name: s.name,
    strategyId: s.strategyId ?? '',
    dpdMin: n(r.dpdMin),
    dpdMax: n(r.dpdMax),
    balanceMin: n(r.balanceMin),
    balanceMax: n(r.balanceMax),
    riskMin: n(r.riskMin),
    riskMax: n(r.riskMax),
    products: (r.products ?? []).join(', '),
    regions: (r.regions ?? []).join(', '),
  };
}

export const isCatchAllForm = (f: SegmentForm): boolean => [...NUMBER_FIELDS, ...LIST_FIELDS].every((k) => f[k].trim() === '');

/** Priorities are the list's order, ten apart. */
export const priorityOf = (index: number) => (index + 1) * 10;

/** The drafts, or the fields (`2.dpdMax`) that are not numbers / are missing. */
export function toDrafts(forms: SegmentForm[]): { drafts: SegmentDraft[]; invalid: Record<string, 'not_number' | 'required'> } {
  const invalid: Record<string, 'not_number' | 'required'> = {};
  const drafts = forms.map((f, i): SegmentDraft => {
    const rules: SegmentRules = {};
    for (const k of NUMBER_FIELDS) {
      const text = f[k].trim().replace(',', '.');
      if (text === '') continue;
      const v = Number(text);
      if (!Number.isFinite(v)) invalid[`${i}.${k}`] = 'not_number';
      else rules[k] = v;
    }
    for (const k of LIST_FIELDS) {
      const xs = f[k].split(',').map((x) => x.trim()).filter(Boolean);
      if (xs.length) rules[k] = xs;
    }
    if (!f.code.trim()) invalid[`${i}.code`] = 'required';
    if (!f.name.trim()) invalid[`${i}.name`] = 'required';
    return {
      ...(f.id ? { id: f.id } : {}),
      code: f.code.trim(),
      name: f.name.trim(),
      priority: priorityOf(i),
      rules,
      strategyId: f.strategyId || null,
    };
  });
  return { drafts, invalid };
}

/** A problem's pointer into the set (/segments/2/rules/dpdMax) as the editor's field key (2.dpdMax). */
export function locateSegmentField(pointer: string): string | null {
  const m = /^\/segments\/(\d+)(?:\/(?:rules\/)?([A-Za-z]+))?/.exec(pointer);
  if (!m) return pointer === '/segments' ? '' : null;
  const [, i, field] = m;
  // the order (priority) and the rules as a whole belong to the segment, shown under its title
  const known: readonly string[] = ['code', 'name', 'strategyId', ...NUMBER_FIELDS, ...LIST_FIELDS];
  return field && known.includes(field) ? `${i}.${field}` : `${i}`;
}
