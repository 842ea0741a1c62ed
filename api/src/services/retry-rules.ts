// A strategy's retry rules are checked when written, by the dialer's own parser: a rule it cannot read would
// otherwise be stored, and the campaign would show "running" while the dialer refuses to start it.
import { parseRetryRules, RetryRulesError, type RetryRules } from '@cobranza/domain/retry/rules';
import { badInput, escapePointer } from '../errors.js';

/** `busy.retryMinutes` (the parser's path) → `/retryRules/busy/retryMinutes` (a pointer into the body). */
export function retryFieldPointer(field: string): string {
  return ['/retryRules', ...(field ? field.split('.').map(escapePointer) : [])].join('/');
}

/** The rules as the dialer will read them, or a 400 naming the field, in Spanish and English. */
export function checkRetryRules(raw: unknown): RetryRules {
  try {
    return parseRetryRules(raw);
  } catch (e) {
    if (!(e instanceof RetryRulesError)) throw e;
    const field = retryFieldPointer(e.field);
    throw badInput(field, e.reason, 'body', {
      issue: 'retry_rules_invalid',
      i18n: { es: `Reglas de reintento: ${field}: ${e.reasonEs}`, en: `Retry rules: ${field}: ${e.reason}` },
    });
  }
}
