// Historical reports for supervisors and admins: JSON for the console's screens and charts, CSV to download.
// The figures come from roll-ups (api/src/services/reports); the routes only check the query and pick the format.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AbandonReport,
  AgentsReport,
  ContactHoursReport,
  ContactsReport,
  ErrorResponse,
  PromisesReport,
  type ReportName,
  ReportQuery,
} from '@cobranza/contracts/api';
import type { TSchema } from '@sinclair/typebox';
import { SUPERVISORS } from '../auth/guard.js';
import type { AppDeps } from '../deps.js';
import { abandonCsv, agentsCsv, contactHoursCsv, contactsCsv, csvFilename, promisesCsv } from '../services/reports/csv.js';
import { reportScope } from '../services/reports/range.js';
import { abandonReport, agentsReport, contactHoursReport, contactsReport, promisesReport } from '../services/reports/index.js';
import type { ReportScope } from '../services/reports/range.js';

interface Report<R> {
  summary: string;
  schema: TSchema;
  run: (s: ReportScope) => Promise<R>;
  csv: (r: R, lang: 'es' | 'en') => string;
}

/** Checks that a report's query and CSV writer agree on its type, then forgets it (the routes treat all alike). */
const def = <R>(r: Report<R>): Report<unknown> => r as unknown as Report<unknown>;

export const reportRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db, config } = deps;
  const now = deps.now ?? (() => new Date());
  const reports: Record<ReportName, Report<unknown>> = {
    contacts: def({ summary: 'Attempts, contacts, right-party contacts and the contact rate', schema: ContactsReport, run: (s) => contactsReport(db, s), csv: contactsCsv }),
    promises: def({
      summary: 'Promises (count and amount per currency), the kept rate, and payments received against promises',
      schema: PromisesReport,
      run: (s) => promisesReport(db, s, config.promiseGraceDays),
      csv: promisesCsv,
    }),
    agents: def({ summary: 'Per agent: calls, right-party contacts, promises, talk, wrap, idle and pause time', schema: AgentsReport, run: (s) => agentsReport(db, s), csv: agentsCsv }),
    abandon: def({ summary: "The abandon rate over each jurisdiction's own window (30 days for the US, 24 h for the UK)", schema: AbandonReport, run: (s) => abandonReport(db, s), csv: abandonCsv }),
    'contact-hours': def({
      summary: "Contacts by hour of the debtor's local day, per segment (a heatmap)",
      schema: ContactHoursReport,
      run: (s) => contactHoursReport(db, s),
      csv: contactHoursCsv,
    }),
  };

  for (const name of Object.keys(reports) as ReportName[]) {
    const r = reports[name];
    app.get(
      `/reports/${name}`,
      { config: { roles: SUPERVISORS }, schema: { tags: ['reports'], summary: r.summary, querystring: ReportQuery, response: { 200: r.schema, 400: ErrorResponse } } },
      async (req) => r.run(reportScope(req.query, config.dailyTimeZone, now())),
    );
    app.get(
      `/reports/${name}.csv`,
      {
        config: { roles: SUPERVISORS },
        schema: { tags: ['reports'], summary: `${r.summary} (CSV; Spanish headers, lang=en for English)`, querystring: ReportQuery, produces: ['text/csv'] },
      },
      async (req, reply) => {
        const lang = req.query.lang ?? 'es';
        const scope = reportScope(req.query, config.dailyTimeZone, now());
        const body = r.csv(await r.run(scope), lang);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${csvFilename(name, scope.from, scope.to, lang)}"`)
          .send(body);
      },
    );
  }
};
