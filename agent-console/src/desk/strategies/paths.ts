// A problem's JSON pointer (/ivrFlow/outbound/nodes/main/options/2/next) as words a person reads:
// "Llamada contestada › Paso 3 «main» › opción 2 › Después, ir a". Never shown raw.
import type { MessageKey, Translate } from '../../i18n/index.js';

const SECTION: Record<string, MessageKey> = { negotiation: 'st_negotiation', retryRules: 'st_retry', smsTemplates: 'st_sms', ivrFlow: 'st_ivr' };
const GENERAL: Record<string, MessageKey> = { code: 'st_code', name: 'st_name', dialMode: 'st_dial_mode', amdMode: 'st_amd', scriptId: 'st_script', channels: 'st_channels' };
const FIELD: Record<string, MessageKey> = {
  next: 'edge_next',
  onFail: 'edge_onFail',
  onTimeout: 'edge_onTimeout',
  onCancel: 'edge_onCancel',
  onBlocked: 'edge_onBlocked',
  onNoAgent: 'edge_onNoAgent',
  verb: 'flow_verb',
  into: 'flow_into',
  minDigits: 'flow_min_digits',
  maxDigits: 'flow_max_digits',
  maxTries: 'flow_max_tries',
  secondFactors: 'flow_second_factors',
  template: 'flow_template',
  priority: 'flow_priority',
  channel: 'flow_channel',
  outcome: 'flow_outcome',
  each: 'flow_each',
  label: 'flow_label',
  start: 'flow_start',
  retryMinutes: 'retry_minutes',
  maxAttempts: 'retry_max',
  es: 'path_es',
  en: 'path_en',
  prompt: 'flow_part_prompt',
  text: 'flow_part_text',
  say: 'flow_say_kind',
  value: 'flow_value',
  sound: 'flow_part_sound',
};

const unescape = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');

/**
 * `stepNumber(kind, id)`: the step's position in the editor (1-based), so the words match what is on screen.
 */
export function describePointer(pointer: string, t: Translate, stepNumber: (kind: string, id: string) => number | null): string {
  const parts = pointer.split('/').slice(1).map(unescape);
  const words: string[] = [];
  const [root, ...rest] = parts;
  if (!root) return '';
  if (GENERAL[root]) return t(GENERAL[root]);
  if (root === 'negotiation') return [t('st_negotiation'), ...(rest[0] ? [t(`neg_${rest[0]}` as MessageKey) ?? rest[0]] : [])].join(' › ');
  if (root === 'retryRules') {
    words.push(t('st_retry'));
    if (rest[0] === 'maxAttempts') words.push(t('retry_total'));
    else if (rest[0]) words.push(t(`out_${rest[0]}` as MessageKey) ?? rest[0], ...(rest[1] ? [t(FIELD[rest[1]] ?? 'path_field')] : []));
    return words.join(' › ');
  }
  if (root === 'smsTemplates' || root === 'template') {
    words.push(t('st_sms'));
    if (rest[0] && root === 'smsTemplates') words.push(`«${rest[0]}»`);
    const lang = root === 'template' ? rest[0] : rest[1];
    if (lang && FIELD[lang]) words.push(t(FIELD[lang]));
    return words.join(' › ');
  }
  if (root !== 'ivrFlow') return t(SECTION[root] ?? 'path_field');
  const [kind, ...p] = rest;
  if (kind) words.push(t(`flow_${kind}` as MessageKey) ?? kind);
  for (let i = 0; i < p.length; i++) {
    const k = p[i]!;
    const next = p[i + 1];
    if (k === 'nodes' && next !== undefined) {
      const n = stepNumber(kind ?? '', next);
      words.push(n ? `${t('flow_step', { n })} «${next}»` : `«${next}»`);
      i++;
    } else if (k === 'options' && next !== undefined) {
      words.push(t('flow_option', { k: next }));
      i++;
    } else if (k === 'prompts' && next !== undefined) {
      // a step's parts are numbered; the flow's own prompts are named
      if (/^\d+$/.test(next) && p[i - 2] === 'nodes') words.push(t('flow_part', { n: Number(next) + 1 }));
      else words.push(`${t('flow_part_prompt')} «${next}»`);
      i++;
    } else if (k === 'secondFactors' && next !== undefined) {
      words.push(t('flow_second_factors'));
      i++;
    } else words.push(FIELD[k] ? t(FIELD[k]) : k);
  }
  return words.join(' › ');
}
