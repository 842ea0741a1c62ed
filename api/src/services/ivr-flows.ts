// What the API does with a strategy's IVR flows: refuse a broken one before it is stored (the IVR would
// otherwise only notice at call time and silently fall back to the default flow), and render its fixed
// text prompts to audio when it is saved, so the first call does not wait for espeak-ng.
import { DEFAULT_FLOWS } from '@cobranza/ivr/flows/defaults';
import type { Flow, FlowKind, Lang, Segment, StrategyFlows } from '@cobranza/ivr/flows/types';
import { FlowValidationError, validateStrategyFlows } from '@cobranza/ivr/flows/validate';
import { templateVariables } from '@cobranza/ivr/flows/variables';
import type { PromptLibrary } from '@cobranza/ivr/prompts/library';
import { ApiError } from '../errors.js';

/** `ivr_flow.outbound.nodes.menu1.options.3.next` (the validator's path) → `/ivrFlow/outbound/nodes/menu1/options/3/next` (a pointer into the body). */
export function flowPathToPointer(path: string): string {
  const parts = path.split('.');
  if (parts[0] === 'ivr_flow') parts[0] = 'ivrFlow';
  return `/${parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

/** The validated flows of a strategy body, or a 400 naming every bad node by its path. */
export function checkStrategyFlows(ivrFlow: unknown): StrategyFlows {
  try {
    return validateStrategyFlows(ivrFlow);
  } catch (e) {
    if (!(e instanceof FlowValidationError)) throw e;
    const issues = e.issues.map((i) => ({ field: flowPathToPointer(i.path), reason: i.message }));
    const first = issues[0]!;
    throw new ApiError(400, 'VALIDATION', issues.map((i) => `${i.field}: ${i.reason}`).join('; '), {
      field: first.field,
      in: 'body',
      reason: first.reason,
      issue: 'ivr_flow_invalid',
      i18n: { es: `Flujo IVR inválido: ${first.field}: ${first.reason}`, en: `Invalid IVR flow: ${first.field}: ${first.reason}` },
    });
  }
}

/** The flows a strategy's calls actually play: its own where it has them, the defaults otherwise. */
export function effectiveFlows(stored: unknown): Record<FlowKind, { flow: Flow; own: boolean }> {
  let own: StrategyFlows = {};
  if (stored) {
    try {
      own = validateStrategyFlows(stored);
    } catch (e) {
      // a flow stored before saves were validated: the IVR plays the default, so list the default
      if (!(e instanceof FlowValidationError)) throw e;
    }
  }
  const pick = (k: FlowKind) => (own[k] ? { flow: own[k], own: true } : { flow: DEFAULT_FLOWS[k], own: false });
  return { outbound: pick('outbound'), inbound: pick('inbound'), machine: pick('machine') };
}

export interface FixedText {
  lang: Lang;
  text: string;
  /** The library prompt id, for {prompt} segments (an upload can replace it); absent for inline {text}. */
  promptId?: string;
}

/**
 * Texts of a flow that are the same on every call (no {{variables}}): library prompts and inline text
 * segments, per language. A text with variables is rendered per call with the debtor's data and cannot be
 * prepared in advance.
 */
export function fixedTexts(flow: Flow): FixedText[] {
  const out = new Map<string, FixedText>();
  const add = (t: FixedText) => {
    if (templateVariables(t.text).length === 0) out.set(`${t.lang}|${t.promptId ?? ''}|${t.text}`, t);
  };
  for (const [promptId, text] of Object.entries(flow.prompts ?? {}))
    for (const lang of ['es', 'en'] as const) if (text[lang]) add({ lang, text: text[lang], promptId });
  const inline = (segs: Segment[] | undefined) => {
    for (const s of segs ?? []) if ('text' in s) for (const lang of ['es', 'en'] as const) if (s.text[lang]) add({ lang, text: s.text[lang] });
  };
  for (const node of Object.values(flow.nodes)) {
    if ('prompts' in node) inline(node.prompts);
    if ('invalidPrompts' in node) inline(node.invalidPrompts);
  }
  return [...out.values()];
}

export interface PrerenderReport {
  rendered: number;
  cached: number;
  recorded: number;
  failed: Array<{ lang: Lang; text: string; error: string }>;
}

/**
 * Renders the fixed texts of a strategy's own flows to audio now (one at a time: espeak-ng and sox share
 * the machine with live calls). A prompt an admin recorded is skipped; a text that fails is reported and
 * rendered again at its first call, as before.
 */
export async function prerenderFlows(library: PromptLibrary, owner: string, flows: StrategyFlows): Promise<PrerenderReport> {
  const report: PrerenderReport = { rendered: 0, cached: 0, recorded: 0, failed: [] };
  const seen = new Set<string>();
  for (const flow of Object.values(flows)) {
    for (const t of fixedTexts(flow)) {
      const key = `${t.lang}|${t.promptId ?? ''}|${t.text}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (t.promptId && (await library.hasRecording(owner, t.promptId, t.lang))) {
        report.recorded++;
        continue;
      }
      try {
        if (await library.isRendered(t.text, t.lang)) report.cached++;
        else {
          await library.text(t.text, t.lang);
          report.rendered++;
        }
      } catch (e) {
        report.failed.push({ lang: t.lang, text: t.text, error: (e as Error).message });
      }
    }
  }
  return report;
}
