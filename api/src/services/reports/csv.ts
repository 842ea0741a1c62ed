// Each report as CSV, Spanish headers by default (English with lang=en): the same rows the JSON answer has,
// one line each, rates as fractions with 4 decimals, amounts with 2, times in seconds. Labels come from
// people (campaign names) and are written as spreadsheet-safe text.
import type { AbandonReport, AgentsReport, ContactHoursReport, ContactsReport, PromisesReport, ReportGroup, ReportGroupBy, ReportName } from '@cobranza/contracts/api';
import { DateTime } from 'luxon';
import { spreadsheetCell } from '../../import/rejects-csv.js';

type Lang = 'es' | 'en';
type Cell = string | number | null;
interface Column<R> {
  es: string;
  en: string;
  value: (r: R) => Cell;
}

const GROUP_HEADER: Record<ReportGroupBy | 'all', { es: string; en: string }> = {
  campaign: { es: 'Campaña', en: 'Campaign' },
  portfolio: { es: 'Cartera', en: 'Portfolio' },
  segment: { es: 'Segmento', en: 'Segment' },
  agent: { es: 'Agente', en: 'Agent' },
  all: { es: 'Grupo', en: 'Group' },
};
const NO_GROUP: Record<ReportGroupBy | 'all', { es: string; en: string }> = {
  campaign: { es: 'Sin campaña', en: 'No campaign' },
  portfolio: { es: 'Sin cartera', en: 'No portfolio' },
  segment: { es: 'Sin segmento', en: 'No segment' },
  agent: { es: 'Sin agente', en: 'No agent' },
  all: { es: 'Todo', en: 'All' },
};

const rate = (v: number | null): Cell => (v === null ? null : v.toFixed(4));
const amount = (v: number): Cell => v.toFixed(2);
/** An instant as the report's readers' clock shows it. */
const local = (iso: string, zone: string): Cell => DateTime.fromISO(iso).setZone(zone).toFormat('yyyy-MM-dd HH:mm');

function groupColumn<R extends ReportGroup>(groupBy: ReportGroupBy | null, lang: Lang): Column<R> {
  const g = groupBy ?? 'all';
  return { ...GROUP_HEADER[g], value: (r) => r.label ?? NO_GROUP[g][lang] };
}

function cell(v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  return spreadsheetCell(v);
}

function render<R>(columns: Column<R>[], rows: R[], lang: Lang): string {
  // a BOM so spreadsheet programs open the accents right; CRLF as RFC 4180 writes lines
  const lines = [columns.map((c) => cell(c[lang])).join(','), ...rows.map((r) => columns.map((c) => cell(c.value(r))).join(','))];
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

export function contactsCsv(r: ContactsReport, lang: Lang): string {
  return render<ContactsReport['rows'][number]>(
    [
      groupColumn(r.groupBy, lang),
      { es: 'Intentos', en: 'Attempts', value: (x) => x.attempts },
      { es: 'Contactos', en: 'Contacts', value: (x) => x.contacts },
      { es: 'Contactos con el titular', en: 'Right-party contacts', value: (x) => x.rightPartyContacts },
      { es: 'Tasa de contacto', en: 'Contact rate', value: (x) => rate(x.contactRate) },
      { es: 'Tasa de contacto con el titular', en: 'Right-party rate', value: (x) => rate(x.rightPartyRate) },
    ],
    r.rows,
    lang,
  );
}

export function promisesCsv(r: PromisesReport, lang: Lang): string {
  return render<PromisesReport['rows'][number]>(
    [
      groupColumn(r.groupBy, lang),
      { es: 'Moneda', en: 'Currency', value: (x) => x.currency },
      { es: 'Promesas', en: 'Promises', value: (x) => x.promises },
      { es: 'Monto prometido', en: 'Amount promised', value: (x) => amount(x.amount) },
      { es: 'Cumplidas', en: 'Kept', value: (x) => x.kept },
      { es: 'Incumplidas', en: 'Broken', value: (x) => x.broken },
      { es: 'Pendientes', en: 'Pending', value: (x) => x.pending },
      { es: 'Canceladas', en: 'Cancelled', value: (x) => x.cancelled },
      { es: 'Tasa de cumplimiento', en: 'Kept rate', value: (x) => rate(x.keptRate) },
      { es: 'Monto cumplido', en: 'Amount kept', value: (x) => amount(x.keptAmount) },
      { es: 'Pagos recibidos', en: 'Payments received', value: (x) => x.payments },
      { es: 'Monto pagado', en: 'Amount paid', value: (x) => amount(x.paymentsAmount) },
    ],
    r.rows,
    lang,
  );
}

export function agentsCsv(r: AgentsReport, lang: Lang): string {
  return render<AgentsReport['rows'][number]>(
    [
      groupColumn('agent', lang),
      { es: 'Llamadas', en: 'Calls', value: (x) => x.calls },
      { es: 'Contactos con el titular', en: 'Right-party contacts', value: (x) => x.rightPartyContacts },
      { es: 'Promesas', en: 'Promises', value: (x) => x.promises },
      { es: 'Monto prometido', en: 'Amount promised', value: (x) => x.promisedAmounts.map((a) => `${a.currency} ${a.amount.toFixed(2)}`).join('; ') },
      { es: 'Conversación (s)', en: 'Talk (s)', value: (x) => x.talkSeconds },
      { es: 'Cierre (s)', en: 'Wrap-up (s)', value: (x) => x.wrapSeconds },
      { es: 'Espera (s)', en: 'Idle (s)', value: (x) => x.idleSeconds },
      { es: 'Pausa (s)', en: 'Pause (s)', value: (x) => x.pauseSeconds },
    ],
    r.rows,
    lang,
  );
}

export function abandonCsv(r: AbandonReport, lang: Lang): string {
  return render<AbandonReport['rows'][number]>(
    [
      groupColumn(r.groupBy, lang),
      { es: 'País', en: 'Country', value: (x) => x.country },
      { es: 'Perfil', en: 'Profile', value: (x) => x.profileId },
      { es: 'Ventana (horas)', en: 'Window (hours)', value: (x) => x.windowHours },
      { es: `Desde (${r.timeZone})`, en: `From (${r.timeZone})`, value: (x) => local(x.windowStart, r.timeZone) },
      { es: `Hasta (${r.timeZone})`, en: `To (${r.timeZone})`, value: (x) => local(x.windowEnd, r.timeZone) },
      { es: 'Contestadas por persona', en: 'Live answers', value: (x) => x.liveAnswers },
      { es: 'Abandonadas', en: 'Abandoned', value: (x) => x.abandoned },
      { es: 'Tasa de abandono', en: 'Abandon rate', value: (x) => rate(x.rate) },
      { es: 'Tope', en: 'Cap', value: (x) => rate(x.maxRate) },
      { es: 'Sobre el tope', en: 'Over the cap', value: (x) => (x.overCap ? (lang === 'es' ? 'sí' : 'yes') : 'no') },
    ],
    r.rows,
    lang,
  );
}

export function contactHoursCsv(r: ContactHoursReport, lang: Lang): string {
  const hours: Column<ContactHoursReport['rows'][number]>[] = Array.from({ length: 24 }, (_, h) => ({
    es: `${String(h).padStart(2, '0')}h`,
    en: `${String(h).padStart(2, '0')}h`,
    value: (x) => x.contacts[h] ?? 0,
  }));
  return render([groupColumn('segment', lang), ...hours], r.rows, lang);
}

/** The download's name, e.g. reporte-contactos-2026-12-01-a-2026-12-07.csv */
export function csvFilename(name: ReportName, from: string, to: string, lang: Lang): string {
  const es: Record<ReportName, string> = { contacts: 'contactos', promises: 'promesas', agents: 'agentes', abandon: 'abandono', 'contact-hours': 'contactos-por-hora' };
  return lang === 'es' ? `reporte-${es[name]}-${from}-a-${to}.csv` : `report-${name}-${from}-to-${to}.csv`;
}
