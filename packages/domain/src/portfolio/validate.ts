// One portfolio row in, either a normalised debtor + account + phones + documents, or every problem
// with the row (column, masked value, reason). A row with any problem is rejected whole: what lands in
// the database is exactly what the file said, never a guess.
import { ACCOUNT_STATUSES, type AccountStatus, type PhoneType, type SupportingDocumentKind } from '@cobranza/contracts';
import { debtorZones, maskPhoneText, normalizePhone } from '../phones.js';
import { type Column, MAX_LENGTHS, MAX_PHONES, mapHeader } from './columns.js';
import { maskId, validateIdDocument } from './id-documents.js';
import { COUNTRIES, canonicalRegion, regionZones } from './regions.js';
import { isKnownCurrency, parseAmount, parseDate, parseEmail, parseFlag, parseLocale, parseRiskScore } from './values.js';

export interface ImportPhone {
  e164: string;
  type: PhoneType;
  consent: boolean;
}

export interface ImportDocument {
  kind: SupportingDocumentKind;
  reference: string;
  name: string;
}

export interface ImportRow {
  line: number;
  debtor: {
    country: string;
    documentType: string;
    documentNumber: string;
    firstName: string;
    lastName: string;
    birthDate: string | null;
    email: string | null;
    locale: string;
    region: string | null;
    timeZone: string;
    timeZoneCandidates: string[];
    riskScore: string | null;
  };
  account: {
    externalId: string;
    product: string;
    currency: string;
    principal: string;
    balance: string;
    minimumPayment: string;
    openedOn: string | null;
    oldestDueDate: string | null;
    nextDueDate: string | null;
    status: AccountStatus;
  };
  phones: ImportPhone[];
  documents: ImportDocument[];
}

export interface RowError {
  line: number;
  column: string;
  /** the offending value, masked where it is personal data (phones, national ids) */
  value: string;
  reason: string;
}

export type RowResult = { ok: true; row: ImportRow } | { ok: false; errors: RowError[] };

export interface ValidationContext {
  /** used when the file has no country column or the cell is empty */
  defaultCountry: string;
  defaultCurrency: string;
  /** YYYY-MM-DD: birth and opening dates may not be after it */
  today: string;
}

const STATUS_ALIASES: Record<string, AccountStatus> = {
  activa: 'active',
  activo: 'active',
  vigente: 'active',
  promesa: 'promise',
  pagada: 'paid',
  pagado: 'paid',
  cancelada: 'paid',
  conciliada: 'settled',
  castigada: 'written_off',
  castigado: 'written_off',
  castigo: 'written_off',
  juridico: 'legal',
  'jurídico': 'legal',
  cerrada: 'closed',
  cerrado: 'closed',
};
const STATUSES = new Set<string>(ACCOUNT_STATUSES);

const PHONE_TYPE_ALIASES: Record<string, PhoneType> = {
  mobile: 'mobile',
  movil: 'mobile',
  'móvil': 'mobile',
  celular: 'mobile',
  cel: 'mobile',
  landline: 'landline',
  fijo: 'landline',
  fixed: 'landline',
  voip: 'voip',
  unknown: 'unknown',
  '': 'unknown',
};

const DOC_KIND_ALIASES: Record<string, SupportingDocumentKind> = {
  invoice: 'invoice',
  factura: 'invoice',
  contract: 'contract',
  contrato: 'contract',
  pagare: 'contract',
  'pagaré': 'contract',
  statement: 'statement',
  extracto: 'statement',
  estado_cuenta: 'statement',
  other: 'other',
  otro: 'other',
};
const DOC_KIND_NAMES: Record<SupportingDocumentKind, string> = { invoice: 'Factura', contract: 'Contrato', statement: 'Extracto', other: 'Documento' };

const PRODUCT_ALIASES: Record<string, string> = {
  tarjeta_de_credito: 'tarjeta_credito',
  tarjeta: 'tarjeta_credito',
  tc: 'tarjeta_credito',
  credito_de_consumo: 'credito_consumo',
  consumo: 'credito_consumo',
  credito_vehicular: 'vehiculo',
  vehicular: 'vehiculo',
  credito_vehiculo: 'vehiculo',
  telefonia_movil: 'telefonia',
};

/** "Tarjeta de Crédito" -> "tarjeta_credito": products are matched by code in segment rules. */
export function productCode(raw: string): string {
  const folded = raw
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
  return PRODUCT_ALIASES[folded] ?? folded;
}

const MASKED: ReadonlySet<string> = new Set(['document_number', 'phones', ...Array.from({ length: MAX_PHONES }, (_, i) => `phone${i + 1}`)]);

function maskValue(column: string, value: string): string {
  if (!MASKED.has(column)) return value.length > 200 ? `${value.slice(0, 200)}…` : value;
  return column === 'document_number' ? maskId(value) : maskPhoneText(value);
}

/** Memoises a pure parser of cell text: portfolio columns repeat a few thousand distinct values a million times. */
function memo<T>(fn: (raw: string) => T, max = 50_000): (raw: string) => T {
  const cache = new Map<string, T>();
  return (raw) => {
    let v = cache.get(raw);
    if (v === undefined) {
      v = fn(raw);
      if (cache.size >= max) cache.clear();
      cache.set(raw, v);
    }
    return v;
  };
}

const CORE_COLUMNS = [
  'document_type', 'document_number', 'first_name', 'last_name', 'birth_date', 'email', 'locale', 'region', 'country', 'external_id',
  'product', 'currency', 'principal', 'balance', 'minimum_payment', 'opened_on', 'oldest_due_date', 'next_due_date', 'status',
  'phones', 'documents', 'risk_score',
] as const;
type CoreColumn = (typeof CORE_COLUMNS)[number];

interface PhoneColumns {
  n: number;
  i: number;
  t: number;
  c: number;
}

/**
 * One validator per file. Column positions are resolved once; validate() is called for every row of a
 * million-row file, so per-row work avoids closures and repeated parsing of repeated values.
 */
class RowValidator {
  private errors: RowError[] = [];
  private line = 0;
  private f: string[] = [];
  private readonly i: Record<CoreColumn, number>;
  private readonly phoneCols: PhoneColumns[] = [];
  /** per field of the file: its column and longest allowed length (unknown to the validator: none) */
  private readonly limits: Array<{ column: Column; max: number } | undefined>;
  private readonly date = memo(parseDate);
  private readonly locale = memo(parseLocale, 1000);
  private readonly region = memo((key: string) => {
    const [country = '', raw = ''] = key.split('\u0000');
    return canonicalRegion(country, raw) ?? raw;
  });
  private readonly product = memo(productCode, 10_000);
  private readonly currency = memo(isKnownCurrency, 1000);

  constructor(
    private readonly width: number,
    columns: Map<Column, number>,
    private readonly ctx: ValidationContext,
  ) {
    const plain = {} as Record<CoreColumn, number>;
    for (const c of CORE_COLUMNS) plain[c] = columns.get(c) ?? -1;
    this.i = plain;
    this.limits = new Array(width).fill(undefined);
    // every column has a limit (MAX_LENGTHS is built from COLUMNS)
    for (const [column, i] of columns) this.limits[i] = { column, max: MAX_LENGTHS[column]! };
    for (let n = 1; n <= MAX_PHONES; n++) {
      const i = columns.get(`phone${n}` as Column) ?? -1;
      if (i >= 0) this.phoneCols.push({ n, i, t: columns.get(`phone${n}_type` as Column) ?? -1, c: columns.get(`phone${n}_consent` as Column) ?? -1 });
    }
  }

  private err(column: string, value: string, reason: string): void {
    this.errors.push({ line: this.line, column, value: maskValue(column, value), reason });
  }

  private get(i: number): string {
    if (i < 0) return '';
    const v = this.f[i];
    if (v === undefined || v === '') return '';
    const c0 = v.charCodeAt(0);
    const c1 = v.charCodeAt(v.length - 1);
    return c0 === 32 || c1 === 32 || c0 === 9 || c1 === 9 ? v.trim() : v;
  }

  private required(i: number, column: string): string {
    const v = this.get(i);
    if (v === '') this.err(column, '', `${column} is required`);
    return v;
  }

  private optionalDate(i: number, column: string): string | null {
    const v = this.get(i);
    if (v === '') return null;
    const d = this.date(v);
    if (!d.ok) {
      this.err(column, v, d.reason);
      return null;
    }
    return d.value;
  }

  private amount(i: number, column: string, fallback: string | null): string {
    const v = this.get(i);
    if (v === '') {
      if (fallback === null) this.err(column, '', `${column} is required`);
      return fallback ?? '0';
    }
    const a = parseAmount(v);
    if (!a.ok) {
      this.err(column, v, a.reason);
      return '0';
    }
    return a.value;
  }

  private addPhone(phones: ImportPhone[], zones: Array<string | undefined>, country: string, column: string, raw: string, rawType: string, rawConsent: string, typeColumn: string, consentColumn: string): void {
    const declared = PHONE_TYPE_ALIASES[rawType.toLowerCase()];
    if (declared === undefined) this.err(typeColumn, rawType, 'unknown phone type: expected mobile, landline or voip (movil, fijo)');
    const consent = parseFlag(rawConsent);
    if (!consent.ok) this.err(consentColumn, rawConsent, consent.reason);
    if (!country) return;
    const p = normalizePhone(raw, country, declared === 'unknown' ? undefined : declared);
    if (!p.ok) {
      this.err(column, raw, p.reason);
      return;
    }
    zones.push(...p.zones);
    for (const x of phones) if (x.e164 === p.e164) return;
    phones.push({ e164: p.e164, type: p.type, consent: consent.ok && consent.value });
  }

  validate(line: number, f: string[]): RowResult {
    this.errors = [];
    this.line = line;
    this.f = f;
    const I = this.i;
    const ctx = this.ctx;

    if (f.length !== this.width) {
      // a short row is almost always a broken export; say so instead of reporting every missing cell
      this.err('*', `${f.length} fields`, `expected ${this.width} fields as in the header, found ${f.length}`);
      return { ok: false, errors: this.errors };
    }
    // before any parsing: a cell megabytes long is refused without running a pattern over it
    for (let k = 0; k < f.length; k++) {
      const lim = this.limits[k];
      const len = f[k]!.length;
      if (lim && len > lim.max) this.err(lim.column, `${f[k]!.slice(0, 40)}…`, `${lim.column} is ${len} characters long; at most ${lim.max} are allowed`);
    }
    if (this.errors.length) return { ok: false, errors: this.errors };

    // --- debtor
    let country = this.get(I.country).toUpperCase() || ctx.defaultCountry;
    if (!COUNTRIES[country]) {
      this.err('country', country, `country ${country} is not supported (supported: ${Object.keys(COUNTRIES).join(', ')})`);
      country = '';
    }
    const documentType = this.required(I.document_type, 'document_type').toUpperCase();
    const rawDocNumber = this.required(I.document_number, 'document_number');
    let documentNumber = rawDocNumber;
    if (country && documentType && rawDocNumber) {
      const id = validateIdDocument(country, documentType, rawDocNumber);
      if (id.ok) documentNumber = id.number;
      else if (id.reason.startsWith('document type')) this.err('document_type', documentType, id.reason);
      else this.err('document_number', rawDocNumber, id.reason);
    }
    const firstName = this.required(I.first_name, 'first_name');
    const lastName = this.required(I.last_name, 'last_name');
    const birthDate = this.optionalDate(I.birth_date, 'birth_date');
    if (birthDate && birthDate >= ctx.today) this.err('birth_date', birthDate, 'birth date is not in the past');
    let email: string | null = null;
    const rawEmail = this.get(I.email);
    if (rawEmail) {
      const e = parseEmail(rawEmail);
      if (e.ok) email = e.value;
      else this.err('email', rawEmail, e.reason);
    }
    const info = country ? COUNTRIES[country] : undefined;
    let locale = info?.defaultLocale ?? 'es';
    const rawLocale = this.get(I.locale);
    if (rawLocale) {
      const l = this.locale(rawLocale);
      if (l.ok) locale = l.value;
      else this.err('locale', rawLocale, l.reason);
    }
    const rawRegion = this.get(I.region);
    const region = rawRegion ? (country ? this.region(`${country}\u0000${rawRegion}`) : rawRegion) : null;
    let riskScore: string | null = null;
    const rawRisk = this.get(I.risk_score);
    if (rawRisk) {
      const r = parseRiskScore(rawRisk);
      if (r.ok) riskScore = r.value;
      else this.err('risk_score', rawRisk, r.reason);
    }

    // --- account
    const externalId = this.required(I.external_id, 'external_id');
    const rawProduct = this.required(I.product, 'product');
    const product = rawProduct ? this.product(rawProduct) : '';
    const currency = this.get(I.currency).toUpperCase() || ctx.defaultCurrency;
    if (!this.currency(currency)) this.err('currency', currency, `unknown currency ${currency}: expected an ISO 4217 code (COP, MXN, PEN, USD ...)`);
    const errorsBefore = this.errors.length;
    const balance = this.amount(I.balance, 'balance', null);
    const principal = this.amount(I.principal, 'principal', balance);
    const minimumPayment = this.amount(I.minimum_payment, 'minimum_payment', '0');
    if (this.errors.length === errorsBefore && Number(minimumPayment) > Number(balance)) {
      this.err('minimum_payment', minimumPayment, `minimum payment ${minimumPayment} is above the balance ${balance}`);
    }
    const openedOn = this.optionalDate(I.opened_on, 'opened_on');
    if (openedOn && openedOn > ctx.today) this.err('opened_on', openedOn, 'opening date is in the future');
    const oldestDueDate = this.optionalDate(I.oldest_due_date, 'oldest_due_date');
    const nextDueDate = this.optionalDate(I.next_due_date, 'next_due_date');
    if (oldestDueDate && nextDueDate && oldestDueDate > nextDueDate) {
      this.err('oldest_due_date', oldestDueDate, `oldest unpaid due date is after the next due date ${nextDueDate}`);
    }
    if (openedOn && oldestDueDate && oldestDueDate < openedOn) this.err('oldest_due_date', oldestDueDate, `due before the account was opened (${openedOn})`);
    let status: AccountStatus = 'active';
    const rawStatus = this.get(I.status).toLowerCase();
    if (rawStatus) {
      const s = STATUSES.has(rawStatus) ? (rawStatus as AccountStatus) : STATUS_ALIASES[rawStatus];
      if (s) status = s;
      else this.err('status', rawStatus, `unknown status: expected one of ${ACCOUNT_STATUSES.join(', ')}`);
    }

    // --- phones
    const phones: ImportPhone[] = [];
    const zones: Array<string | undefined> = [];
    let phoneErrors = false;
    for (const pc of this.phoneCols) {
      const raw = this.get(pc.i);
      if (!raw) continue;
      const before = this.errors.length;
      this.addPhone(phones, zones, country, `phone${pc.n}`, raw, this.get(pc.t), this.get(pc.c), `phone${pc.n}_type`, `phone${pc.n}_consent`);
      phoneErrors ||= this.errors.length > before;
    }
    const rawPhones = this.get(I.phones);
    if (rawPhones) {
      for (const entry of rawPhones.split(/[;|]/)) {
        if (!entry.trim()) continue;
        const [num = '', type = '', consent = ''] = entry.split(':').map((x) => x.trim());
        const before = this.errors.length;
        this.addPhone(phones, zones, country, 'phones', num, type, consent, 'phones', 'phones');
        phoneErrors ||= this.errors.length > before;
      }
    }
    if (phones.length === 0 && !phoneErrors) this.err(this.phoneCols.length ? 'phone1' : 'phones', '', 'at least one phone number is required');

    // --- supporting documents: "invoice:FAC-001;contract:CT-9[:name]"
    const documents: ImportDocument[] = [];
    const rawDocs = this.get(I.documents);
    if (rawDocs) {
      for (const entry of rawDocs.split(';')) {
        if (!entry.trim()) continue;
        const sep = entry.indexOf(':');
        const kindRaw = (sep < 0 ? '' : entry.slice(0, sep)).trim().toLowerCase();
        const rest = sep < 0 ? '' : entry.slice(sep + 1);
        const sep2 = rest.indexOf(':');
        const reference = (sep2 < 0 ? rest : rest.slice(0, sep2)).trim();
        const kind = DOC_KIND_ALIASES[kindRaw];
        if (!kind || !reference) {
          this.err('documents', entry, 'expected kind:reference[:name] with kind invoice, contract, statement or other (factura, contrato, extracto)');
          continue;
        }
        const name = (sep2 < 0 ? '' : rest.slice(sep2 + 1).trim()) || `${DOC_KIND_NAMES[kind]} ${reference}`;
        if (!documents.some((d) => d.kind === kind && d.reference === reference)) documents.push({ kind, reference, name });
      }
    }

    if (this.errors.length) return { ok: false, errors: this.errors };
    const z = debtorZones(regionZones(country, region ?? undefined), zones, info!.defaultZone);
    return {
      ok: true,
      row: {
        line,
        debtor: { country, documentType, documentNumber, firstName, lastName, birthDate, email, locale, region, timeZone: z.timeZone, timeZoneCandidates: z.candidates, riskScore },
        account: { externalId, product, currency, principal, balance, minimumPayment, openedOn, oldestDueDate, nextDueDate, status },
        phones,
        documents,
      },
    };
  }
}

/** Builds the validator for files with this header (refused with a HeaderError when it is unusable). */
export function createRowValidator(header: string[], ctx: ValidationContext): (line: number, fields: string[]) => RowResult {
  const v = new RowValidator(header.length, mapHeader(header), ctx);
  return (line, fields) => v.validate(line, fields);
}
