// What the API does with a strategy's IVR flows: refuse a broken one before it is stored (the IVR would
// otherwise only notice at call time and silently fall back to the default flow), and (prerenderFlows)
// render its fixed text prompts to audio when it is saved, so the first call does not wait for espeak-ng.
import { DEFAULT_FLOWS } from '@cobranza/ivr/flows/defaults';
import type { Flow, FlowKind, StrategyFlows } from '@cobranza/ivr/flows/types';
import { FlowValidationError, validateStrategyFlows } from '@cobranza/ivr/flows/validate';
import { invalidDocument } from '../errors.js';

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
    // every problem at its path, each in both languages: the editor shows them all at once
    throw invalidDocument(
      e.issues.map((i) => ({ field: flowPathToPointer(i.path), reason: i.message, i18n: i.i18n })),
      'ivr_flow_invalid',
      { es: 'Flujo IVR inválido', en: 'Invalid IVR flow' },
    );
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

// fixed texts and their rendering belong to the IVR package, which also renders its default flows at start
export { fixedTexts, prerenderFlows, type FixedText, type PrerenderReport } from '@cobranza/ivr/prompts/prerender';
