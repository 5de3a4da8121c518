import { CoreError } from '../errors.js';
import type { HandlerContext, Principal } from '../context.js';
import type { Agent } from '../protocol/model.js';
import { setActivity, settleActivity } from '../state/agent-machines.js';
import { requireDialable } from './compliance.js';
import { dialLead } from './dial-lead.js';
import { nextLead } from './leads.js';
import { refreshCampaignStats } from './stats.js';

function myCampaign(ctx: HandlerContext, agent: Agent) {
  const id = agent.session?.campaign;
  if (!id || agent.session?.mode !== 'outbound') throw new CoreError('NOT_OUTBOUND', 'You are not working a campaign right now.');
  return ctx.config.campaigns.find((c) => c.id === id)!;
}

function myPreviewLead(ctx: HandlerContext, agent: string) {
  for (const lead of ctx.state.all('lead')) if (lead.agent === agent && lead.status !== 'dialing' && lead.status !== 'answered') return lead;
  return undefined;
}

/** Hand the lead being previewed back to the campaign, untouched. */
function release(ctx: HandlerContext, agent: Agent): void {
  handBackPreview(ctx, agent.id, 'skipped');
}

/**
 * Hand the lead an agent is previewing back to the campaign, untouched, its
 * progressive countdown stopped (Skip, or the agent logging out: a lead left
 * with an agent is never offered to another, and its countdown dialled it).
 */
export function handBackPreview(ctx: HandlerContext, agentId: string, reason: string): void {
  const lead = myPreviewLead(ctx, agentId);
  if (lead) {
    ctx.cancel(`progressive:${lead.id}`);
    ctx.tx.put('lead', { ...lead, agent: null, autoDialAt: null }, reason);
  }
}

/** dialer.next (preview only): fetch the next lead to look at before deciding to dial. */
export function next(ctx: HandlerContext, who: Principal) {
  const agent = ctx.state.agent(who.agent)!;
  const campaign = myCampaign(ctx, agent);
  if (campaign.strategy !== 'preview')
    throw new CoreError('NOT_PREVIEW', `${campaign.name} is a ${campaign.strategy} campaign: leads come to you by themselves.`);
  if (agent.status !== 'available') throw new CoreError('AGENT_PAUSED', 'You are paused: unpause to take leads.');
  if (agent.activity !== 'idle' && agent.activity !== 'previewing') throw new CoreError('AGENT_BUSY', 'Finish your current call first.');
  const current = myPreviewLead(ctx, agent.id);
  release(ctx, agent);
  const lead = nextLead(ctx, campaign, agent.id, new Set(current ? [current.id] : []));
  const now = ctx.clock.now();
  if (!lead) {
    if (agent.activity === 'previewing') ctx.tx.put('agent', setActivity(agent, 'idle', now), 'no-leads');
    throw new CoreError('NO_LEADS', `No lead of ${campaign.name} can be called right now.`);
  }
  // A new lead to preview: the preview goes on from when it began.
  ctx.tx.put('agent', agent.activity === 'previewing' ? agent : setActivity(agent, 'previewing', now), 'previewing');
  return { lead: ctx.tx.put('lead', { ...lead, agent: agent.id }, 'previewing') };
}

/** dialer.skip (preview only): put the lead back and look at none. */
export function skip(ctx: HandlerContext, who: Principal) {
  const agent = ctx.state.agent(who.agent)!;
  const campaign = myCampaign(ctx, agent);
  if (campaign.strategy === 'progressive') throw new CoreError('NOT_PREVIEW', 'Progressive campaigns dial every lead: there is no skipping.');
  if (!myPreviewLead(ctx, agent.id)) throw new CoreError('NO_LEAD', 'You are not previewing a lead.');
  release(ctx, agent);
  // Idle again; settled rather than moved: a preview lead may be left with an agent who is idle already (across a restart).
  ctx.tx.put('agent', settleActivity(agent, 'idle', ctx.clock.now()), 'skipped');
  return { skipped: true };
}

/**
 * dialer.dial: dial the lead being previewed, or a callback lead by id. The
 * pre-dial check runs first; a refusal says why, with the lead's local time.
 */
export function dial(ctx: HandlerContext, who: Principal, leadId: string | undefined) {
  const agent = ctx.state.agent(who.agent)!;
  const lead = leadId ? ctx.state.get('lead', leadId) : myPreviewLead(ctx, who.agent);
  if (!lead) throw new CoreError(leadId ? 'LEAD_NOT_FOUND' : 'NO_LEAD', leadId ? `There is no lead ${leadId}.` : 'You are not previewing a lead: fetch one with Next.');
  if (lead.agent && lead.agent !== who.agent) throw new CoreError('LEAD_TAKEN', 'Another agent is working this lead.');
  if (lead.callback?.agent && lead.callback.agent !== who.agent) throw new CoreError('LEAD_TAKEN', 'This is another agent\'s personal callback.');
  if (agent.session?.campaign !== lead.campaign || agent.session.mode !== 'outbound')
    throw new CoreError('NOT_YOUR_CAMPAIGN', 'This lead belongs to a campaign you are not working now.');
  if (agent.activity !== 'idle' && agent.activity !== 'previewing') throw new CoreError('AGENT_BUSY', 'Finish your current call first.');
  if (lead.status === 'dialing' || lead.status === 'answered') throw new CoreError('LEAD_TAKEN', 'This lead is being called already.');
  const campaign = ctx.config.campaigns.find((c) => c.id === lead.campaign)!;
  requireDialable(ctx.state, campaign, lead, ctx.clock.now());
  ctx.cancel(`progressive:${lead.id}`);
  if (agent.activity === 'previewing' && lead.agent !== who.agent) release(ctx, agent);
  const call = dialLead(ctx, campaign, lead, ctx.state.agent(who.agent)!);
  refreshCampaignStats(ctx, campaign.id);
  return { call };
}
