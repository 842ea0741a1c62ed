// The columns of a portfolio file. Canonical names are English snake_case; the Spanish names collection
// houses usually export are accepted as aliases. The documented example is api/src/import/README.md.
import { HeaderError, mapColumns } from './header.js';

export const MAX_PHONES = 5;

export const COLUMNS = [
  'document_type',
  'document_number',
  'first_name',
  'last_name',
  'birth_date',
  'email',
  'locale',
  'region',
  'country',
  'external_id',
  'product',
  'currency',
  'principal',
  'balance',
  'minimum_payment',
  'opened_on',
  'oldest_due_date',
  'next_due_date',
  'status',
  'phones',
  'documents',
  'risk_score',
  ...Array.from({ length: MAX_PHONES }, (_, i) => [`phone${i + 1}`, `phone${i + 1}_type`, `phone${i + 1}_consent`]).flat(),
] as const;
export type Column = (typeof COLUMNS)[number];

/**
 * The longest cell each column takes, in characters; a longer cell rejects its row, naming the column and
 * the limit. Without limits a 5 MB first name was stored and then sent to every agent who searched.
 * Generous for real data: the longest names, e-mail addresses (RFC 5321: 254) and region names.
 */
const FIXED_LENGTHS: Partial<Record<Column, number>> = {
  document_type: 10,
  document_number: 30,
  first_name: 100,
  last_name: 100,
  birth_date: 20,
  email: 254,
  locale: 35,
  region: 100,
  country: 10,
  external_id: 64,
  product: 100,
  currency: 10,
  principal: 30,
  balance: 30,
  minimum_payment: 30,
  opened_on: 20,
  oldest_due_date: 20,
  next_due_date: 20,
  status: 30,
  phones: 500,
  documents: 2000,
  risk_score: 20,
};
export const MAX_LENGTHS = Object.fromEntries(
  COLUMNS.map((c) => [c, FIXED_LENGTHS[c] ?? (c.endsWith('_type') ? 20 : c.endsWith('_consent') ? 10 : 40)]),
) as Record<Column, number>;

/** Columns without which no row could be imported. country and currency default to the portfolio's. */
export const REQUIRED_COLUMNS: Column[] = ['document_type', 'document_number', 'first_name', 'last_name', 'external_id', 'product', 'balance'];

const ALIASES: Record<string, Column> = {
  tipo_documento: 'document_type',
  tipo_doc: 'document_type',
  numero_documento: 'document_number',
  documento: 'document_number',
  nombres: 'first_name',
  nombre: 'first_name',
  apellidos: 'last_name',
  fecha_nacimiento: 'birth_date',
  correo: 'email',
  idioma: 'locale',
  departamento: 'region',
  estado_region: 'region',
  pais: 'country',
  id_cuenta: 'external_id',
  numero_obligacion: 'external_id',
  obligacion: 'external_id',
  producto: 'product',
  moneda: 'currency',
  capital: 'principal',
  saldo: 'balance',
  pago_minimo: 'minimum_payment',
  fecha_apertura: 'opened_on',
  fecha_vencimiento: 'oldest_due_date',
  vencimiento_mas_antiguo: 'oldest_due_date',
  proximo_vencimiento: 'next_due_date',
  estado: 'status',
  telefonos: 'phones',
  documentos: 'documents',
  soportes: 'documents',
  puntaje_riesgo: 'risk_score',
  score: 'risk_score',
};
for (let i = 1; i <= MAX_PHONES; i++) {
  ALIASES[`telefono${i}`] = `phone${i}` as Column;
  ALIASES[`telefono${i}_tipo`] = `phone${i}_type` as Column;
  ALIASES[`telefono${i}_consentimiento`] = `phone${i}_consent` as Column;
}

export { HeaderError };

/** The platform column a header cell names (by name or alias, as mapHeader reads it), or null if none. */
export function headerColumn(raw: string): Column | null {
  const name = raw.trim().toLowerCase().replace(/[\s-]+/g, '_');
  if ((COLUMNS as readonly string[]).includes(name)) return name as Column;
  return Object.hasOwn(ALIASES, name) ? ALIASES[name]! : null;
}

/** Maps each known column to its index in the file. Unknown, duplicate or missing required columns are refused. */
export function mapHeader(header: string[]): Map<Column, number> {
  const map = mapColumns(header, { columns: COLUMNS, required: REQUIRED_COLUMNS, aliases: ALIASES });
  if (!map.has('phones') && !map.has('phone1')) throw new HeaderError('no phone column: give phone1 (and phone1_type, phone1_consent, phone2 ...) or phones');
  return map;
}
