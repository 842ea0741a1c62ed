// The variables a flow may read, and how sensitive each one is. The validator uses the sensitivity to
// refuse flows that would read debt data to an unidentified caller or to an answering machine.

export type Sensitivity = 'public' | 'personal' | 'debt';

export const VARIABLES: Record<string, Sensitivity> = {
  'creditor.businessName': 'public',
  'creditor.callbackNumber': 'public',
  'debtor.firstName': 'personal',
  'debtor.lastName': 'personal',
  'debtor.fullName': 'personal',
  'account.balance': 'debt',
  'account.currency': 'debt',
  'account.dueDate': 'debt',
  'account.daysPastDue': 'debt',
  'account.nextDueDate': 'debt',
  'account.minimumPayment': 'debt',
  'account.last4': 'debt',
  'account.product': 'debt',
  'promise.amount': 'debt',
  'promise.dueDate': 'debt',
};

/** vars.<name> holds digits the caller typed in a gather node: the caller's own input, not sensitive. */
export function variableSensitivity(name: string): Sensitivity | undefined {
  if (/^vars\.[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return 'public';
  return VARIABLES[name];
}

const TEMPLATE_VAR = /\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g;

export function templateVariables(text: string): string[] {
  return [...text.matchAll(TEMPLATE_VAR)].map((m) => m[1] as string);
}

/** Fills {{name}} from a flat map; an unknown name is left visible so a wrong template is heard, not hidden. */
export function fillTemplate(text: string, values: Record<string, string | number | undefined>): string {
  return text.replace(TEMPLATE_VAR, (whole, name: string) => {
    const v = values[name];
    return v === undefined ? whole : String(v);
  });
}
