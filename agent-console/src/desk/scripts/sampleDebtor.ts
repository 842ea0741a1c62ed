// The debtor the script editor previews on: a made-up person of the script's country, with the account
// fields the script's variables read. The preview renders it through the agent's own ScriptView.
import type { ScriptBody } from '@cobranza/contracts/api/catalog';
import type { DebtorRecord } from '../../api/types.js';

interface Sample {
  firstName: string;
  lastName: string;
  country: string;
  countryName: { es: string; en: string };
  timeZone: string;
  currency: string;
  balance: number;
  minimumPayment: number;
  creditor: string;
}

const CO: Sample = {
  firstName: 'María',
  lastName: 'Gómez',
  country: 'CO',
  countryName: { es: 'Colombia', en: 'Colombia' },
  timeZone: 'America/Bogota',
  currency: 'COP',
  balance: 1234567.8,
  minimumPayment: 150000,
  creditor: 'Banco Andino S.A.',
};
const SAMPLES: Record<string, Sample> = {
  CO,
  MX: { ...CO, firstName: 'José', lastName: 'Hernández', country: 'MX', countryName: { es: 'México', en: 'Mexico' }, timeZone: 'America/Mexico_City', currency: 'MXN', balance: 18450.5, minimumPayment: 2200, creditor: 'Financiera del Valle' },
  PE: { ...CO, firstName: 'Rosa', lastName: 'Quispe', country: 'PE', countryName: { es: 'Perú', en: 'Peru' }, timeZone: 'America/Lima', currency: 'PEN', balance: 4320.75, minimumPayment: 480, creditor: 'Caja Andina' },
  US: { ...CO, firstName: 'John', lastName: 'Smith', country: 'US', countryName: { es: 'Estados Unidos', en: 'United States' }, timeZone: 'America/New_York', currency: 'USD', balance: 2345.67, minimumPayment: 95, creditor: 'First Lakes Bank' },
};

/** The sample for a script's locale ("es-MX", "en-US", "en" → US, "es" → Colombia). */
export function sampleFor(locale: string): Sample {
  const [lang, region] = locale.split('-');
  return SAMPLES[region ?? ''] ?? (lang === 'en' ? SAMPLES.US! : CO);
}

/** Days before `today` (YYYY-MM-DD), as YYYY-MM-DD: the sample is always 47 days past due. */
function daysBefore(today: string, days: number): string {
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

export const SAMPLE_DAYS_PAST_DUE = 47;

export function sampleDebtor(body: ScriptBody, meta: { code: string; name: string; locale: string; version: number }, today: string): DebtorRecord {
  const s = sampleFor(meta.locale);
  const accountId = '00000000-0000-4000-8000-0000000000a1';
  const segment = { id: '00000000-0000-4000-8000-0000000000a2', code: 'MUESTRA', name: 'Muestra' };
  return {
    id: '00000000-0000-4000-8000-0000000000a0',
    firstName: s.firstName,
    lastName: s.lastName,
    documentType: 'CC',
    documentNumber: '*******123',
    country: s.country,
    region: null,
    locale: meta.locale.split('-')[0] ?? 'es',
    timeZone: s.timeZone,
    email: null,
    riskScore: null,
    accounts: [
      {
        id: accountId,
        portfolioId: '00000000-0000-4000-8000-0000000000a3',
        creditorName: s.creditor,
        externalId: 'MUESTRA-1',
        product: 'tarjeta_credito',
        currency: s.currency,
        principal: s.balance,
        balance: s.balance,
        minimumPayment: s.minimumPayment,
        openedOn: null,
        oldestDueDate: daysBefore(today, SAMPLE_DAYS_PAST_DUE),
        nextDueDate: null,
        daysPastDue: SAMPLE_DAYS_PAST_DUE,
        status: 'active',
        segment,
        documents: [],
      },
    ],
    phones: [],
    primaryAccountId: accountId,
    segment,
    strategy: null,
    script: { id: '00000000-0000-4000-8000-0000000000a4', code: meta.code || '—', name: meta.name || '—', locale: meta.locale, version: meta.version, body },
    optOuts: [],
    legalHolds: [],
  };
}
