// A script is checked when written, by the parser the agent's screen renders it with: a typo in a
// {{variable}} is refused at its section, not read out as an error in front of a debtor.
import { parseScriptTemplate, ScriptError, scriptProblemText, type ScriptTemplate } from '@cobranza/domain/scripts/index';
import { badInput, escapePointer } from '../errors.js';

/** `branches.already_paid` (the parser's field) → `/body/branches/already_paid` (a pointer into the request). */
export function scriptFieldPointer(field: string): string {
  return ['/body', ...field.split('.').filter(Boolean).map(escapePointer)].join('/');
}

/** The script as the console will render it, or a 400 naming the section, in Spanish and English. */
export function checkScriptBody(raw: unknown): ScriptTemplate {
  try {
    return parseScriptTemplate(raw, 'body');
  } catch (e) {
    if (!(e instanceof ScriptError)) throw e;
    const field = e.problem?.kind === 'not_object' ? '/body' : scriptFieldPointer(e.field);
    const text = scriptProblemText(e);
    throw badInput(field, text.en, 'body', {
      issue: 'script_invalid',
      i18n: { es: `${field} en el cuerpo: ${text.es}`, en: `${field} in the body: ${text.en}` },
    });
  }
}
