// A script's error in the words of whoever reads it: the API answers both languages, the script editor
// shows the UI's. Only the reason: the place (the field) is shown by whoever shows the message.
import { REASON_CODES } from '@cobranza/contracts';
import { SCRIPT_VARIABLES, type ScriptError } from './template.js';

export interface ScriptProblemText {
  es: string;
  en: string;
}

const known = () => SCRIPT_VARIABLES.join(', ');

export function scriptProblemText(e: ScriptError): ScriptProblemText {
  const p = e.problem;
  switch (p?.kind) {
    case 'unknown_variable':
      return {
        es: `la variable {{${p.name}}} (carácter ${p.at}) no existe; se pueden usar: ${known()}`,
        en: `unknown variable {{${p.name}}} at character ${p.at}; the variables are: ${known()}`,
      };
    case 'unclosed':
      return { es: `la llave "{{" del carácter ${p.at} no se cierra con "}}"`, en: `"{{" at character ${p.at} is never closed with "}}"` };
    case 'not_a_name':
      return { es: `"{{${p.text}}}" (carácter ${p.at}) no es un nombre de variable`, en: `"{{${p.text}}}" at character ${p.at} is not a variable name` };
    case 'required':
      return { es: 'es obligatorio', en: 'is required' };
    case 'not_object':
      return { es: 'debe ser un objeto con apertura, verificación, cuerpo, cierre y ramas', en: 'must be an object with opening, verification, body, closing and branches' };
    case 'branches_not_object':
      return { es: 'debe ser un objeto con un texto por motivo', en: 'must be an object with one text per reason' };
    case 'not_a_reason':
      return { es: `"${p.key}" no es un motivo (${REASON_CODES.join(', ')})`, en: `"${p.key}" is not a reason code (${REASON_CODES.join(', ')})` };
    default:
      return { es: e.message, en: e.message };
  }
}
