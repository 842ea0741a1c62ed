// Fixed prompt texts rendered ahead of calls: a strategy's flows when it is saved (API), the default flows
// when the IVR starts. Only texts without {{variables}} can be prepared; the rest depend on the debtor.
import type { Flow, Lang, Segment, StrategyFlows } from '../flows/types.js';
import { templateVariables } from '../flows/variables.js';
import type { PromptLibrary } from './library.js';

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

/** Renders the fixed texts of `owner`'s flows (a strategy id, or "default") now; see prerenderTexts. */
export function prerenderFlows(library: PromptLibrary, owner: string, flows: StrategyFlows): Promise<PrerenderReport> {
  return prerenderTexts(library, owner, Object.values(flows).flatMap((f) => fixedTexts(f)));
}

/**
 * Renders texts to audio now, one at a time (espeak-ng and sox share the machine with live calls). A prompt
 * an admin recorded is skipped; a text that fails is reported and rendered again at its first call.
 */
export async function prerenderTexts(library: PromptLibrary, owner: string, texts: FixedText[], signal?: AbortSignal): Promise<PrerenderReport> {
  const report: PrerenderReport = { rendered: 0, cached: 0, recorded: 0, failed: [] };
  const seen = new Set<string>();
  for (const t of texts) {
    // stopping the IVR stops here, between two renders (what is left is rendered at first use)
    if (signal?.aborted) break;
    if (templateVariables(t.text).length) continue;
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
  return report;
}
