// Reports 1 and 5: attempts, contacts and right-party contacts per group, and contacts by the hour of the
// debtor's own day per segment, from report_calls_hourly.
import type { ContactHoursReport, ContactsReport } from '@cobranza/contracts/api';
import type { Db } from '@cobranza/db';
import { sql } from 'kysely';
import { type ReportScope, rangeOf } from './range.js';
import { byLabel, callsTable, filterSql, group, groupKey, groupLabels, int, ratio } from './sql.js';

function figures(attempts: number, contacts: number, rightPartyContacts: number) {
  return { attempts, contacts, rightPartyContacts, contactRate: ratio(contacts, attempts), rightPartyRate: ratio(rightPartyContacts, contacts) };
}

export async function contactsReport(db: Db, s: ReportScope): Promise<ContactsReport> {
  const calls = callsTable(s.groupBy, s.filters);
  const { rows } = await sql<{ key: string | null; attempts: string; contacts: string; right_party: string }>`
    select ${groupKey('r', s.groupBy)} as key, sum(r.attempts) as attempts, sum(r.contacts) as contacts, sum(r.right_party) as right_party
    from ${calls.table} r
    where r.bucket >= ${s.start} and r.bucket < ${s.end} ${filterSql('r', s.filters, calls.filters)}
    group by 1`.execute(db);
  const labels = await groupLabels(db, s.groupBy, rows.map((r) => r.key));
  const out = rows
    .map((r) => ({ ...group(r.key, labels), ...figures(int(r.attempts), int(r.contacts), int(r.right_party)) }))
    .filter((r) => r.attempts > 0 || r.contacts > 0 || r.rightPartyContacts > 0)
    .sort(byLabel);
  const t = out.reduce((a, r) => ({ attempts: a.attempts + r.attempts, contacts: a.contacts + r.contacts, rpc: a.rpc + r.rightPartyContacts }), { attempts: 0, contacts: 0, rpc: 0 });
  return { ...rangeOf(s), rows: out, totals: figures(t.attempts, t.contacts, t.rpc) };
}

export async function contactHoursReport(db: Db, s: ReportScope): Promise<ContactHoursReport> {
  const calls = callsTable('segment', s.filters);
  const { rows } = await sql<{ key: string | null; hour: number; attempts: string; contacts: string }>`
    select r.segment_id as key, r.local_hour as hour, sum(r.attempts) as attempts, sum(r.contacts) as contacts
    from ${calls.table} r
    where r.bucket >= ${s.start} and r.bucket < ${s.end} ${filterSql('r', s.filters, calls.filters)}
    group by 1, 2`.execute(db);
  const labels = await groupLabels(db, 'segment', rows.map((r) => r.key));
  const bySegment = new Map<string | null, { contacts: number[]; attempts: number[] }>();
  for (const r of rows) {
    let m = bySegment.get(r.key);
    if (!m) bySegment.set(r.key, (m = { contacts: new Array<number>(24).fill(0), attempts: new Array<number>(24).fill(0) }));
    m.contacts[Number(r.hour)]! += int(r.contacts);
    m.attempts[Number(r.hour)]! += int(r.attempts);
  }
  const out = [...bySegment].map(([key, m]) => ({ ...group(key, labels), ...m })).sort(byLabel);
  return { ...rangeOf(s), groupBy: 'segment', rows: out };
}
