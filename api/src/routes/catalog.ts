import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sql, type Selectable } from 'kysely';
import type { AmdMode, Channel, DialMode } from '@cobranza/contracts';
import {
  Creditor,
  CreditorCreate,
  CreditorUpdate,
  IdParams,
  Portfolio,
  PortfolioCreate,
  PortfolioUpdate,
  Script,
  ScriptCreate,
  ScriptUpdate,
  Segment,
  SegmentCreate,
  SegmentUpdate,
  Strategy,
  StrategyCreate,
  StrategyUpdate,
  type NegotiationRules,
  type ScriptBody,
  type SegmentRules,
} from '@cobranza/contracts/api';
import type { Creditors, Portfolios, Scripts, Segments, Strategies } from '@cobranza/db';
import { ADMINS, SUPERVISORS } from '../auth/guard.js';
import type { AppDeps } from '../deps.js';
import { badInput } from '../errors.js';
import { sharedFilesFromEnv } from '@cobranza/db/files/shared-files';
import { defaultPromptLocation, PromptLibrary } from '@cobranza/ivr/prompts/library';
import { checkStrategyFlows, prerenderFlows } from '../services/ivr-flows.js';
import { checkRetryRules } from '../services/retry-rules.js';
import { checkScriptBody } from '../services/script-body.js';
import { checkSmsTemplates } from '../services/sms-preview.js';
import { pick, registerCrud } from './crud.js';

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export const creditorDto = (r: Selectable<Creditors>): Creditor => ({
  id: r.id,
  code: r.code,
  name: r.name,
  businessName: r.business_name,
  callbackNumber: r.callback_number,
  country: r.country,
  createdAt: r.created_at.toISOString(),
});

export const portfolioDto = (r: Selectable<Portfolios> & { accounts?: number }): Portfolio => ({
  id: r.id,
  creditorId: r.creditor_id,
  name: r.name,
  country: r.country,
  currency: r.currency,
  createdAt: r.created_at.toISOString(),
  ...(r.accounts !== undefined ? { accounts: Number(r.accounts) } : {}),
});

export const segmentDto = (r: Selectable<Segments>): Segment => ({
  id: r.id,
  code: r.code,
  name: r.name,
  priority: r.priority,
  rules: obj(r.rules) as SegmentRules,
  strategyId: r.strategy_id,
  active: r.active,
  updatedAt: r.updated_at.toISOString(),
});

export const strategyDto = (r: Selectable<Strategies>): Strategy => ({
  id: r.id,
  code: r.code,
  name: r.name,
  channels: r.channels as Channel[],
  dialMode: r.dial_mode as DialMode,
  scriptId: r.script_id,
  amdMode: r.amd_mode as AmdMode,
  ivrFlow: r.ivr_flow ?? null,
  negotiation: obj(r.negotiation) as NegotiationRules,
  retryRules: obj(r.retry_rules),
  smsTemplates: obj(r.sms_templates),
  updatedAt: r.updated_at.toISOString(),
});

export const scriptDto = (r: Selectable<Scripts>): Script => ({
  id: r.id,
  code: r.code,
  name: r.name,
  locale: r.locale,
  body: obj(r.body) as ScriptBody,
  version: r.version,
  updatedAt: r.updated_at.toISOString(),
});

function checkRange(rules: SegmentRules | undefined, lo: keyof SegmentRules, hi: keyof SegmentRules): void {
  const a = rules?.[lo];
  const b = rules?.[hi];
  if (typeof a === 'number' && typeof b === 'number' && a > b) throw badInput(`/rules/${lo}`, `must not be greater than ${hi} (${b})`);
}

export const catalogRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db, ivrPrompts, files }) => {
  const prompts = ivrPrompts ?? new PromptLibrary(defaultPromptLocation(), files ?? sharedFilesFromEnv(db));
  registerCrud<Selectable<Creditors>, CreditorCreate, CreditorUpdate>(app, db, {
    table: 'creditors',
    path: '/creditors',
    tag: 'creditor',
    item: Creditor,
    create: CreditorCreate,
    update: CreditorUpdate,
    read: SUPERVISORS,
    write: ADMINS,
    orderBy: 'name',
    toDto: creditorDto,
    toRow: (b) => pick(b, { code: 'code', name: 'name', businessName: 'business_name', callbackNumber: 'callback_number', country: 'country' }),
  });

  registerCrud<Selectable<Portfolios>, PortfolioCreate, PortfolioUpdate>(app, db, {
    table: 'portfolios',
    path: '/portfolios',
    tag: 'portfolio',
    item: Portfolio,
    create: PortfolioCreate,
    update: PortfolioUpdate,
    read: SUPERVISORS,
    write: ADMINS,
    orderBy: 'name',
    toDto: portfolioDto,
    toRow: (b) => pick(b, { creditorId: 'creditor_id', name: 'name', country: 'country', currency: 'currency' }),
  });

  // account counts per portfolio, the number a supervisor looks for after an import
  app.get(
    '/portfolios/:id/stats',
    {
      config: { roles: SUPERVISORS },
      schema: {
        tags: ['portfolio'],
        summary: 'Accounts, debtors and total balance of a portfolio',
        params: IdParams,
        response: { 200: Type.Object({ portfolioId: Type.String(), accounts: Type.Integer(), debtors: Type.Integer(), balance: Type.Number() }) },
      },
    },
    async (req) => {
      const { id } = req.params;
      const r = await db
        .selectFrom('accounts')
        .select([
          sql<number>`count(*)::int`.as('accounts'),
          sql<number>`count(distinct debtor_id)::int`.as('debtors'),
          sql<string>`coalesce(sum(balance), 0)`.as('balance'),
        ])
        .where('portfolio_id', '=', id)
        .executeTakeFirstOrThrow();
      return { portfolioId: id, accounts: r.accounts, debtors: r.debtors, balance: Number(r.balance) };
    },
  );

  registerCrud<Selectable<Segments>, SegmentCreate, SegmentUpdate>(app, db, {
    table: 'segments',
    path: '/segments',
    tag: 'segment',
    item: Segment,
    create: SegmentCreate,
    update: SegmentUpdate,
    read: SUPERVISORS,
    write: ADMINS,
    orderBy: 'priority',
    toDto: segmentDto,
    toRow: (b) => pick(b, { code: 'code', name: 'name', priority: 'priority', rules: 'rules', strategyId: 'strategy_id', active: 'active' }, ['rules']),
    check: (b) => {
      checkRange(b.rules, 'dpdMin', 'dpdMax');
      checkRange(b.rules, 'balanceMin', 'balanceMax');
      checkRange(b.rules, 'riskMin', 'riskMax');
    },
    touch: { updated_at: sql`now()` },
  });

  registerCrud<Selectable<Strategies>, StrategyCreate, StrategyUpdate>(app, db, {
    table: 'strategies',
    path: '/strategies',
    tag: 'strategy',
    item: Strategy,
    create: StrategyCreate,
    update: StrategyUpdate,
    read: SUPERVISORS,
    write: ADMINS,
    orderBy: 'code',
    toDto: strategyDto,
    toRow: (b) =>
      pick(
        b,
        {
          code: 'code',
          name: 'name',
          channels: 'channels',
          dialMode: 'dial_mode',
          scriptId: 'script_id',
          amdMode: 'amd_mode',
          ivrFlow: 'ivr_flow',
          negotiation: 'negotiation',
          retryRules: 'retry_rules',
          smsTemplates: 'sms_templates',
        },
        ['ivrFlow', 'negotiation', 'retryRules', 'smsTemplates'],
      ),
    // a flow the IVR cannot play is refused here, not discovered on a live call
    check: (b) => {
      if (b.ivrFlow !== undefined && b.ivrFlow !== null) checkStrategyFlows(b.ivrFlow);
      if (b.retryRules !== undefined) checkRetryRules(b.retryRules);
      if (b.smsTemplates !== undefined) checkSmsTemplates(b.smsTemplates);
    },
    // the first call of a new flow must not wait for espeak-ng: its fixed texts are rendered on save
    afterWrite: async (row, log) => {
      if (!row.ivr_flow) return;
      const r = await prerenderFlows(prompts, row.id, checkStrategyFlows(row.ivr_flow));
      if (r.rendered || r.failed.length) log.info({ strategy: row.code, ...r, failed: r.failed.length }, 'ivr prompts rendered on save');
      for (const f of r.failed) log.error({ strategy: row.code, lang: f.lang, error: f.error }, 'ivr prompt could not be rendered; it will be tried at its first call');
    },
    touch: { updated_at: sql`now()` },
  });

  registerCrud<Selectable<Scripts>, ScriptCreate, ScriptUpdate>(app, db, {
    table: 'scripts',
    path: '/scripts',
    tag: 'script',
    item: Script,
    create: ScriptCreate,
    update: ScriptUpdate,
    read: SUPERVISORS,
    write: ADMINS,
    orderBy: 'code',
    toDto: scriptDto,
    toRow: (b) => pick(b, { code: 'code', name: 'name', locale: 'locale', body: 'body' }, ['body']),
    // an unknown {{variable}} is refused here, at its section, not shown as an error on an agent's call
    check: (b) => {
      if (b.body !== undefined) checkScriptBody(b.body);
    },
    // every edit of a script is a new version: the console shows which one an agent read
    touch: { updated_at: sql`now()`, version: sql`version + 1` },
  });
};
