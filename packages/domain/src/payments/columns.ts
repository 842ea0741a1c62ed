// The columns of a creditor's daily payments file. Canonical names are English snake_case; the Spanish
// names banks and creditors export are accepted as aliases, as for the portfolio file.
import { mapColumns } from '../portfolio/header.js';

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

/** Maps each known column to its index; a bad header refuses the file (line 1), like the portfolio import's. */
export function mapPaymentHeader(header: string[]): Map<PaymentColumn, number> {
  return mapColumns(header, { columns: PAYMENT_COLUMNS, required: REQUIRED_PAYMENT_COLUMNS, aliases: ALIASES });
}
