// One line of the debtor's history in the reader's language, from the item's details (the API's `summary` is
// a Spanish line for logs and exports): codes become labels, amounts and dates are written as the locale does.
import { formatDate, formatMoney } from '@cobranza/domain/format/index';
import type { HistoryItem } from '../../api/types.js';
import { label, translator, type Lang } from '../../i18n/index.js';

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function historyText(h: HistoryItem, lang: Lang, locale: string): string {
  const t = translator(lang);
  const d = h.details;
  const who = str(d.agentName) ? ` (${str(d.agentName)})` : '';
  const money = () => {
    const amount = num(d.amount);
    const currency = str(d.currency);
    return amount !== null && currency ? formatMoney(amount, currency, locale) : '';
  };
  switch (h.kind) {
    case 'call': {
      const result = str(d.outcome) ?? str(d.status);
      return `${t(d.direction === 'inbound' ? 'hist_inbound' : 'hist_outbound')} ${str(d.e164Masked) ?? ''}: ${result ? label(result, lang) : t('hist_no_result')}${who}`;
    }
    case 'ivr':
      return `${t(d.direction === 'inbound' ? 'hist_inbound' : 'hist_outbound')}: ${str(d.outcome) ? label(str(d.outcome)!, lang) : t('hist_no_result')}`;
    case 'sms':
      return `${t(d.direction === 'inbound' ? 'hist_received' : 'hist_sent')}: ${(str(d.body) ?? '').slice(0, 80)}`;
    case 'disposition':
      return `${str(d.reason) ? label(str(d.reason)!, lang) : ''}${who}`.trim();
    case 'promise':
      return `${money()} ${str(d.dueDate) ? t('hist_due', { date: formatDate(str(d.dueDate)!, locale, 'medium') }) : ''}`.trim();
    case 'payment':
      return `${money()}${str(d.reference) ? ` (${t('hist_ref')} ${str(d.reference)})` : ''}`;
  }
}
