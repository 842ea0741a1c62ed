// One portfolio row in, either a normalised debtor + account + phones + documents, or every problem
// with the row (column, masked value, reason). A row with any problem is rejected whole: what lands in
// the database is exactly what the file said, never a guess.
import { ACCOUNT_STATUSES, type AccountStatus, type PhoneType, type SupportingDocumentKind } from '@cobranza/contracts';
import { debtorZones, maskPhoneText, normalizePhone } from '../phones.js';
import { type Column, MAX_PHONES, mapHeader } from './columns.js';
import { maskId, validateIdDocument } from './id-documents.js';
import { COUNTRIES, canonicalRegion, zoneForRegion } from './regions.js';
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

/**
 * Builds a validator for files with this header. Column positions are resolved once; the returned
 * function is called for every row of a million-row file, so it avoids allocation where it can.
 */
export function createRowValidator(header: string[], ctx: ValidationContext): (line: number, fields: string[]) => RowResult {
  const columns = mapHeader(header);
  const idx = (c: Column): number => columns.get(c) ?? -1;
  const iDocType = idx('document_type');
  const iDocNum = idx('document_number');
  const iFirst = idx('first_name');
  const iLast = idx('last_name');
  const iBirth = idx('birth_date');
  const iEmail = idx('email');
  const iLocale = idx('locale');
  const iRegion = idx('region');
  const iCountry = idx('country');
  const iExt = idx('external_id');
  const iProduct = idx('product');
  const iCurrency = idx('currency');
  const iPrincipal = idx('principal');
  const iBalance = idx('balance');
  const iMin = idx('minimum_payment');
  const iOpened = idx('opened_on');
  const iOldest = idx('oldest_due_date');
  const iNext = idx('next_due_date');
  const iStatus = idx('status');
  const iPhones = idx('phones');
  const iDocs = idx('documents');
  const iRisk = idx('risk_score');
  const phoneCols: Array<{ n: number; i: number; t: number; c: number }> = [];
  for (let n = 1; n <= MAX_PHONES; n++) {
    const i = idx(`phone${n}` as Column);
    if (i >= 0) phoneCols.push({ n, i, t: idx(`phone${n}_type` as Column), c: idx(`phone${n}_consent` as Column) });
  }
  const width = header.length;

  return (line, f) => {
    const errors: RowError[] = [];
    const err = (column: string, value: string, reason: string) => errors.push({ line, column, value: maskValue(column, value), reason });
    const get = (i: number): string => (i >= 0 ? (f[i] ?? '').trim() : '');

    if (f.length !== width) {
      // a short row is almost always a broken export; say so instead of reporting every missing cell
      err('*', `${f.length} fields`, `expected ${width} fields as in the header, found ${f.length}`);
      return { ok: false, errors };
    }

    const required = (i: number, column: string): string => {
      const v = get(i);
      if (v === '') err(column, '', `${column} is required`);
      return v;
    };
    const optionalDate = (i: number, column: string): string | null => {
      const v = get(i);
      if (v === '') return null;
      const d = parseDate(v);
      if (!d.ok) {
        err(column, v, d.reason);
        return null;
      }
      return d.value;
    };
    const amount = (i: number, column: string, fallback: string | null): string => {
      const v = get(i);
      if (v === '') {
        if (fallback === null) err(column, '', `${column} is required`);
        return fallback ?? '0';
      }
      const a = parseAmount(v);
      if (!a.ok) {
        err(column, v, a.reason);
        return '0';
      }
      return a.value;
    };

    // --- debtor
    let country = get(iCountry).toUpperCase() || ctx.defaultCountry;
    if (!COUNTRIES[country]) {
      err('country', country, `country ${country} is not supported (supported: ${Object.keys(COUNTRIES).join(', ')})`);
      country = '';
    }
    const documentType = required(iDocType, 'document_type').toUpperCase();
    const rawDocNumber = required(iDocNum, 'document_number');
    let documentNumber = rawDocNumber;
    if (country && documentType && rawDocNumber) {
      const id = validateIdDocument(country, documentType, rawDocNumber);
      if (id.ok) documentNumber = id.number;
      else err(id.reason.startsWith('document type') ? 'document_type' : 'document_number', id.reason.startsWith('document type') ? documentType : rawDocNumber, id.reason);
    }
    const firstName = required(iFirst, 'first_name');
    const lastName = required(iLast, 'last_name');
    const birthDate = optionalDate(iBirth, 'birth_date');
    if (birthDate && birthDate >= ctx.today) err('birth_date', birthDate, 'birth date is not in the past');
    let email: string | null = null;
    const rawEmail = get(iEmail);
    if (rawEmail) {
      const e = parseEmail(rawEmail);
      if (e.ok) email = e.value;
      else err('email', rawEmail, e.reason);
    }
    const info = country ? COUNTRIES[country] : undefined;
    let locale = info?.defaultLocale ?? 'es';
    const rawLocale = get(iLocale);
    if (rawLocale) {
      const l = parseLocale(rawLocale);
      if (l.ok) locale = l.value;
      else err('locale', rawLocale, l.reason);
    }
    const rawRegion = get(iRegion);
    const region = rawRegion ? (country ? (canonicalRegion(country, rawRegion) ?? rawRegion) : rawRegion) : null;
    let riskScore: string | null = null;
    const rawRisk = get(iRisk);
    if (rawRisk) {
      const r = parseRiskScore(rawRisk);
      if (r.ok) riskScore = r.value;
      else err('risk_score', rawRisk, r.reason);
    }

    // --- account
    const externalId = required(iExt, 'external_id');
    if (externalId.length > 64) err('external_id', externalId, 'external_id longer than 64 characters');
    const rawProduct = required(iProduct, 'product');
    const product = rawProduct ? productCode(rawProduct) : '';
    let currency = get(iCurrency).toUpperCase() || ctx.defaultCurrency;
    if (!isKnownCurrency(currency)) err('currency', currency, `unknown currency ${currency}: expected an ISO 4217 code (COP, MXN, PEN, USD ...)`);
    const errorsBefore = errors.length;
    const balance = amount(iBalance, 'balance', null);
    const principal = amount(iPrincipal, 'principal', balance);
    const minimumPayment = amount(iMin, 'minimum_payment', '0');
    if (errors.length === errorsBefore && Number(minimumPayment) > Number(balance)) err('minimum_payment', minimumPayment, `minimum payment ${minimumPayment} is above the balance ${balance}`);
    const openedOn = optionalDate(iOpened, 'opened_on');
    if (openedOn && openedOn > ctx.today) err('opened_on', openedOn, 'opening date is in the future');
    const oldestDueDate = optionalDate(iOldest, 'oldest_due_date');
    const nextDueDate = optionalDate(iNext, 'next_due_date');
    if (oldestDueDate && nextDueDate && oldestDueDate > nextDueDate) {
      err('oldest_due_date', oldestDueDate, `oldest unpaid due date is after the next due date ${nextDueDate}`);
    }
    if (openedOn && oldestDueDate && oldestDueDate < openedOn) err('oldest_due_date', oldestDueDate, `due before the account was opened (${openedOn})`);
    let status: AccountStatus = 'active';
    const rawStatus = get(iStatus).toLowerCase();
    if (rawStatus) {
      const s = STATUSES.has(rawStatus) ? (rawStatus as AccountStatus) : STATUS_ALIASES[rawStatus];
      if (s) status = s;
      else err('status', rawStatus, `unknown status: expected one of ${ACCOUNT_STATUSES.join(', ')}`);
    }

    // --- phones
    const phones: ImportPhone[] = [];
    const zones: Array<string | undefined> = [];
    const addPhone = (column: string, raw: string, rawType: string, rawConsent: string, typeColumn: string, consentColumn: string) => {
      const declared = PHONE_TYPE_ALIASES[rawType.toLowerCase()];
      if (declared === undefined) err(typeColumn, rawType, 'unknown phone type: expected mobile, landline or voip (movil, fijo)');
      const consent = parseFlag(rawConsent);
      if (!consent.ok) err(consentColumn, rawConsent, consent.reason);
      if (!country) return;
      const p = normalizePhone(raw, country, declared === 'unknown' ? undefined : declared);
      if (!p.ok) {
        err(column, raw, p.reason);
        return;
      }
      zones.push(p.zone);
      if (!phones.some((x) => x.e164 === p.e164)) phones.push({ e164: p.e164, type: p.type, consent: consent.ok && consent.value });
    };
    for (const pc of phoneCols) {
      const raw = get(pc.i);
      if (raw) addPhone(`phone${pc.n}`, raw, get(pc.t), get(pc.c), `phone${pc.n}_type`, `phone${pc.n}_consent`);
    }
    const rawPhones = get(iPhones);
    if (rawPhones) {
      for (const entry of rawPhones.split(/[;|]/)) {
        if (!entry.trim()) continue;
        const [num = '', type = '', consent = ''] = entry.split(':').map((s) => s.trim());
        addPhone('phones', num, type, consent, 'phones', 'phones');
      }
    }
    if (phones.length === 0 && !errors.some((e) => e.column.startsWith('phone'))) {
      err(phoneCols.length ? 'phone1' : 'phones', '', 'at least one phone number is required');
    }

    // --- supporting documents: "invoice:FAC-001;contract:CT-9[:name]"
    const documents: ImportDocument[] = [];
    const rawDocs = get(iDocs);
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
          err('documents', entry, 'expected kind:reference[:name] with kind invoice, contract, statement or other (factura, contrato, extracto)');
          continue;
        }
        const name = (sep2 < 0 ? '' : rest.slice(sep2 + 1).trim()) || `${DOC_KIND_NAMES[kind]} ${reference}`;
        if (!documents.some((d) => d.kind === kind && d.reference === reference)) documents.push({ kind, reference, name });
      }
    }

    if (errors.length) return { ok: false, errors };
    const addressZone = zoneForRegion(country, region ?? undefined);
    const z = debtorZones(addressZone, zones, info!.defaultZone);
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
  };
}
