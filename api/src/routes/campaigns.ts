import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import {
  Campaign,
  AgentChoices,
  CampaignAgents,
  CampaignCommandBody,
  CampaignCreate,
  CampaignOverview,
  DialingStatus,
  HopperSummary,
  CampaignUpdate,
  DEFAULT_PACING,
  ErrorResponse,
  IdParams,
  Ok,
  PacingSettingsPatch,
} from '@cobranza/contracts/api';
import { audit } from '../audit.js';
import { ADMINS, ANY_ROLE, currentUser, SUPERVISORS } from '../auth/guard.js';
import type { AppDeps } from '../deps.js';
import { conflict, notFound } from '../errors.js';
import { agentChoices, campaignAgents, campaignsOfAgent, setCampaignAgents } from '../services/campaign-agents.js';
import { CampaignService, campaignDto, pacingOf } from '../services/campaigns.js';
import { CampaignStatusService } from '../services/campaign-status.js';

export const campaignRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db } = deps;
  const service = new CampaignService(db, deps.bus, deps.config.dailyTimeZone);
  const status = new CampaignStatusService(db, deps.liveState);
  const tags = ['campaign'];
  const errors = { 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

  app.get(
    '/campaigns/overview',
    {
      config: { roles: SUPERVISORS },
      schema: { tags, summary: 'Every campaign with its hopper and the line saying why it is (not) dialing', response: { 200: CampaignOverview } },
    },
    async () => ({ items: await status.overview() }),
  );

  app.get(
    '/campaigns/:id/hopper',
    {
      config: { roles: SUPERVISORS },
      schema: { tags, summary: 'Leads due now, due later, held by compliance (per rule), in progress, done and exhausted', params: IdParams, response: { 200: HopperSummary, 404: ErrorResponse } },
    },
    async (req) => (await status.overview(req.params.id))[0]!.hopper,
  );

  app.get(
    '/campaigns/:id/dialing-status',
    {
      config: { roles: SUPERVISORS },
      schema: { tags, summary: 'Why the campaign is or is not dialing: a reason code and one line in Spanish and English', params: IdParams, response: { 200: DialingStatus, 404: ErrorResponse } },
    },
    async (req) => (await status.overview(req.params.id))[0]!.dialing,
  );

  // agents read campaigns too: they pick one at login, among those they are assigned to
  app.get('/campaigns', { config: { roles: ANY_ROLE }, schema: { tags, response: { 200: Type.Object({ items: Type.Array(Campaign) }) } } }, async (req) => {
    const user = currentUser(req);
    const mine = user.role === 'agent' ? await campaignsOfAgent(db, user.id) : undefined;
    if (mine && !mine.length) return { items: [] };
    const rows = await db
      .selectFrom('campaigns')
      .selectAll()
      .$if(mine !== undefined, (q) => q.where('id', 'in', mine!))
      .orderBy('created_at', 'desc')
      .execute();
    return { items: rows.map(campaignDto) };
  });

  app.get('/campaigns/:id', { config: { roles: ANY_ROLE }, schema: { tags, params: IdParams, response: { 200: Campaign, 404: ErrorResponse } } }, async (req) => {
    const user = currentUser(req);
    if (user.role === 'agent' && !(await campaignsOfAgent(db, user.id)).includes(req.params.id)) throw notFound('campaign');
    return campaignDto(await service.get(req.params.id));
  });

  app.get(
    '/campaigns/:id/agents',
    { config: { roles: SUPERVISORS }, schema: { tags, summary: 'The agents assigned to the campaign', params: IdParams, response: { 200: CampaignAgents, 404: ErrorResponse } } },
    async (req) => ({ userIds: await campaignAgents(db, req.params.id) }),
  );

  app.get(
    '/campaigns/:id/agents/choices',
    { config: { roles: SUPERVISORS }, schema: { tags, summary: 'Every active agent, marked when assigned to the campaign', params: IdParams, response: { 200: AgentChoices, 404: ErrorResponse } } },
    async (req) => ({ items: await agentChoices(db, req.params.id) }),
  );

  app.put(
    '/campaigns/:id/agents',
    {
      config: { roles: SUPERVISORS },
      schema: {
        tags,
        summary: "Assign the campaign's agents (replaces the list): an agent sees only the debtors of their campaigns' portfolios",
        params: IdParams,
        body: CampaignAgents,
        response: { 200: CampaignAgents, ...errors },
      },
    },
    async (req) => ({ userIds: await setCampaignAgents(db, currentUser(req), req.params.id, req.body.userIds) }),
  );

  app.post('/campaigns', { config: { roles: SUPERVISORS }, schema: { tags, body: CampaignCreate, response: { 201: Campaign, ...errors } } }, async (req, reply) => {
    const by = currentUser(req);
    const b = req.body;
    const { mode, ...settings } = { ...DEFAULT_PACING, ...(b.settings ?? {}) };
    const row = await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('campaigns')
        .values({
          name: b.name,
          portfolio_id: b.portfolioId ?? null,
          strategy_id: b.strategyId ?? null,
          segment_ids: b.segmentIds ?? [],
          dial_mode: mode,
          settings: JSON.stringify(settings),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit(trx, { userId: by.id, action: 'campaign.create', entity: 'campaign', entityId: row.id, details: { by: by.email, name: row.name, settings: pacingOf(row) } });
      return row;
    });
    return reply.code(201).send(campaignDto(row));
  });

  app.patch(
    '/campaigns/:id',
    { config: { roles: SUPERVISORS }, schema: { tags, params: IdParams, body: CampaignUpdate, response: { 200: Campaign, ...errors } } },
    async (req) => {
      const by = currentUser(req);
      const b = req.body;
      const row = await db.transaction().execute(async (trx) => {
        const current = await trx.selectFrom('campaigns').selectAll().where('id', '=', req.params.id).forUpdate().executeTakeFirst();
        if (!current) throw notFound('campaign');
        const settings = b.callerId !== undefined ? { ...(current.settings as Record<string, unknown>), callerId: b.callerId } : undefined;
        const row = await trx
          .updateTable('campaigns')
          .set({
            ...(b.name !== undefined ? { name: b.name } : {}),
            ...(b.portfolioId !== undefined ? { portfolio_id: b.portfolioId } : {}),
            ...(b.strategyId !== undefined ? { strategy_id: b.strategyId } : {}),
            ...(b.segmentIds !== undefined ? { segment_ids: b.segmentIds } : {}),
            ...(settings ? { settings: JSON.stringify(settings) } : {}),
            updated_at: new Date(),
          })
          .where('id', '=', req.params.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit(trx, { userId: by.id, action: 'campaign.update', entity: 'campaign', entityId: row.id, details: { by: by.email, fields: Object.keys(b) } });
        return row;
      });
      return campaignDto(row);
    },
  );

  app.patch(
    '/campaigns/:id/settings',
    {
      config: { roles: SUPERVISORS },
      schema: {
        tags,
        summary: 'Change pacing at runtime (takes effect in the dialer within a second; audited)',
        params: IdParams,
        body: PacingSettingsPatch,
        response: { 200: Campaign, ...errors },
      },
    },
    async (req) => service.changeSettings(currentUser(req), req.params.id, req.body),
  );

  app.post(
    '/campaigns/:id/commands',
    {
      config: { roles: SUPERVISORS },
      schema: { tags, summary: 'Start, pause or stop a campaign', params: IdParams, body: CampaignCommandBody, response: { 200: Campaign, ...errors } },
    },
    async (req) => service.command(currentUser(req), req.params.id, req.body.command),
  );

  app.post(
    '/campaigns/:id/leads',
    {
      config: { roles: SUPERVISORS },
      schema: {
        tags,
        summary: "Queue the campaign's debtors for the dialer (portfolio and segments; already queued ones are kept)",
        params: IdParams,
        response: { 200: Type.Object({ added: Type.Integer(), total: Type.Integer() }), ...errors },
      },
    },
    async (req) => {
      await service.get(req.params.id);
      return service.loadLeads(currentUser(req), req.params.id);
    },
  );

  app.delete('/campaigns/:id', { config: { roles: ADMINS }, schema: { tags, params: IdParams, response: { 200: Ok, ...errors } } }, async (req) => {
    const by = currentUser(req);
    await db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('campaigns').select(['id', 'status', 'name']).where('id', '=', req.params.id).forUpdate().executeTakeFirst();
      if (!current) throw notFound('campaign');
      if (current.status === 'running' || current.status === 'paused') throw conflict(`stop the campaign before deleting it (it is ${current.status})`);
      const attempts = await trx.selectFrom('call_attempts').select('id').where('campaign_id', '=', current.id).limit(1).executeTakeFirst();
      if (attempts) throw conflict('the campaign has call history; stop it instead of deleting it');
      await trx.deleteFrom('campaigns').where('id', '=', current.id).execute();
      await audit(trx, { userId: by.id, action: 'campaign.delete', entity: 'campaign', entityId: current.id, details: { by: by.email, name: current.name } });
    });
    return { ok: true };
  });
};
