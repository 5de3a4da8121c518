import type { CampaignConfig } from '../config/schema.js';
import type { HandlerContext } from '../context.js';
import type { Agent, Lead } from '../protocol/model.js';
import { setActivity } from '../state/agent-machines.js';
import { preDialCheck } from './compliance.js';
import { dialLead } from './dial-lead.js';
import { nextLead } from './leads.js';
import { campaignStatsOf, refreshCampaignStats, rollingRate } from './stats.js';

/** Dialler calls in flight, all campaigns: the channel limit counts these. */
export function dialerCallsInFlight(ctx: HandlerContext): number {
  let n = 0;
  for (const call of ctx.state.all('call')) if (call.lead && call.state !== 'ended') n++;
  return n;
}

function idleAgentsOn(ctx: HandlerContext, campaign: string): Agent[] {
  const out: Agent[] = [];
  for (const agent of ctx.state.all('agent')) {
    const s = agent.session;
    if (s && s.campaign === campaign && !s.campaignWarning && s.mode === 'outbound' && agent.status === 'available' && agent.activity === 'idle') out.push(agent);
  }
  return out;
}

/**
 * Keep a power campaign under its abandonment limit: the effective power
 * number falls towards 1 (no more calls than free agents, so hardly any drop)
 * as the rolling rate nears the limit, and climbs back slowly while it is well
 * below.
 */
export function adjustPower(campaign: CampaignConfig, current: number, rate: number): number {
  const limit = campaign.abandonLimitPercent / 100;
  if (rate >= limit * 0.8) return 1;
  if (rate >= limit * 0.5) return Math.max(1, current - 0.25);
  return Math.min(campaign.powerNumber, current + 0.05);
}

/**
 * One pacing tick. Power campaigns dial (idle agents x effective power) minus
 * calls in flight; voice messaging fills its channels; all within the dialler
 * channel limit. Progressive agents who are free get their next lead.
 */
export function pace(ctx: HandlerContext): void {
  const now = ctx.clock.now();
  let channels = ctx.config.dialer.channelLimit - dialerCallsInFlight(ctx);
  for (const campaign of ctx.config.campaigns) {
    if (campaign.strategy !== 'power' && campaign.strategy !== 'voice-messaging') continue;
    const stats = campaignStatsOf(ctx, campaign.id);
    const { rate } = rollingRate(stats.daily, ctx.config.center.timeZone, now);
    const effectivePower = campaign.strategy === 'power' ? adjustPower(campaign, stats.effectivePower, rate) : stats.effectivePower;
    let inFlight = 0;
    for (const call of ctx.state.all('call')) if (call.campaign === campaign.id && call.lead && call.state !== 'ended') inFlight++;
    const wanted =
      campaign.strategy === 'power'
        ? Math.floor(idleAgentsOn(ctx, campaign.id).length * effectivePower) - inFlight
        : campaign.channels - inFlight;
    let dialled = 0;
    let limitReached = false;
    const tried = new Set<string>();
    while (dialled < wanted) {
      if (channels <= 0) {
        limitReached = true;
        break;
      }
      const lead = nextLead(ctx, campaign, null, tried);
      if (!lead) break;
      tried.add(lead.id);
      dialLead(ctx, campaign, lead, null);
      dialled++;
      channels--;
    }
    refreshCampaignStats(ctx, campaign.id, undefined, { effectivePower, channelLimitReached: limitReached });
  }
  assignProgressive(ctx, null);
}

/**
 * Progressive: a free agent is given the next lead to preview, and the system
 * dials it by itself when the preview timeout runs out.
 */
export function assignProgressive(ctx: HandlerContext, only: ReadonlySet<string> | null): void {
  for (const campaign of ctx.config.campaigns) {
    if (campaign.strategy !== 'progressive') continue;
    for (const agent of idleAgentsOn(ctx, campaign.id)) {
      if (only && !only.has(agent.id)) continue;
      const lead = nextLead(ctx, campaign, agent.id);
      if (!lead) continue;
      const now = ctx.clock.now();
      const autoDialAt = now + campaign.previewTimeoutSeconds * 1000;
      ctx.tx.put('lead', { ...lead, agent: agent.id, autoDialAt }, 'previewing');
      ctx.tx.put('agent', setActivity(agent, 'previewing', now), 'previewing');
      ctx.schedule(`progressive:${lead.id}`, autoDialAt, (later) => autoDial(later, lead.id));
    }
  }
}

function autoDial(ctx: HandlerContext, leadId: string): void {
  const lead = ctx.state.get('lead', leadId);
  if (!lead || !lead.agent || lead.status === 'dialing' || lead.status === 'answered') return;
  const agent = ctx.state.agent(lead.agent);
  const campaign = ctx.config.campaigns.find((c) => c.id === lead.campaign)!;
  if (!agent || agent.activity !== 'previewing') return;
  dialOrRelease(ctx, campaign, lead, agent);
}

/**
 * Dial a previewed lead. If the pre-dial check now refuses it (the calling
 * window closed meanwhile, say), the lead is put off and the agent freed.
 */
export function dialOrRelease(ctx: HandlerContext, campaign: CampaignConfig, lead: Lead, agent: Agent): boolean {
  const now = ctx.clock.now();
  const check = preDialCheck(ctx.state, campaign, lead, now);
  if (!check.ok) {
    const later = check.retryAt ?? now + campaign.retryDelayMinutes * 60_000;
    ctx.tx.put('lead', { ...lead, agent: null, autoDialAt: null, nextDialAt: later }, 'not-dialled');
    ctx.tx.put('agent', setActivity(agent, 'idle', now), 'not-dialled');
    return false;
  }
  dialLead(ctx, campaign, lead, agent);
  refreshCampaignStats(ctx, campaign.id);
  return true;
}
