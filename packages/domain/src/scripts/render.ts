import { REASON_CODES, type ReasonCode } from '@cobranza/contracts';
import { formatMoney } from '../format/money.js';
import { daysBetween, formatDate } from '../format/date.js';
import { productLabel } from '../format/product.js';
import { SCRIPT_SECTIONS, SCRIPT_VARIABLES, ScriptError, tokenize, type ScriptTemplate, type ScriptVariable } from './template.js';

/** What a script needs to know about the call: the debtor, the account discussed, who speaks. */
export interface ScriptContext {
  debtor: { firstName: string; lastName: string };
  account: {
    balance: number | string;
    currency: string;
    minimumPayment: number | string;
    dueDate: string | null; // the oldest unpaid due date, YYYY-MM-DD
    /** The product code (tarjeta_credito); the script says it in words. */
    product?: string;
  };
  /** The creditor's business name, as the debtor knows it. */
  creditorName?: string;
  agentName?: string;
  today: string; // YYYY-MM-DD in the debtor's time zone
  locale: string; // es-CO, en-US, ...
}

export interface RenderedScript {
  opening: string;
  verification: string;
  body: string;
  closing: string;
  /** In the order of REASON_CODES, only those the script has. */
  branches: { reason: ReasonCode; text: string }[];
}

const MISSING = '—';

/** The values of every script variable for this call, formatted for the locale. */
export function scriptVariables(ctx: ScriptContext): Record<ScriptVariable, string> {
  const { debtor, account, locale } = ctx;
  const currencyName = (() => {
    try {
      return new Intl.DisplayNames([locale], { type: 'currency' }).of(account.currency.toUpperCase()) ?? account.currency;
    } catch {
      return account.currency;
    }
  })();
  const dpd = account.dueDate ? Math.max(0, daysBetween(account.dueDate, ctx.today)) : 0;
  return {
    nombre: debtor.firstName,
    apellido: debtor.lastName,
    nombre_completo: `${debtor.firstName} ${debtor.lastName}`.trim(),
    saldo: formatMoney(account.balance, account.currency, locale),
    moneda: currencyName,
    fecha_vencimiento: account.dueDate ? formatDate(account.dueDate, locale) : MISSING,
    dias_mora: new Intl.NumberFormat(locale).format(dpd),
    pago_minimo: formatMoney(account.minimumPayment, account.currency, locale),
    producto: account.product ? productLabel(account.product, locale) : MISSING,
    acreedor: ctx.creditorName ?? MISSING,
    agente: ctx.agentName ?? MISSING,
    fecha_hoy: formatDate(ctx.today, locale),
  };
}

/** Fills one text; an unknown {{variable}} throws a ScriptError naming it and where it is. */
export function renderText(text: string, vars: Record<string, string>, field: string): string {
  return tokenize(text, field)
    .map((t) => {
      if (t.kind === 'text') return t.text;
      const v = vars[t.name];
      if (v === undefined) {
        throw new ScriptError(
          `${field}: unknown variable {{${t.name}}} at character ${t.at} (known: ${SCRIPT_VARIABLES.join(', ')})`,
          field,
          t.name,
          { kind: 'unknown_variable', name: t.name, at: t.at },
        );
      }
      return v;
    })
    .join('');
}

export function renderScript(template: ScriptTemplate, ctx: ScriptContext): RenderedScript {
  const vars = scriptVariables(ctx);
  const out: RenderedScript = { opening: '', verification: '', body: '', closing: '', branches: [] };
  for (const s of SCRIPT_SECTIONS) out[s] = renderText(template[s], vars, s);
  for (const reason of REASON_CODES) {
    const text = template.branches[reason];
    if (text !== undefined) out.branches.push({ reason, text: renderText(text, vars, `branches.${reason}`) });
  }
  return out;
}
