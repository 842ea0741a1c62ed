// An IVR flow as the editor changes it: plain JSON (the server's validator is the judge), edited without
// losing the order of its steps, which is the order they are shown and numbered in.
export type Json = Record<string, unknown>;
export type FlowJson = Json & { start?: string; prompts?: Record<string, Json>; nodes?: Record<string, Json> };

export const FLOW_KINDS = ['outbound', 'inbound', 'machine'] as const;
export type FlowKind = (typeof FLOW_KINDS)[number];
export const VERBS = ['play', 'say', 'gather', 'menu', 'identify', 'promise', 'sms', 'transfer', 'opt-out', 'hangup'] as const;
export const SAY_KINDS = ['number', 'digits', 'date', 'money'] as const;

/** The fields of each verb that lead to another step (the same table as ivr/src/flows/validate.ts). */
export const EDGES: Record<string, readonly string[]> = {
  play: ['next'],
  say: ['next'],
  gather: ['next', 'onTimeout'],
  menu: ['onFail'],
  identify: ['next', 'onFail'],
  promise: ['next', 'onCancel'],
  sms: ['next', 'onBlocked'],
  transfer: ['onNoAgent'],
  'opt-out': ['next'],
  hangup: [],
};
export const WITH_PARTS = new Set(['play', 'gather', 'menu', 'hangup']);

export const nodesOf = (f: FlowJson): [string, Json][] => Object.entries(f.nodes ?? {});

/** The flow with step `id` replaced (or renamed to `newId`), other steps and their order kept; links to a renamed step follow it. */
export function setNode(f: FlowJson, id: string, node: Json, newId = id): FlowJson {
  const nodes: Record<string, Json> = {};
  for (const [k, v] of nodesOf(f)) nodes[k === id ? newId : k] = k === id ? node : v;
  const out: FlowJson = { ...f, nodes };
  if (newId !== id) {
    for (const [k, v] of Object.entries(nodes)) nodes[k] = relink(v, id, newId);
    if (f.start === id) out.start = newId;
  }
  return out;
}

function relink(node: Json, from: string, to: string): Json {
  const n = { ...node };
  for (const e of EDGES[String(n.verb)] ?? []) if (n[e] === from) n[e] = to;
  if (n.options && typeof n.options === 'object') {
    n.options = Object.fromEntries(Object.entries(n.options as Record<string, Json>).map(([k, o]) => [k, o.next === from ? { ...o, next: to } : o]));
  }
  return n;
}

export function removeNode(f: FlowJson, id: string): FlowJson {
  const nodes = { ...(f.nodes ?? {}) };
  delete nodes[id];
  return { ...f, nodes };
}

/** A new step of `verb` with its required fields present (empty), so the form shows them. */
export function blankNode(verb: string): Json {
  const n: Json = { verb };
  for (const e of EDGES[verb] ?? []) if (!['onTimeout', 'onBlocked'].includes(e)) n[e] = '';
  if (WITH_PARTS.has(verb) && verb !== 'hangup') n.prompts = [];
  if (verb === 'menu') n.options = { '1': { next: '' } };
  if (verb === 'gather') Object.assign(n, { into: 'digits', maxDigits: 4 });
  if (verb === 'identify') Object.assign(n, { secondFactors: ['birth_date'], maxTries: 3 });
  if (verb === 'say') Object.assign(n, { say: 'number', value: '' });
  if (verb === 'sms') n.template = '';
  return n;
}

/** A fresh step id not yet in the flow: paso1, paso2… */
export function newStepId(f: FlowJson): string {
  let i = nodesOf(f).length + 1;
  while (f.nodes?.[`paso${i}`]) i++;
  return `paso${i}`;
}

/** Number input text → value: empty removes the field. */
export const numberOrUndefined = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s));

export function withField(o: Json, key: string, value: unknown): Json {
  const n = { ...o };
  if (value === undefined || value === '') delete n[key];
  else n[key] = value;
  return n;
}
