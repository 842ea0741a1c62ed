// Who works which campaign (campaign_agents): set by supervisors, read to scope what an agent sees.
import type { Db } from '@cobranza/db';
import { audit } from '../audit.js';
import type { AuthUser } from '../auth/guard.js';
import { badInput, notFound } from '../errors.js';

export async function campaignAgents(db: Db, campaignId: string): Promise<string[]> {
  const c = await db.selectFrom('campaigns').select('id').where('id', '=', campaignId).executeTakeFirst();
  if (!c) throw notFound('campaign');
  const rows = await db.selectFrom('campaign_agents').select('user_id').where('campaign_id', '=', campaignId).orderBy('user_id').execute();
  return rows.map((r) => r.user_id);
}

/** Replaces the campaign's agents (every id must be an active agent), audited. */
export async function setCampaignAgents(db: Db, by: AuthUser, campaignId: string, userIds: string[]): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const c = await trx.selectFrom('campaigns').select('id').where('id', '=', campaignId).forUpdate().executeTakeFirst();
    if (!c) throw notFound('campaign');
    const agents = userIds.length ? await trx.selectFrom('users').select('id').where('id', 'in', userIds).where('role', '=', 'agent').where('active', '=', true).execute() : [];
    const found = new Set(agents.map((a) => a.id));
    const bad = userIds.findIndex((id) => !found.has(id));
    if (bad >= 0) throw badInput(`/userIds/${bad}`, 'is not an active agent');
    await trx.deleteFrom('campaign_agents').where('campaign_id', '=', campaignId).execute();
    if (userIds.length) await trx.insertInto('campaign_agents').values(userIds.map((user_id) => ({ campaign_id: campaignId, user_id }))).execute();
    await audit(trx, { userId: by.id, action: 'campaign.agents', entity: 'campaign', entityId: campaignId, details: { userIds } });
    return [...userIds].sort();
  });
}

/** Every active agent, marked when assigned to the campaign, with the other campaigns each one works. */
export async function agentChoices(db: Db, campaignId: string): Promise<{ id: string; name: string; email: string; assigned: boolean; otherCampaigns: string[] }[]> {
  const c = await db.selectFrom('campaigns').select('id').where('id', '=', campaignId).executeTakeFirst();
  if (!c) throw notFound('campaign');
  const agents = await db.selectFrom('users').select(['id', 'name', 'email']).where('role', '=', 'agent').where('active', '=', true).orderBy('name').execute();
  const links = await db
    .selectFrom('campaign_agents as ca')
    .innerJoin('campaigns as c', 'c.id', 'ca.campaign_id')
    .select(['ca.user_id', 'ca.campaign_id', 'c.name'])
    .where('c.status', '!=', 'stopped')
    .execute();
  const assigned = new Set(links.filter((l) => l.campaign_id === campaignId).map((l) => l.user_id));
  return agents.map((a) => ({
    ...a,
    assigned: assigned.has(a.id),
    otherCampaigns: links.filter((l) => l.user_id === a.id && l.campaign_id !== campaignId).map((l) => l.name).sort(),
  }));
}

/** The campaigns an agent is assigned to. */
export async function campaignsOfAgent(db: Db, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('campaign_agents').select('campaign_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.campaign_id);
}
