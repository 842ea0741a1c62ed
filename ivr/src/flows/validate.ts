// Turns unknown JSON (strategies.ivr_flow, an API upload) into a Flow, or says exactly what is wrong and
// where: every problem is reported with its path, e.g. `flow.nodes.menu1.options.3.next: unknown node "pago"`.
import {
  FLOW_KINDS,
  LANGS,
  SAY_KINDS,
  SECOND_FACTORS,
  VERBS,
  type Flow,
  type FlowKind,
  type FlowNode,
  type Segment,
  type StrategyFlows,
} from './types.js';
import { checkMessageContent } from '@cobranza/compliance';
import { templateVariables, variableSensitivity, type Sensitivity } from './variables.js';

export interface FlowIssue {
  path: string;
  /** In English (logs, programs). */
  message: string;
  /** The same, for the person editing the flow: Spanish first. */
  i18n: { es: string; en: string };
}

/** One problem in both languages: the one source the API and the console show. */
const issue = (path: string, en: string, es: string): FlowIssue => ({ path, message: en, i18n: { es, en } });

export class FlowValidationError extends Error {
  readonly code = 'IVR_FLOW_INVALID';
  constructor(readonly issues: FlowIssue[]) {
    super(`invalid IVR flow:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
    this.name = 'FlowValidationError';
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const DIGIT_KEYS = /^[0-9*#]$/;
const NODE_ID = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/** Which node fields point to other nodes, per verb (for reference checks and reachability). */
const EDGES: Record<FlowNode['verb'], string[]> = {
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

/** Verbs that touch the debt itself (create promises, send statements), whatever their prompts say. */
const DEBT_VERBS = new Set<FlowNode['verb']>(['promise', 'sms']);
const MACHINE_VERBS = new Set<FlowNode['verb']>(['play', 'say', 'hangup']);

class Checker {
  issues: FlowIssue[] = [];
  err(path: string, en: string, es: string): void {
    this.issues.push(issue(path, en, es));
  }
  str(o: Obj, key: string, path: string, required = true): string | undefined {
    const v = o[key];
    if (v === undefined) {
      if (required) this.err(`${path}.${key}`, 'is required', 'es obligatorio');
      return undefined;
    }
    if (typeof v !== 'string' || v.trim() === '') {
      this.err(`${path}.${key}`, `must be a non-empty string, got ${JSON.stringify(v)}`, 'no puede estar vacío');
      return undefined;
    }
    return v;
  }
  int(o: Obj, key: string, path: string, min: number, max: number, required = false): number | undefined {
    const v = o[key];
    if (v === undefined) {
      if (required) this.err(`${path}.${key}`, 'is required', 'es obligatorio');
      return undefined;
    }
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      this.err(`${path}.${key}`, `must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`, `debe ser un número entero de ${min} a ${max}`);
      return undefined;
    }
    return v;
  }
}

function checkVariable(c: Checker, name: string, path: string, used: Set<Sensitivity>): void {
  const s = variableSensitivity(name);
  if (!s) c.err(path, `unknown variable "${name}"`, `variable desconocida «${name}»`);
  else used.add(s);
}

function checkText(c: Checker, v: unknown, path: string, used: Set<Sensitivity>): void {
  if (!isObj(v)) {
    c.err(path, 'must be an object with the text per language, e.g. {"es": "...", "en": "..."}', 'debe tener el texto en cada idioma');
    return;
  }
  if (typeof v.es !== 'string' || v.es.trim() === '') c.err(`${path}.es`, 'Spanish text is required', 'falta el texto en español');
  for (const [lang, text] of Object.entries(v)) {
    if (!(LANGS as readonly string[]).includes(lang)) {
      c.err(`${path}.${lang}`, `unknown language "${lang}" (expected ${LANGS.join(', ')})`, `idioma desconocido «${lang}» (válidos: ${LANGS.join(', ')})`);
      continue;
    }
    if (typeof text !== 'string') {
      c.err(`${path}.${lang}`, 'must be a string', 'debe ser un texto');
      continue;
    }
    for (const name of templateVariables(text)) checkVariable(c, name, `${path}.${lang}`, used);
  }
}

function checkSegments(c: Checker, v: unknown, path: string, prompts: Obj, used: Set<Sensitivity>, required = true): void {
  if (v === undefined && !required) return;
  if (!Array.isArray(v)) {
    c.err(path, 'must be a list of segments ({prompt}, {text}, {sound} or {say, value})', 'debe ser una lista de partes (mensaje, texto, sonido o lectura de un valor)');
    return;
  }
  v.forEach((seg: unknown, i) => {
    const p = `${path}.${i}`;
    if (!isObj(seg)) return c.err(p, 'must be an object', 'no es una parte válida');
    const kinds = ['prompt', 'text', 'sound', 'say'].filter((k) => k in seg);
    if (kinds.length !== 1) return c.err(p, `must have exactly one of prompt, text, sound, say (has ${kinds.join(', ') || 'none'})`, 'debe ser exactamente una cosa: mensaje, texto, sonido o lectura de un valor');
    if ('prompt' in seg) {
      const id = c.str(seg, 'prompt', p);
      if (id !== undefined) {
        if (!(id in prompts)) c.err(`${p}.prompt`, `unknown prompt "${id}"`, `el mensaje «${id}» no existe`);
        else checkText(c, prompts[id], `flow.prompts.${id}`, used);
      }
    } else if ('text' in seg) {
      checkText(c, seg.text, `${p}.text`, used);
    } else if ('sound' in seg) {
      const s = c.str(seg, 'sound', p);
      if (s !== undefined && !/^[A-Za-z0-9_\-/]+$/.test(s)) c.err(`${p}.sound`, `"${s}" is not a sound name (letters, digits, _-/)`, `«${s}» no es un nombre de sonido (letras, dígitos, _-/)`);
    } else {
      if (!(SAY_KINDS as readonly unknown[]).includes(seg.say)) c.err(`${p}.say`, `must be one of ${SAY_KINDS.join(', ')}, got ${JSON.stringify(seg.say)}`, `debe ser uno de: ${SAY_KINDS.join(', ')}`);
      const value = c.str(seg, 'value', p);
      if (value !== undefined) checkVariable(c, value, `${p}.value`, used);
    }
  });
}

function checkRef(c: Checker, nodes: Obj, node: Obj, key: string, path: string, required: boolean): void {
  const target = c.str(node, key, path, required);
  if (target !== undefined && !(target in nodes)) c.err(`${path}.${key}`, `unknown node "${target}"`, `el paso «${target}» no existe`);
}

function checkNode(c: Checker, id: string, raw: unknown, flow: Obj, kind: FlowKind | undefined): Set<Sensitivity> {
  const path = `flow.nodes.${id}`;
  const used = new Set<Sensitivity>();
  const nodes = flow.nodes as Obj;
  const prompts = (isObj(flow.prompts) ? flow.prompts : {}) as Obj;
  if (!NODE_ID.test(id)) c.err(path, 'node ids start with a letter and use letters, digits, _ and - (max 64)', 'el nombre del paso empieza con una letra y usa letras, dígitos, _ y - (máx. 64)');
  if (!isObj(raw)) {
    c.err(path, 'must be an object', 'no es un paso válido');
    return used;
  }
  const verb = raw.verb;
  if (!(VERBS as readonly unknown[]).includes(verb)) {
    c.err(`${path}.verb`, `unknown verb ${JSON.stringify(verb)} (expected one of ${VERBS.join(', ')})`, `acción desconocida (válidas: ${VERBS.join(', ')})`);
    return used;
  }
  const v = verb as FlowNode['verb'];
  if (kind === 'machine' && !MACHINE_VERBS.has(v))
    c.err(`${path}.verb`, `"${v}" is not allowed in a machine flow (only play, say, hangup)`, `«${v}» no se permite en el flujo de contestador (solo reproducir, leer un valor y colgar)`);
  for (const key of EDGES[v]) {
    const required = !['onTimeout', 'onBlocked'].includes(key);
    checkRef(c, nodes, raw, key, path, required);
  }
  switch (v) {
    case 'play':
      checkSegments(c, raw.prompts, `${path}.prompts`, prompts, used);
      if (raw.each !== undefined && raw.each !== 'accounts') c.err(`${path}.each`, 'must be "accounts" when present', 'solo puede repetirse por cuentas');
      if (raw.each === 'accounts') used.add('debt');
      break;
    case 'say':
      if (!(SAY_KINDS as readonly unknown[]).includes(raw.say)) c.err(`${path}.say`, `must be one of ${SAY_KINDS.join(', ')}`, `debe ser uno de: ${SAY_KINDS.join(', ')}`);
      {
        const value = c.str(raw, 'value', path);
        if (value !== undefined) checkVariable(c, value, `${path}.value`, used);
      }
      break;
    case 'gather': {
      checkSegments(c, raw.prompts, `${path}.prompts`, prompts, used);
      const into = c.str(raw, 'into', path);
      if (into !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(into)) c.err(`${path}.into`, 'must be a plain name (letters, digits, _)', 'debe ser un nombre simple (letras, dígitos, _)');
      const max = c.int(raw, 'maxDigits', path, 1, 32, true);
      const min = c.int(raw, 'minDigits', path, 0, 32);
      if (max !== undefined && min !== undefined && min > max) c.err(`${path}.minDigits`, `is ${min}, more than maxDigits ${max}`, `es ${min}, más que el máximo de dígitos (${max})`);
      if (raw.terminator !== undefined && (typeof raw.terminator !== 'string' || !DIGIT_KEYS.test(raw.terminator)))
        c.err(`${path}.terminator`, 'must be one key: 0-9, * or #', 'debe ser una tecla: 0-9, * o #');
      for (const t of ['firstDigitTimeoutMs', 'interDigitTimeoutMs', 'overallTimeoutMs']) c.int(raw, t, path, 100, 300_000);
      break;
    }
    case 'menu': {
      checkSegments(c, raw.prompts, `${path}.prompts`, prompts, used);
      checkSegments(c, raw.invalidPrompts, `${path}.invalidPrompts`, prompts, used, false);
      c.int(raw, 'timeoutMs', path, 100, 300_000);
      c.int(raw, 'retries', path, 0, 9);
      if (!isObj(raw.options) || Object.keys(raw.options).length === 0) {
        c.err(`${path}.options`, 'must map at least one key to {"next": "<node>"}', 'el menú necesita al menos una opción');
        break;
      }
      for (const [key, opt] of Object.entries(raw.options)) {
        const op = `${path}.options.${key}`;
        if (!DIGIT_KEYS.test(key)) c.err(op, `"${key}" is not a phone key (0-9, *, #)`, `«${key}» no es una tecla del teléfono (0-9, *, #)`);
        if (!isObj(opt)) {
          c.err(op, 'must be an object {"next": "<node>"}', 'la opción necesita un destino');
          continue;
        }
        checkRef(c, nodes, opt, 'next', op, true);
        if (opt.label !== undefined) c.str(opt, 'label', op);
      }
      break;
    }
    case 'identify': {
      c.int(raw, 'maxTries', path, 1, 5, true);
      if (!Array.isArray(raw.secondFactors) || raw.secondFactors.length === 0) c.err(`${path}.secondFactors`, `must list one or more of ${SECOND_FACTORS.join(', ')}`, 'elija al menos un segundo dato de identificación');
      else
        raw.secondFactors.forEach((f: unknown, i) => {
          if (!(SECOND_FACTORS as readonly unknown[]).includes(f))
            c.err(`${path}.secondFactors.${i}`, `unknown second factor ${JSON.stringify(f)} (expected ${SECOND_FACTORS.join(' or ')})`, 'segundo dato de identificación desconocido');
        });
      break;
    }
    case 'promise':
      used.add('debt');
      break;
    case 'sms':
      c.str(raw, 'template', path);
      used.add('debt');
      break;
    case 'transfer':
      c.int(raw, 'priority', path, 0, 100);
      break;
    case 'opt-out':
      if (raw.channel !== undefined && !['all', 'voice', 'ivr'].includes(raw.channel as string)) c.err(`${path}.channel`, 'must be all, voice or ivr', 'debe ser todo, voz o IVR');
      break;
    case 'hangup':
      checkSegments(c, raw.prompts, `${path}.prompts`, prompts, used, false);
      if (raw.outcome !== undefined) c.str(raw, 'outcome', path);
      break;
  }
  if (DEBT_VERBS.has(v)) used.add('debt');
  return used;
}

function successors(node: FlowNode, skipIdentifySuccess: boolean): string[] {
  const out: string[] = [];
  const n = node as unknown as Obj;
  for (const key of EDGES[node.verb]) {
    if (skipIdentifySuccess && node.verb === 'identify' && key === 'next') continue;
    if (typeof n[key] === 'string') out.push(n[key] as string);
  }
  if (node.verb === 'menu') for (const o of Object.values(node.options)) out.push(o.next);
  return out;
}

function reachable(nodes: Record<string, FlowNode>, start: string, skipIdentifySuccess: boolean): Set<string> {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length) {
    const id = stack.pop() as string;
    if (seen.has(id) || !nodes[id]) continue;
    seen.add(id);
    stack.push(...successors(nodes[id], skipIdentifySuccess));
  }
  return seen;
}

export interface ValidatedFlow {
  flow: Flow;
  /** Not errors, but probably mistakes (e.g. nodes nothing leads to). */
  warnings: FlowIssue[];
}

/** Validates one flow; throws FlowValidationError listing every problem found. */
export function validateFlow(input: unknown, where = 'flow'): ValidatedFlow {
  const c = new Checker();
  if (!isObj(input)) throw new FlowValidationError([issue(where, 'must be a JSON object', 'no es un flujo válido')]);
  if (input.version !== 1) c.err('flow.version', `must be 1, got ${JSON.stringify(input.version)}`, 'versión de flujo desconocida (debe ser 1)');
  const kind = (FLOW_KINDS as readonly unknown[]).includes(input.kind) ? (input.kind as FlowKind) : undefined;
  if (!kind) c.err('flow.kind', `must be one of ${FLOW_KINDS.join(', ')}, got ${JSON.stringify(input.kind)}`, `tipo de flujo desconocido (válidos: ${FLOW_KINDS.join(', ')})`);
  if (input.prompts !== undefined && !isObj(input.prompts)) c.err('flow.prompts', 'must be an object: prompt id → {"es": "...", "en": "..."}', 'los mensajes deben tener un nombre y su texto por idioma');
  if (!isObj(input.nodes) || Object.keys(input.nodes).length === 0) {
    c.err('flow.nodes', 'must be an object with at least one node', 'el flujo necesita al menos un paso');
    throw new FlowValidationError(rebase(c.issues, where));
  }
  const start = c.str(input, 'start', 'flow');
  if (start !== undefined && !(start in input.nodes)) c.err('flow.start', `unknown node "${start}"`, `el paso «${start}» no existe`);
  const sensitivity: Record<string, Set<Sensitivity>> = {};
  for (const [id, node] of Object.entries(input.nodes)) sensitivity[id] = checkNode(c, id, node, input, kind);
  if (isObj(input.prompts)) for (const [id, t] of Object.entries(input.prompts)) checkText(c, t, `flow.prompts.${id}`, new Set());
  if (c.issues.length) throw new FlowValidationError(rebase(dedupe(c.issues), where));

  const flow = { prompts: {}, ...input } as unknown as Flow;
  const nodes = flow.nodes;
  if (kind === 'machine') {
    for (const [id, used] of Object.entries(sensitivity))
      if (used.has('debt') || used.has('personal'))
        c.err(
          `flow.nodes.${id}`,
          'a machine flow may be heard by anyone: only creditor.businessName and creditor.callbackNumber may be read',
          'un contestador lo puede oír cualquiera: solo se puede leer el nombre de la empresa y el número de contacto',
        );
    // the words too: the compliance package's third-party content rules (no "deuda", "mora", amounts…)
    const texts: Array<[string, string]> = [];
    for (const [id, t] of Object.entries(flow.prompts)) for (const [lang, text] of Object.entries(t)) texts.push([`flow.prompts.${id}.${lang}`, text as string]);
    for (const [id, node] of Object.entries(nodes)) {
      const segs = 'prompts' in node && Array.isArray(node.prompts) ? node.prompts : [];
      segs.forEach((seg, i) => {
        if ('text' in seg) for (const [lang, text] of Object.entries(seg.text)) texts.push([`flow.nodes.${id}.prompts.${i}.text.${lang}`, text as string]);
      });
    }
    for (const [path, text] of texts) {
      const check = checkMessageContent(text, { thirdPartyAudible: true, requireIdentification: false });
      for (const v of check.violations) c.err(path, v.message.en, v.message.es);
    }
  }
  if (kind === 'inbound') {
    // Before an identify node succeeds, the caller is anonymous: nothing personal or about a debt.
    for (const id of reachable(nodes, flow.start, true)) {
      const used = sensitivity[id] as Set<Sensitivity>;
      if (used.has('debt') || used.has('personal'))
        c.err(`flow.nodes.${id}`, 'reads the debtor\'s data but can be reached without passing an identify node', 'lee datos del deudor, pero se llega a él sin pasar por la identificación');
    }
  }
  if (c.issues.length) throw new FlowValidationError(rebase(c.issues, where));
  const reach = reachable(nodes, flow.start, false);
  const warnings = Object.keys(nodes)
    .filter((id) => !reach.has(id))
    .map((id) => issue(`${where}.nodes.${id}`, 'is never reached from start', 'ningún camino lleva a este paso'));
  return { flow, warnings };
}

function rebase(issues: FlowIssue[], where: string): FlowIssue[] {
  return where === 'flow' ? issues : issues.map((i) => ({ ...i, path: i.path.replace(/^flow/, where) }));
}
function dedupe(issues: FlowIssue[]): FlowIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.path}\n${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Validates strategies.ivr_flow ({ outbound?, inbound?, machine? }), checking each flow is of its kind. */
export function validateStrategyFlows(input: unknown): StrategyFlows {
  if (!isObj(input)) throw new FlowValidationError([issue('ivr_flow', 'must be an object {outbound?, inbound?, machine?}', 'no es un conjunto de flujos válido')]);
  const out: StrategyFlows = {};
  const issues: FlowIssue[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (!(FLOW_KINDS as readonly string[]).includes(key)) {
      issues.push(issue(`ivr_flow.${key}`, `unknown flow "${key}" (expected ${FLOW_KINDS.join(', ')})`, `flujo desconocido «${key}»`));
      continue;
    }
    try {
      const { flow } = validateFlow(value, `ivr_flow.${key}`);
      if (flow.kind !== key) issues.push(issue(`ivr_flow.${key}.kind`, `is "${flow.kind}" but the flow is stored as ${key}`, `es «${flow.kind}», pero el flujo se guarda como ${key}`));
      else out[key as FlowKind] = flow;
    } catch (e) {
      if (e instanceof FlowValidationError) issues.push(...e.issues);
      else throw e;
    }
  }
  if (issues.length) throw new FlowValidationError(issues);
  return out;
}

export type { Segment };
