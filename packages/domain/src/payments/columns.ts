// The columns of a creditor's daily payments file. Canonical names are English snake_case; the Spanish
// names banks and creditors export are accepted as aliases, as for the portfolio file.
import { HeaderError } from '../portfolio/columns.js';

export const PAYMENT_COLUMNS = ['external_id', 'amount', 'paid_on', 'currency', 'reference', 'channel'] as const;
export type PaymentColumn = (typeof PAYMENT_COLUMNS)[number];

export const REQUIRED_PAYMENT_COLUMNS: readonly PaymentColumn[] = ['external_id', 'amount', 'paid_on'];

const ALIASES: Record<string, PaymentColumn> = {
  id_cuenta: 'external_id',
  numero_obligacion: 'external_id',
  obligacion: 'external_id',
  valor: 'amount',
  monto: 'amount',
  importe: 'amount',
  valor_pago: 'amount',
  fecha_pago: 'paid_on',
  fecha: 'paid_on',
  moneda: 'currency',
  referencia: 'reference',
  referencia_pago: 'reference',
  canal: 'channel',
};

const KNOWN = new Set<string>(PAYMENT_COLUMNS);

/**
 * Maps each known column to its index. Unknown or repeated columns refuse the file (line 1) rather than
 * dropping data silently, like the portfolio import.
 */
export function mapPaymentHeader(header: string[]): Map<PaymentColumn, number> {
  const map = new Map<PaymentColumn, number>();
  const unknown: string[] = [];
  header.forEach((raw, i) => {
    const name = raw.trim().toLowerCase().replace(/[\s-]+/g, '_');
    const col = (KNOWN.has(name) ? name : ALIASES[name]) as PaymentColumn | undefined;
    if (!col) {
      if (name !== '') unknown.push(raw);
      return;
    }
    if (map.has(col)) throw new HeaderError(`column ${col} appears twice (positions ${map.get(col)! + 1} and ${i + 1})`);
    map.set(col, i);
  });
  if (unknown.length) throw new HeaderError(`unknown column(s): ${unknown.join(', ')}. Known columns: ${PAYMENT_COLUMNS.join(', ')}`);
  const missing = REQUIRED_PAYMENT_COLUMNS.filter((c) => !map.has(c));
  if (missing.length) throw new HeaderError(`missing required column(s): ${missing.join(', ')}`);
  return map;
}
